package io.docpipe.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the CPU went while the stack ran in this process: every thread's CPU time, grouped by what its name says it
 * serves, plus the PostgreSQL processes (read from /proc). Taken before and after a piece of work, the difference
 * says what the pipeline costs beside inference, without a profiler.
 */
final class CpuAccount {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Thread name prefixes and the part of the stack they belong to, first match wins. */
  private static final List<Map.Entry<String, String>> GROUPS = List.of(
      Map.entry("bge-run", "inference (ONNX)"),
      Map.entry("embedding-http", "embedding server HTTP"),
      Map.entry("function-scraper", "scraper function"),
      Map.entry("function-chunker", "chunker function"),
      Map.entry("function-embedder", "embedder function"),
      Map.entry("poller-", "SQS pollers"),
      Map.entry("http-front", "api and search functions"),
      Map.entry("elasticmq", "ElasticMQ (SQS)"),
      Map.entry("pekko", "ElasticMQ (SQS)"),
      Map.entry("otlp", "OTLP receiver"),
      Map.entry("ForkJoinPool-", "virtual threads (OTLP receiver)"),
      Map.entry("eval-site", "document site (harness)"),
      Map.entry("HttpClient", "HTTP clients"),
      Map.entry("OkHttp", "HTTP clients"),
      Map.entry("SQLite", "DynamoDB Local (SQLite)"),
      Map.entry("qtp", "Jetty (DynamoDB Local, S3Proxy)"),
      Map.entry("SNProxy", "S3Proxy"),
      Map.entry("sdk-ScheduledExecutor", "AWS SDK timers"),
      Map.entry("jdkhttp", "JDK HTTP servers (local Lambda API, document site)"),
      Map.entry("HTTP-Dispatcher", "JDK HTTP servers (local Lambda API, document site)"),
      Map.entry("BatchSpanProcessor", "OpenTelemetry SDK export"),
      Map.entry("BatchLogRecordProcessor", "OpenTelemetry SDK export"),
      Map.entry("main", "harness"),
      Map.entry("GC", "JVM (GC, JIT)"),
      Map.entry("C1", "JVM (GC, JIT)"),
      Map.entry("C2", "JVM (GC, JIT)"),
      Map.entry("G1", "JVM (GC, JIT)"));

  private final Map<Long, Long> threads;
  private final Map<Long, String> names;
  private final long postgres;
  private final long process;
  private final long gcMillis;
  private final long jitMillis;

  private CpuAccount(Map<Long, Long> threads, Map<Long, String> names, long postgres, long process) {
    this.threads = threads;
    this.names = names;
    this.postgres = postgres;
    this.process = process;
    this.gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
    var jit = ManagementFactory.getCompilationMXBean();
    this.jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  static CpuAccount now() {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) continue;
      long t = THREADS.getThreadCpuTime(info.getThreadId());
      if (t >= 0) {
        cpu.put(info.getThreadId(), t);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    return new CpuAccount(cpu, names, postgresNanos(), processNanos());
  }

  /** CPU seconds since {@code before}, by part, largest first; threads of the JVM itself are not visible here. */
  Map<String, Double> since(CpuAccount before) {
    Map<String, Double> seconds = new TreeMap<>();
    threads.forEach((id, nanos) -> {
      long delta = nanos - before.threads.getOrDefault(id, 0L);
      if (delta > 0) seconds.merge(group(names.get(id)), delta / 1e9, Double::sum);
    });
    if (postgres >= 0 && before.postgres >= 0) seconds.put("PostgreSQL (processes)", (postgres - before.postgres) / 1e9);
    if (process >= 0 && before.process >= 0) {
      double threadsSeconds = seconds.values().stream().mapToDouble(Double::doubleValue).sum()
          - seconds.getOrDefault("PostgreSQL (processes)", 0.0);
      // What the JVM spent outside Java threads and threads that ended: the JIT compilers (their own account, in
      // compiler time), garbage collection (pauses, wall time: its threads run in parallel), and the rest.
      double jvm = Math.max(0, (process - before.process) / 1e9 - threadsSeconds);
      double jit = Math.min(jvm, (jitMillis - before.jitMillis) / 1e3);
      seconds.put("JVM: JIT compilers", jit);
      seconds.put("JVM: GC (pause time) and the rest", jvm - jit);
      seconds.put("(of which GC pauses, wall)", (gcMillis - before.gcMillis) / 1e3);
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), Evaluation.round(e.getValue())));
    return sorted;
  }

  static String group(String thread) {
    for (Map.Entry<String, String> g : GROUPS) {
      if (thread.contains(g.getKey())) return g.getValue();
    }
    return "other: " + thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
  }

  private static long processNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** utime + stime of every postgres process, in nanoseconds (clock ticks of 10 ms); -1 where /proc is absent. */
  private static long postgresNanos() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) return -1;
    long ticks = 0;
    try (Stream<Path> entries = Files.list(proc)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
        try {
          if (!Files.readString(p.resolve("comm")).strip().startsWith("postgres")) continue;
          String[] stat = Files.readString(p.resolve("stat")).substring(Files.readString(p.resolve("stat")).lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
        } catch (IOException | RuntimeException e) {
          // the process ended while we read it
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * 10_000_000L;
  }
}
