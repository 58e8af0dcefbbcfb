package io.docpipe.shared.snapstart;

import java.security.SecureRandom;
import java.util.Random;

/**
 * The random numbers the functions draw (retry and redelivery jitter, trace and span ids), from one generator that
 * {@link SnapStartHooks} reseeds after a SnapStart restore. {@code ThreadLocalRandom} cannot serve: its state is part
 * of the snapshot, so every environment restored from one version would draw the same sequence (the same trace ids,
 * and jitter that no longer spreads retries apart).
 */
public final class Randomness {
  // java.util.Random is thread-safe (a CAS on its seed) and can be reseeded in place; its quality is ample for jitter
  // and ids (the OpenTelemetry SDK's own default draws ids from ThreadLocalRandom, the same algorithm family).
  private static final Random RANDOM = new Random(freshSeed());

  private Randomness() {}

  /** Uniform in [0, 1). */
  public static double nextDouble() {
    return RANDOM.nextDouble();
  }

  public static long nextLong() {
    return RANDOM.nextLong();
  }

  /** A seed no snapshot holds: SecureRandom reads the operating system's entropy when it seeds itself. */
  static void reseed() {
    RANDOM.setSeed(freshSeed());
  }

  /** Puts the generator in a known state: what a snapshot taken now would hold (tests only). */
  static void setSeedForTest(long seed) {
    RANDOM.setSeed(seed);
  }

  private static long freshSeed() {
    return new SecureRandom().nextLong() ^ System.nanoTime();
  }
}
