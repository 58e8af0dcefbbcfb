package io.docpipe.shared.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * Puts work done for a job outside its message chain (the scanner's requeue or failure of a stuck job) into the job's
 * own trace, from the trace id stored on the job. A span needs a parent span id too, which the job does not keep;
 * the low 64 bits of the trace id stand in for it, so Tempo shows the span in the job's trace under a parent it never
 * received. Without a stored trace id the work stays in the current trace.
 */
public final class JobTraces {
  private JobTraces() {}

  public static Context continueTrace(String traceId) {
    if (traceId == null || !TraceId.isValid(traceId)) return Context.current();
    SpanContext parent = SpanContext.createFromRemoteParent(traceId, traceId.substring(16), TraceFlags.getSampled(),
        TraceState.getDefault());
    return parent.isValid() ? Context.current().with(Span.wrap(parent)) : Context.current();
  }
}
