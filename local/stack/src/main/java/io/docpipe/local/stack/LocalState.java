package io.docpipe.local.stack;

import io.docpipe.local.servers.PostgresCluster;
import io.docpipe.local.servers.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Where the local stack keeps its state under LOCAL_STATE_DIR: {@code pg/} (PostgreSQL, the vectors), {@code s3/}
 * (the documents), {@code telemetry/} (spans, logs, metric points as JSON lines), and with durable state
 * {@code dynamodb/} (the jobs table, idempotency keys included) and {@code sqs/} (the queues and their messages).
 * Anything else in the directory (the tests' {@code test-pg} clusters) is not the stack's and is left alone.
 */
final class LocalState {
  private static final List<String> FILE_PARTS = List.of("s3", "telemetry", "dynamodb", "sqs");

  private final Path dir;
  private final boolean durable;

  LocalState(Path dir, boolean durable) {
    this.dir = dir;
    this.durable = durable;
  }

  Path pg() {
    return dir.resolve("pg");
  }

  Path s3() {
    return dir.resolve("s3");
  }

  Path telemetry() {
    return dir.resolve("telemetry");
  }

  /** DynamoDB Local's directory, or null to keep the jobs in memory. */
  Path dynamo() {
    return durable ? dir.resolve("dynamodb") : null;
  }

  /** ElasticMQ's directory, or null to keep queues and messages in memory. */
  Path sqs() {
    return durable ? dir.resolve("sqs") : null;
  }

  /** Whether an earlier durable run left jobs here. */
  static boolean hasJobs(Path dir) {
    try (var files = Files.list(dir.resolve("dynamodb"))) {
      return files.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes everything the stack keeps in {@code dir}, so the next start is empty. The stack must not be running. */
  static void wipe(Path dir) {
    for (String part : FILE_PARTS) Trees.delete(dir.resolve(part));
    PostgresCluster.delete(dir.resolve("pg"));
  }

  /**
   * One line on what a started stack found: jobs (and how many still active), messages waiting in the stage queues
   * and their DLQs, and spans read back; or that it starts empty.
   */
  static String summary(LocalStack stack, Path dir, boolean foundJobs) {
    if (!foundJobs && stack.telemetry().restoredSpans() == 0) return "no earlier state in " + dir + ": starting empty";
    var dynamo = stack.aws().dynamo();
    String table = stack.resources().jobsTable();
    long jobs = 0;
    long active = 0;
    for (var page : dynamo.scanPaginator(b -> b.tableName(table).select(Select.COUNT)
        // Jobs have a status; the api's idempotency and quota items in the same table do not.
        .filterExpression("attribute_exists(#s)").expressionAttributeNames(Map.of("#s", "status")))) {
      jobs += page.count();
    }
    for (var page : dynamo.scanPaginator(b -> b.tableName(table).indexName("active-jobs").select(Select.COUNT))) {
      active += page.count();
    }
    long queued = 0;
    long dead = 0;
    for (String url : stack.resources().queueUrls().values()) queued += messages(stack, url);
    for (String url : stack.resources().dlqUrls().values()) dead += messages(stack, url);
    return "found state in " + dir + ": " + jobs + " jobs (" + active + " active, resuming), " + queued
        + " queued messages, " + dead + " in DLQs, " + stack.telemetry().restoredSpans() + " spans"
        + " (RESET=1 make run or make reset starts empty)";
  }

  private static long messages(LocalStack stack, String url) {
    var attributes = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return attributes.values().stream().mapToLong(Long::parseLong).sum();
  }
}
