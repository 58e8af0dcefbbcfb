package io.docpipe.bench.search;

import java.util.SplittableRandom;

/**
 * The text of a benchmark chunk: about 900 to 1,500 characters of made-up words, skewed towards the common ones as prose is.
 * Rows then are as wide as real chunks (an exact scan reads them, and their width decides what PostgreSQL moves out
 * of line), and the stored tsvector costs the load what it costs ingestion.
 */
final class ChunkText {
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "bra", "cle",
      "dri", "fro", "gla", "ple", "qui", "sto", "tra", "wen", "an", "el", "in", "or", "us"};
  private static final int VOCABULARY = 4096;
  private static final int MIN_WORDS = 150;
  private static final int MAX_WORDS = 250;

  private final String[] words = new String[VOCABULARY];
  private final long seed;

  ChunkText(long seed) {
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < VOCABULARY; i++) {
      StringBuilder word = new StringBuilder();
      for (int s = 1 + random.nextInt(3); s > 0; s--) word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      words[i] = word.toString();
    }
  }

  String of(int corpus, int row) {
    SplittableRandom random = new SplittableRandom(seed ^ ((long) corpus << 32 | row) * 0x9E3779B97F4A7C15L);
    int count = MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1);
    StringBuilder text = new StringBuilder(count * 8);
    for (int i = 0; i < count; i++) {
      if (i > 0) text.append(i % 17 == 0 ? ". " : " ");
      double u = random.nextDouble();
      text.append(words[(int) (u * u * u * VOCABULARY)]);
    }
    return text.append('.').toString();
  }
}
