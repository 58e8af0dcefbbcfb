package io.docpipe.bench.search;

import java.util.SplittableRandom;

/**
 * Unit vectors shaped like the text embeddings of several corpora sharing one space: a pool of topics, each with
 * subtopics; a corpus covers some topics (corpora overlap on many), a chunk lies near one subtopic of its corpus, and
 * a query is drawn the way its corpus's chunks are. A query's true neighbours are then a few dozen chunks of one
 * subtopic with other corpora's chunks all around them: the case where a filtered approximate index loses rows.
 *
 * <p>Each vector is a function of (seed, corpus, row) alone, so the exact reference regenerates a corpus's rows in
 * Java instead of reading them back, and the load can write rows in any order.
 */
final class ClusteredVectors {
  static final int TOPICS = 400;
  static final int SUBTOPICS_PER_TOPIC = 16;
  /** About one topic per this many rows of a corpus (at least one, at most a quarter of the pool). */
  static final int ROWS_PER_TOPIC = 1_000;
  // Spreads as the length of the noise added to a unit centre: a chunk's cosine to its subtopic's centre is about
  // 1 / sqrt(1 + spread^2) (0.74), two chunks of one subtopic about 0.55, of sibling subtopics about 0.37.
  private static final double SUBTOPIC_SPREAD = 0.7;
  private static final double CHUNK_SPREAD = 0.9;
  private static final long CHUNKS = 0x43484e4bL;
  private static final long QUERIES = 0x51525953L;
  private static final long TOPIC_CHOICE = 0x544f5043L;

  private final int dimension;
  private final long seed;
  private final float[][] subtopicCentres;

  ClusteredVectors(int dimension, long seed) {
    if (dimension < 2) throw new IllegalArgumentException("dimension must be >= 2, was " + dimension);
    this.dimension = dimension;
    this.seed = seed;
    this.subtopicCentres = new float[TOPICS * SUBTOPICS_PER_TOPIC][];
    for (int topic = 0; topic < TOPICS; topic++) {
      SplittableRandom random = random(0x544f5049L, topic, 0);
      float[] centre = normalised(noisy(random, new float[dimension], 1));
      for (int sub = 0; sub < SUBTOPICS_PER_TOPIC; sub++) {
        subtopicCentres[topic * SUBTOPICS_PER_TOPIC + sub] = normalised(noisy(random, centre, SUBTOPIC_SPREAD));
      }
    }
  }

  int dimension() {
    return dimension;
  }

  /** Row {@code row} of corpus {@code corpus} (of {@code rows} rows in all), unit length. */
  float[] chunk(int corpus, int rows, int row) {
    return near(random(CHUNKS, corpus, row), topicsOf(corpus, rows));
  }

  /** Query {@code query} of corpus {@code corpus}: drawn as its chunks are, but from a stream of its own. */
  float[] query(int corpus, int rows, int query) {
    return near(random(QUERIES, corpus, query), topicsOf(corpus, rows));
  }

  /** The topics a corpus covers: distinct, chosen by the seed, more for a bigger corpus. */
  int[] topicsOf(int corpus, int rows) {
    int count = Math.clamp(rows / ROWS_PER_TOPIC, 1, TOPICS / 4);
    SplittableRandom random = random(TOPIC_CHOICE, corpus, 0);
    int[] pool = new int[TOPICS];
    for (int i = 0; i < TOPICS; i++) pool[i] = i;
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(TOPICS - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return java.util.Arrays.copyOf(pool, count);
  }

  private float[] near(SplittableRandom random, int[] topics) {
    int topic = topics[random.nextInt(topics.length)];
    float[] centre = subtopicCentres[topic * SUBTOPICS_PER_TOPIC + random.nextInt(SUBTOPICS_PER_TOPIC)];
    return normalised(noisy(random, centre, CHUNK_SPREAD));
  }

  /** {@code centre} plus Gaussian noise whose length is about {@code spread}. */
  private float[] noisy(SplittableRandom random, float[] centre, double spread) {
    double scale = spread / Math.sqrt(dimension);
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) v[i] = (float) (centre[i] + scale * random.nextGaussian());
    return v;
  }

  static float[] normalised(float[] v) {
    double sum = 0;
    for (float x : v) sum += (double) x * x;
    double norm = Math.sqrt(sum);
    for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] / norm);
    return v;
  }

  private SplittableRandom random(long stream, int corpus, int index) {
    long h = seed ^ stream * 0x9E3779B97F4A7C15L;
    h = (h ^ corpus) * 0xBF58476D1CE4E5B9L;
    h = (h ^ index) * 0x94D049BB133111EBL;
    return new SplittableRandom(h ^ (h >>> 31));
  }
}
