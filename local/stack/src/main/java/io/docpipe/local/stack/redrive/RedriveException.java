package io.docpipe.local.stack.redrive;

/** A redrive that cannot go on, with a message for the operator: which queue, what is wrong, what to do instead. */
final class RedriveException extends RuntimeException {
  RedriveException(String message) {
    super(message);
  }
}
