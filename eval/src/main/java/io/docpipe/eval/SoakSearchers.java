package io.docpipe.eval;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Users searching the corpus while it is being ingested: each thread sends the dataset's queries one after another
 * (without pause unless one is given), cycling through the three modes, and records what each request took. A 503 is
 * a refusal the API means (inference down, circuit open): counted apart and waited out for its {@code Retry-After}
 * (at most 5 s), as a client would. Anything else that is not 200 (or a request that fails outright) is an error.
 */
final class SoakSearchers implements AutoCloseable {
  private static final List<String> MODES = List.of("hybrid", "vector", "keyword");
  private static final long MAX_RETRY_AFTER_MILLIS = 5_000;

  private final ApiClient api;
  private final String corpus;
  private final List<String> queries;
  private final Duration pause;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, Latencies> okByMode = new LinkedHashMap<>();
  private final Map<Integer, Integer> refusals = new TreeMap<>();
  private final Map<String, Integer> errors = new TreeMap<>();

  SoakSearchers(ApiClient api, String corpus, List<String> queries, int count, Duration pause) {
    this.api = api;
    this.pause = pause;
    this.corpus = corpus;
    this.queries = List.copyOf(queries);
    MODES.forEach(m -> okByMode.put(m, new Latencies()));
    for (int i = 0; i < count; i++) {
      int offset = i * 97; // each thread starts elsewhere in the queries
      threads.add(Thread.ofPlatform().name("soak-searcher-" + i).daemon().start(() -> search(offset)));
    }
  }

  private void search(int offset) {
    for (long n = offset; running.get(); n++) {
      String query = queries.get((int) (n % queries.size()));
      String mode = MODES.get((int) (n % MODES.size()));
      long start = System.nanoTime();
      HttpResponse<String> reply;
      try {
        reply = api.postOnce("/corpora/" + corpus + "/search", Map.of("query", query, "top_k", 10, "mode", mode));
      } catch (RuntimeException e) {
        if (!running.get()) return;
        record(errors, e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getClass().getSimpleName());
        sleep(1_000);
        continue;
      }
      double millis = (System.nanoTime() - start) / 1e6;
      if (reply.statusCode() == 200) {
        okByMode.get(mode).add(millis);
      } else if (reply.statusCode() == 503 || reply.statusCode() == 429) {
        record(refusals, reply.statusCode());
        sleep(Math.min(MAX_RETRY_AFTER_MILLIS, 1000 * reply.headers().firstValue("retry-after")
            .map(SoakSearchers::seconds).orElse(1L)));
      } else {
        record(errors, "http_" + reply.statusCode());
      }
      if (pause.isPositive()) sleep(pause.toMillis());
    }
  }

  private static <K> void record(Map<K, Integer> counts, K key) {
    synchronized (counts) {
      counts.merge(key, 1, Integer::sum);
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(Duration.ofMillis(Math.max(0, millis)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  private static long seconds(String value) {
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Stops every searcher and waits for its last request. */
  @Override
  public void close() {
    running.set(false);
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(90));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Searches answered 200, all modes together and by mode: count, p50 and p99 in ms. */
  Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    Latencies all = new Latencies();
    Map<String, Object> byMode = new LinkedHashMap<>();
    okByMode.forEach((mode, l) -> {
      all.addAll(l);
      byMode.put(mode, l.summary());
    });
    out.put("searchers", threads.size());
    out.putAll(all.summary());
    out.put("by_mode", byMode);
    synchronized (refusals) {
      Map<String, Integer> named = new TreeMap<>();
      refusals.forEach((status, n) -> named.put("http_" + status, n));
      out.put("refused", named);
    }
    synchronized (errors) {
      out.put("errors", new TreeMap<>(errors));
    }
    return out;
  }

  int errorCount() {
    synchronized (errors) {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Latencies of one kind of request, in ms; appended by several threads. */
  static final class Latencies {
    private double[] values = new double[1024];
    private int size;

    synchronized void add(double millis) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = millis;
    }

    synchronized void addAll(Latencies other) {
      double[] theirs = other.snapshot();
      for (double v : theirs) add(v);
    }

    synchronized double[] snapshot() {
      return Arrays.copyOf(values, size);
    }

    Map<String, Object> summary() {
      double[] sorted = snapshot();
      Arrays.sort(sorted);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ok", sorted.length);
      out.put("p50_ms", Evaluation.round(percentile(sorted, 0.50)));
      out.put("p99_ms", Evaluation.round(percentile(sorted, 0.99)));
      return out;
    }

    static double percentile(double[] sorted, double p) {
      if (sorted.length == 0) return 0;
      return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
    }
  }
}
