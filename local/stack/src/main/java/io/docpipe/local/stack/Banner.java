package io.docpipe.local.stack;

import io.docpipe.shared.lambda.Caller;

/** What {@code make run} prints once everything is up: where things run and how to use them. */
final class Banner {
  private Banner() {}

  static String text(LocalStack stack, LocalStackOptions options, long startMillis) {
    var env = stack.environment();
    String base = stack.baseUrl();
    StringBuilder b = new StringBuilder();
    b.append("\n docpipe local stack is up (").append(startMillis).append(" ms)\n\n");
    b.append("  HTTP API (api + search functions)  ").append(base).append('\n');
    b.append("  SQS (ElasticMQ)                    ").append(env.get("AWS_ENDPOINT_URL_SQS")).append('\n');
    b.append("      queues ").append(stack.resources().queueUrls().keySet()).append(" each with a DLQ\n");
    b.append("  S3 (S3Proxy)                       ").append(env.get("AWS_ENDPOINT_URL_S3"))
        .append("  bucket ").append(env.get("DOCUMENTS_BUCKET")).append('\n');
    b.append("  DynamoDB Local                     ").append(env.get("AWS_ENDPOINT_URL_DYNAMODB"))
        .append("  table ").append(env.get("JOBS_TABLE")).append('\n');
    b.append("  PostgreSQL + pgvector              ").append(env.get("VECTOR_DB_URL")).append('\n');
    b.append("  embeddings (").append(env.get("EMBEDDING_MODEL")).append(")        ").append(stack.embeddingsUrl()).append("/v1/embeddings\n");
    b.append("  OTLP receiver (collector stand-in)  ").append(stack.telemetry().endpoint())
        .append("  kept in ").append(options.stateDir().resolve("telemetry")).append('\n');
    b.append("  Lambda API (event source mappings) ").append(env.get("AWS_ENDPOINT_URL_LAMBDA"))
        .append("  one per poller, switched by UpdateEventSourceMapping\n");
    b.append("  pollers: scraper, chunker, embedder; stuck-job scanner every ")
        .append(options.scannerInterval().toSeconds()).append(" s\n");
    b.append("  loopback fetching: only 127.0.0.1 and localhost (SCRAPER_ALLOW_LOOPBACK_HOSTS, local only)\n");
    String auth = stack.requiresToken() ? " -H \"authorization: Bearer $LOCAL_API_TOKEN\"" : "";
    b.append(stack.requiresToken()
        ? "  auth: bearer token required (LOCAL_API_TOKEN); requests run as subject " + HttpFront.LOCAL_USER + "\n\n"
        : "  auth: OPEN, no token checked (set LOCAL_API_TOKEN to require one); requests run as subject "
            + Caller.LOCAL_ANONYMOUS + "\n\n");
    b.append(" Try it:\n");
    b.append("  curl -s -X POST ").append(base).append("/jobs -H 'content-type: application/json'").append(auth).append(" \\\n");
    b.append("       -d '{\"url\":\"").append(base).append(LocalEndpoints.SAMPLES).append(LocalEndpoints.SAMPLE_FILES[0])
        .append("\",\"corpus_name\":\"samples\"}'\n");
    b.append("  curl -s").append(auth).append(' ').append(base).append("/jobs/<job_id>\n");
    b.append("  curl -s -X POST ").append(base).append("/corpora/samples/search -H 'content-type: application/json'")
        .append(auth).append(" \\\n");
    b.append("       -d '{\"query\":\"how does a serverless pipeline scale\",\"top_k\":3}'\n");
    b.append("  make samples     # submits every sample document into corpus 'samples'")
        .append(stack.requiresToken() ? " (open stack only: it sends no token)\n" : "\n");
    b.append("  make trace ID=<trace_id>   # a job's trace as a waterfall (trace_id is in GET /jobs/<job_id>)\n");
    b.append("  curl -s ").append(base).append("/_local/traces/<trace_id>      # its spans as JSON\n");
    b.append("  curl -s ").append(base).append("/_local/metrics                # metrics, Prometheus names\n\n");
    b.append(" Ctrl-C stops everything.\n");
    return b.toString();
  }
}
