package io.docpipe.local.servers.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP surface byte by byte, as the collector's otlp receiver answers it. */
class OtlpHttpProtocolTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PROTOBUF = "application/x-protobuf";

  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start(0, null);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void post_ofAGzippedProtobufRequest_isKeptAndAnsweredWithAnEmptyProtobufBody() throws Exception {
    byte[] body = gzip(logRequest().toByteArray());

    HttpResponse<byte[]> response = send(post("/v1/logs", PROTOBUF, body).header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    assertThat(response.body()).isEmpty();
    assertThat(receiver.logs()).singleElement().satisfies(log -> {
      assertThat(log.body()).isEqualTo("stuck job requeued");
      assertThat(log.severity()).isEqualTo("WARN");
      assertThat(log.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(log.spanId()).isEqualTo("b7ad6b7169203331");
      assertThat(log.service()).isEqualTo("stuck-job-scanner");
      assertThat(log.attributes()).containsEntry("job.id", "job-3");
    });
    assertThat(receiver.requests(Signal.LOGS)).isEqualTo(1);
  }

  @Test
  void post_ofAnEmptyRequest_isAccepted() throws Exception {
    HttpResponse<byte[]> response = send(post("/v1/metrics", PROTOBUF + "; charset=utf-8", new byte[0]));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(0);
  }

  @Test
  void post_ofJson_isUnsupportedMediaType() throws Exception {
    HttpResponse<byte[]> response = send(post("/v1/traces", "application/json", "{}".getBytes()));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(new String(response.body())).contains(PROTOBUF);
  }

  @Test
  void post_ofAMalformedBody_isABadRequest() throws Exception {
    // Field 1 (resource_spans), length-delimited, announcing 127 bytes that never come.
    HttpResponse<byte[]> response = send(post("/v1/traces", PROTOBUF, new byte[] {0x0A, 0x7F, 0x01}));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(receiver.allSpans()).isEmpty();
    assertThat(receiver.requests(Signal.TRACES)).isEqualTo(1);
  }

  @Test
  void post_ofABodyThatIsNotGzip_withGzipEncoding_isABadRequest() throws Exception {
    HttpResponse<byte[]> response = send(post("/v1/logs", PROTOBUF, logRequest().toByteArray())
        .header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void otherMethodsAndPaths_are405And404() throws Exception {
    HttpResponse<byte[]> get = send(HttpRequest.newBuilder(receiver.endpoint().resolve("/v1/traces")).GET());
    HttpResponse<byte[]> unknown = send(post("/v1/profiles", PROTOBUF, new byte[0]));

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(receiver.requests(Signal.TRACES)).isZero();
  }

  private static ExportLogsServiceRequest logRequest() {
    HexFormat hex = HexFormat.of();
    LogRecord log = LogRecord.newBuilder()
        .setTimeUnixNano(1_700_000_000_000_000_000L)
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
        .setBody(AnyValue.newBuilder().setStringValue("stuck job requeued"))
        .addAttributes(KeyValue.newBuilder().setKey("job.id").setValue(AnyValue.newBuilder().setStringValue("job-3")))
        .setTraceId(ByteString.copyFrom(hex.parseHex("0af7651916cd43dd8448eb211c80319c")))
        .setSpanId(ByteString.copyFrom(hex.parseHex("b7ad6b7169203331")))
        .build();
    Resource resource = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
        .setValue(AnyValue.newBuilder().setStringValue("stuck-job-scanner"))).build();
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource)
            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(log)))
        .build();
  }

  private HttpRequest.Builder post(String path, String contentType, byte[] body) {
    return HttpRequest.newBuilder(receiver.endpoint().resolve(path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
