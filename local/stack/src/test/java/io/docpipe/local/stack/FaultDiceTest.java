package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultDiceTest {
  @Test
  void none_neverCrashesNorDuplicates() {
    FaultDice dice = new FaultDice(FaultPlan.NONE, "scraper");

    assertThat(IntStream.range(0, 1000).mapToObj(i -> dice.crashAfter(5))).allMatch(OptionalInt::isEmpty);
    assertThat(IntStream.range(0, 1000).mapToObj(i -> dice.duplicate())).containsOnly(false);
  }

  @Test
  void sameSeed_sameDecisions() {
    FaultPlan plan = new FaultPlan(0.3, 0.2, 42);

    assertThat(draws(new FaultDice(plan, "chunker"))).isEqualTo(draws(new FaultDice(plan, "chunker")));
    assertThat(draws(new FaultDice(plan, "chunker"))).isNotEqualTo(draws(new FaultDice(plan, "embedder")));
  }

  @Test
  void crashAfter_leavesAtLeastOneRecordUnprocessed_butRunsTheOnlyRecordOfABatchOfOne() {
    FaultDice dice = new FaultDice(new FaultPlan(1, 0, 7), "embedder");

    List<Integer> points = IntStream.range(0, 1000).map(i -> dice.crashAfter(4).getAsInt()).boxed().toList();

    assertThat(points).containsOnly(1, 2, 3).contains(1, 2, 3);
    assertThat(dice.crashAfter(1)).hasValue(1);
  }

  @Test
  void rates_areDrawnAboutAsOftenAsPlanned() {
    FaultDice dice = new FaultDice(new FaultPlan(0.25, 0.1, 1), "scraper");

    long crashes = IntStream.range(0, 10_000).filter(i -> dice.crashAfter(3).isPresent()).count();
    long duplicates = IntStream.range(0, 10_000).filter(i -> dice.duplicate()).count();

    assertThat(crashes).isBetween(2_200L, 2_800L);
    assertThat(duplicates).isBetween(800L, 1_200L);
  }

  @Test
  void rateOutsideZeroToOne_isRejectedByName() {
    assertThatThrownBy(() -> new FaultPlan(1.5, 0, 0)).hasMessageContaining("crashRate");
    assertThatThrownBy(() -> new FaultPlan(0, Double.NaN, 0)).hasMessageContaining("duplicateRate");
  }

  private static List<String> draws(FaultDice dice) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) out.add(dice.duplicate() + "/" + dice.crashAfter(5));
    return out;
  }
}
