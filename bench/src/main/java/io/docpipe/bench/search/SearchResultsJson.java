package io.docpipe.bench.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docpipe.bench.ResultsFile;
import io.docpipe.shared.Json;

/**
 * The search part of results.json. {@code "search"} holds production's plan only, one entry per table, corpus size
 * class and top_k (what other tools check against the targets); {@code "search_alternatives"} the other plans
 * measured in the same run, and {@code "search_tables"} how each table was loaded.
 */
final class SearchResultsJson {
  private SearchResultsJson() {}

  static void write(SearchBench.Report report, ResultsFile results) {
    ArrayNode chosen = Json.mapper().createArrayNode();
    ArrayNode alternatives = Json.mapper().createArrayNode();
    for (CaseResult c : report.cases()) (c.plan().equals(Plans.CHOSEN) ? chosen : alternatives).add(entry(c));
    ObjectNode tables = Json.mapper().createObjectNode();
    report.loads().forEach((dataset, load) -> {
      ObjectNode table = tables.putObject(dataset.toString());
      table.put("load_seconds", round(load.loadSeconds(), 1));
      table.put("index_build_seconds", round(load.indexSeconds(), 1));
      load.sizes().forEach((name, bytes) -> table.put(name + "_mb", bytes / 1_000_000));
    });
    results.put("search", chosen);
    results.put("search_alternatives", alternatives);
    results.put("search_tables", tables);
  }

  private static ObjectNode entry(CaseResult c) {
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("case", c.name());
    e.put("corpus_rows", c.corpusRows());
    e.put("p99_ms", round(c.latencyMs().p99(), 2));
    e.put("recall_at_10", round(c.recallAt10(), 4));
    e.put("rows_ok", c.rowsOk());
    e.put("dimension", c.dataset().dimension());
    e.put("storage", c.dataset().storage());
    e.put("corpus_rows_min", c.corpusRowsMin());
    e.put("top_k", c.topK());
    e.put("plan", c.plan());
    e.put("queries", c.queries());
    e.put("p50_ms", round(c.latencyMs().p50(), 2));
    e.put("p95_ms", round(c.latencyMs().p95(), 2));
    if (c.withoutCpuWaitsMs() != null) {
      e.put("p50_ms_less_cpu_waits", round(c.withoutCpuWaitsMs().p50(), 2));
      e.put("p95_ms_less_cpu_waits", round(c.withoutCpuWaitsMs().p95(), 2));
      e.put("p99_ms_less_cpu_waits", round(c.withoutCpuWaitsMs().p99(), 2));
    }
    e.put("recall_at_k", round(c.recallAtK(), 4));
    e.put("short_answers", c.shortAnswers());
    if (c.tooSlowToGoOn()) e.put("measured_on_warm_up_only", true);
    return e;
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
