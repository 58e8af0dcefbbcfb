package io.docpipe.local.stack;

import java.time.Duration;

/**
 * How template.yaml deploys one SQS-triggered function, as far as the local pollers need it: its timeout, the event
 * source mapping's batch size, and how many execution environments may run at once.
 */
record FunctionSpec(String name, Duration timeout, int batchSize, int concurrency) {
  FunctionSpec withTimeout(Duration timeout) {
    return new FunctionSpec(name, timeout, batchSize, concurrency);
  }
}
