package io.docpipe.search;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a search ranks chunks; the request's {@code "mode"}. */
enum SearchMode {
  /** Nearest chunks to the embedded query; score is cosine similarity. */
  VECTOR,
  /** BM25 over the chunks' words, in PostgreSQL; needs no inference; score is BM25 (unbounded, higher is better). */
  KEYWORD,
  /** Both, min-max scaled and combined with {@link #HYBRID_VECTOR_WEIGHT}; score is 0..1. */
  HYBRID;

  /** The mode that ranks best on SciFact's train split (README, docs/decisions/0003). */
  static final SearchMode DEFAULT = HYBRID;

  /**
   * The vector side's weight in a hybrid search: the middle of the plateau measured on SciFact's train queries (0.55 to
   * 0.7 all within 0.004 nDCG@10 of the best), tuned on train only.
   */
  static final double HYBRID_VECTOR_WEIGHT = 0.6;

  static final List<String> WIRE_VALUES = Arrays.stream(values()).map(SearchMode::wire).toList();

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean needsInference() {
    return this != KEYWORD;
  }

  /** The mode named {@code value} exactly (lower case), or null. */
  static SearchMode fromWire(String value) {
    for (SearchMode m : values()) {
      if (m.wire().equals(value)) return m;
    }
    return null;
  }
}
