package io.docpipe.local.stack;

import io.docpipe.api.ApiHandler;
import io.docpipe.chunker.ChunkerHandler;
import io.docpipe.embedder.EmbedderHandler;
import io.docpipe.local.servers.DynamoDbLocalServer;
import io.docpipe.local.servers.ElasticMqServer;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.EmbeddingServer;
import io.docpipe.local.servers.LocalResources;
import io.docpipe.local.servers.PostgresCluster;
import io.docpipe.local.servers.otlp.OtlpReceiver;
import io.docpipe.local.servers.S3ProxyServer;
import io.docpipe.migrations.SchemaMigrator;
import io.docpipe.scraper.ScraperHandler;
import io.docpipe.search.SearchHandler;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.stuckjobscanner.BreakerProbeHandler;
import io.docpipe.stuckjobscanner.StuckJobScannerHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine: the local servers, the resources template.yaml declares, the schema, and the
 * production handlers driven as AWS would drive them (HTTP front, SQS pollers, the scanner's timer), and the part of
 * the Lambda API that switches the pollers' event source mappings. Everything it starts is closed by {@link #close()},
 * in reverse order.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  static final String PREFIX = "docpipe";

  /**
   * The functions' timeouts, batch sizes and concurrency from template.yaml (concurrency: the defaults of its
   * ScraperMaxConcurrency, ChunkerMaxConcurrency and EmbedderMaxConcurrency; TemplateTest checks they are equal).
   */
  static final FunctionSpec SCRAPER = new FunctionSpec("scraper", Duration.ofSeconds(60), 5, 2);
  static final FunctionSpec CHUNKER = new FunctionSpec("chunker", Duration.ofSeconds(120), 10, 2);
  static final FunctionSpec EMBEDDER = new FunctionSpec("embedder", Duration.ofSeconds(120), 10, 4);
  /** The inference circuit's timed probe (BreakerProbeFunction): one message at a time, the fewest environments. */
  static final FunctionSpec BREAKER_PROBE = new FunctionSpec("breaker-probe", Duration.ofSeconds(30), 1, 2);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, String> environment;
  private final LocalResources resources;
  private final AwsClients aws;
  private final HttpFront front;
  private final String embeddingsUrl;
  private final OtlpReceiver telemetry;
  private final Clock clock;
  private final LocalLambdaApi lambda;
  private final Map<String, SqsPoller> pollers = new LinkedHashMap<>();
  private final ScannerTimer scanner;
  private final String apiToken;
  private final ServerWatch watch;

  private LocalStack(LocalStackOptions options) throws IOException {
    clock = options.clock();
    Files.createDirectories(options.stateDir());
    LocalState state = new LocalState(options.stateDir(), options.durableState());
    String dbUrl = options.vectorDbUrl();
    String dbUser = options.overrides().getOrDefault("VECTOR_DB_USER", "postgres");
    String dbPassword = options.overrides().getOrDefault("VECTOR_DB_PASSWORD", "");
    Map<String, BooleanSupplier> processes = new LinkedHashMap<>();
    if (dbUrl == null) {
      PostgresCluster pg = track(PostgresCluster.builder()
          .dataDirectory(state.pg())
          .port(options.postgresPort())
          .database(PREFIX)
          .start());
      dbUrl = pg.jdbcUrl();
      dbUser = pg.user();
      dbPassword = pg.password();
      processes.put("PostgreSQL (pid " + pg.pid() + ")", pg::running);
    }
    // After PostgreSQL, so that close() (newest first) stops it last, once nothing uses it.
    ElasticMqServer sqs = track(ElasticMqServer.start(options.sqsPort(), state.sqs()));
    S3ProxyServer s3 = track(S3ProxyServer.start(options.s3Port(), state.s3()));
    DynamoDbLocalServer dynamo = track(DynamoDbLocalServer.start(options.dynamoPort(), state.dynamo()));
    embeddingsUrl = options.embeddingBaseUrl() != null ? options.embeddingBaseUrl()
        : track(EmbeddingServer.builder().port(options.embeddingPort()).start()).endpoint().toString();

    // The collector extension's place: every function exports OTLP/HTTP here and flushes at the end of each
    // invocation; the receiver keeps it for /_local/traces and /_local/metrics.
    telemetry = track(options.durableState() ? OtlpReceiver.startRestoring(options.otlpPort(), state.telemetry())
        : OtlpReceiver.start(options.otlpPort(), state.telemetry()));
    // Before the environment is built, which points AWS_ENDPOINT_URL_LAMBDA at it; the pollers add their mappings.
    lambda = track(new LocalLambdaApi(options.lambdaPort()));

    FunctionEnvironment functionEnv = FunctionEnvironment
        .aws(sqs.endpoint().toString(), s3.endpoint().toString(), dynamo.endpoint().toString())
        .embeddings(embeddingsUrl)
        .vectorDb(dbUrl, dbUser, dbPassword)
        .telemetry(telemetry.endpoint().toString())
        .lambda(lambda.endpoint().toString());
    aws = functionEnv.clients();
    FunctionSpec scraper = withTimeoutOverride(SCRAPER, options);
    FunctionSpec chunker = withTimeoutOverride(CHUNKER, options);
    FunctionSpec embedder = withTimeoutOverride(EMBEDDER, options);
    resources = LocalResources.create(PREFIX, aws.sqs(), aws.s3(), aws.dynamo(), Map.of(
        "scrape", queue(scraper, options), "chunk", queue(chunker, options), "embed", queue(embedder, options),
        LocalResources.PROBE_QUEUE, queue(BREAKER_PROBE, options)));
    environment = functionEnv.resources(resources).with(options.overrides()).build();

    int migrations = SchemaMigrator.migrate(VectorDbConfig.fromEnv(Env.of(environment), aws));
    LOG.info("vector schema ready ({} migrations applied)", migrations);

    startPoller(scraper, "scrape", options, () -> ScraperHandler.from(environmentOf("scraper"), clock));
    startPoller(chunker, "chunk", options, () -> ChunkerHandler.from(environmentOf("chunker"), clock));
    startPoller(embedder, "embed", options, () -> EmbedderHandler.from(environmentOf("embedder"), clock));
    // Deployed from the scanner's module, so it reports as the scanner's service, as in template.yaml.
    startPoller(BREAKER_PROBE, LocalResources.PROBE_QUEUE, options,
        () -> BreakerProbeHandler.from(environmentOf("stuck-job-scanner"), clock));
    scanner = track(new ScannerTimer(() -> StuckJobScannerHandler.from(environmentOf("stuck-job-scanner"), clock),
        options.scannerInterval()));

    EnvironmentPool<ApiHandler> api = new EnvironmentPool<>(() -> ApiHandler.from(environmentOf("api"), clock), 4);
    EnvironmentPool<SearchHandler> search = new EnvironmentPool<>(() -> SearchHandler.from(environmentOf("search"), clock), 4);
    Routes routes = routes((e, c) -> api.invoke(h -> h.handleRequest(e, c)),
        (e, c) -> search.invoke(h -> h.handleRequest(e, c)));
    front = track(new HttpFront(options.httpPort(), routes, LocalEndpoints.create(telemetry), options.apiToken()));
    apiToken = options.apiToken();
    watch = track(new ServerWatch(processes, Duration.ofMillis(500)));
    front.refuseNewWorkWhile(watch::failure);
  }

  /**
   * The HTTP API's routes as template.yaml declares them: each method route, and an {@code ANY} route on the same path
   * so a wrong method reaches the function (405 with {@code Allow}) instead of API Gateway's bare 404.
   */
  static Routes routes(Routes.Invoker api, Routes.Invoker search) {
    return new Routes()
        .add("POST", "/jobs", "api", api)
        .add(Routes.ANY, "/jobs", "api", api)
        .add("GET", "/jobs/{job_id}", "api", api)
        .add(Routes.ANY, "/jobs/{job_id}", "api", api)
        .add("POST", "/corpora/{corpus_name}/search", "search", search)
        .add(Routes.ANY, "/corpora/{corpus_name}/search", "search", search);
  }

  public static LocalStack start(LocalStackOptions options) throws IOException {
    return new LocalStack(options);
  }

  private static FunctionSpec withTimeoutOverride(FunctionSpec spec, LocalStackOptions options) {
    Duration timeout = options.functionTimeouts().get(spec.name());
    return timeout == null ? spec : spec.withTimeout(timeout);
  }

  private static LocalResources.QueueSettings queue(FunctionSpec spec, LocalStackOptions options) {
    // As in template.yaml: visibility six times the function timeout, so a slow invocation is not redelivered
    // while it still runs. Tests may shorten it to see redeliveries quickly. Whole seconds, as SQS counts them.
    int visibility = options.visibilityTimeoutSeconds() > 0 ? options.visibilityTimeoutSeconds()
        : (int) Math.max(1, (spec.timeout().toMillis() * 6 + 999) / 1000);
    return new LocalResources.QueueSettings(visibility, 5);
  }

  private void startPoller(FunctionSpec spec, String queue, LocalStackOptions options,
      java.util.function.Supplier<com.amazonaws.services.lambda.runtime.RequestHandler<
          com.amazonaws.services.lambda.runtime.events.SQSEvent,
          com.amazonaws.services.lambda.runtime.events.SQSBatchResponse>> handlers) {
    SqsPoller poller = track(new SqsPoller(aws.sqs(), resources.queueUrls().get(queue), spec, options.faults(), clock,
        handlers));
    pollers.put(spec.name(), poller);
    lambda.add(poller.mapping());
    poller.start();
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.push(resource);
    return resource;
  }

  /** The environment every function runs with, less its own OTEL_SERVICE_NAME. */
  public Map<String, String> environment() {
    return environment;
  }

  /** One function's environment, as template.yaml gives it: the shared one plus its service name. */
  public Map<String, String> environmentOf(String function) {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("OTEL_SERVICE_NAME", function);
    return Map.copyOf(env);
  }

  /** The local collector: what every function exported. */
  public OtlpReceiver telemetry() {
    return telemetry;
  }

  public LocalResources resources() {
    return resources;
  }

  public AwsClients aws() {
    return aws;
  }

  public String baseUrl() {
    return front.baseUri().toString();
  }

  /** Whether the HTTP front requires a bearer token (LOCAL_API_TOKEN) or runs open. */
  public boolean requiresToken() {
    return apiToken != null;
  }

  public String embeddingsUrl() {
    return embeddingsUrl;
  }

  /**
   * Completes, with what died, when a server the stack runs as its own process (PostgreSQL) has exited; from then on
   * the stack refuses new jobs with 503. {@code make run} stops the whole stack then.
   */
  public CompletableFuture<String> serverDeath() {
    return watch.death();
  }

  /** What the poller of {@code function} (scraper, chunker, embedder or breaker-probe) has done so far. */
  public PollerStats pollerStats(String function) {
    return poller(function).stats();
  }

  /** Whether the event source mapping of {@code function} is enabled, i.e. its poller receives. */
  public boolean consumptionEnabled(String function) {
    return poller(function).mapping().enabled();
  }

  /**
   * Runs the stuck-job scanner once, now, in the calling thread (never while its schedule runs it), and returns its
   * summary {@code {stuck, requeued, failed}}. The handler instance is the schedule's, warm after its first use.
   */
  public Map<String, Integer> runScanner() {
    return scanner.invoke();
  }

  /** How many times the stuck-job scanner has run, on its schedule or through {@link #runScanner()}. */
  public int scannerRuns() {
    return scanner.runs();
  }

  private SqsPoller poller(String function) {
    SqsPoller poller = pollers.get(function);
    if (poller == null) {
      throw new IllegalArgumentException("function must be one of " + pollers.keySet() + ", was '" + function + "'");
    }
    return poller;
  }

  @Override
  public void close() {
    pollers.values().forEach(SqsPoller::stopReceiving);
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
