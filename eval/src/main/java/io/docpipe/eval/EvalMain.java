package io.docpipe.eval;

import java.nio.file.Path;

/**
 * {@code make eval}: a BEIR dataset through the whole pipeline, scored. Environment: {@code EVAL_DATA},
 * {@code EVAL_QRELS}, {@code EVAL_OUT}, {@code EVAL_URL}, {@code EVAL_REUSE}, {@code EVAL_LIMIT} and the rest in
 * {@link EvalOptions}; README's "Search quality" says what they do.
 */
public final class EvalMain {
  private EvalMain() {}

  public static void main(String[] args) throws Exception {
    Path repoRoot = Path.of(System.getProperty("docpipe.repo.root", ".")).toAbsolutePath().normalize();
    EvalOptions options;
    try {
      options = EvalOptions.fromEnv(System.getenv(), repoRoot);
    } catch (IllegalArgumentException e) {
      System.err.println("make eval: " + e.getMessage());
      System.exit(2);
      return;
    }
    EvalReport report = new Evaluation(options, System.out, Progress.stdoutIsTerminal()).run();
    report.write(options.out());
    System.out.println();
    System.out.print(report.markdown());
    System.out.println("\nwrote " + options.out() + " and " + EvalReport.markdownPath(options.out()));
    System.exit(0); // the stack's non-daemon threads are closed, but the JDK's HTTP client pools may linger
  }
}
