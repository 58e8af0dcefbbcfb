package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.opentelemetry.api.trace.SpanContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Events the frame is fed in tests, for this module's and the modules above it (through the test jar). */
public final class FrameEvents {
  static final String ARN = "arn:aws:sqs:eu-west-1:123456789012:docpipe-dev-scrape";

  private FrameEvents() {}

  /** A record of the scrape queue, carrying {@code producer}'s trace context when it is not null. */
  public static SQSEvent.SQSMessage record(String id, SpanContext producer) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    if (producer != null) {
      SQSEvent.MessageAttribute traceparent = new SQSEvent.MessageAttribute();
      traceparent.setDataType("String");
      traceparent.setStringValue("00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-01");
      Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
      attributes.put("traceparent", traceparent);
      record.setMessageAttributes(attributes);
    }
    record.setMessageId(id);
    record.setEventSourceArn(ARN);
    record.setBody("{}");
    return record;
  }

  public static SQSEvent event(SQSEvent.SQSMessage... records) {
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(records));
    return event;
  }

  public static APIGatewayV2HTTPEvent http(String routeKey, String rawPath, Map<String, String> headers) {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRouteKey(routeKey);
    event.setRawPath(rawPath);
    event.setHeaders(headers);
    var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(routeKey.substring(0, routeKey.indexOf(' '))).build();
    event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).build());
    return event;
  }
}
