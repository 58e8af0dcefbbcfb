package io.docpipe.shared.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

/**
 * HuggingFace {@code tokenizers} (through DJL's bundled native build, tokenizers 0.21.4) on the same tokenizer.json,
 * and the comparison of its output with ours.
 *
 * <p>DJL reports offsets in Unicode code points (Rust chars), ours are UTF-16 indices, so ours are converted before
 * comparing; with that, offsets agree everywhere we looked, so they are compared exactly.
 */
final class HfReference {
  static final String RESOURCE = "bge-small-en-v1.5-tokenizer.json";
  private static final HuggingFaceTokenizer TOKENIZER = create();

  private HfReference() {}

  /** Ids, code-point offsets and word starts: what both tokenizers can be asked for. */
  record Tokens(long[] ids, int[] starts, int[] ends, boolean[] wordStarts) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Tokens t
          && Arrays.equals(ids, t.ids)
          && Arrays.equals(starts, t.starts)
          && Arrays.equals(ends, t.ends)
          && Arrays.equals(wordStarts, t.wordStarts);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }

    /**
     * The same tokens with the offsets of every [UNK] blanked. Found by jqwik (seed -4225743574650084600): for
     * "\u0300\u1B44" (a nonspacing mark that accent stripping removes, then a spacing mark) HuggingFace aligns the
     * [UNK] word to the removed mark (0-1) while ours covers the surviving character (1-2). Ids agree; an [UNK]'s span
     * only matters to the chunker, which re-counts every chunk anyway, so random texts compare [UNK] spans no further.
     */
    Tokens withoutUnkSpans(long unkId) {
      int[] s = starts.clone();
      int[] e = ends.clone();
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == unkId) {
          s[i] = -1;
          e[i] = -1;
        }
      }
      return new Tokens(ids, s, e, wordStarts);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < ids.length; i++) {
        s.append(wordStarts[i] ? " " : "+").append(ids[i]).append('@').append(starts[i]).append('-').append(ends[i]);
      }
      return s.toString().trim();
    }
  }

  static Tokens reference(String text) {
    return toTokens(TOKENIZER.encode(text));
  }

  static Tokens[] reference(String[] texts) {
    return Arrays.stream(TOKENIZER.batchEncode(texts)).map(HfReference::toTokens).toArray(Tokens[]::new);
  }

  static Tokens ours(WordPieceTokenizer tokenizer, String text) {
    Encoding e = tokenizer.encode(text);
    int[] codePointIndex = new int[text.length() + 1];
    for (int i = 0, cp = 0; i <= text.length(); i++) {
      codePointIndex[i] = cp;
      if (i < text.length() && !(Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1)))) {
        cp++;
      }
    }
    return new Tokens(
        Arrays.stream(e.ids()).asLongStream().toArray(),
        Arrays.stream(e.starts()).map(i -> codePointIndex[i]).toArray(),
        Arrays.stream(e.ends()).map(i -> codePointIndex[i]).toArray(),
        e.wordStarts().clone());
  }

  private static Tokens toTokens(ai.djl.huggingface.tokenizers.Encoding e) {
    long[] ids = e.getIds();
    long[] wordIds = e.getWordIds();
    CharSpan[] spans = e.getCharTokenSpans();
    int[] starts = new int[ids.length];
    int[] ends = new int[ids.length];
    boolean[] wordStarts = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      starts[i] = spans[i] == null ? -1 : spans[i].getStart();
      ends[i] = spans[i] == null ? -1 : spans[i].getEnd();
      wordStarts[i] = i == 0 || wordIds[i] != wordIds[i - 1];
    }
    return new Tokens(ids, starts, ends, wordStarts);
  }

  private static HuggingFaceTokenizer create() {
    try (InputStream json = WordPieceTokenizer.class.getResourceAsStream(RESOURCE)) {
      Path file = Files.createTempFile("bge-tokenizer", ".json");
      file.toFile().deleteOnExit();
      Files.copy(json, file, StandardCopyOption.REPLACE_EXISTING);
      // DJL defaults to truncating at 512 and to adding [CLS]/[SEP]; the reference must do neither.
      return HuggingFaceTokenizer.newInstance(
          file, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
