package io.docpipe.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void quantileOfARate_namesTheBucketMetric_andItsLabels() {
    PromQlNames.Use use = PromQlNames.of("histogram_quantile(0.99, sum by (le, stage) "
        + "(rate(job_stage_duration_seconds_bucket{deployment_environment=\"$env\"}[$__rate_interval])))");

    assertThat(use.metrics()).containsExactly("job_stage_duration_seconds_bucket");
    assertThat(use.labels()).containsExactlyInAnyOrder("le", "stage", "deployment_environment");
  }

  @Test
  void groupingAfterTheArguments_binaryOperatorsAndKeywords_areNotMetrics() {
    PromQlNames.Use use = PromQlNames.of("sum(rate(faas_errors_total{job=~\"$function\"}[5m])) by (job) "
        + "/ on (job) group_left sum without (instance) (rate(faas_invocations_total[5m] offset 1h)) > bool 0.05 "
        + "and vector(1) or time() unless inf");

    assertThat(use.metrics()).containsExactlyInAnyOrder("faas_errors_total", "faas_invocations_total");
    assertThat(use.labels()).containsExactlyInAnyOrder("job", "instance");
  }

  @Test
  void subqueriesDurationsAndVariables_areSkipped() {
    PromQlNames.Use use = PromQlNames.of("time() - max by (stage) (max_over_time((timestamp(sum by (stage) "
        + "(increase(job_stage_duration_seconds_count[5m])) > 0))[1d:1m]))");

    assertThat(use.metrics()).containsExactly("job_stage_duration_seconds_count");
    assertThat(use.labels()).containsExactly("stage");
  }

  @Test
  void labelReplace_readsItsSourceLabel_andCreatesItsTarget() {
    PromQlNames.Use use = PromQlNames.of("sum by (job) (label_replace(aws_lambda_throttles_sum, \"job\", \"$1\", "
        + "\"dimension_FunctionName\", \".*-(api|scraper)\"))");

    assertThat(use.metrics()).containsExactly("aws_lambda_throttles_sum");
    assertThat(use.labels()).containsExactlyInAnyOrder("job", "dimension_FunctionName");
    assertThat(use.createdLabels()).containsExactly("job");
  }

  @Test
  void nameMatcher_isAMetric_andStringContentsAreNotNames() {
    PromQlNames.Use use = PromQlNames.of("count({__name__=\"dlq_depth\", queue!~\"by|sum(x)\"})");

    assertThat(use.metrics()).containsExactly("dlq_depth");
    assertThat(use.labels()).containsExactly("queue");
  }
}
