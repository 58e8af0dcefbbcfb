package io.docpipe.local.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {
  @Test
  void new_startsAtTheRealNow_inUtc() {
    Instant before = Instant.now();
    SettableClock clock = new SettableClock();

    assertThat(clock.instant()).isBetween(before, Instant.now());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void advance_movesItAhead_andTimeKeepsFlowing() {
    SettableClock clock = new SettableClock();

    clock.advance(Duration.ofHours(2));
    Instant first = clock.instant();

    assertThat(first).isAfter(Instant.now().plus(Duration.ofMinutes(119)));
    Instant later = Await.until("the clock to tick", Duration.ofSeconds(5), clock::instant, i -> i.isAfter(first));
    assertThat(later).isBefore(first.plusSeconds(5));
  }

  @Test
  void set_makesNowThatInstant() {
    SettableClock clock = new SettableClock();
    Instant target = Instant.parse("2030-01-01T00:00:00Z");

    clock.set(target);

    assertThat(clock.instant()).isBetween(target, target.plusSeconds(1));
    assertThat(clock.offset()).isPositive();
  }

  @Test
  void withZone_sharesTheOffset() {
    SettableClock clock = new SettableClock();
    var paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofDays(1));

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isAfter(Instant.now().plus(Duration.ofHours(23)));
  }
}
