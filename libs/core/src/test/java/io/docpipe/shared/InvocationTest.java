package io.docpipe.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvocationTest {
  @Test
  void until_countsDownFromTheDeadline_andNeverGoesNegative() {
    Invocation soon = Invocation.until(System.nanoTime() + 5_000_000_000L);
    Invocation past = Invocation.until(System.nanoTime() - 1_000_000_000L);

    assertThat(soon.remainingMillis()).isBetween(4_000L, 5_000L);
    assertThat(past.remainingMillis()).isZero();
  }

  @Test
  void forRecord_keepsTheDeadline_andCarriesTheReceiveCount() {
    Invocation record = new Invocation(() -> 1_234, 1, false).forRecord(3, true);

    assertThat(record.remainingMillis()).isEqualTo(1_234);
    assertThat(record.receiveCount()).isEqualTo(3);
    assertThat(record.retries()).isEqualTo(2);
    assertThat(record.lastDelivery()).isTrue();
  }

  @Test
  void unbounded_isAFirstDeliveryWithoutDeadline() {
    assertThat(Invocation.UNBOUNDED.remainingMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(Invocation.UNBOUNDED.receiveCount()).isEqualTo(1);
    assertThat(Invocation.UNBOUNDED.lastDelivery()).isFalse();
  }

  @Test
  void receiveCountBelowOne_isRejected_namingTheArgument() {
    assertThatThrownBy(() -> new Invocation(() -> 1, 0, false)).hasMessageContaining("receiveCount");
  }
}
