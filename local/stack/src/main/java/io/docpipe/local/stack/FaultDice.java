package io.docpipe.local.stack;

import java.util.OptionalInt;
import java.util.Random;

/**
 * One poller's draws from a {@link FaultPlan}. Its workers share one random source, seeded from the plan's seed and the
 * function's name so that the three pollers do not draw the same sequence.
 */
final class FaultDice {
  private final FaultPlan plan;
  private final Random random;

  FaultDice(FaultPlan plan, String function) {
    this.plan = plan;
    this.random = new Random(plan.seed() * 31 + function.hashCode());
  }

  /** Whether SQS delivers this received message a second time. */
  synchronized boolean duplicate() {
    return plan.duplicateRate() > 0 && random.nextDouble() < plan.duplicateRate();
  }

  /**
   * Whether an invocation of {@code batchSize} records crashes, and if so after how many records: uniform in
   * {@code 1..batchSize-1}, or the single record of a batch of one.
   */
  synchronized OptionalInt crashAfter(int batchSize) {
    if (plan.crashRate() <= 0 || random.nextDouble() >= plan.crashRate()) return OptionalInt.empty();
    return OptionalInt.of(batchSize <= 1 ? 1 : 1 + random.nextInt(batchSize - 1));
  }
}
