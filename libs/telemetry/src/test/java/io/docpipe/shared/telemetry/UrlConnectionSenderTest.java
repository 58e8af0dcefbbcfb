package io.docpipe.shared.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UrlConnectionSenderTest {

  @Test
  void loader_offersOnlyThisSender() {
    assertThat(UrlConnectionSender.LOADER.load(HttpSenderProvider.class)).hasSize(1);
    assertThat(UrlConnectionSender.LOADER.load(Runnable.class)).isEmpty();
  }

  @Test
  void export_collectorUp_arrivesAndSucceeds() {
    try (OtlpTestReceiver receiver = new OtlpTestReceiver(false)) {
      OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint() + "/v1/traces")
          .setComponentLoader(UrlConnectionSender.LOADER).build();

      CompletableResultCode first = exporter.export(List.of(span())).join(5, TimeUnit.SECONDS);
      CompletableResultCode second = exporter.export(List.of(span())).join(5, TimeUnit.SECONDS);

      assertThat(first.isSuccess()).isTrue();
      assertThat(second.isSuccess()).isTrue();
      assertThat(receiver.paths()).containsExactly("/v1/traces", "/v1/traces");
      exporter.shutdown();
    }
  }

  @Test
  void export_collectorDown_failsWithoutThrowing() throws Exception {
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + OtlpTestReceiver.freePort() + "/v1/traces")
        .setComponentLoader(UrlConnectionSender.LOADER).setRetryPolicy(null).build();

    CompletableResultCode result = exporter.export(List.of(span())).join(5, TimeUnit.SECONDS);

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    exporter.shutdown();
  }

  @Test
  void send_reportsTheStatusAndBody_ofARefusal() throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 4);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "bad".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(400, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      UrlConnectionSender sender = new UrlConnectionSender(config("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs"));
      CompletableFuture<HttpResponse> answered = new CompletableFuture<>();

      sender.send(message("payload"), answered::complete, answered::completeExceptionally);

      HttpResponse response = answered.get(5, TimeUnit.SECONDS);
      assertThat(response.getStatusCode()).isEqualTo(400);
      assertThat(new String(response.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo("bad");
      sender.shutdown();
    } finally {
      server.stop(0);
    }
  }

  private static MessageWriter message(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream out) throws java.io.IOException {
        out.write(bytes);
      }

      @Override
      public int getContentLength() {
        return bytes.length;
      }
    };
  }

  private static HttpSenderConfig config(String endpoint) {
    return (HttpSenderConfig) java.lang.reflect.Proxy.newProxyInstance(HttpSenderConfig.class.getClassLoader(),
        new Class<?>[] {HttpSenderConfig.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getEndpoint" -> java.net.URI.create(endpoint);
          case "getContentType" -> "application/x-protobuf";
          case "getTimeout", "getConnectTimeout" -> java.time.Duration.ofSeconds(5);
          case "getHeadersSupplier" -> (java.util.function.Supplier<java.util.Map<String, List<String>>>) java.util.Map::of;
          case "getMaxResponseBodySize" -> 1024L;
          default -> null;
        });
  }

  private static io.opentelemetry.sdk.trace.data.SpanData span() {
    return TestSpanData.builder().setName("s").setKind(SpanKind.INTERNAL).setStatus(StatusData.unset())
        .setStartEpochNanos(1).setEndEpochNanos(2).setHasEnded(true).build();
  }
}
