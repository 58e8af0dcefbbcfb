package io.docpipe.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docpipe.api.ApiHandler;
import io.docpipe.bench.ResultsFile;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.otlp.OtlpReceiver;
import io.docpipe.shared.Job;
import io.docpipe.shared.aws.DynamoJobStore;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make bench-warm}: what telemetry adds to a warm invocation. Four api handlers in this JVM answer the same
 * {@code GET /jobs/{job_id}} (events/api-get-job.json): telemetry on with the collector listening, on with nothing
 * listening on its port, recorded but never flushed (what the flush costs is the difference), and off. After a warm-up they are invoked in rotated order, round after round, and each
 * invocation is timed whole (its flush included: the spans leave before the handler returns). Prints the medians and
 * writes the {@code warm_telemetry} key of target/bench/results.json. Options: {@code --rounds N}, {@code --quick}.
 */
public final class WarmTelemetryMain {
  static final int DEFAULT_ROUNDS = 600;
  static final int WARM_UP = 300;
  /** The last case is the reference the others are compared with. */
  private static final List<String> CASES =
      List.of("collector up", "collector down", "recorded, never flushed", "telemetry off");

  private WarmTelemetryMain() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 && args[0].equals("--quick") ? 150
        : args.length > 1 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
    int status = 1;
    try (OtlpReceiver collector = OtlpReceiver.start(0, null)) {
      FunctionEnvironment env = FunctionEnvironment.forTest("warm", 30);
      APIGatewayV2HTTPEvent event = EventFiles.load("api-get-job.json", APIGatewayV2HTTPEvent.class);
      String jobId = event.getPathParameters().get("job_id");
      Clock clock = Clock.systemUTC();
      new DynamoJobStore(env.clients().dynamo(), env.localResources().jobsTable(), clock)
          .create(Job.queued(jobId, "https://example.com/article", "docs", Instant.now(), null));
      Map<String, String> base = env.build();
      List<ApiHandler> handlers = List.of(
          ApiHandler.from(with(base, "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint().toString()), clock),
          ApiHandler.from(with(base, "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + freePort()), clock),
          // Spans and metrics recorded but never exported: what the flush itself costs is the difference.
          ApiHandler.from(with(with(base, "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint().toString()),
              "TELEMETRY_FLUSH", "false"), clock),
          ApiHandler.from(with(base, "OTEL_SDK_DISABLED", "true"), clock));
      List<List<Double>> millis = measure(handlers, event, rounds);
      report(millis, rounds);
      status = 0;
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
    System.exit(status);
  }

  private static List<List<Double>> measure(List<ApiHandler> handlers, APIGatewayV2HTTPEvent event, int rounds) {
    List<List<Double>> millis = new ArrayList<>();
    handlers.forEach(h -> millis.add(new ArrayList<>()));
    for (int round = 0; round < WARM_UP + rounds; round++) {
      for (int k = 0; k < handlers.size(); k++) {
        int i = (k + round) % handlers.size();
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = handlers.get(i).handleRequest(event, new Driver.BenchContext());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.getStatusCode() != 200) throw new IllegalStateException(CASES.get(i) + " answered " + response.getStatusCode());
        if (round >= WARM_UP) millis.get(i).add(ms);
      }
    }
    return millis;
  }

  private static void report(List<List<Double>> millis, int rounds) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    int reference = CASES.size() - 1;
    double off = Summary.median(millis.get(reference), Double::doubleValue);
    System.out.println();
    System.out.println("| warm api GET | median ms | p90 ms | added by telemetry (median) |");
    System.out.println("|---|---|---|---|");
    for (int i = 0; i < CASES.size(); i++) {
      List<Double> sorted = millis.get(i).stream().sorted().toList();
      double median = Summary.median(sorted, Double::doubleValue);
      double p90 = sorted.get((int) (sorted.size() * 0.9));
      System.out.println(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s |", CASES.get(i), median, p90,
          i == reference ? "-" : String.format(Locale.ROOT, "%+.2f ms", median - off)));
      ObjectNode row = json.putObject(CASES.get(i).replace(' ', '_'));
      row.put("median_ms", Math.round(median * 100) / 100.0);
      row.put("p90_ms", Math.round(p90 * 100) / 100.0);
      row.put("added_ms", Math.round((median - off) * 100) / 100.0);
    }
    System.out.printf(Locale.ROOT, "(%d interleaved rounds after %d warm-up rounds, JVM %s)%n", rounds, WARM_UP,
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    json.put("rounds", rounds);
    Path results = Path.of(System.getProperty("docpipe.repo.root", "."), "target/bench/results.json");
    new ResultsFile(results).put("warm_telemetry", json);
  }

  private static Map<String, String> with(Map<String, String> base, String name, String value) {
    Map<String, String> env = new HashMap<>(base);
    env.put(name, value);
    return env;
  }

  /** A port nothing listens on: bound and released, as the collector's port is when the extension is down. */
  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
