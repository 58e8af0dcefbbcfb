package io.docpipe.local.servers.otlp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local OTLP/HTTP receiver standing in for the OpenTelemetry Lambda collector extension on {@code localhost:4318}:
 * the handlers' OpenTelemetry SDK exports traces, metrics and logs to it as protobuf, and tests read back what
 * arrived. It listens on 127.0.0.1 and answers as the collector's otlp receiver does (see {@link Mode} for the
 * failures it can act out).
 *
 * <p>It keeps the newest {@value #DEFAULT_CAPACITY} spans, log records and metric series in memory, dropping the
 * oldest; given a directory, it also appends every span, log record and metric data point as a JSON line to
 * {@code spans.jsonl}, {@code logs.jsonl} and {@code metrics.jsonl} there. Started with {@link #startRestoring}, it
 * first reads those files back, so a restarted local stack still shows the traces of jobs it ran before. Every method
 * is thread-safe.
 */
public final class OtlpReceiver implements AutoCloseable {
  static final int DEFAULT_CAPACITY = 200_000;
  /** How long {@link #close()} lets request handlers finish before interrupting them. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
  private static final int BACKLOG = 64;

  private final int port;
  private final Duration closeGrace;
  private final Telemetry telemetry;
  private final HangGate gate = new HangGate();
  private final OtlpHttpHandler handler;
  // Virtual threads: a request held in HANG parks one without tying up a platform thread.
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("otlp-http-", 0).factory());
  private HttpServer server; // null while refusing or closed; guarded by this
  private Mode mode = Mode.NORMAL;
  private boolean closed;

  private OtlpReceiver(int port, Telemetry telemetry, Duration closeGrace) {
    this.closeGrace = closeGrace;
    this.telemetry = telemetry;
    this.handler = new OtlpHttpHandler(telemetry, gate);
    this.server = bind(port);
    this.port = server.getAddress().getPort();
  }

  /**
   * Listens on {@code port} of 127.0.0.1, or on a free port when it is 0.
   *
   * @param storeDir where to append the JSON lines, created if missing; null keeps everything in memory only
   */
  public static OtlpReceiver start(int port, Path storeDir) {
    return start(port, storeDir, false, CLOSE_GRACE);
  }

  /**
   * As {@link #start(int, Path)}, after reading back the spans, log records and metric points earlier receivers wrote
   * to {@code storeDir} (the newest {@value #DEFAULT_CAPACITY} of each; a line cut short by a killed run is skipped).
   */
  public static OtlpReceiver startRestoring(int port, Path storeDir) {
    return start(port, Objects.requireNonNull(storeDir, "storeDir"), true, CLOSE_GRACE);
  }

  /** As {@link #start(int, Path)}, with the grace {@link #close()} gives request handlers (tests make it endless). */
  static OtlpReceiver start(int port, Path storeDir, Duration closeGrace) {
    return start(port, storeDir, false, closeGrace);
  }

  private static OtlpReceiver start(int port, Path storeDir, boolean restore, Duration closeGrace) {
    if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    Telemetry telemetry = new Telemetry(DEFAULT_CAPACITY, storeDir, restore);
    try {
      return new OtlpReceiver(port, telemetry, closeGrace);
    } catch (RuntimeException e) {
      telemetry.close();
      throw e;
    }
  }

  /**
   * The base URL, e.g. {@code http://127.0.0.1:4318}: the value of {@code OTEL_EXPORTER_OTLP_ENDPOINT}, to which the
   * SDK adds {@code /v1/traces} and so on. It stays the same across {@link #setMode} calls.
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** The spans of one trace (id in hex, either case) in the order they arrived, repeats included. */
  public List<ReceivedSpan> spans(String traceId) {
    return telemetry.trace(traceId.toLowerCase(Locale.ROOT));
  }

  /** How many spans this receiver read back from its store directory when it started. */
  public long restoredSpans() {
    return telemetry.restoredSpans();
  }

  /** Every span kept, oldest first. */
  public List<ReceivedSpan> allSpans() {
    return telemetry.allSpans();
  }

  /** Every log record kept, oldest first. */
  public List<ReceivedLog> logs() {
    return telemetry.logs();
  }

  /**
   * The latest value of every metric series in the Prometheus text format, named as the OpenTelemetry Collector's
   * Prometheus translator and Mimir's OTLP endpoint name them by default ({@code job.stage.duration} in {@code s} is
   * {@code job_stage_duration_seconds}; a monotonic sum ends in {@code _total}). Labels are the data point's
   * attributes plus {@code job}, {@code instance}, {@code deployment_environment} and {@code service_version} from the
   * resource's {@code service.name} (after {@code service.namespace/} when set), {@code service.instance.id},
   * {@code deployment.environment} and {@code service.version} (the last two as the collector layer promotes them). Delta sums and histograms and exponential histograms are left out, as the translator
   * leaves them out.
   */
  public String prometheusText() {
    return telemetry.prometheusText();
  }

  /** One trace as an indented text waterfall; see {@link Waterfall} for the layout. */
  public String waterfall(String traceId) {
    String id = traceId.toLowerCase(Locale.ROOT);
    return Waterfall.render(id, telemetry.trace(id));
  }

  /** POSTs received on the signal's path, including those held in HANG and those refused as malformed. */
  public long requests(Signal signal) {
    return handler.requests(signal);
  }

  /** Forgets every span, log record and metric series; the request counters and the JSON files stay. */
  public void clear() {
    telemetry.clear();
  }

  public synchronized Mode mode() {
    return mode;
  }

  /**
   * Switches how exporters are treated from now on. Leaving HANG drops the held requests' connections. Returning from
   * REFUSE binds the same port again, and fails if another process has taken it meanwhile.
   */
  public synchronized void setMode(Mode next) {
    Objects.requireNonNull(next, "mode");
    if (closed) throw new IllegalStateException("the OTLP receiver is closed");
    if (next == mode) return;
    if (mode == Mode.HANG) gate.open();
    if (next == Mode.HANG) gate.close(); // before binding, so that no request slips through unheld
    if (next == Mode.REFUSE) {
      server.stop(0);
      server = null;
    } else if (mode == Mode.REFUSE) {
      try {
        server = bind(port);
      } catch (RuntimeException e) {
        gate.open(); // still refusing, and the gate must not hold requests after a later switch to NORMAL
        throw e;
      }
    }
    mode = next;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    gate.open();
    if (server != null) server.stop(0);
    server = null;
    workers.shutdown();
    try {
      if (!workers.awaitTermination(closeGrace.toMillis(), TimeUnit.MILLISECONDS)) workers.shutdownNow();
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    telemetry.close();
  }

  private HttpServer bind(int port) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
      http.createContext("/", handler);
      http.setExecutor(workers);
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException("the OTLP receiver cannot listen on port " + port, e);
    }
  }
}
