package io.docpipe.search;

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
 * Lambda entry point of the search stage. Trigger: HTTP API {@code POST /corpora/{corpus_name}/search} (and
 * {@code ANY} on that path, answered 405), behind the JWT authorizer. Input: {@code {"query", "top_k"}}. Output: the
 * corpus's nearest chunks, best first, with the model name. Bad input gets a 400, 413 or 415 problem, a request
 * without verified claims 401; an unavailable inference server, or its open circuit, or an unreachable vector
 * database, a 503 with {@code Retry-After};
 * a query the server rejects, 502.
 */
public final class SearchHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Invocations invocations;
  private final ApiRoutes routes;

  /** The constructor Lambda calls: the wiring read from the process environment, timed by the system clock. */
  public SearchHandler() {
    this(SearchWiring.from(Env.of(System.getenv()), Clock.systemUTC()));
  }

  SearchHandler(SearchWiring wiring) {
    this.invocations = wiring.invocations();
    SearchApi api = wiring.api();
    this.routes = ApiRoutes.builder().route("POST", "/corpora/{corpus_name}/search", (event, caller, invocation) -> api.handle(event, invocation))
        .build();
  }

  /**
   * The handler as Lambda builds it, from an explicit environment and the clock the circuit breaker's state is timed
   * by (the local stack and its tests; the fault-injection tests move the clock forward).
   */
  public static SearchHandler from(Map<String, String> environment, Clock clock) {
    return new SearchHandler(SearchWiring.from(Env.of(environment), clock));
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return routes.invoke(invocations, event, context);
  }
}
