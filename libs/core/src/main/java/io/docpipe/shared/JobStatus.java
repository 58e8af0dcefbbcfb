package io.docpipe.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a job is: {@code queued -> scraping -> chunking -> embedding -> done | failed}. The three working stages
 * double as the values of {@code failed_stage}.
 */
public enum JobStatus {
  QUEUED, SCRAPING, CHUNKING, EMBEDDING, DONE, FAILED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static JobStatus fromWire(String value) {
    for (JobStatus s : values()) {
      if (s.wire().equals(value)) return s;
    }
    throw new IllegalArgumentException("unknown job status: " + value);
  }

  public boolean isActive() {
    return this != DONE && this != FAILED;
  }

  /** True for the statuses a stage Lambda works in, the only legal values of {@code failed_stage}. */
  public boolean isStage() {
    return this == SCRAPING || this == CHUNKING || this == EMBEDDING;
  }

  /** The status a job must be in for this stage to take it over; only defined for the working stages. */
  public JobStatus previous() {
    return switch (this) {
      case SCRAPING -> QUEUED;
      case CHUNKING -> SCRAPING;
      case EMBEDDING -> CHUNKING;
      default -> throw new IllegalStateException(this + " is not a working stage");
    };
  }
}
