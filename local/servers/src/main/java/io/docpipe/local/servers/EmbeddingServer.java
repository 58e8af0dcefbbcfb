package io.docpipe.local.servers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible embedding server ({@code POST /v1/embeddings}, {@code GET /v1/models}, {@code GET /health})
 * backed by bge-small-en-v1.5 in-process, standing in for the TEI endpoint the pipeline calls in AWS. Vectors have
 * {@value BgeEmbedder#DIMENSION} dimensions and unit length; bge-large in production has 1024.
 */
public final class EmbeddingServer implements AutoCloseable {
  private final HttpServer http;
  private final ThreadPoolExecutor workers;
  private final BgeEmbedder embedder;

  private EmbeddingServer(HttpServer http, ThreadPoolExecutor workers, BgeEmbedder embedder) {
    this.http = http;
    this.workers = workers;
    this.embedder = embedder;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL; clients post to {@code <endpoint>/v1/embeddings}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  public int dimension() {
    return BgeEmbedder.DIMENSION;
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) workers.shutdownNow();
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    embedder.close();
  }

  /** Options for {@link #start()}; the defaults are TEI's limits. */
  public static final class Builder {
    private int port;
    private int maxBatchItems = 32;
    private int maxBatchTokens = 16_384;
    private int httpThreads = 4;
    private int intraOpThreads = 1;
    private int parallelRuns = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
      this.port = port;
      return this;
    }

    /** More inputs in one request get a 413, as from TEI's {@code --max-client-batch-size}. */
    public Builder maxBatchItems(int maxBatchItems) {
      if (maxBatchItems < 1) throw new IllegalArgumentException("maxBatchItems must be >= 1, was " + maxBatchItems);
      this.maxBatchItems = maxBatchItems;
      return this;
    }

    /** More tokens in one request get a 413, as from TEI's {@code --max-batch-tokens}. */
    public Builder maxBatchTokens(int maxBatchTokens) {
      if (maxBatchTokens < BgeEmbedder.MAX_TOKENS) {
        throw new IllegalArgumentException("maxBatchTokens must hold one " + BgeEmbedder.MAX_TOKENS
            + "-token input, was " + maxBatchTokens);
      }
      this.maxBatchTokens = maxBatchTokens;
      return this;
    }

    /** Requests served at once; more wait, and past a short queue they hold up accepting new connections. */
    public Builder httpThreads(int httpThreads) {
      if (httpThreads < 1) throw new IllegalArgumentException("httpThreads must be >= 1, was " + httpThreads);
      this.httpThreads = httpThreads;
      return this;
    }

    /** ONNX Runtime threads inside one model run (default 1: runs in parallel use the cores better). */
    public Builder intraOpThreads(int intraOpThreads) {
      if (intraOpThreads < 1) throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
      this.intraOpThreads = intraOpThreads;
      return this;
    }

    /** Model runs at once, across all requests (default: one per processor). */
    public Builder parallelRuns(int parallelRuns) {
      if (parallelRuns < 1) throw new IllegalArgumentException("parallelRuns must be >= 1, was " + parallelRuns);
      this.parallelRuns = parallelRuns;
      return this;
    }

    /** Loads the model (a second or two) and starts serving on 127.0.0.1. */
    public EmbeddingServer start() {
      BgeEmbedder embedder = BgeEmbedder.load(intraOpThreads, parallelRuns);
      // Caller-runs when full: the accepting thread serves the request itself, which slows intake instead of
      // dropping connections.
      ThreadPoolExecutor workers = new ThreadPoolExecutor(httpThreads, httpThreads, 0, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(64), Thread.ofPlatform().name("embedding-http-", 0).daemon().factory(),
          new ThreadPoolExecutor.CallerRunsPolicy());
      try {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext("/", new EmbeddingHandler(embedder, maxBatchItems, maxBatchTokens));
        http.setExecutor(workers);
        http.start();
        return new EmbeddingServer(http, workers, embedder);
      } catch (IOException e) {
        workers.shutdown();
        embedder.close();
        throw new UncheckedIOException("cannot listen on port " + port, e);
      }
    }
  }
}
