package io.docpipe.local.stack;

/**
 * Faults the local SQS pollers inject, so tests can show the pipeline survives what Lambda and SQS may do to it. Each
 * poller draws from its own {@link java.util.Random} seeded from {@code seed}, so a failing run can be repeated (as
 * far as the order in which concurrent workers draw allows).
 *
 * @param crashRate per invocation, the chance the function crashes mid-batch: it processes only the first records
 *     (some of them, never all when there are several), then dies without reporting, so the whole batch is received
 *     again after its visibility timeout and the execution environment is replaced
 * @param duplicateRate per received message, the chance SQS delivers it twice (at-least-once delivery): a copy with
 *     the same body and message attributes is sent back to the queue before the invocation
 * @param seed of the pollers' random sources
 */
public record FaultPlan(double crashRate, double duplicateRate, long seed) {
  /** No faults: the pollers behave as Lambda's event source mapping does on a good day. */
  public static final FaultPlan NONE = new FaultPlan(0, 0, 0);

  public FaultPlan {
    requireRate("crashRate", crashRate);
    requireRate("duplicateRate", duplicateRate);
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException(name + " must be within [0, 1], was " + rate);
  }
}
