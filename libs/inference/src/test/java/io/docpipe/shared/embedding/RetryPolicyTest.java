package io.docpipe.shared.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(10));

  @Property
  void delay_isFullJitter_underTheDoublingCeiling_andTheCap(@ForAll @IntRange(min = 1, max = 40) int failures,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
    long ceiling = Math.min(10_000, 200L << Math.min(failures - 1, 30));

    Duration delay = policy.delay(failures, null, () -> random);

    assertThat(delay.toMillis()).isBetween(0L, ceiling);
  }

  @Property
  void delay_isNeverShorterThanRetryAfter(@ForAll @IntRange(min = 1, max = 10) int failures,
      @ForAll @IntRange(min = 0, max = 900) int retryAfterSeconds, @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
    Duration delay = policy.delay(failures, Duration.ofSeconds(retryAfterSeconds), () -> random);

    assertThat(delay).isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfterSeconds));
  }

  @Test
  void delay_spreadsOverTheWholeRange() {
    assertThat(policy.delay(3, null, () -> 0.0)).isEqualTo(Duration.ZERO);
    assertThat(policy.delay(3, null, () -> 0.999_999).toMillis()).isEqualTo(799);
  }

  @Test
  void retryAfterHeader_inSecondsOrAsADate() {
    assertThat(OpenAiEmbeddingClient.parseRetryAfter("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(OpenAiEmbeddingClient.parseRetryAfter(" 0 ")).isEqualTo(Duration.ZERO);
    assertThat(OpenAiEmbeddingClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).as("a date in the past").isEqualTo(Duration.ZERO);
    assertThat(OpenAiEmbeddingClient.parseRetryAfter("-5")).isNull();
    assertThat(OpenAiEmbeddingClient.parseRetryAfter("soon")).isNull();
  }
}
