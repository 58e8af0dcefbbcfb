package io.docpipe.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.docpipe.shared.telemetry.SpanAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Who sent a request: the subject ({@code sub}) of the JWT that API Gateway's authorizer verified, found in the
 * payload 2.0 event at {@code requestContext.authorizer.jwt.claims}. The function never reads the token itself; a
 * request without verified claims has no caller and is refused. {@code type} is the spec's {@code caller.type}:
 * {@code service} for a client-credentials token (the subject is the client), {@code user} for other subjects, and
 * {@code unknown} for the local stack run without a token, which calls every request {@value #LOCAL_ANONYMOUS}.
 *
 * @param id the subject, the key of per-caller quotas and idempotency keys; never logged
 * @param type user, service or unknown
 */
public record Caller(String id, String type) {
  /** The subject the local stack gives every request when it runs open (no LOCAL_API_TOKEN). */
  public static final String LOCAL_ANONYMOUS = "anonymous-local";
  static final int MAX_ID_LENGTH = 256;

  public static Optional<Caller> of(APIGatewayV2HTTPEvent event) {
    Map<String, String> claims = claims(event);
    String sub = claims == null ? null : claims.get("sub");
    if (sub == null || sub.isBlank() || sub.length() > MAX_ID_LENGTH || sub.chars().anyMatch(Character::isISOControl)) {
      return Optional.empty();
    }
    return Optional.of(new Caller(sub, typeOf(sub, claims)));
  }

  static String typeOf(String sub, Map<String, String> claims) {
    if (sub.equals(LOCAL_ANONYMOUS)) return SpanAttributes.CALLER_UNKNOWN;
    String grant = claims.get("gty");
    // Auth0 marks client-credentials tokens with gty; Cognito's have the app client as their subject.
    if ("client-credentials".equals(grant) || "client_credentials".equals(grant) || sub.equals(claims.get("client_id"))) {
      return SpanAttributes.CALLER_SERVICE;
    }
    return SpanAttributes.CALLER_USER;
  }

  private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) return null;
    return context.getAuthorizer().getJwt().getClaims();
  }
}
