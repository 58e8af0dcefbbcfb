package io.docpipe.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoBreakerStore;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.BreakerConfig;
import io.docpipe.shared.embedding.InferenceClients;
import io.docpipe.shared.lambda.ApiRoutes;
import io.docpipe.shared.pg.PgVectorStore;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
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

  public SearchHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public SearchHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock the circuit breaker's state is timed by (the fault-injection tests move it forward). */
  public SearchHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("search", environment), Env.of(environment), clock);
  }

  private SearchHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, create(env, telemetry, clock));
  }

  SearchHandler(Telemetry telemetry, SearchApi api) {
    this.invocations = new Invocations(telemetry);
    this.routes = ApiRoutes.builder().route("POST", "/corpora/{corpus_name}/search", (event, caller) -> api.handle(event))
        .build();
  }

  private static SearchApi create(Env env, Telemetry telemetry, Clock clock) {
    EmbeddingConfig embedding = EmbeddingConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    EmbeddingClient inference = InferenceClients.guarded(env, embedding,
        DynamoBreakerStore.withProbes(aws, env.required("JOBS_TABLE"), BreakerConfig.fromEnv(env)), clock, telemetry,
        SpanAttributes.OPERATION_READ);
    return new SearchApi(inference, new PgVectorStore(VectorDbConfig.fromEnv(env, aws)), embedding.queryPrefix(), telemetry);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return routes.invoke(invocations, event, context);
  }
}
