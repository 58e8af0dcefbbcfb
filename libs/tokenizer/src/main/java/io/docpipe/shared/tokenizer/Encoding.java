package io.docpipe.shared.tokenizer;

import java.util.Arrays;

/**
 * The tokens of one text, without {@code [CLS]}/{@code [SEP]}, as parallel arrays indexed by token.
 *
 * <p>The arrays are handed over, not copied (the chunker reads them for every token of a document): treat them as
 * read-only.
 *
 * @param ids vocabulary ids
 * @param starts each token's first UTF-16 index in the original text
 * @param ends each token's exclusive end index in the original text. Tokens of one character that normalization split
 *     into several (a Hangul syllable into its jamo) share that character's span, so spans may overlap; otherwise they
 *     are disjoint and ascending, and {@code text.substring(starts[i], ends[i])} is the token's source text
 * @param wordStarts whether each token begins a pre-tokenized word (whitespace- or punctuation-delimited, a CJK
 *     character, or an added token such as a literal {@code [SEP]}), i.e. is not a {@code ##} continuation
 */
public record Encoding(int[] ids, int[] starts, int[] ends, boolean[] wordStarts) {
  public Encoding {
    if (starts.length != ids.length || ends.length != ids.length || wordStarts.length != ids.length) {
      throw new IllegalArgumentException("ids, starts, ends and wordStarts must have the same length");
    }
  }

  public int size() {
    return ids.length;
  }

  // Records compare arrays by identity; two encodings of the same text should be equal.
  @Override
  public boolean equals(Object o) {
    return o instanceof Encoding e
        && Arrays.equals(ids, e.ids)
        && Arrays.equals(starts, e.starts)
        && Arrays.equals(ends, e.ends)
        && Arrays.equals(wordStarts, e.wordStarts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(starts)) + Arrays.hashCode(ends))
        + Arrays.hashCode(wordStarts);
  }

  @Override
  public String toString() {
    return "Encoding[ids=" + Arrays.toString(ids) + ", starts=" + Arrays.toString(starts) + ", ends="
        + Arrays.toString(ends) + ", wordStarts=" + Arrays.toString(wordStarts) + "]";
  }
}
