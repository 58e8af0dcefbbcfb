package io.docpipe.shared.breaker;

import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.JobItems;
import io.docpipe.shared.aws.SqsProbeScheduler;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link BreakerStore} as one item of the jobs table, {@code job_id = circuit-breaker#embedding}: no new table to
 * deploy, and the item has none of the attributes the active-jobs index is keyed on, so the scanner never sees it. A
 * missing item is a closed breaker that never opened.
 */
public final class DynamoBreakerStore implements BreakerStore {
  public static final String ITEM_ID = "circuit-breaker#embedding";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoBreakerStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * The shared state as the functions use it: every transition into open schedules its probe on the probe queue
   * (when {@code PROBE_QUEUE_URL} names one).
   */
  public static BreakerStore withProbes(AwsClients aws, String table, BreakerConfig config) {
    return new ProbeSchedulingBreakerStore(new DynamoBreakerStore(aws.dynamo(), table),
        SqsProbeScheduler.of(aws, config.probeQueueUrl()), config.openDuration());
  }

  @Override
  public Breaker read() {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key()).consistentRead(true)).item();
    if (item == null || item.isEmpty() || !item.containsKey("breaker_state")) return Breaker.INITIAL;
    State state = State.valueOf(item.get("breaker_state").s().toUpperCase(java.util.Locale.ROOT));
    Instant since = item.containsKey("since") ? Instant.parse(item.get("since").s()) : Instant.EPOCH;
    long generation = item.containsKey("generation") ? Long.parseLong(item.get("generation").n()) : 0;
    String reason = item.containsKey("reason") ? item.get("reason").s() : null;
    return new Breaker(state, since, generation, reason);
  }

  @Override
  public boolean open(Instant now, String reason) {
    return update("SET breaker_state = :open, since = :now, reason = :reason, generation = if_not_exists(generation, :zero) + :one",
        "attribute_not_exists(breaker_state) OR breaker_state = :closed",
        Map.of(":open", s(State.OPEN), ":closed", s(State.CLOSED), ":now", time(now), ":reason", text(reason),
            ":zero", n(0), ":one", n(1)));
  }

  @Override
  public boolean halfOpen(Instant now, long generation) {
    return move(State.OPEN, State.HALF_OPEN, now, generation, null);
  }

  @Override
  public boolean close(Instant now, long generation) {
    return move(State.HALF_OPEN, State.CLOSED, now, generation, null);
  }

  @Override
  public boolean reopen(Instant now, long generation, String reason) {
    return move(State.HALF_OPEN, State.OPEN, now, generation, reason);
  }

  private boolean move(State from, State to, Instant now, long generation, String reason) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":from", s(from), ":to", s(to), ":now", time(now),
        ":generation", n(generation)));
    String set = "SET breaker_state = :to, since = :now";
    if (reason != null) {
      set += ", reason = :reason";
      values.put(":reason", text(reason));
    }
    return update(set, "breaker_state = :from AND generation = :generation", values);
  }

  private boolean update(String expression, String condition, Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(key()).updateExpression(expression).conditionExpression(condition)
          .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static Map<String, AttributeValue> key() {
    return Map.of("job_id", AttributeValue.fromS(ITEM_ID));
  }

  private static AttributeValue s(State state) {
    return AttributeValue.fromS(state.wire());
  }

  private static AttributeValue time(Instant instant) {
    return AttributeValue.fromS(JobItems.time(instant));
  }

  private static AttributeValue text(String reason) {
    String r = reason == null || reason.isBlank() ? "unknown" : reason;
    return AttributeValue.fromS(r.length() > 300 ? r.substring(0, 300) : r);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
