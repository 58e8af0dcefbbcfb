package io.docpipe.eval;

import io.docpipe.local.servers.FunctionEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code make soak} reads from its environment; a bad value fails at once, naming the variable. README's "Soak
 * test" lists them.
 *
 * @param jobs documents ingested, the first {@code jobs} of the dataset (repeated under new URLs when it has fewer)
 * @param searchers threads searching the corpus while ingestion runs
 * @param searchPause each searcher's pause between two searches (0: none, the default)
 * @param crashPercent per invocation of a stage function, the chance it crashes mid-batch
 * @param duplicatePercent per received message, the chance SQS delivers it twice
 * @param outage how long the embedding server is down; zero for none
 * @param outageAfterFraction the outage starts once this fraction of the jobs has ended
 * @param outageMode {@code unavailable} (503, as TEI while its model is not ready) or {@code refuse} (not listening)
 * @param inFlight jobs in flight at once: with 10% crashes a job may wait a whole visibility timeout, so many
 * @param visibilityTimeoutSeconds the stage queues' visibility timeout; 0 keeps template.yaml's (six times the timeout)
 * @param scannerInterval how often the stuck-job scanner (and so the breaker's half-open probe) runs
 * @param stackEnv function settings passed through to the stack (BREAKER_OPEN_SECONDS, STUCK_AFTER_MINUTES, ...)
 */
record SoakOptions(Path data, Path out, Path stateDir, int jobs, int searchers, Duration searchPause, int crashPercent, int duplicatePercent,
    Duration outage, double outageAfterFraction, String outageMode, int inFlight, int visibilityTimeoutSeconds,
    Duration scannerInterval, Duration timeout, long seed, Map<String, String> stackEnv) {

  static final int DEFAULT_JOBS = 5183;

  static SoakOptions fromEnv(Map<String, String> env, Path repoRoot) {
    Path data = path(env, "SOAK_DATA", repoRoot.resolve("../shared/data/scifact"));
    if (!Files.isRegularFile(data.resolve("corpus.jsonl")) || !Files.isRegularFile(data.resolve("queries.jsonl"))) {
      throw new IllegalArgumentException("SOAK_DATA must be a BEIR dataset folder (corpus.jsonl, queries.jsonl), was " + data);
    }
    String mode = env.getOrDefault("SOAK_OUTAGE_MODE", "unavailable").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("unavailable") && !mode.equals("refuse")) {
      throw new IllegalArgumentException("SOAK_OUTAGE_MODE must be unavailable or refuse, was '" + mode + "'");
    }
    double fraction = doubleValue(env, "SOAK_OUTAGE_AFTER_FRACTION", 0.3);
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("SOAK_OUTAGE_AFTER_FRACTION must be within [0, 1), was " + fraction);
    }
    // Minutes for people, seconds for the test: SOAK_OUTAGE_SECONDS wins when both are set.
    double outageMinutes = doubleValue(env, "SOAK_OUTAGE_MINUTES", 10);
    Duration outage = env.containsKey("SOAK_OUTAGE_SECONDS")
        ? Duration.ofSeconds(intValue(env, "SOAK_OUTAGE_SECONDS", 0, 0))
        : Duration.ofMillis(Math.round(outageMinutes * 60_000));
    return new SoakOptions(data,
        path(env, "SOAK_OUT", repoRoot.resolve("target/soak/report.json")),
        path(env, "SOAK_STATE_DIR", repoRoot.resolve("target/soak/stack")),
        intValue(env, "SOAK_JOBS", DEFAULT_JOBS, 1),
        intValue(env, "SOAK_SEARCHERS", 10, 0),
        Duration.ofMillis(intValue(env, "SOAK_SEARCH_PAUSE_MS", 0, 0)),
        percent(env, "SOAK_CRASH_PERCENT", 10),
        percent(env, "SOAK_DUPLICATE_PERCENT", 0),
        outage, fraction, mode,
        intValue(env, "SOAK_IN_FLIGHT", 1000, 1),
        intValue(env, "SOAK_VISIBILITY_TIMEOUT_SECONDS", 0, 0),
        Duration.ofSeconds(intValue(env, "SOAK_SCANNER_INTERVAL_SECONDS", 60, 1)),
        Duration.ofMinutes(intValue(env, "SOAK_TIMEOUT_MINUTES", 240, 1)),
        intValue(env, "SOAK_SEED", 20_260_501, 0),
        FunctionEnvironment.passThrough(env));
  }

  private static int percent(Map<String, String> env, String name, int fallback) {
    int v = intValue(env, name, fallback, 0);
    if (v > 100) throw new IllegalArgumentException(name + " must be within 0..100, was " + v);
    return v;
  }

  private static Path path(Map<String, String> env, String name, Path fallback) {
    String v = blankToNull(env.get(name));
    return (v == null ? fallback : Path.of(v)).toAbsolutePath().normalize();
  }

  private static int intValue(Map<String, String> env, String name, int fallback, int min) {
    String v = blankToNull(env.get(name));
    if (v == null) return fallback;
    try {
      int parsed = Integer.parseInt(v);
      if (parsed < min) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer >= " + min + ", was '" + v + "'");
    }
  }

  private static double doubleValue(Map<String, String> env, String name, double fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) return fallback;
    try {
      double parsed = Double.parseDouble(v);
      if (!(parsed >= 0) || Double.isInfinite(parsed)) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number >= 0, was '" + v + "'");
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
