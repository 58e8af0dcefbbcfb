package io.docpipe.bench;

import io.docpipe.bench.search.SearchBench;
import java.nio.file.Path;

/**
 * {@code make bench}: the benchmarks, each writing its own part of {@code target/bench/results.json}. Today the search
 * benchmark (README: Benchmarks; its environment in {@code SearchBenchOptions}). A later benchmark adds its own key
 * through {@link ResultsFile} and leaves {@code "search"} alone.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Path repoRoot = Path.of(System.getProperty("docpipe.repo.root", ".")).toAbsolutePath().normalize();
    ResultsFile results = new ResultsFile(repoRoot.resolve("target/bench/results.json"));
    try {
      SearchBench.run(System.getenv(), repoRoot, System.out, results);
    } catch (IllegalArgumentException e) {
      System.err.println("make bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("wrote the search results to " + repoRoot.resolve("target/bench/results.json"));
    System.exit(0);
  }
}
