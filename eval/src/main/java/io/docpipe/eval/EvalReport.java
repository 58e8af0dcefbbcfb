package io.docpipe.eval;

import io.docpipe.shared.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The run's results as {@code EVAL_OUT} (JSON, whose names other tools read) and a markdown table beside it
 * ({@code .md}), the same table printed at the end of the run.
 */
final class EvalReport {
  /** Published figures quoted beside ours: same data, someone else's run. */
  static final Map<String, String> PUBLISHED = Map.of(
      "bm25", "BEIR paper (Elasticsearch BM25), SciFact test: 0.665; Anserini BM25 flat: 0.679",
      "exact_dense", "MTEB, bge-small-en-v1.5 on SciFact: test 0.7127, train 0.7475");
  private static final Map<String, String> WHAT = Map.of(
      "vector", "the pipeline: chunks, HNSW, POST /corpora/{c}/search mode=vector",
      "keyword", "the pipeline: BM25 in PostgreSQL, mode=keyword",
      "hybrid", "the pipeline: both fused, mode=hybrid (the default)",
      "exact_dense", "reference: same server, whole documents, brute-force cosine",
      "bm25", "reference: Lucene BM25 (k1 0.9, b 0.4), English analyzer",
      "rrf_k60", "for comparison: reciprocal rank fusion (k 60) of the vector and keyword rankings");

  private final Map<String, Object> json = new LinkedHashMap<>();
  private final Map<String, RankingMetrics.Scores> modes = new LinkedHashMap<>();
  private final Map<String, RankingMetrics.Scores> extra = new LinkedHashMap<>();

  EvalReport(String dataset, String qrels, int queries) {
    json.put("dataset", dataset);
    json.put("qrels", qrels);
    json.put("queries", queries);
  }

  void mode(String name, RankingMetrics.Scores scores) {
    modes.put(name, scores);
  }

  void extraMode(String name, RankingMetrics.Scores scores) {
    extra.put(name, scores);
  }

  void put(String key, Object value) {
    json.put(key, value);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("| mode | nDCG@10 | recall@10 | recall@100 | MRR@10 | what |\n|---|---|---|---|---|---|\n");
    Map<String, RankingMetrics.Scores> all = new LinkedHashMap<>(modes);
    all.putAll(extra);
    all.forEach((name, s) -> md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %s |%n", name,
        s.ndcgAt10(), s.recallAt10(), s.recallAt100(), s.mrrAt10(), WHAT.getOrDefault(name, ""))));
    md.append("\nPublished, for the same benchmark: ");
    md.append(PUBLISHED.get("bm25")).append("; ").append(PUBLISHED.get("exact_dense")).append(".\n");
    return md.toString();
  }

  void write(Path out) {
    Map<String, Object> modesJson = new LinkedHashMap<>();
    modes.forEach((k, v) -> modesJson.put(k, v.asMap()));
    Map<String, Object> body = new LinkedHashMap<>(json);
    body.put("modes", modesJson);
    Map<String, Object> extraJson = new LinkedHashMap<>();
    extra.forEach((k, v) -> extraJson.put(k, v.asMap()));
    body.put("extra_modes", extraJson);
    body.put("published", PUBLISHED);
    try {
      if (out.getParent() != null) Files.createDirectories(out.getParent());
      Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
      Files.writeString(markdownPath(out), markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  static Path markdownPath(Path out) {
    String name = out.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".md");
  }
}
