package io.docpipe.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link IdempotencyStore} as items of the jobs table, {@code job_id = idem#<caller>#<sha256(key)>}, with the job id,
 * the request's fingerprint and {@code expires_at} (epoch seconds, the table's TTL attribute). The items have no
 * {@code status} and no {@code active_status}, so job reads and the stuck scan's sparse index never see them. TTL
 * deletes lazily, so an item past {@code expires_at} counts as absent.
 */
final class DynamoIdempotencyStore implements IdempotencyStore {
  static final Duration RETENTION = Duration.ofHours(24);

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  DynamoIdempotencyStore(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Optional<Claim> find(String caller, String keyHash) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(caller, keyHash)).consistentRead(true))
        .item();
    if (item == null || item.isEmpty() || !item.containsKey("target_job_id")) return Optional.empty();
    if (Long.parseLong(item.get("expires_at").n()) <= now()) return Optional.empty();
    return Optional.of(new Claim(item.get("target_job_id").s(), item.get("request_hash").s()));
  }

  @Override
  public Optional<Claim> claim(String caller, String keyHash, String fingerprint, String jobId) {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        dynamo.putItem(b -> b.tableName(table)
            .item(Map.of("job_id", s(id(caller, keyHash)), "target_job_id", s(jobId), "request_hash", s(fingerprint),
                "expires_at", n(now() + RETENTION.toSeconds())))
            .conditionExpression("attribute_not_exists(job_id) OR expires_at <= :now")
            .expressionAttributeValues(Map.of(":now", n(now()))));
        return Optional.empty();
      } catch (ConditionalCheckFailedException taken) {
        Optional<Claim> winner = find(caller, keyHash);
        if (winner.isPresent()) return winner;
        // The winner released its claim between our put and our read: try once more.
      }
    }
    throw new IllegalStateException("idempotency key claimed and released concurrently; try again");
  }

  @Override
  public void release(String caller, String keyHash, String jobId) {
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(key(caller, keyHash)).conditionExpression("target_job_id = :job")
          .expressionAttributeValues(Map.of(":job", s(jobId))));
    } catch (ConditionalCheckFailedException notOurs) {
      // another request's claim (ours expired and was replaced): leave it
    }
  }

  static String id(String caller, String keyHash) {
    return "idem#" + caller + "#" + keyHash;
  }

  private Map<String, AttributeValue> key(String caller, String keyHash) {
    return Map.of("job_id", s(id(caller, keyHash)));
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
