package io.docpipe.local.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The traffic behind the dashboards run: what a normal hour of the pipeline does, compressed. Three waves of the
 * shipped sample documents (the later waves move the counters and histograms the first created, in the execution
 * environments that created them, so rates and quantiles have something to show), a page that does not exist (a failed job, a failing domain), searches good and
 * bad, one caller over its submission quota (429) between the waves, and scanner runs (queue, DLQ and stuck-job
 * gauges).
 */
final class DashboardWorkload {
  static final String CORPUS = "dashboards";
  private static final List<String> SAMPLES = List.of("serverless-pipelines.html", "vector-search.html", "observability.html");
  private static final List<String> QUERIES = List.of("what is a dead-letter queue", "how does vector search rank results",
      "why flush telemetry before the function freezes");
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

  /** What was done, by kind, for the report. */
  record Done(Map<String, Integer> counts) {}

  private final LocalStack stack;
  private final StackClient client;
  private final Map<String, Integer> counts = new TreeMap<>();

  DashboardWorkload(LocalStack stack) {
    this.stack = stack;
    this.client = new StackClient(stack.baseUrl());
  }

  /** What the run around the workload does at two moments of it. */
  interface Hooks {
    /** After the first wave, e.g. to script another inference fault for the second. */
    void betweenWaves();

    /** Returns once the metrics were scraped, so a counter the next request moves was seen at its earlier value. */
    void awaitScrape();
  }

  Done run(Hooks hooks) {
    wave(true);
    stack.runScanner();
    hooks.betweenWaves();
    wave(false);
    wave(false);
    stack.runScanner();
    overQuota(hooks);
    return new Done(Map.copyOf(counts));
  }

  private void wave(boolean withMissingPage) {
    List<String> jobs = new ArrayList<>();
    for (String sample : SAMPLES) jobs.add(client.submit(stack.baseUrl() + "/_local/samples/" + sample, CORPUS));
    if (withMissingPage) jobs.add(client.submit(stack.baseUrl() + "/_local/samples/no-such-page.html", CORPUS));
    for (String job : jobs) {
      String status = client.awaitEnded(job, JOB_TIMEOUT).path("status").asText();
      count("jobs " + status);
    }
    for (String query : QUERIES) {
      StackClient.Reply reply = client.post("/corpora/" + CORPUS + "/search",
          "{\"query\":\"" + query + "\",\"top_k\":3}");
      count("searches " + reply.status());
    }
    StackClient.Reply invalid = client.post("/corpora/" + CORPUS + "/search", "{\"query\":\"\",\"top_k\":0}");
    count("searches " + invalid.status());
  }

  /**
   * Submits until the per-caller quota answers 429 (the stack runs with a small SUBMISSIONS_PER_MINUTE), then once
   * more after a scrape. Last, as the quota refuses this caller for the rest of the minute.
   */
  private void overQuota(Hooks hooks) {
    String url = stack.baseUrl() + "/_local/samples/" + SAMPLES.getFirst();
    List<String> accepted = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        StackClient.Reply reply = client.post("/jobs", "{\"url\":\"" + url + "\",\"corpus_name\":\"" + CORPUS + "\"}");
        count("submissions " + reply.status());
        if (reply.status() == 429) {
          hooks.awaitScrape();
          count("submissions " + client.post("/jobs", "{\"url\":\"" + url + "\",\"corpus_name\":\"" + CORPUS + "\"}").status());
          return;
        }
        if (reply.status() == 202) accepted.add(reply.body().path("job_id").asText());
      }
      throw new IllegalStateException("100 submissions and no 429: is SUBMISSIONS_PER_MINUTE set low?");
    } finally {
      for (String job : accepted) count("jobs " + client.awaitEnded(job, JOB_TIMEOUT).path("status").asText());
    }
  }

  private void count(String what) {
    counts.merge(what, 1, Integer::sum);
  }
}
