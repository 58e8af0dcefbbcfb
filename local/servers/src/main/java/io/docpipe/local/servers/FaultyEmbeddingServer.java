package io.docpipe.local.servers;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake GPU inference server for fault-injection tests only: it speaks the same OpenAI-compatible protocol as
 * {@link EmbeddingServer} ({@code POST /v1/embeddings}, {@code GET /health}) but has no model. Its vectors are
 * pseudo-random unit vectors seeded by the text, so the same text always gets the same vector. Tests use the real
 * {@link EmbeddingServer} for anything about embedding quality.
 *
 * <p>What it answers is set at any time from the test thread: a {@link Mode} for every request, and a
 * {@link #script scripted} queue of {@link FaultyEmbeddingFault}s that the next requests consume, one each, before the
 * mode applies again. Every embeddings request is logged as a {@link LoggedRequest} when it is received, so a test
 * can assert how often and when the client under test called, and how it was answered. Connection attempts refused in
 * {@link Mode#REFUSE} never reach the server and are not logged.
 */
public final class FaultyEmbeddingServer implements AutoCloseable {
  public static final String DEFAULT_PROBE_TEXT = "docpipe circuit breaker probe";

  private final int dimension;
  private final String probeText;
  private final Duration closeGrace;
  private final ExecutorService workers;
  private final FaultyEmbeddingListener listener;
  private final Queue<FaultyEmbeddingFault> script = new ConcurrentLinkedQueue<>();
  private final FaultyEmbeddingLog log = new FaultyEmbeddingLog();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private volatile Mode mode = Mode.UP;
  private volatile Integer retryAfterSeconds;
  // Replaced on every mode change, so a stalled request waits on the latch of the mode it was stalled by.
  private volatile CountDownLatch modeChange = new CountDownLatch(1);
  private boolean closed;

  private FaultyEmbeddingServer(Builder builder) {
    this.dimension = builder.dimension;
    this.probeText = builder.probeText;
    this.closeGrace = builder.closeGrace;
    this.retryAfterSeconds = builder.retryAfterSeconds;
    // A virtual thread per request: stalled requests cost nothing and never hold up the others.
    this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("faulty-embedding-", 0).factory());
    try {
      this.listener = new FaultyEmbeddingListener(builder.port, new FaultyEmbeddingHandler(this, log), workers);
    } catch (RuntimeException e) {
      workers.shutdown();
      throw e;
    }
  }

  /** Starts serving on 127.0.0.1 in mode {@link Mode#UP}; port 0 picks a free port. */
  public static FaultyEmbeddingServer start(int port, int dimension) {
    return builder().port(port).dimension(dimension).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL; clients post to {@code <endpoint>/v1/embeddings}. Stays the same through {@link Mode#REFUSE}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.port());
  }

  public int port() {
    return listener.port();
  }

  public int dimension() {
    return dimension;
  }

  public String probeText() {
    return probeText;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Switches the mode for every later request that no scripted fault answers. Any actual switch abandons the requests
   * held by a stall, scripted or not: their connections close unanswered. Entering {@link Mode#REFUSE} closes the
   * listening socket and every open connection before this returns; leaving it listens on the same port again.
   *
   * @throws UncheckedIOException when the port cannot be bound again; the mode then stays {@code REFUSE}
   */
  public void mode(Mode next) {
    Objects.requireNonNull(next, "mode");
    synchronized (lifecycle) {
      if (closed) throw new IllegalStateException("the server is closed");
      Mode previous = mode;
      if (next == previous) return;
      mode = next;
      if (previous == Mode.REFUSE) {
        try {
          listener.resume();
        } catch (RuntimeException e) {
          mode = Mode.REFUSE;
          throw e;
        }
      }
      releaseStalled();
      if (next == Mode.REFUSE) listener.stop();
    }
  }

  /** The {@code Retry-After} seconds that {@link Mode#THROTTLE} sends; null sends none. Default 1. */
  public void retryAfterSeconds(Integer seconds) {
    this.retryAfterSeconds = Builder.checkRetryAfter(seconds);
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Appends faults that the next requests consume in order, one each, before the mode applies again. */
  public void script(FaultyEmbeddingFault... faults) {
    for (FaultyEmbeddingFault fault : faults) script.add(Objects.requireNonNull(fault, "fault"));
  }

  /** Scripted faults not consumed yet. */
  public int scriptRemaining() {
    return script.size();
  }

  /** Every embeddings request received since start or {@link #reset()}, in order of receipt. */
  public List<LoggedRequest> requests() {
    return log.snapshot();
  }

  public int count() {
    return log.count(request -> true);
  }

  public int countNonProbe() {
    return log.count(request -> !request.probe());
  }

  public int countProbes() {
    return log.count(LoggedRequest::probe);
  }

  /** Requests received at or after {@code nanoTime}, a {@link System#nanoTime()} reading. */
  public int countSince(long nanoTime, boolean includeProbes) {
    return log.count(request -> request.receivedNanos() - nanoTime >= 0 && (includeProbes || !request.probe()));
  }

  /** Clears the request log; the mode and the script stay. */
  public void reset() {
    log.clear();
  }

  /** Stops listening and abandons delayed and stalled requests; returns within about a second. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) return;
      closed = true;
      closing.countDown();
      releaseStalled();
      listener.stop();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(closeGrace.toMillis(), TimeUnit.MILLISECONDS)) workers.shutdownNow();
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The scripted fault for the next request, or null when the mode answers it. */
  FaultyEmbeddingFault nextScripted() {
    return script.poll();
  }

  CountDownLatch modeChange() {
    return modeChange;
  }

  /** True when the server closed within {@code delay}: the delayed request is then abandoned. */
  boolean closedWithin(Duration delay) throws InterruptedException {
    return closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void releaseStalled() {
    CountDownLatch released = modeChange;
    modeChange = closed ? released : new CountDownLatch(1);
    released.countDown();
  }

  /** What the server does with every request that no scripted fault answers. */
  public enum Mode {
    /** Answers normally. */
    UP,
    /** 503 with an error body, as TEI while its model is not ready. */
    UNAVAILABLE,
    /** Not listening: connection attempts fail, as when the instance is gone. */
    REFUSE,
    /** Reads the request and never answers; only the client's timeout ends it. */
    STALL,
    /** 429, with {@link #retryAfterSeconds()} as {@code Retry-After} unless that is null. */
    THROTTLE
  }

  /**
   * One embeddings request as the server saw it. {@code status} is the HTTP status answered, {@link #PENDING} while a
   * delay or stall holds it, or {@link #ABANDONED} when the connection was closed without an answer. {@code mode} is
   * the mode when it was received; {@code fault} is what answered it, scripted or the mode's own.
   */
  public record LoggedRequest(long receivedNanos, Instant receivedAt, int inputs, boolean probe, int status, Mode mode,
                              FaultyEmbeddingFault fault, boolean scripted) {
    public static final int PENDING = 0;
    public static final int ABANDONED = -1;

    LoggedRequest withStatus(int answered) {
      return new LoggedRequest(receivedNanos, receivedAt, inputs, probe, answered, mode, fault, scripted);
    }
  }

  /** Options for {@link #start()}. */
  public static final class Builder {
    private int port;
    private int dimension = 384;
    private String probeText = DEFAULT_PROBE_TEXT;
    private Integer retryAfterSeconds = 1;
    private Duration closeGrace = Duration.ofSeconds(1);

    private Builder() {}

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
      this.port = port;
      return this;
    }

    /** Floats per vector; 384 by default, as bge-small. */
    public Builder dimension(int dimension) {
      if (dimension < 1 || dimension > 8_192) {
        throw new IllegalArgumentException("dimension must be 1..8192, was " + dimension);
      }
      this.dimension = dimension;
      return this;
    }

    /** A request whose single input is this text counts as a probe; default {@value #DEFAULT_PROBE_TEXT}. */
    public Builder probeText(String probeText) {
      this.probeText = Objects.requireNonNull(probeText, "probeText");
      return this;
    }

    /** The {@code Retry-After} seconds that {@link Mode#THROTTLE} sends; null sends none. Default 1. */
    public Builder retryAfterSeconds(Integer retryAfterSeconds) {
      this.retryAfterSeconds = checkRetryAfter(retryAfterSeconds);
      return this;
    }

    /** How long {@link #close()} lets request handlers end before interrupting them; 1 s (tests make it endless). */
    Builder closeGrace(Duration closeGrace) {
      this.closeGrace = Objects.requireNonNull(closeGrace, "closeGrace");
      return this;
    }

    public FaultyEmbeddingServer start() {
      return new FaultyEmbeddingServer(this);
    }

    static Integer checkRetryAfter(Integer seconds) {
      if (seconds != null && seconds < 0) {
        throw new IllegalArgumentException("retryAfterSeconds must be >= 0 or null, was " + seconds);
      }
      return seconds;
    }
  }
}
