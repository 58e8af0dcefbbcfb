package io.docpipe.shared;

/**
 * Switches a stage's consumption of its queue off and on: in AWS its SQS event source mapping, in the local stack
 * the poller that stands in for it. While off, messages wait in the queue without being received, so a long outage
 * of what the stage needs uses up none of their receives.
 */
public interface ConsumptionSwitch {

  ConsumptionSwitch NONE = new ConsumptionSwitch() {
    @Override
    public boolean pause() {
      return false;
    }

    @Override
    public boolean resume() {
      return false;
    }
  };

  /** Turns consumption off; true when this call changed something. */
  boolean pause();

  /** Turns consumption back on; true when this call changed something. */
  boolean resume();
}
