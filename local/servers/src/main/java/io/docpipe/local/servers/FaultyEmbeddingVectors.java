package io.docpipe.local.servers;

import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link FaultyEmbeddingServer}'s stand-in for a model: a unit vector drawn from a generator seeded by the text, so a
 * text always gets the same vector and different texts almost surely different ones. Gaussian components make every
 * direction equally likely, which keeps cosine similarities between unrelated texts near zero, as with real models.
 */
final class FaultyEmbeddingVectors {
  private FaultyEmbeddingVectors() {}

  static float[][] of(List<String> texts, int dimension) {
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) vectors[i] = of(texts.get(i), dimension);
    return vectors;
  }

  static float[] of(String text, int dimension) {
    SplittableRandom random = new SplittableRandom(seed(text));
    float[] vector = new float[dimension];
    for (int i = 0; i < dimension; i++) vector[i] = (float) random.nextGaussian();
    double sumOfSquares = 0;
    for (float v : vector) sumOfSquares += (double) v * v;
    float scale = (float) (1 / Math.sqrt(sumOfSquares));
    for (int i = 0; i < dimension; i++) vector[i] *= scale;
    return vector;
  }

  /** Words plus the two special tokens a BERT tokenizer adds: plausible usage numbers without a tokenizer. */
  static int promptTokens(List<String> texts) {
    int tokens = 0;
    for (String text : texts) {
      String trimmed = text.strip();
      tokens += (trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length) + 2;
    }
    return tokens;
  }

  /** 64-bit FNV-1a over the UTF-16 units: String.hashCode's 32 bits would make collisions plausible in big tests. */
  private static long seed(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
