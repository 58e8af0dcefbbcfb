package io.docpipe.api;

/**
 * The answer to a submission. A record, not a map, so the JSON's field order is the same on every run (clients and
 * the README's examples read it in that order).
 */
record JobAccepted(String jobId, String status) {}
