package io.docpipe.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What a fault-injection test reports and asserts: how its jobs ended and what is left in the DLQs. */
record FaultCounts(int submitted, int done, int failed, int active, Map<String, Long> dlqByStage) {

  static FaultCounts of(LocalStack stack, StackClient client, List<String> jobIds) {
    int done = 0;
    int failed = 0;
    for (String id : jobIds) {
      String status = client.job(id).path("status").asText();
      if (status.equals("done")) done++;
      else if (status.equals("failed")) failed++;
    }
    Map<String, Long> dlqs = new TreeMap<>();
    stack.resources().dlqUrls().forEach((stage, url) -> dlqs.put(stage, depth(stack, url)));
    return new FaultCounts(jobIds.size(), done, failed, jobIds.size() - done - failed, dlqs);
  }

  /** Messages in all three DLQs, visible or not. */
  long dlq() {
    return dlqByStage.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Messages in all three DLQs, visible or not. */
  static long dlqDepth(LocalStack stack) {
    return stack.resources().dlqUrls().values().stream().mapToLong(url -> depth(stack, url)).sum();
  }

  /** Messages in one queue, visible or in flight. */
  static long depth(LocalStack stack, String queueUrl) {
    Map<QueueAttributeName, String> a = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** error_code by job, for the failed ones. */
  static Map<String, String> errorCodes(StackClient client, Map<String, String> jobIdsByName) {
    Map<String, String> codes = new TreeMap<>();
    jobIdsByName.forEach((name, id) -> {
      JsonNode job = client.job(id);
      codes.put(name, job.path("status").asText() + "/" + job.path("failed_stage").asText() + "/" + job.path("error_code").asText());
    });
    return codes;
  }

  void print(String test, String extra) {
    System.out.printf("[%s] submitted=%d done=%d failed=%d active=%d dlq=%d %s %s%n", test, submitted, done, failed, active,
        dlq(), dlqByStage, extra);
  }
}
