package io.docpipe.bench.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchBenchOptionsTest {
  private static final Path ROOT = Path.of("/repo");

  @Test
  void fromEnv_defaults_areTheFullRun() {
    SearchBenchOptions options = SearchBenchOptions.fromEnv(Map.of(), ROOT);

    assertThat(options.quick()).isFalse();
    assertThat(options.queries()).isEqualTo(200);
    assertThat(options.datasets()).containsExactly(new Dataset(384, "vector"), new Dataset(1024, "vector"),
        new Dataset(1024, "halfvec"));
    assertThat(options.plans()).containsExactlyElementsOf(Plans.DEFAULT);
    assertThat(options.clusterDir()).isEqualTo(ROOT.resolve(".local/bench-pg"));
    assertThat(options.results()).isEqualTo(ROOT.resolve("target/bench/results.json"));
  }

  @Test
  void fromEnv_quick_isSmallerAndKeptApart() {
    SearchBenchOptions options = SearchBenchOptions.fromEnv(Map.of("BENCH_QUICK", "1"), ROOT);

    assertThat(options.queries()).isEqualTo(50);
    assertThat(options.datasets()).containsExactly(new Dataset(384, "vector"));
    assertThat(options.clusterDir()).isEqualTo(ROOT.resolve(".local/bench-pg-quick"));
  }

  @Test
  void fromEnv_plans_alwaysIncludeTheChosenOne() {
    assertThat(SearchBenchOptions.fromEnv(Map.of("BENCH_PLANS", "exact,index-ef200-c40"), ROOT).plans())
        .containsExactly("exact", "index-ef200-c40", "chosen");
  }

  @Test
  void fromEnv_badValues_nameTheVariable() {
    assertThatThrownBy(() -> SearchBenchOptions.fromEnv(Map.of("BENCH_QUERIES", "0"), ROOT))
        .hasMessageContaining("BENCH_QUERIES");
    assertThatThrownBy(() -> SearchBenchOptions.fromEnv(Map.of("BENCH_DATASETS", "384,big"), ROOT))
        .hasMessageContaining("BENCH_DATASETS");
    assertThatThrownBy(() -> SearchBenchOptions.fromEnv(Map.of("BENCH_DATASETS", "384-compressed"), ROOT))
        .hasMessageContaining("BENCH_DATASETS");
    assertThatThrownBy(() -> SearchBenchOptions.fromEnv(Map.of("BENCH_PLANS", "fastest"), ROOT))
        .hasMessageContaining("BENCH_PLANS");
  }
}
