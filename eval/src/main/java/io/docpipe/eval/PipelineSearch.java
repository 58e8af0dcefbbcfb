package io.docpipe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every judged query through {@code POST /corpora/{corpus}/search} in one mode, the API's largest {@code top_k}: the
 * chunk hits become a ranking of documents, each at its best chunk. Also what each request took, end to end.
 */
final class PipelineSearch {
  static final int TOP_K = 100;

  /** The rankings by query id, and the latency of each request in milliseconds. */
  record Run(Map<String, List<String>> rankings, double[] millis, int errors) {
    double percentile(double p) {
      if (millis.length == 0) return 0;
      double[] sorted = millis.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
  }

  private final ApiClient api;
  private final String corpus;
  private final int parallel;

  PipelineSearch(ApiClient api, String corpus, int parallel) {
    this.api = api;
    this.corpus = corpus;
    this.parallel = parallel;
  }

  Run run(String mode, List<Map.Entry<String, String>> queries, Progress progress) {
    Map<String, List<String>> rankings = new ConcurrentHashMap<>();
    double[] millis = new double[queries.size()];
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < queries.size(); i++) {
        int index = i;
        Map.Entry<String, String> q = queries.get(i);
        futures.add(pool.submit(() -> {
          long start = System.nanoTime();
          ApiClient.Reply reply = api.post("/corpora/" + corpus + "/search", Map.of("query", q.getValue(), "top_k", TOP_K,
              "mode", mode));
          millis[index] = (System.nanoTime() - start) / 1e6;
          if (reply.status() == 200) {
            rankings.put(q.getKey(), documents(reply.body()));
          } else {
            errors.incrementAndGet(); // judged as an empty ranking: a refused query scores 0
          }
          progress.update(finished.incrementAndGet(), 0, 0);
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(mode + " searches failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    return new Run(Map.copyOf(rankings), millis, errors.get());
  }

  /** The documents of the hits in order, each once, where its best chunk ranked. */
  static List<String> documents(JsonNode response) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (JsonNode hit : response.path("results")) {
      String id = DocumentSite.documentId(hit.path("url").asText());
      if (id != null) ids.add(id);
    }
    return List.copyOf(ids);
  }
}
