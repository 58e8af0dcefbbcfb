package io.docpipe.local.servers;

import io.docpipe.shared.aws.AwsClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a function gets on this machine: the variable names template.yaml sets, pointed at the local
 * servers, plus the local-only ones the template never sets (endpoint overrides, path-style S3, a plain database
 * password, loopback fetching for the scraper). The local stack and the handler tests build it the same way.
 */
public final class FunctionEnvironment {
  /** Settings a developer may change for `make run` by exporting them; the names template.yaml uses. */
  public static final List<String> TUNABLE = List.of("SCRAPER_MAX_BYTES", "SCRAPER_CONNECT_TIMEOUT_MS",
      "SCRAPER_TIMEOUT_MS", "CHUNK_MAX_TOKENS", "CHUNK_OVERLAP_TOKENS", "CHUNK_MAX_CHARS", "CHUNKS_PER_PART",
      "EMBEDDING_MODEL", "EMBEDDING_DIMENSION", "EMBEDDING_TIMEOUT_MS", "EMBED_BATCH_MAX_ITEMS", "EMBED_BATCH_MAX_TOKENS", "VECTOR_DB_USER",
      "VECTOR_DB_PASSWORD", "STUCK_AFTER_MINUTES", "STUCK_MAX_REQUEUES", "SCRAPER_ALLOW_LOOPBACK_HOSTS", "EMBED_RETRY_MAX_ATTEMPTS",
      "EMBED_RETRY_BASE_MS", "EMBED_RETRY_MAX_MS", "BREAKER_MIN_CALLS", "BREAKER_FAILURE_RATE_PERCENT",
      "BREAKER_WINDOW_SECONDS", "BREAKER_OPEN_SECONDS", "SUBMISSIONS_PER_MINUTE");

  private final Map<String, String> env = new LinkedHashMap<>();
  private LocalResources resources;

  private FunctionEnvironment() {}

  /**
   * For a handler test: the AWS servers of {@link LocalServers} with a fresh set of queues (visibility
   * {@code visibilitySeconds}, 5 receives before the DLQ), bucket and table named after {@code name}, so tests never
   * see each other's messages or jobs.
   */
  public static FunctionEnvironment forTest(String name, int visibilitySeconds) {
    FunctionEnvironment f = aws(LocalServers.get());
    AwsClients c = f.clients();
    String prefix = name + "-" + Long.toHexString(System.nanoTime());
    LocalResources.QueueSettings settings = new LocalResources.QueueSettings(visibilitySeconds, 5);
    LocalResources r = LocalResources.create(prefix, c.sqs(), c.s3(), c.dynamo(),
        Map.of("scrape", settings, "chunk", settings, "embed", settings));
    return f.resources(r);
  }

  /** The resources given to {@link #resources(LocalResources)}, or null. */
  public LocalResources localResources() {
    return resources;
  }

  /** Region, dummy credentials and endpoint overrides for the three AWS services. */
  public static FunctionEnvironment aws(String sqsEndpoint, String s3Endpoint, String dynamoEndpoint) {
    FunctionEnvironment f = new FunctionEnvironment();
    f.env.put("AWS_REGION", "us-east-1");
    f.env.put("AWS_ACCESS_KEY_ID", "local");
    f.env.put("AWS_SECRET_ACCESS_KEY", "local");
    f.env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint);
    f.env.put("AWS_ENDPOINT_URL_S3", s3Endpoint);
    f.env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint);
    f.env.put("S3_FORCE_PATH_STYLE", "true");
    // Local only: lets a developer ingest pages served on this machine. template.yaml never sets it.
    f.env.put("SCRAPER_ALLOW_LOOPBACK_HOSTS", "127.0.0.1,localhost");
    return f;
  }

  /** The three AWS services of {@link LocalServers}, started if they are not yet. */
  public static FunctionEnvironment aws(LocalServers servers) {
    return aws(servers.sqs().endpoint().toString(), servers.s3().endpoint().toString(), servers.dynamo().endpoint().toString());
  }

  public FunctionEnvironment resources(LocalResources r) {
    resources = r;
    env.put("JOBS_TABLE", r.jobsTable());
    env.put("DOCUMENTS_BUCKET", r.bucket());
    env.put("SCRAPE_QUEUE_URL", r.queueUrls().get("scrape"));
    env.put("CHUNK_QUEUE_URL", r.queueUrls().get("chunk"));
    env.put("EMBED_QUEUE_URL", r.queueUrls().get("embed"));
    env.put("SCRAPE_DLQ_URL", r.dlqUrls().get("scrape"));
    env.put("CHUNK_DLQ_URL", r.dlqUrls().get("chunk"));
    env.put("EMBED_DLQ_URL", r.dlqUrls().get("embed"));
    env.put("PROBE_QUEUE_URL", r.queueUrls().get(LocalResources.PROBE_QUEUE));
    env.put("PROBE_DLQ_URL", r.dlqUrls().get(LocalResources.PROBE_QUEUE));
    return this;
  }

  /** The in-process bge-small server (or another one at {@code baseUrl}); 384 dimensions. */
  public FunctionEnvironment embeddings(String baseUrl) {
    env.put("EMBEDDING_BASE_URL", baseUrl);
    env.put("EMBEDDING_MODEL", "bge-small-en-v1.5");
    env.put("EMBEDDING_DIMENSION", "384");
    return this;
  }

  /** Where functions export OTLP/HTTP, as the collector extension listens on localhost:4318 in Lambda. */
  public FunctionEnvironment telemetry(String otlpEndpoint) {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("DEPLOYMENT_ENVIRONMENT", "local");
    return this;
  }

  /** The local Lambda API, for the code that switches event source mappings off and on (AWS_ENDPOINT_URL_LAMBDA). */
  public FunctionEnvironment lambda(String endpoint) {
    env.put("AWS_ENDPOINT_URL_LAMBDA", endpoint);
    return this;
  }

  public FunctionEnvironment vectorDb(String url, String user, String password) {
    env.put("VECTOR_DB_URL", url);
    env.put("VECTOR_DB_USER", user);
    env.put("VECTOR_DB_PASSWORD", password);
    return this;
  }

  public FunctionEnvironment vectorDb(PostgresCluster pg) {
    return vectorDb(pg.jdbcUrl(), pg.user(), pg.password());
  }

  public FunctionEnvironment with(Map<String, String> overrides) {
    env.putAll(overrides);
    return this;
  }

  public FunctionEnvironment with(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Map<String, String> build() {
    return Map.copyOf(env);
  }

  /** Clients for the same servers, for provisioning and for tests that look behind the functions. */
  public AwsClients clients() {
    return new AwsClients(io.docpipe.shared.Env.of(env));
  }

  public static Map<String, String> passThrough(Map<String, String> processEnv) {
    Map<String, String> picked = new LinkedHashMap<>();
    for (String name : TUNABLE) {
      if (processEnv.containsKey(name)) picked.put(name, processEnv.get(name));
    }
    return picked;
  }
}
