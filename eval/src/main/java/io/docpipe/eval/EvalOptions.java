package io.docpipe.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code make eval} reads from its environment; a bad value fails at once, naming the variable.
 *
 * @param stackUrl a running stack's API ({@code EVAL_URL}); null to start one for the run
 * @param embeddingUrl the server the exact-dense reference embeds with when the stack is not ours
 * @param reuse skip ingestion when the corpus already holds every document ({@code EVAL_REUSE=1})
 * @param limit evaluate the first {@code limit} documents only (and the queries judged wholly on them)
 * @param inFlight jobs in flight at once during ingestion
 */
record EvalOptions(Path data, Path qrels, Path out, String stackUrl, String token, String embeddingUrl,
    String embeddingModel, int embeddingDimension, boolean reuse, int limit, String corpus, int inFlight, Duration timeout, Path stateDir,
    Path cacheDir, int searchParallel) {

  static EvalOptions fromEnv(Map<String, String> env, Path repoRoot) {
    Path data = path(env, "EVAL_DATA", repoRoot.resolve("../shared/data/scifact"));
    if (!Files.isRegularFile(data.resolve("corpus.jsonl")) || !Files.isRegularFile(data.resolve("queries.jsonl"))) {
      throw new IllegalArgumentException("EVAL_DATA must be a BEIR dataset folder (corpus.jsonl, queries.jsonl), was " + data);
    }
    Path qrels = path(env, "EVAL_QRELS", data.resolve("qrels/train.tsv"));
    if (!Files.isRegularFile(qrels)) throw new IllegalArgumentException("EVAL_QRELS must be a qrels .tsv file, was " + qrels);
    String name = data.toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_-]", "-");
    Path out = path(env, "EVAL_OUT", repoRoot.resolve("target/eval/" + name + ".json"));
    int limit = intValue(env, "EVAL_LIMIT", Integer.MAX_VALUE);
    String corpus = env.getOrDefault("EVAL_CORPUS", "eval-" + name + (limit == Integer.MAX_VALUE ? "" : "-" + limit));
    if (!corpus.matches("^[a-z0-9][a-z0-9_-]{0,62}$")) {
      throw new IllegalArgumentException("EVAL_CORPUS must match ^[a-z0-9][a-z0-9_-]{0,62}$, was '" + corpus + "'");
    }
    String stackUrl = blankToNull(env.get("EVAL_URL"));
    return new EvalOptions(data, qrels, out, stackUrl, blankToNull(env.getOrDefault("EVAL_TOKEN", env.get("LOCAL_API_TOKEN"))),
        env.getOrDefault("EVAL_EMBEDDING_URL", env.getOrDefault("EMBEDDING_BASE_URL", "http://127.0.0.1:8089")),
        env.getOrDefault("EVAL_EMBEDDING_MODEL", "bge-small-en-v1.5"), intValue(env, "EVAL_EMBEDDING_DIMENSION", 384),
        "1".equals(env.get("EVAL_REUSE")) || "true".equalsIgnoreCase(env.get("EVAL_REUSE")), limit, corpus,
        intValue(env, "EVAL_IN_FLIGHT", 200), Duration.ofMinutes(intValue(env, "EVAL_TIMEOUT_MINUTES", 240)),
        path(env, "EVAL_STATE_DIR", repoRoot.resolve("target/eval/stack")),
        path(env, "EVAL_CACHE_DIR", repoRoot.resolve("target/eval/cache")),
        intValue(env, "EVAL_SEARCH_PARALLEL", 2));
  }

  private static Path path(Map<String, String> env, String name, Path fallback) {
    String v = blankToNull(env.get(name));
    return (v == null ? fallback : Path.of(v)).toAbsolutePath().normalize();
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) return fallback;
    try {
      int parsed = Integer.parseInt(v);
      if (parsed < 1) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive integer, was '" + v + "'");
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
