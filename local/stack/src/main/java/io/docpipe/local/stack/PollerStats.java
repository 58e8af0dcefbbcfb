package io.docpipe.local.stack;

/**
 * What one SQS poller has done since the stack started, for tests to assert on. A snapshot: it does not change.
 *
 * @param invocations handler invocations, including those that timed out, failed or were made to crash
 * @param recordsReceived messages received from the queue (a redelivery counts again; injected duplicates count when
 *     they are received)
 * @param timeouts invocations cancelled at the function's timeout
 * @param crashesInjected invocations made to crash by the {@link FaultPlan}
 * @param duplicatesInjected copies sent back to the queue by the {@link FaultPlan}
 * @param maxInvocationMillis the longest invocation, a timed-out one included
 * @param invocationsRunning invocations started and not yet returned or timed out
 */
public record PollerStats(String function, long invocations, long recordsReceived, long timeouts, long crashesInjected,
    long duplicatesInjected, long maxInvocationMillis, long invocationsRunning) {}
