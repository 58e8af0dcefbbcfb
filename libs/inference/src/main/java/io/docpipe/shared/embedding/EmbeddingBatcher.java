package io.docpipe.shared.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits work into batches bounded by item count AND total tokens, the two limits an inference server enforces
 * (TEI answers 413/422 past either). Order is kept; an item bigger than the token bound goes alone.
 */
public final class EmbeddingBatcher {
  private EmbeddingBatcher() {}

  public static <T> List<List<T>> batches(List<T> items, ToIntFunction<T> tokens, int maxItems, int maxTokens) {
    if (maxItems < 1) throw new IllegalArgumentException("maxItems must be >= 1, was " + maxItems);
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
    List<List<T>> batches = new ArrayList<>();
    List<T> current = new ArrayList<>();
    int currentTokens = 0;
    for (T item : items) {
      int t = tokens.applyAsInt(item);
      if (!current.isEmpty() && (current.size() == maxItems || currentTokens + t > maxTokens)) {
        batches.add(current);
        current = new ArrayList<>();
        currentTokens = 0;
      }
      current.add(item);
      currentTokens += t;
    }
    if (!current.isEmpty()) batches.add(current);
    return batches;
  }
}
