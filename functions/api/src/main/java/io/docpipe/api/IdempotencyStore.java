package io.docpipe.api;

import java.util.Optional;

/**
 * Idempotency keys of job submissions, per caller: which job a key made and a fingerprint of the request it came
 * with. A key is kept for 24 hours.
 */
interface IdempotencyStore {
  /** What a key was first used for. */
  record Claim(String jobId, String fingerprint) {}

  /** The live claim of {@code keyHash} by {@code caller}, if any. */
  Optional<Claim> find(String caller, String keyHash);

  /**
   * Claims {@code keyHash} for {@code jobId}, atomically: of two concurrent requests with one key exactly one wins.
   * Empty when this call won; otherwise the winner's claim.
   */
  Optional<Claim> claim(String caller, String keyHash, String fingerprint, String jobId);

  /** Gives up this call's claim (its job could not be created), so a retry with the key starts afresh. */
  void release(String caller, String keyHash, String jobId);
}
