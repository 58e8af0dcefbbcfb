package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The client's {@code X-Request-Id}, kept only when it is an id: at most 128 characters of {@code [A-Za-z0-9._-]}.
 * Anything else (CR/LF, markup, a kilobyte of text) is replaced by a generated one before the invocation frame echoes
 * it and puts it on the span as {@code http.request_id}, so a client cannot write into logs, traces or our response
 * headers through it.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9._-]{1,128}$");

  private RequestIds() {}

  /** {@code event}, its request id header replaced when present but not valid. */
  public static APIGatewayV2HTTPEvent sanitized(APIGatewayV2HTTPEvent event) {
    String given = HttpRequests.header(event, HEADER);
    if (given == null || isValid(given)) return event;
    Map<String, String> headers = new LinkedHashMap<>();
    event.getHeaders().forEach((name, value) -> {
      if (!name.equalsIgnoreCase(HEADER)) headers.put(name, value);
    });
    headers.put(HEADER.toLowerCase(Locale.ROOT), UUID.randomUUID().toString());
    event.setHeaders(headers);
    return event;
  }

  public static boolean isValid(String requestId) {
    return requestId != null && VALID.matcher(requestId).matches();
  }
}
