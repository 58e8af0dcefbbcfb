package io.docpipe.bench.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpora sharing the benchmark's one table: one of 100,000 chunks, one of 50,000, one each of 20,000 and 10,000,
 * ten of 4,000, five of 1,000 (where the plan may change from an exact scan to the index) and fifty of 5 to 50:
 * 226,375 chunks. The quick layout is a tenth of it, for checking the harness, not for numbers.
 */
record CorpusLayout(List<Corpus> corpora) {
  static final int SMALL_CORPORA = 50;
  static final int SMALL_MIN_ROWS = 5;
  static final int SMALL_MAX_ROWS = 50;

  CorpusLayout {
    corpora = List.copyOf(corpora);
  }

  static CorpusLayout full() {
    return scaled(1);
  }

  static CorpusLayout quick() {
    return scaled(10);
  }

  private static CorpusLayout scaled(int divisor) {
    List<Corpus> corpora = new ArrayList<>();
    for (int rows : new int[] {100_000, 50_000, 20_000, 10_000}) {
      int scaled = rows / divisor;
      corpora.add(new Corpus(corpora.size(), "c" + label(scaled), scaled, label(scaled)));
    }
    int mid = 4_000 / divisor;
    for (int i = 0; i < 10; i++) corpora.add(new Corpus(corpora.size(), "c" + label(mid) + "-" + i, mid, label(mid)));
    int thousand = 1_000 / divisor;
    for (int i = 0; i < 5; i++) {
      corpora.add(new Corpus(corpora.size(), "c" + label(thousand) + "-" + i, thousand, label(thousand)));
    }
    for (int i = 0; i < SMALL_CORPORA; i++) {
      corpora.add(new Corpus(corpora.size(), "small-" + i, smallRows(i), SMALL_MIN_ROWS + "-" + SMALL_MAX_ROWS));
    }
    return new CorpusLayout(corpora);
  }

  /** Evenly from 5 to 50, both ends included. */
  static int smallRows(int i) {
    return SMALL_MIN_ROWS + Math.round((float) i * (SMALL_MAX_ROWS - SMALL_MIN_ROWS) / (SMALL_CORPORA - 1));
  }

  private static String label(int rows) {
    return rows % 1000 == 0 ? rows / 1000 + "k" : Integer.toString(rows);
  }

  long totalRows() {
    return corpora.stream().mapToLong(Corpus::rows).sum();
  }

  /** The corpora of each size class, largest class first. */
  Map<String, List<Corpus>> bySizeClass() {
    Map<String, List<Corpus>> classes = new LinkedHashMap<>();
    for (Corpus c : corpora) classes.computeIfAbsent(c.sizeClass(), k -> new ArrayList<>()).add(c);
    return classes;
  }
}
