package io.docpipe.shared.snapstart;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/** Trace and span ids from {@link Randomness}, so a restored snapshot never repeats another environment's ids. */
public final class RandomIds implements IdGenerator {
  public static final RandomIds INSTANCE = new RandomIds();

  private RandomIds() {}

  @Override
  public String generateSpanId() {
    long id;
    do {
      id = Randomness.nextLong();
    } while (id == 0); // all zeros is the invalid span id
    return SpanId.fromLong(id);
  }

  @Override
  public String generateTraceId() {
    long high = Randomness.nextLong();
    long low;
    do {
      low = Randomness.nextLong();
    } while (low == 0 && high == 0); // all zeros is the invalid trace id
    return TraceId.fromLongs(high, low);
  }
}
