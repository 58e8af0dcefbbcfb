package io.docpipe.shared.tokenizer;

import java.util.Map;

/** HuggingFace's WordPiece model: greedy longest-match-first within one pre-tokenized, normalized word. */
final class WordPiece {
  private final VocabTrie trie;
  private final int continuationRoot;
  private final int unkId;
  private final int maxInputChars;

  WordPiece(Map<String, Integer> vocab, String unkToken, String continuingSubwordPrefix, int maxInputChars) {
    Integer unk = vocab.get(unkToken);
    if (unk == null) throw new IllegalArgumentException("unk_token '" + unkToken + "' is not in the vocab");
    if (maxInputChars < 1) {
      throw new IllegalArgumentException("max_input_chars_per_word must be >= 1, was " + maxInputChars);
    }
    this.trie = new VocabTrie(vocab);
    this.continuationRoot = trie.walk(continuingSubwordPrefix);
    this.unkId = unk;
    this.maxInputChars = maxInputChars;
  }

  int maxInputChars() {
    return maxInputChars;
  }

  int unkId() {
    return unkId;
  }

  /**
   * Splits {@code word[0, length)} into pieces, writing each piece's id and exclusive end index to {@code ids} and
   * {@code ends} (both at least {@code min(length, maxInputChars)} long), and returns the number of pieces. A word
   * longer than max_input_chars_per_word, or with a position no vocabulary entry matches, is a single {@code [UNK]}.
   */
  int split(int[] word, int length, int[] ids, int[] ends) {
    if (length > maxInputChars) return unknown(length, ids, ends);
    int pieces = 0;
    for (int start = 0; start < length; ) {
      int node = start == 0 ? VocabTrie.ROOT : continuationRoot;
      int bestId = VocabTrie.NONE;
      int bestEnd = start;
      for (int i = start; i < length && node != VocabTrie.NONE; i++) {
        node = trie.child(node, word[i]);
        if (node != VocabTrie.NONE && trie.tokenId(node) != VocabTrie.NONE) {
          bestId = trie.tokenId(node);
          bestEnd = i + 1;
        }
      }
      if (bestId == VocabTrie.NONE) return unknown(length, ids, ends);
      ids[pieces] = bestId;
      ends[pieces++] = bestEnd;
      start = bestEnd;
    }
    return pieces;
  }

  private int unknown(int length, int[] ids, int[] ends) {
    ids[0] = unkId;
    ends[0] = length;
    return 1;
  }
}
