package io.docpipe.shared.aws;

import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link JobStore} over one DynamoDB table keyed by {@code job_id}. Active jobs carry {@code active_status}, the hash
 * key of the sparse {@code active-jobs} index (range key {@code updated_at}); ending a job removes it, so the stuck
 * scan never reads finished jobs. Every write states the status it expects.
 */
public final class DynamoJobStore implements JobStore {
  public static final String ACTIVE_INDEX = "active-jobs";

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoJobStore(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public void create(Job job) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("job_id", s(job.jobId()));
    item.put("status", s(job.status().wire()));
    item.put("active_status", s(job.status().wire()));
    item.put("url", s(job.url()));
    item.put("corpus_name", s(job.corpusName()));
    item.put("created_at", s(JobItems.time(job.createdAt())));
    item.put("updated_at", s(JobItems.time(job.updatedAt())));
    item.put("history", AttributeValue.fromL(List.of(s(job.status().wire()))));
    item.put("requeues", n(0));
    if (job.traceId() != null) item.put("trace_id", s(job.traceId()));
    dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(job_id)"));
  }

  @Override
  public Optional<Job> find(String jobId) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(jobId)).consistentRead(true)).item();
    // Items without a status are not jobs (the circuit breaker's item shares the table).
    return item == null || !item.containsKey("status") ? Optional.empty() : Optional.of(JobItems.toJob(item));
  }

  @Override
  public Takeover begin(String jobId, JobStatus stage) {
    boolean moved = update(jobId, "SET #s = :to, active_status = :to, updated_at = :now, history = list_append(history, :hist)",
        "#s = :from", Map.of(":to", s(stage.wire()), ":from", s(stage.previous().wire()),
            ":hist", AttributeValue.fromL(List.of(s(stage.wire())))));
    if (moved) return Takeover.STARTED;
    return find(jobId).filter(j -> j.status() == stage).map(j -> Takeover.RESUMED).orElse(Takeover.SKIP);
  }

  @Override
  public boolean expectParts(String jobId, int partsTotal, int chunkCount) {
    return update(jobId, "SET parts_total = :parts, chunks_expected = :chunks, updated_at = :now", "#s = :chunking",
        Map.of(":parts", n(partsTotal), ":chunks", n(chunkCount), ":chunking", s(JobStatus.CHUNKING.wire())));
  }

  @Override
  public PartProgress partDone(String jobId, int partIndex) {
    try {
      var attrs = dynamo.updateItem(request(jobId, "ADD parts_done :part SET updated_at = :now", "#s = :embedding",
          Map.of(":part", AttributeValue.fromNs(List.of(Integer.toString(partIndex))),
              ":embedding", s(JobStatus.EMBEDDING.wire())))
          .toBuilder().returnValues(ReturnValue.ALL_NEW).build()).attributes();
      Job job = JobItems.toJob(attrs);
      return new PartProgress(true, job.partsDone(), job.partsTotal());
    } catch (ConditionalCheckFailedException e) {
      return new PartProgress(false, 0, null);
    }
  }

  @Override
  public boolean complete(String jobId) {
    return update(jobId,
        "SET #s = :done, chunk_count = chunks_expected, updated_at = :now, history = list_append(history, :hist) REMOVE active_status",
        "#s = :embedding", Map.of(":done", s(JobStatus.DONE.wire()), ":embedding", s(JobStatus.EMBEDDING.wire()),
            ":hist", AttributeValue.fromL(List.of(s(JobStatus.DONE.wire())))));
  }

  @Override
  public boolean fail(String jobId, JobStatus failedStage, String errorCode) {
    if (!failedStage.isStage()) throw new IllegalArgumentException("failedStage must be a working stage, was " + failedStage);
    return update(jobId,
        "SET #s = :failed, failed_stage = :stage, error_code = :code, updated_at = :now, history = list_append(history, :hist) REMOVE active_status",
        "attribute_exists(active_status)", Map.of(":failed", s(JobStatus.FAILED.wire()), ":stage", s(failedStage.wire()),
            ":code", s(errorCode), ":hist", AttributeValue.fromL(List.of(s(JobStatus.FAILED.wire())))));
  }

  @Override
  public List<Job> findStale(Instant updatedBefore, int limit) {
    List<Job> stale = new ArrayList<>();
    for (JobStatus status : JobStatus.values()) {
      if (!status.isActive()) continue;
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> exclusiveStart = start;
        QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(ACTIVE_INDEX)
            .keyConditionExpression("active_status = :s AND updated_at < :t")
            .expressionAttributeValues(Map.of(":s", s(status.wire()), ":t", s(JobItems.time(updatedBefore))))
            .limit(limit)
            .exclusiveStartKey(exclusiveStart));
        page.items().forEach(item -> stale.add(JobItems.toJob(item)));
        start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
      } while (start != null && stale.size() < limit * JobStatus.values().length);
    }
    return stale.stream().sorted(Comparator.comparing(Job::updatedAt)).limit(limit).toList();
  }

  @Override
  public boolean recordRequeue(String jobId, JobStatus status, Instant updatedBefore) {
    return update(jobId, "SET requeues = if_not_exists(requeues, :zero) + :one, updated_at = :now",
        "#s = :status AND updated_at < :before", Map.of(":zero", n(0), ":one", n(1), ":status", s(status.wire()),
            ":before", s(JobItems.time(updatedBefore))));
  }

  private boolean update(String jobId, String updateExpression, String condition, Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(request(jobId, updateExpression, condition, values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private UpdateItemRequest request(String jobId, String updateExpression, String condition, Map<String, AttributeValue> values) {
    Map<String, AttributeValue> all = new HashMap<>(values);
    all.put(":now", s(JobItems.time(clock.instant())));
    Map<String, String> names = new HashMap<>();
    if (updateExpression.contains("#s") || condition.contains("#s")) names.put("#s", "status");
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(jobId))
        .updateExpression(updateExpression)
        .conditionExpression("attribute_exists(job_id) AND (" + condition + ")")
        .expressionAttributeValues(all)
        .expressionAttributeNames(names.isEmpty() ? null : names)
        .build();
  }

  private static Map<String, AttributeValue> key(String jobId) {
    return Map.of("job_id", s(jobId));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(int value) {
    return AttributeValue.fromN(Integer.toString(value));
  }
}
