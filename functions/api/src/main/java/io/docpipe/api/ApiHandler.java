package io.docpipe.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.Env;
import io.docpipe.shared.lambda.ApiRoutes;
import io.docpipe.shared.lambda.Invocations;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the api stage. Trigger: HTTP API routes {@code POST /jobs} and {@code GET /jobs/{job_id}}
 * (and {@code ANY} on both paths, answered 405), behind the JWT authorizer. Input: the payload 2.0 event with the
 * token's claims. Output: {@code 202} with the new job, {@code 200} with a job or an idempotent replay, or
 * problem+json: 400/413/415 for bad input, 401 without verified claims, 404, 405, 409 for a reused Idempotency-Key,
 * 429 over the caller's SUBMISSIONS_PER_MINUTE, 503 when the scrape message cannot be sent (the job is ended as
 * failed, so nothing waits forever).
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Invocations invocations;
  private final ApiRoutes routes;

  /** The constructor Lambda calls: the wiring read from the process environment, timed by the system clock. */
  public ApiHandler() {
    this(ApiWiring.from(Env.of(System.getenv()), Clock.systemUTC()));
  }

  ApiHandler(ApiWiring wiring) {
    this.invocations = wiring.invocations();
    this.routes = wiring.api().routes();
  }

  /**
   * The handler as Lambda builds it, from an explicit environment and the clock job timestamps, quotas and key
   * expiry are taken from (the local stack, its tests and the benchmarks; tests move the clock forward).
   */
  public static ApiHandler from(Map<String, String> environment, Clock clock) {
    return new ApiHandler(ApiWiring.from(Env.of(environment), clock));
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return routes.invoke(invocations, event, context);
  }
}
