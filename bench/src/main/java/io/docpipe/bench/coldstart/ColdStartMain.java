package io.docpipe.bench.coldstart;

import io.docpipe.bench.ResultsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code make bench-coldstart}: the cold start of every function jar against a bare handler, each sample a fresh JVM
 * (see {@link ChildJvm}), subjects interleaved round by round so a busy neighbour slows all of them alike, medians
 * reported. Prints the table and writes the {@code coldstart} key of target/bench/results.json.
 *
 * <p>Options: {@code --runs N} (default {@value #DEFAULT_RUNS}), {@code --quick} ({@value #QUICK_RUNS} runs),
 * {@code --functions api,search,...} (default all), {@code --jars DIR} (take {@code DIR/<function>.jar} and
 * {@code DIR/bare.jar}, if there, instead of the modules' target jars: a copy kept from before a change, to measure it
 * again), {@code --class-lists} (write each function's SnapStart class list, {@link ClassLists}, instead of timing).
 * Run from the repository root after {@code make build}.
 */
public final class ColdStartMain {
  static final int DEFAULT_RUNS = 9;
  static final int QUICK_RUNS = 3;
  static final List<String> FUNCTIONS = List.of("api", "search", "chunker", "embedder", "scraper");

  private ColdStartMain() {}

  public static void main(String[] args) {
    int status = 1;
    try {
      run(args);
      status = 0;
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
    // The local servers' threads would keep the JVM alive; their shutdown hook stops them.
    System.exit(status);
  }

  private static void run(String[] args) {
    int runs = DEFAULT_RUNS;
    Set<String> only = Set.copyOf(FUNCTIONS);
    Path jars = null;
    boolean classLists = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> runs = QUICK_RUNS;
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--functions" -> only = Set.of(args[++i].split(","));
        case "--jars" -> jars = Path.of(args[++i]).toAbsolutePath();
        case "--class-lists" -> classLists = true;
        default -> throw new IllegalArgumentException(
            "unknown option " + args[i] + " (--runs N, --quick, --functions a,b, --jars DIR, --class-lists)");
      }
    }
    Path root = repoRoot();
    Path work = root.resolve("target/bench/coldstart");
    try (BenchServers servers = new BenchServers()) {
      Fixtures fixtures = new Fixtures(root.resolve("events"), work.resolve("events"), servers);
      List<Subject> subjects = subjects(root, jars, fixtures, only);
      if (classLists) {
        new ClassLists(root, new ChildJvm(work), servers.environment()).write(subjects, work);
        return;
      }
      Map<String, List<Sample>> samples = sample(subjects, servers.environment(), new ChildJvm(work), runs);
      Map<String, Summary> medians = new LinkedHashMap<>();
      samples.forEach((label, list) -> medians.put(label, Summary.of(list)));
      Report report = new Report(subjects, medians);
      report.print(System.out);
      Path results = root.resolve("target/bench/results.json");
      new ResultsFile(results).put("coldstart", report.json());
      System.out.println("wrote the coldstart results to " + results);
    }
  }

  static List<Subject> subjects(Path root, Path jars, Fixtures fixtures, Set<String> only) {
    List<Subject> subjects = new ArrayList<>();
    Path bare = jars != null && Files.exists(jars.resolve("bare.jar")) ? jars.resolve("bare.jar") : root.resolve("bench/target/bare.jar");
    subjects.add(new Subject(Subject.BARE, bare,
        "io.docpipe.bench.coldstart.bare.BareGetItemHandler", false, sample -> fixtures.apiGetJob()));
    for (String f : FUNCTIONS) {
      if (!only.contains(f)) continue;
      Path jar = jars == null ? root.resolve("functions/" + f + "/target/function.jar") : jars.resolve(f + ".jar");
      String handler = "io.docpipe." + f + "." + Character.toUpperCase(f.charAt(0)) + f.substring(1) + "Handler";
      java.util.function.Function<String, Path> event = switch (f) {
        case "api" -> sample -> fixtures.apiGetJob();
        case "search" -> sample -> fixtures.search();
        case "chunker" -> fixtures::chunker;
        case "embedder" -> fixtures::embedder;
        case "scraper" -> fixtures::scraper;
        default -> throw new IllegalArgumentException(f);
      };
      subjects.add(new Subject(f, jar, handler, true, event));
      subjects.add(new Subject(f, jar, handler, false, event));
    }
    return subjects;
  }

  /** One unrecorded round (it fills the page cache and the corpus search reads), then {@code runs} rotated rounds. */
  static Map<String, List<Sample>> sample(List<Subject> subjects, Map<String, String> env, ChildJvm jvm, int runs) {
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    for (int round = 0; round <= runs; round++) {
      for (int k = 0; k < subjects.size(); k++) {
        Subject s = subjects.get((k + round) % subjects.size());
        String name = s.label() + "-" + round;
        Sample sample = jvm.run(name, s.jar(), s.handler(), s.event().apply(name), s.environment(env));
        String expected = Set.of("api", "search", Subject.BARE).contains(s.function()) ? "http200" : "failures0";
        if (!sample.outcome().equals(expected)) {
          throw new IllegalStateException(name + " answered " + sample.outcome() + ", not " + expected
              + "; see target/bench/coldstart/logs/" + name + ".log");
        }
        if (round > 0) samples.computeIfAbsent(s.label(), x -> new ArrayList<>()).add(sample);
      }
      System.out.printf("round %d/%d done%n", round, runs);
    }
    return samples;
  }

  private static Path repoRoot() {
    String root = System.getProperty("docpipe.repo.root");
    return Path.of(root == null || root.isBlank() ? System.getProperty("user.dir") : root).toAbsolutePath();
  }
}
