package io.docpipe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The soak's verdict, read from where the truth is kept once ingestion has ended: the jobs table (each job's status and
 * {@code chunk_count}), the vector table (rows per URL, and no two rows for one chunk of a document) and the three
 * dead-letter queues (a message there whose job is done was moved for nothing; one whose job is not done was lost).
 */
final class SoakChecks {
  /** One check: its name as the report shows it, whether it held, and what was seen. */
  record Check(String name, boolean passed, String detail) {}

  /** A job as the table has it at the end. */
  record JobEnd(String status, String errorCode, Integer chunkCount) {}

  private final DynamoDbClient dynamo;
  private final String jobsTable;
  private final String jdbcUrl;
  private final String dbUser;
  private final String dbPassword;
  private final SqsClient sqs;
  private final Map<String, String> dlqUrls;

  SoakChecks(DynamoDbClient dynamo, String jobsTable, String jdbcUrl, String dbUser, String dbPassword, SqsClient sqs,
      Map<String, String> dlqUrls) {
    this.dynamo = dynamo;
    this.jobsTable = jobsTable;
    this.jdbcUrl = jdbcUrl;
    this.dbUser = dbUser;
    this.dbPassword = dbPassword;
    this.sqs = sqs;
    this.dlqUrls = dlqUrls;
  }

  /**
   * Every check, in the report's order.
   *
   * @param urlByJob each soak job's page URL
   * @param unfinished jobs the ingestion stopped waiting for (its timeout)
   */
  List<Check> run(String corpus, Map<String, String> urlByJob, int unfinished, Map<String, Object> numbers)
      throws SQLException {
    List<Check> checks = new ArrayList<>();
    Map<String, JobEnd> jobs = jobEnds(List.copyOf(urlByJob.keySet()));
    Map<String, Integer> statuses = new TreeMap<>();
    Map<String, Integer> errorCodes = new TreeMap<>();
    jobs.values().forEach(j -> {
      statuses.merge(j.status(), 1, Integer::sum);
      if (j.errorCode() != null) errorCodes.merge(j.errorCode(), 1, Integer::sum);
    });
    int done = statuses.getOrDefault("done", 0);
    numbers.put("job_statuses", statuses);
    numbers.put("error_codes", errorCodes);
    checks.add(new Check("every job done", done == urlByJob.size() && unfinished == 0,
        done + " of " + urlByJob.size() + " done; statuses " + statuses + (errorCodes.isEmpty() ? "" : ", error codes " + errorCodes)
            + (unfinished == 0 ? "" : ", " + unfinished + " not ended when the soak stopped waiting")));

    // Rows per URL against each done job's chunk_count; a URL the soak never submitted must hold nothing.
    Map<String, Integer> expected = new HashMap<>();
    urlByJob.forEach((job, url) -> {
      JobEnd end = jobs.get(job);
      if (end != null && "done".equals(end.status())) expected.put(url, end.chunkCount() == null ? -1 : end.chunkCount());
    });
    Map<String, int[]> stored = rowsByUrl(corpus); // rows, distinct chunk_index, max chunk_index
    long expectedRows = expected.values().stream().mapToLong(Integer::longValue).sum();
    long storedRows = stored.values().stream().mapToLong(r -> r[0]).sum();
    List<String> wrong = new ArrayList<>();
    expected.forEach((url, count) -> {
      int[] rows = stored.get(url);
      int have = rows == null ? 0 : rows[0];
      if (have != count || (count > 0 && rows[2] != count - 1)) {
        wrong.add(url + ": " + have + " rows, chunk_count " + count + (rows == null ? "" : ", last chunk_index " + rows[2]));
      }
    });
    stored.keySet().stream().filter(url -> !expected.containsKey(url) && !urlByJob.containsValue(url))
        .forEach(url -> wrong.add(url + ": rows for a URL the soak did not submit"));
    numbers.put("expected_rows", expectedRows);
    numbers.put("stored_rows", storedRows);
    checks.add(new Check("vector rows exactly as expected", wrong.isEmpty() && expectedRows == storedRows,
        storedRows + " rows stored, " + expectedRows + " expected (sum of chunk_count of the done jobs)"
            + (wrong.isEmpty() ? "" : "; " + wrong.size() + " URLs differ, e.g. " + wrong.subList(0, Math.min(5, wrong.size())))));

    long duplicates = stored.values().stream().mapToLong(r -> r[0] - r[1]).sum();
    numbers.put("duplicate_chunks", duplicates);
    checks.add(new Check("no duplicate chunk", duplicates == 0,
        duplicates + " rows repeat a (corpus, url, chunk_index) another row has"));

    Map<String, List<String>> dlq = dlqJobs();
    Map<String, Integer> dlqByStatus = new TreeMap<>();
    Map<String, Integer> dlqByQueue = new TreeMap<>();
    int ofDone = 0;
    int ofOthers = 0;
    for (Map.Entry<String, List<String>> q : dlq.entrySet()) {
      dlqByQueue.put(q.getKey(), q.getValue().size());
      for (String job : q.getValue()) {
        JobEnd end = jobs.get(job);
        String status = end == null ? "not a soak job" : end.status();
        dlqByStatus.merge(status, 1, Integer::sum);
        if ("done".equals(status)) ofDone++;
        else if (end != null) ofOthers++;
      }
    }
    numbers.put("dlq_messages", dlqByQueue);
    numbers.put("dlq_messages_by_job_status", dlqByStatus);
    checks.add(new Check("no DLQ message of a done job", ofDone == 0,
        ofDone + " DLQ messages of done jobs, " + ofOthers + " of jobs not done; by queue " + dlqByQueue));
    return checks;
  }

  /** Each job's end, from the table (one consistent BatchGetItem per 100). */
  Map<String, JobEnd> jobEnds(List<String> jobIds) {
    Map<String, JobEnd> ends = new HashMap<>();
    for (int from = 0; from < jobIds.size(); from += 100) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (String id : jobIds.subList(from, Math.min(jobIds.size(), from + 100))) {
        keys.add(Map.of("job_id", AttributeValue.fromS(id)));
      }
      Map<String, KeysAndAttributes> request = Map.of(jobsTable, KeysAndAttributes.builder().keys(keys).consistentRead(true)
          .projectionExpression("job_id, #s, error_code, chunk_count").expressionAttributeNames(Map.of("#s", "status")).build());
      while (!request.isEmpty()) {
        var response = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(jobsTable, List.of())) {
          AttributeValue code = item.get("error_code");
          AttributeValue chunks = item.get("chunk_count");
          ends.put(item.get("job_id").s(), new JobEnd(item.get("status").s(), code == null ? null : code.s(),
              chunks == null ? null : Integer.valueOf(chunks.n())));
        }
        request = response.unprocessedKeys();
      }
    }
    return ends;
  }

  private Map<String, int[]> rowsByUrl(String corpus) throws SQLException {
    Map<String, int[]> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
        PreparedStatement q = c.prepareStatement("SELECT url, count(*), count(DISTINCT chunk_index), max(chunk_index)"
            + " FROM chunks WHERE corpus_name = ? GROUP BY url")) {
      q.setString(1, corpus);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) rows.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4)});
      }
    }
    return rows;
  }

  /**
   * The job id of every message in each DLQ. Each message is received once and left invisible for ten minutes, so a
   * second receive gets the next ones; the DLQs are read, never emptied.
   */
  private Map<String, List<String>> dlqJobs() {
    Map<String, List<String>> jobs = new LinkedHashMap<>();
    dlqUrls.forEach((name, url) -> {
      List<String> ids = new ArrayList<>();
      for (int emptyReceives = 0; emptyReceives < 2; ) {
        List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(600)
            .waitTimeSeconds(0)).messages();
        if (batch.isEmpty()) {
          emptyReceives++;
          continue;
        }
        for (Message m : batch) {
          String job;
          try {
            job = Json.read(m.body(), JsonNode.class).path("job_id").asText("");
          } catch (RuntimeException e) {
            job = "";
          }
          ids.add(job);
        }
      }
      jobs.put(name, ids);
    });
    return jobs;
  }
}
