package io.docpipe.shared.telemetry;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;

/**
 * The OTLP exporters' HTTP sender over {@link HttpURLConnection}, which the AWS SDK's url-connection client has loaded
 * already, instead of the JDK {@code java.net.http} client: that one brings about 400 classes of its own and of TLS
 * into every cold start, even for the collector extension's plain {@code http://localhost}. Each exporter sends on its
 * own daemon thread, so the three signals of a flush travel in parallel and a collector that never answers holds
 * that thread, not the invocation. Connections are kept alive between flushes by the JDK's keep-alive cache.
 */
final class UrlConnectionSender implements HttpSender {
  /** Hands this sender to the exporter builders in place of a service-loader lookup. */
  static final ComponentLoader LOADER = new ComponentLoader() {
    @Override
    @SuppressWarnings("unchecked")
    public <T> Iterable<T> load(Class<T> type) {
      if (type != HttpSenderProvider.class) return List.of();
      HttpSenderProvider provider = UrlConnectionSender::new;
      return List.of((T) provider);
    }
  };

  private final HttpSenderConfig config;
  private final ExecutorService executor;
  private final boolean ownExecutor;

  UrlConnectionSender(HttpSenderConfig config) {
    this.config = config;
    this.ownExecutor = config.getExecutorService() == null;
    this.executor = ownExecutor
        ? Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("otlp-" + signal(config)).factory())
        : config.getExecutorService();
  }

  @Override
  public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    try {
      executor.execute(() -> post(message, onResponse, onError));
    } catch (RejectedExecutionException e) {
      onError.accept(e);
    }
  }

  private void post(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    HttpResponse response;
    try {
      response = exchange(message);
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    onResponse.accept(response);
  }

  private HttpResponse exchange(MessageWriter message) throws IOException {
    URL url = config.getEndpoint().toURL();
    HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
    if (connection instanceof HttpsURLConnection https && config.getSslContext() != null) {
      https.setSSLSocketFactory(config.getSslContext().getSocketFactory());
    }
    connection.setConnectTimeout(millis(config.getConnectTimeout().toMillis()));
    connection.setReadTimeout(millis(config.getTimeout().toMillis()));
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", config.getContentType());
    config.getHeadersSupplier().get().forEach((name, values) -> values.forEach(v -> connection.addRequestProperty(name, v)));
    // No streaming mode: the connection buffers the (small) body, so when a kept-alive connection turns out to have
    // been closed by the collector while the environment was frozen, it sends the request again on a fresh one
    // (sun.net.http.retryPost) instead of losing the batch.
    Compressor compressor = config.getCompressor();
    if (compressor != null) connection.setRequestProperty("Content-Encoding", compressor.getEncoding());
    try (OutputStream body = compressor == null ? connection.getOutputStream() : compressor.compress(connection.getOutputStream())) {
      message.writeMessage(body);
    }
    int status = connection.getResponseCode();
    byte[] responseBody = readAll(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
    return new Response(status, connection.getResponseMessage(), responseBody);
  }

  /** Reads to the end, as the keep-alive cache needs to reuse the connection; beyond the configured cap, fails. */
  private byte[] readAll(InputStream in) throws IOException {
    if (in == null) return new byte[0];
    try (in) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.getMaxResponseBodySize() + 1));
      if (body.length > config.getMaxResponseBodySize()) throw new IOException("OTLP response body over its limit");
      return body;
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    if (ownExecutor) executor.shutdown();
    return CompletableResultCode.ofSuccess();
  }

  private static int millis(long value) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
  }

  private static String signal(HttpSenderConfig config) {
    String path = config.getEndpoint().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private record Response(int status, String message, byte[] body) implements HttpResponse {
    @Override public int getStatusCode() { return status; }
    @Override public String getStatusMessage() { return message == null ? "" : message; }
    @Override public byte[] getResponseBody() { return body; }
  }
}
