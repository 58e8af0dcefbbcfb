package io.docpipe.shared.tokenizer;

/** Receives tokens in text order; an interface so counting needs no per-token storage. */
interface TokenSink {
  /**
   * Takes one token: its id, its [start, end) offsets in the original text (UTF-16 indices) and whether it begins a
   * pre-tokenized word. Returns false to stop tokenizing early.
   */
  boolean token(int id, int start, int end, boolean wordStart);
}
