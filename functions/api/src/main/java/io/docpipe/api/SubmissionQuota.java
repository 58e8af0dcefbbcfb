package io.docpipe.api;

/** How many jobs one caller may submit per calendar minute. */
interface SubmissionQuota {
  /** Whether a request may go ahead, and if not, in how many seconds the caller may try again. */
  record Decision(boolean allowed, long retryAfterSeconds) {
    static final Decision ALLOWED = new Decision(true, 0);
  }

  /** Counts one submission of {@code caller} in the current minute, unless the minute's quota is used up. */
  Decision acquire(String caller);
}
