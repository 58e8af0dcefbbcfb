package io.docpipe.shared;

/**
 * A stage could not do its work. A permanent failure ends the job at once with {@code errorCode}; a transient one
 * returns the message to its queue for another try.
 */
public final class StageFailure extends RuntimeException {
  private final String errorCode;
  private final boolean permanent;

  private StageFailure(String errorCode, boolean permanent, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.permanent = permanent;
  }

  public static StageFailure permanent(String errorCode, String message) {
    return new StageFailure(errorCode, true, message, null);
  }

  public static StageFailure transientFailure(String errorCode, String message, Throwable cause) {
    return new StageFailure(errorCode, false, message, cause);
  }

  public String errorCode() {
    return errorCode;
  }

  public boolean permanent() {
    return permanent;
  }
}
