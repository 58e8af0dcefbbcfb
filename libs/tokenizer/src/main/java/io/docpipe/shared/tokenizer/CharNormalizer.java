package io.docpipe.shared.tokenizer;

import java.text.Normalizer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The per-character part of BertNormalizer: strip accents (NFD, then drop nonspacing marks), then lowercase.
 *
 * <p>Each code point is decomposed on its own, so marks from different source characters are not canonically
 * reordered as a whole-string NFD would. That only permutes combining marks (non-zero combining class), none of which
 * is in the vocabulary, so a word holding one is {@code [UNK]} either way and the ids cannot change.
 */
final class CharNormalizer {
  /** Longest canonical decomposition of a code point is 4; room to spare. */
  static final int MAX_EXPANSION = 8;

  private static final int PAGE_BITS = 8;
  private static final int[][] NO_DECOMPOSITIONS = new int[0][];
  // Filled lazily, a page of 256 code points at a time: decomposing all of Unicode up front would cost a cold start.
  private static final AtomicReferenceArray<int[][]> PAGES =
      new AtomicReferenceArray<>((Character.MAX_CODE_POINT + 1) >> PAGE_BITS);

  private final boolean stripAccents;
  private final boolean lowercase;

  CharNormalizer(boolean stripAccents, boolean lowercase) {
    this.stripAccents = stripAccents;
    this.lowercase = lowercase;
  }

  /** Writes the normalized form of {@code cp} to {@code out}; returns how many code points it is (0: dropped). */
  int normalize(int cp, int[] out) {
    // Nothing below U+00C0 has a canonical decomposition: ASCII and Latin-1 punctuation skip the lookup.
    int[] decomposed = stripAccents && cp >= 0xC0 ? decomposition(cp) : null;
    if (decomposed == null) {
      if (stripAccents && UnicodeTables.isNonspacingMark(cp)) return 0;
      out[0] = lower(cp);
      return 1;
    }
    int n = 0;
    for (int d : decomposed) {
      if (!UnicodeTables.isNonspacingMark(d)) out[n++] = lower(d);
    }
    return n;
  }

  // Rust lowercases with the full mapping, Java's Character with the simple one; they differ only for U+0130, which
  // NFD has already split into I + U+0307 whenever accents are stripped.
  private int lower(int cp) {
    if (!lowercase) return cp;
    return cp < 128 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp) : Character.toLowerCase(cp);
  }

  /** The canonical decomposition of {@code cp}, or null when it is its own NFD. */
  static int[] decomposition(int cp) {
    int index = cp >> PAGE_BITS;
    int[][] page = PAGES.get(index);
    if (page == null) {
      page = decomposePage(index);
      PAGES.set(index, page); // a racing thread computes the same page; either copy will do
    }
    return page == NO_DECOMPOSITIONS ? null : page[cp & ((1 << PAGE_BITS) - 1)];
  }

  private static int[][] decomposePage(int index) {
    int[][] page = new int[1 << PAGE_BITS][];
    boolean any = false;
    for (int i = 0; i < page.length; i++) {
      int cp = (index << PAGE_BITS) + i;
      if (Character.getType(cp) == Character.SURROGATE) continue;
      String single = Character.toString(cp);
      String nfd = Normalizer.normalize(single, Normalizer.Form.NFD);
      if (!nfd.equals(single)) {
        page[i] = nfd.codePoints().toArray();
        any = true;
      }
    }
    return any ? page : NO_DECOMPOSITIONS;
  }
}
