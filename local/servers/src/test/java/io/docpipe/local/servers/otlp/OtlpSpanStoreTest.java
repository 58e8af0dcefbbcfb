package io.docpipe.local.servers.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpSpanStoreTest {

  @Test
  void pastCapacity_theOldestSpansGo_fromTheirTracesToo() {
    SpanStore store = new SpanStore(3);

    store.addAll(List.of(span("t1", "a"), span("t2", "b"), span("t1", "c")));
    store.addAll(List.of(span("t2", "d"), span("t3", "e")));

    assertThat(store.all()).extracting(ReceivedSpan::spanId).containsExactly("c", "d", "e");
    assertThat(store.trace("t1")).extracting(ReceivedSpan::spanId).containsExactly("c");
    assertThat(store.trace("t2")).extracting(ReceivedSpan::spanId).containsExactly("d");
    assertThat(store.trace("t3")).extracting(ReceivedSpan::spanId).containsExactly("e");
  }

  @Test
  void aTraceWhoseSpansAllWent_isForgotten() {
    SpanStore store = new SpanStore(1);

    store.addAll(List.of(span("t1", "a"), span("t2", "b")));

    assertThat(store.trace("t1")).isEmpty();
  }

  private static ReceivedSpan span(String traceId, String spanId) {
    return new ReceivedSpan(traceId, spanId, "", "s", "INTERNAL", "api", 0, 1, "UNSET", "", Map.of(), List.of(),
        Map.of());
  }
}
