package io.docpipe.local.stack;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How to start the local stack. Ports of 0 pick free ones (tests); {@code make run} uses the fixed defaults so the
 * curl examples in the README work. {@code overrides} are function environment variables that replace the stack's
 * defaults (any variable template.yaml sets, e.g. CHUNK_MAX_TOKENS).
 *
 * @param lambdaPort the local Lambda API (event source mappings)
 * @param vectorDbUrl an existing PostgreSQL with pgvector to use instead of the private cluster, or null
 * @param embeddingBaseUrl an existing OpenAI-compatible server to use instead of the in-process bge-small, or null
 * @param clock the clock every handler takes job timestamps from
 * @param faults what the SQS pollers inject; {@link FaultPlan#NONE} but in fault-injection tests
 * @param functionTimeouts timeouts replacing template.yaml's, by function (scraper, chunker, embedder)
 * @param apiToken the bearer token the HTTP front requires (LOCAL_API_TOKEN), or null to run it open
 * @param durableState whether jobs, queues and their messages, and telemetry survive a restart on the same
 *     {@code stateDir} (DynamoDB Local and ElasticMQ on disk, telemetry read back); {@code make run} keeps them, tests
 *     start empty unless they ask ({@link #withDurableState()}). Objects and vectors are on disk either way.
 */
public record LocalStackOptions(int httpPort, int sqsPort, int s3Port, int dynamoPort, int postgresPort,
    int embeddingPort, int otlpPort, int lambdaPort, Path stateDir, String vectorDbUrl, String embeddingBaseUrl,
    Duration scannerInterval, int visibilityTimeoutSeconds, Map<String, String> overrides, Clock clock,
    FaultPlan faults, Map<String, Duration> functionTimeouts, String apiToken, boolean durableState) {

  public static final int DEFAULT_HTTP_PORT = 3000;
  static final int TEST_SUBMISSIONS_PER_MINUTE = 1_000_000;
  private static final Set<String> SQS_FUNCTIONS = Set.of("scraper", "chunker", "embedder");

  public LocalStackOptions {
    overrides = Map.copyOf(overrides);
    functionTimeouts = Map.copyOf(functionTimeouts);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(faults, "faults");
    if (apiToken != null && !apiToken.matches("[\\x21-\\x7e]{1,512}")) {
      throw new IllegalArgumentException("LOCAL_API_TOKEN must be 1 to 512 visible ASCII characters");
    }
  }

  /** The defaults of {@code make run}, with settings taken from the process environment where given. */
  public static LocalStackOptions fromEnv(Map<String, String> env, Path repoRoot) {
    return new LocalStackOptions(
        intOr(env, "LOCAL_HTTP_PORT", DEFAULT_HTTP_PORT),
        intOr(env, "LOCAL_SQS_PORT", 9324),
        intOr(env, "LOCAL_S3_PORT", 9090),
        intOr(env, "LOCAL_DYNAMODB_PORT", 8000),
        intOr(env, "LOCAL_POSTGRES_PORT", 54329),
        intOr(env, "LOCAL_EMBEDDING_PORT", 8089),
        intOr(env, "LOCAL_OTLP_PORT", 4318),
        intOr(env, "LOCAL_LAMBDA_PORT", 9001),
        Path.of(env.getOrDefault("LOCAL_STATE_DIR", repoRoot.resolve(".local").toString())),
        env.get("VECTOR_DB_URL"),
        env.get("EMBEDDING_BASE_URL"),
        Duration.ofSeconds(intOr(env, "LOCAL_SCANNER_INTERVAL_SECONDS", 60)),
        intOr(env, "LOCAL_VISIBILITY_TIMEOUT_SECONDS", 0),
        io.docpipe.local.servers.FunctionEnvironment.passThrough(env),
        Clock.systemUTC(), FaultPlan.NONE, Map.of(), blankToNull(env.get("LOCAL_API_TOKEN")), true);
  }

  /**
   * Free ports everywhere, state under {@code stateDir}: what the tests start. The tests submit hundreds of jobs a
   * minute as one caller, so the submission quota is lifted unless {@code overrides} set SUBMISSIONS_PER_MINUTE.
   */
  public static LocalStackOptions forTests(Path stateDir, Map<String, String> overrides) {
    Map<String, String> withQuota = new HashMap<>(overrides);
    withQuota.putIfAbsent("SUBMISSIONS_PER_MINUTE", Integer.toString(TEST_SUBMISSIONS_PER_MINUTE));
    return new LocalStackOptions(0, 0, 0, 0, 0, 0, 0, 0, stateDir, null, null, Duration.ofSeconds(3600), 0, withQuota,
        Clock.systemUTC(), FaultPlan.NONE, Map.of(), null, false);
  }

  public LocalStackOptions withScannerInterval(Duration interval) {
    return edit(c -> c.scannerInterval = interval);
  }

  public LocalStackOptions withVisibilityTimeout(int seconds) {
    return edit(c -> c.visibilityTimeoutSeconds = seconds);
  }

  /** The clock handlers take job timestamps from, e.g. a {@code SettableClock} a test moves forward. */
  public LocalStackOptions withClock(Clock clock) {
    return edit(c -> c.clock = clock);
  }

  /** Another OpenAI-compatible server instead of the in-process bge-small (a fault-injecting one, say). */
  public LocalStackOptions withEmbeddingBaseUrl(String baseUrl) {
    return edit(c -> c.embeddingBaseUrl = baseUrl);
  }

  public LocalStackOptions withFaults(FaultPlan faults) {
    return edit(c -> c.faults = faults);
  }

  /**
   * Replaces template.yaml's timeout of one SQS-triggered function (scraper, chunker or embedder). Its queue's
   * visibility timeout follows (six times the timeout) unless {@link #withVisibilityTimeout(int)} sets one.
   */
  public LocalStackOptions withFunctionTimeout(String function, Duration timeout) {
    if (!SQS_FUNCTIONS.contains(function)) {
      throw new IllegalArgumentException("function must be one of " + SQS_FUNCTIONS + ", was '" + function + "'");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return edit(c -> c.functionTimeouts.put(function, timeout));
  }

  /** The HTTP front requires {@code Authorization: Bearer <token>} (null: runs open). */
  public LocalStackOptions withApiToken(String token) {
    return edit(c -> c.apiToken = token);
  }

  /** Jobs, queues, messages and telemetry kept in {@code stateDir} and found again by the next start on it. */
  public LocalStackOptions withDurableState() {
    return edit(c -> c.durableState = true);
  }

  /** A copy with {@code change} applied: the one place that lists every component, so a new one is added once. */
  private LocalStackOptions edit(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new LocalStackOptions(c.o.httpPort, c.o.sqsPort, c.o.s3Port, c.o.dynamoPort, c.o.postgresPort,
        c.o.embeddingPort, c.o.otlpPort, c.o.lambdaPort, c.o.stateDir, c.o.vectorDbUrl, c.embeddingBaseUrl,
        c.scannerInterval, c.visibilityTimeoutSeconds, c.o.overrides, c.clock, c.faults, c.functionTimeouts, c.apiToken,
        c.durableState);
  }

  /** The components the {@code with} methods change; the rest are read from the original. */
  private static final class Copy {
    final LocalStackOptions o;
    String embeddingBaseUrl;
    Duration scannerInterval;
    int visibilityTimeoutSeconds;
    Clock clock;
    FaultPlan faults;
    final Map<String, Duration> functionTimeouts;
    String apiToken;
    boolean durableState;

    Copy(LocalStackOptions o) {
      this.o = o;
      embeddingBaseUrl = o.embeddingBaseUrl;
      scannerInterval = o.scannerInterval;
      visibilityTimeoutSeconds = o.visibilityTimeoutSeconds;
      clock = o.clock;
      faults = o.faults;
      functionTimeouts = new HashMap<>(o.functionTimeouts);
      apiToken = o.apiToken;
      durableState = o.durableState;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int intOr(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) return fallback;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("environment variable " + name + " must be an integer, was '" + v + "'");
    }
  }
}
