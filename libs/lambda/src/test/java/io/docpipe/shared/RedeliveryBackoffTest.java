package io.docpipe.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedeliveryBackoffTest {
  private final RedeliveryBackoff backoff = new RedeliveryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

  @Test
  void delay_growsWithTheReceiveCount_upToTheCap() {
    assertThat(backoff.delay(1, null, () -> 0.999)).isEqualTo(Duration.ofMillis(1998));
    assertThat(backoff.delay(2, null, () -> 0.999)).isEqualTo(Duration.ofMillis(3996));
    assertThat(backoff.delay(4, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.delay(10, null, () -> 0.999)).isEqualTo(Duration.ofMillis(59_940));
    assertThat(backoff.delay(1000, null, () -> 0.999)).as("no overflow").isEqualTo(Duration.ofMillis(59_940));
  }

  @Test
  void delay_isFullJitter_fromZero() {
    assertThat(backoff.delay(3, null, () -> 0.0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void delay_isNeverBelowRetryAfter_butACapStillHolds() {
    assertThat(backoff.delay(1, Duration.ofSeconds(7), () -> 0.1)).isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(1, Duration.ofHours(3), () -> 0.1)).as("a site cannot park a job for hours")
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void fromEnv_readsBaseAndCap_andRejectsACapBelowTheBase() {
    assertThat(RedeliveryBackoff.fromEnv(Env.of(Map.of()))).isEqualTo(RedeliveryBackoff.DEFAULT);
    assertThat(RedeliveryBackoff.fromEnv(Env.of(Map.of("QUEUE_RETRY_BASE_SECONDS", "1", "QUEUE_RETRY_MAX_SECONDS", "30"))))
        .isEqualTo(new RedeliveryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    assertThatThrownBy(() -> RedeliveryBackoff.fromEnv(Env.of(Map.of("QUEUE_RETRY_BASE_SECONDS", "10",
        "QUEUE_RETRY_MAX_SECONDS", "5")))).hasMessageContaining("QUEUE_RETRY_MAX_SECONDS");
  }
}
