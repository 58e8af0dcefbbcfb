package io.docpipe.eval;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ingests documents through the public API as real jobs: {@code POST /jobs} for each page, at most {@code window} jobs
 * in flight at once (a bulk client that keeps the queues short, so queue age stays a stage's own latency), and a look
 * at the jobs in flight every two seconds ({@link JobStates}) until each has ended.
 */
final class Ingestion {
  private static final Duration ROUND_PAUSE = Duration.ofSeconds(2);

  record Result(int documents, int done, int failed, int unfinished, double seconds, Map<String, Integer> errorCodes,
      List<String> failedDocuments, Map<String, String> jobIds) {}

  private final ApiClient api;
  private final JobStates states;
  private final DocumentSite site;
  private final String corpus;
  private final int window;
  private final Duration timeout;

  Ingestion(ApiClient api, JobStates states, DocumentSite site, String corpus, int window, Duration timeout) {
    this.api = api;
    this.states = states;
    this.site = site;
    this.corpus = corpus;
    this.window = window;
    this.timeout = timeout;
  }

  Result run(List<BeirDataset.Document> documents, Progress progress) throws InterruptedException {
    Deque<BeirDataset.Document> pending = new ArrayDeque<>(documents);
    Map<String, String> inFlight = new LinkedHashMap<>(); // job id -> document id, oldest first
    Map<String, String> jobIds = new LinkedHashMap<>();
    Map<String, Integer> errorCodes = new TreeMap<>();
    List<String> failedDocuments = new ArrayList<>();
    int done = 0;
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!pending.isEmpty() || !inFlight.isEmpty()) {
      while (inFlight.size() < window && !pending.isEmpty()) {
        BeirDataset.Document d = pending.poll();
        ApiClient.Reply reply = api.post("/jobs", ApiClient.job(site.url(d.id()), corpus));
        if (reply.status() != 202 && reply.status() != 200) {
          throw new IllegalStateException("POST /jobs for document " + d.id() + " answered " + ApiClient.describe(reply));
        }
        String jobId = reply.body().get("job_id").asText();
        jobIds.put(d.id(), jobId);
        inFlight.put(jobId, d.id());
      }
      for (Map.Entry<String, JobStates.Ended> e : states.ended(List.copyOf(inFlight.keySet())).entrySet()) {
        String documentId = inFlight.remove(e.getKey());
        if (documentId == null) continue;
        if (e.getValue().status().equals("done")) {
          done++;
        } else {
          errorCodes.merge(e.getValue().errorCode() == null ? "unknown" : e.getValue().errorCode(), 1, Integer::sum);
          failedDocuments.add(documentId);
        }
      }
      progress.update(done, failedDocuments.size(), inFlight.size());
      if (System.nanoTime() > deadline) break;
      Thread.sleep(ROUND_PAUSE);
    }
    int unfinished = inFlight.size() + pending.size();
    progress.finish(done, failedDocuments.size());
    return new Result(documents.size(), done, failedDocuments.size(), unfinished, (System.nanoTime() - start) / 1e9,
        errorCodes, failedDocuments, jobIds);
  }
}
