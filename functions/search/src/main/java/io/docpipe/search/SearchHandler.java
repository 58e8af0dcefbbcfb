package io.docpipe.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.MeteredEmbeddingClient;
import io.docpipe.shared.embedding.OpenAiEmbeddingClient;
import io.docpipe.shared.pg.PgVectorStore;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import java.util.Map;

/**
 * Lambda entry point of the search stage. Trigger: HTTP API {@code POST /corpora/{corpus_name}/search}. Input:
 * {@code {"query", "top_k"}}. Output: the corpus's nearest chunks, best first, with the model name. Bad input gets a
 * 400 problem; an unavailable inference server a 503.
 */
public final class SearchHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Invocations invocations;
  private final SearchApi api;

  public SearchHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public SearchHandler(Map<String, String> environment) {
    this(Telemetry.create("search", environment), Env.of(environment));
  }

  private SearchHandler(Telemetry telemetry, Env env) {
    this(telemetry, create(env, telemetry));
  }

  SearchHandler(Telemetry telemetry, SearchApi api) {
    this.invocations = new Invocations(telemetry);
    this.api = api;
  }

  private static SearchApi create(Env env, Telemetry telemetry) {
    EmbeddingConfig embedding = EmbeddingConfig.fromEnv(env);
    var inference = new MeteredEmbeddingClient(new OpenAiEmbeddingClient(embedding), telemetry, SpanAttributes.OPERATION_READ);
    return new SearchApi(inference, new PgVectorStore(VectorDbConfig.fromEnv(env, new AwsClients(env))),
        embedding.queryPrefix(), telemetry);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return invocations.invokeHttp(event, context, api::handle);
  }
}
