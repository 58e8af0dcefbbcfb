package io.docpipe.search;

import io.docpipe.shared.EmbeddingClient;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.breaker.DynamoBreakerStore;
import io.docpipe.shared.breaker.BreakerConfig;
import io.docpipe.shared.embedding.EmbeddingConfig;
import io.docpipe.shared.embedding.InferenceClients;
import io.docpipe.shared.pg.PgVectorStore;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.SpanAttributes;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;

/**
 * What the search handler runs on, built once per execution environment: the only reader of the function's
 * environment. The probe scheduler's SQS client is built on its first use (docs/decisions/0008-cold-start.md).
 */
record SearchWiring(Invocations invocations, SearchApi api) {

  static SearchWiring from(Env env, Clock clock) {
    Telemetry telemetry = Telemetry.create("search", env);
    EmbeddingConfig embedding = EmbeddingConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    EmbeddingClient inference = InferenceClients.guarded(env, embedding,
        DynamoBreakerStore.withProbes(aws, env.required("JOBS_TABLE"), BreakerConfig.fromEnv(env)), clock, telemetry,
        SpanAttributes.OPERATION_READ);
    SearchApi api = new SearchApi(inference, new PgVectorStore(VectorDbConfig.fromEnv(env, aws)), embedding.queryPrefix(),
        telemetry);
    return new SearchWiring(new Invocations(telemetry), api);
  }
}
