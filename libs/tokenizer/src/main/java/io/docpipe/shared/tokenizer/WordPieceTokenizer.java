package io.docpipe.shared.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A pure-Java BERT WordPiece tokenizer that gives the same ids as HuggingFace {@code tokenizers} for the same
 * tokenizer.json (checked token for token against it in the tests), so the chunker counts exactly the tokens the
 * embedding model will see, without a native library in the Lambda.
 *
 * <p>As in the reference, a literal added token in the text (say {@code [SEP]}) becomes that one token, words over
 * 100 characters become {@code [UNK]}, and characters are classified by the reference's own (Unicode 8.0) tables, not
 * the JDK's. A lone surrogate, which the reference cannot even be given, is dropped.
 *
 * <p>Immutable and thread-safe. Offsets are UTF-16 indices into the text as given, so callers can cut it at token
 * boundaries.
 */
public final class WordPieceTokenizer {
  private static final String BGE_RESOURCE = "bge-small-en-v1.5-tokenizer.json";

  private final BasicTokenizer basic;
  private final int clsId;
  private final int sepId;
  private final int padId;
  private final int unkId;

  private WordPieceTokenizer(TokenizerJson.Parsed parsed) {
    this.basic = parsed.basic();
    this.clsId = parsed.clsId();
    this.sepId = parsed.sepId();
    this.padId = parsed.padId();
    this.unkId = parsed.unkId();
  }

  /** The tokenizer of bge-small-en-v1.5 (and bge-large, which shares it), loaded once from the classpath. */
  public static WordPieceTokenizer bge() {
    return Bge.INSTANCE;
  }

  /**
   * Reads a HuggingFace tokenizer.json. The stream is read to the end but not closed.
   *
   * @throws IllegalArgumentException if it describes anything but a BERT WordPiece pipeline
   * @throws UncheckedIOException if it cannot be read or is not JSON
   */
  public static WordPieceTokenizer fromJson(InputStream json) {
    return new WordPieceTokenizer(TokenizerJson.read(json));
  }

  /** The tokens of {@code text}, without {@code [CLS]} and {@code [SEP]}. */
  public Encoding encode(String text) {
    Collector collector = new Collector(text.length() / 4 + 16);
    basic.tokenize(text, collector);
    return collector.toEncoding();
  }

  /** How many tokens {@code text} has, without {@code [CLS]} and {@code [SEP]}; stores no tokens. */
  public int countTokens(String text) {
    Counter counter = new Counter();
    basic.tokenize(text, counter);
    return counter.count;
  }

  /** How many tokens the model sees for {@code text}: {@link #countTokens} plus {@code [CLS]} and {@code [SEP]}. */
  public int countWithSpecialTokens(String text) {
    return countTokens(text) + 2;
  }

  /**
   * {@code [CLS]}, the ids of {@code text}, {@code [SEP]}: the model's input_ids, truncated (the way HuggingFace
   * truncates: tokens dropped from the end, {@code [SEP]} kept last) to at most {@code maxTokens} ids.
   */
  public long[] modelInputIds(String text, int maxTokens) {
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be >= 2 to hold [CLS] and [SEP], was " + maxTokens);
    }
    Truncator truncator = new Truncator(maxTokens - 2, text.length());
    basic.tokenize(text, truncator);
    long[] ids = new long[truncator.size + 2];
    ids[0] = clsId;
    for (int i = 0; i < truncator.size; i++) ids[i + 1] = truncator.ids[i];
    ids[ids.length - 1] = sepId;
    return ids;
  }

  public int clsId() {
    return clsId;
  }

  public int sepId() {
    return sepId;
  }

  public int padId() {
    return padId;
  }

  public int unkId() {
    return unkId;
  }

  /** Holder idiom: the 700 kB JSON is parsed on first use, once, without locking afterwards. */
  private static final class Bge {
    static final WordPieceTokenizer INSTANCE = load();

    private static WordPieceTokenizer load() {
      try (InputStream json = WordPieceTokenizer.class.getResourceAsStream(BGE_RESOURCE)) {
        if (json == null) {
          throw new IllegalStateException(BGE_RESOURCE + " is not on the classpath next to " + Bge.class);
        }
        return fromJson(json);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + BGE_RESOURCE, e);
      }
    }
  }

  private static final class Counter implements TokenSink {
    int count;

    @Override
    public boolean token(int id, int start, int end, boolean wordStart) {
      count++;
      return true;
    }
  }

  /** Keeps the first {@code limit} ids and then stops the pass: a long text costs only what the model will read. */
  private static final class Truncator implements TokenSink {
    private final int limit;
    int[] ids;
    int size;

    Truncator(int limit, int textLength) {
      this.limit = limit;
      this.ids = new int[Math.min(limit, textLength + 16)];
    }

    @Override
    public boolean token(int id, int start, int end, boolean wordStart) {
      if (size == limit) return false;
      if (size == ids.length) ids = Arrays.copyOf(ids, (int) Math.min(limit, 2L * size));
      ids[size++] = id;
      return size < limit;
    }
  }

  /** Grows parallel arrays as tokens arrive. */
  private static final class Collector implements TokenSink {
    private int[] ids;
    private int[] starts;
    private int[] ends;
    private boolean[] wordStarts;
    private int size;

    Collector(int capacity) {
      ids = new int[capacity];
      starts = new int[capacity];
      ends = new int[capacity];
      wordStarts = new boolean[capacity];
    }

    @Override
    public boolean token(int id, int start, int end, boolean wordStart) {
      if (size == ids.length) {
        int capacity = size * 2;
        ids = Arrays.copyOf(ids, capacity);
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        wordStarts = Arrays.copyOf(wordStarts, capacity);
      }
      ids[size] = id;
      starts[size] = start;
      ends[size] = end;
      wordStarts[size++] = wordStart;
      return true;
    }

    Encoding toEncoding() {
      return new Encoding(Arrays.copyOf(ids, size), Arrays.copyOf(starts, size), Arrays.copyOf(ends, size),
          Arrays.copyOf(wordStarts, size));
    }
  }
}
