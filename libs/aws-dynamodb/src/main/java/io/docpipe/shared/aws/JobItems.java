package io.docpipe.shared.aws;

import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item <-> {@link Job} mapping and the one timestamp format of the table; public for the table's other item, the
 * breaker's ({@code DynamoBreakerStore} in module inference).
 */
public final class JobItems {
  /**
   * Fixed width with milliseconds: {@code updated_at} is the index's range key and compared as a string, so every
   * value must sort the way its instant does ({@code Instant.toString()} drops zero fractions and would not).
   */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private JobItems() {}

  /** {@code instant} as the table stores every timestamp. */
  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  static Job toJob(Map<String, AttributeValue> item) {
    return new Job(
        str(item, "job_id"),
        JobStatus.fromWire(str(item, "status")),
        str(item, "url"),
        str(item, "corpus_name"),
        num(item, "chunk_count"),
        item.containsKey("failed_stage") ? JobStatus.fromWire(str(item, "failed_stage")) : null,
        str(item, "error_code"),
        instant(item, "created_at"),
        instant(item, "updated_at"),
        str(item, "trace_id"),
        num(item, "parts_total"),
        item.containsKey("parts_done") ? item.get("parts_done").ns().size() : 0,
        item.containsKey("requeues") ? num(item, "requeues") : 0);
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static Integer num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? null : Integer.valueOf(v.n());
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    String v = str(item, name);
    return v == null ? null : Instant.from(TIME.parse(v));
  }
}
