package io.docpipe.api;

import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link SubmissionQuota} as one counter item per caller and calendar minute in the jobs table,
 * {@code job_id = quota#<caller>#<epoch minute>}: a conditional {@code ADD}, so concurrent requests in every execution
 * environment share the count and none goes over the limit. {@code expires_at} lets DynamoDB's TTL delete the item
 * after the minute; like the idempotency items it has no {@code status} or {@code active_status}.
 */
final class DynamoSubmissionQuota implements SubmissionQuota {
  private final DynamoDbClient dynamo;
  private final String table;
  private final int perMinute;
  private final Clock clock;

  DynamoSubmissionQuota(DynamoDbClient dynamo, String table, int perMinute, Clock clock) {
    if (perMinute < 1) throw new IllegalArgumentException("perMinute must be >= 1, was " + perMinute);
    this.dynamo = dynamo;
    this.table = table;
    this.perMinute = perMinute;
    this.clock = clock;
  }

  @Override
  public Decision acquire(String caller) {
    long now = clock.instant().getEpochSecond();
    long minute = Math.floorDiv(now, 60);
    try {
      dynamo.updateItem(b -> b.tableName(table)
          .key(Map.of("job_id", AttributeValue.fromS(id(caller, minute))))
          .updateExpression("ADD submissions :one SET expires_at = :expires")
          .conditionExpression("attribute_not_exists(submissions) OR submissions < :limit")
          .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(perMinute), ":expires", n((minute + 2) * 60))));
      return Decision.ALLOWED;
    } catch (ConditionalCheckFailedException full) {
      return new Decision(false, 60 - Math.floorMod(now, 60));
    }
  }

  int perMinute() {
    return perMinute;
  }

  static String id(String caller, long epochMinute) {
    return "quota#" + caller + "#" + epochMinute;
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
