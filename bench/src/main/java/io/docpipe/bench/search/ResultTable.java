package io.docpipe.bench.search;

import java.util.List;
import java.util.Locale;

/** The measured cases as a Markdown table, as the decision record quotes them. */
final class ResultTable {
  private ResultTable() {}

  static String markdown(List<CaseResult> cases) {
    StringBuilder table = new StringBuilder(
        "| table | corpus rows | top_k | plan | p50 / p95 / p99 ms | less CPU waits | recall@10 | recall@k | short answers |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (CaseResult c : cases) {
      table.append(String.format(Locale.ROOT, "| %s | %s | %d | %s%s | %s | %s | %.3f | %.3f | %s |%n",
          c.dataset(), c.sizeClass(), c.topK(), c.plan(),
          c.tooSlowToGoOn() ? " (" + c.queries() + " queries: too slow to go on)" : "",
          ms(c.latencyMs()), c.withoutCpuWaitsMs() == null ? "-" : ms(c.withoutCpuWaitsMs()), c.recallAt10(), c.recallAtK(),
          c.shortAnswers() == 0 ? "0" : c.shortAnswers() + " of " + c.queries()));
    }
    return table.toString();
  }

  private static String ms(Percentiles p) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", p.p50(), p.p95(), p.p99());
  }
}
