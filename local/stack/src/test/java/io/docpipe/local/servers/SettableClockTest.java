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
    Instant before = Instant.now();

    clock.advance(Duration.ofHours(2));
    Instant first = clock.instant();

    assertThat(first).isAfterOrEqualTo(before.plus(Duration.ofHours(2)));
    Instant later = Await.until("the clock to tick", Duration.ofSeconds(60), clock::instant, i -> i.isAfter(first));
    // Two hours ahead of the real clock, read after it: the real time flows into it, nothing more.
    assertThat(later).isBeforeOrEqualTo(Instant.now().plus(Duration.ofHours(2)));
  }

  @Test
  void set_makesNowThatInstant() {
    SettableClock clock = new SettableClock();
    Instant target = Instant.parse("2030-01-01T00:00:00Z");
    Instant before = Instant.now();

    clock.set(target);
    Instant now = clock.instant();

    // No later than target plus the real time since set was called, however long a busy machine took.
    assertThat(now).isBetween(target, target.plus(Duration.between(before, Instant.now())));
    assertThat(clock.offset()).isPositive();
  }

  @Test
  void stoppedAt_standsStill_andMovesOnlyWhenTold() {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    SettableClock clock = SettableClock.stoppedAt(start);

    Instant first = clock.instant();
    clock.advance(Duration.ofSeconds(45));
    Instant advanced = clock.instant();
    clock.set(start.plusSeconds(60));

    assertThat(first).isEqualTo(start);
    assertThat(advanced).isEqualTo(start.plusSeconds(45));
    assertThat(clock.instant()).isEqualTo(start.plusSeconds(60));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
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
