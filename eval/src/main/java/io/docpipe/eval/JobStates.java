package io.docpipe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** How the harness learns which of its jobs have ended, oldest first. */
interface JobStates {
  /** An ended job: {@code done}, or {@code failed} with its error code. */
  record Ended(String status, String errorCode) {}

  /** The jobs among {@code inFlight} (oldest first) found ended this round; others may have ended unseen yet. */
  Map<String, Ended> ended(List<String> inFlight);

  /**
   * As a user would: {@code GET /jobs/{id}}, oldest first, stopping at three in a row still running (jobs finish
   * roughly in the order they were sent): about one request per finished job. Each is an invocation of the api
   * function, with its telemetry flush and a read of the table, so on a stack this harness also measures the reads
   * cost a visible share; hence {@link #table} when the stack is its own.
   */
  static JobStates api(ApiClient api) {
    return inFlight -> {
      Map<String, Ended> ended = new LinkedHashMap<>();
      int unfinishedInARow = 0;
      for (String jobId : inFlight) {
        if (unfinishedInARow >= 3 || ended.size() + unfinishedInARow >= 200) break;
        JsonNode job = api.get("/jobs/" + jobId).body();
        String status = job == null ? "" : job.path("status").asText();
        if (status.equals("done") || status.equals("failed")) {
          ended.put(jobId, new Ended(status, job.path("error_code").asText(null)));
          unfinishedInARow = 0;
        } else {
          unfinishedInARow++;
        }
      }
      return ended;
    };
  }

  /**
   * Straight from the jobs table of the stack this harness started: one consistent BatchGetItem per 100 jobs in
   * flight, so watching thousands of jobs costs the functions under measurement nothing.
   */
  static JobStates table(DynamoDbClient dynamo, String table) {
    return inFlight -> {
      Map<String, Ended> ended = new HashMap<>();
      for (int from = 0; from < inFlight.size(); from += 100) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String id : inFlight.subList(from, Math.min(inFlight.size(), from + 100))) {
          keys.add(Map.of("job_id", AttributeValue.fromS(id)));
        }
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true)
            .projectionExpression("job_id, #s, error_code").expressionAttributeNames(Map.of("#s", "status")).build());
        while (!request.isEmpty()) {
          var response = dynamo.batchGetItem(software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest.builder()
              .requestItems(request).build());
          for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
            String status = item.get("status").s();
            if (status.equals("done") || status.equals("failed")) {
              AttributeValue code = item.get("error_code");
              ended.put(item.get("job_id").s(), new Ended(status, code == null ? null : code.s()));
            }
          }
          request = response.unprocessedKeys();
        }
      }
      return ended;
    };
  }
}
