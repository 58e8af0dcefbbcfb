package io.docpipe.local.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ProxyServerTest {
  @TempDir
  static Path directory;
  private static S3ProxyServer server;
  private static S3Client s3;

  @BeforeAll
  static void startServer() {
    server = Timed.start("S3Proxy", () -> S3ProxyServer.start(0, directory.resolve("blobs")));
    s3 = SdkClients.s3(server.endpoint());
  }

  @AfterAll
  static void stopServer() {
    s3.close();
    server.close();
  }

  @Test
  void objectLifecycle_throughTheSdk_putsListsGetsAndDeletes() throws Exception {
    // Arrange
    s3.createBucket(b -> b.bucket("docs"));

    // Act
    s3.putObject(b -> b.bucket("docs").key("jobs/j1/raw.html").contentType("text/html"),
        RequestBody.fromString("<p>hello</p>"));
    String body = s3.getObjectAsBytes(b -> b.bucket("docs").key("jobs/j1/raw.html")).asUtf8String();
    var listed = s3.listObjectsV2(b -> b.bucket("docs").prefix("jobs/j1/")).contents();
    s3.deleteObject(b -> b.bucket("docs").key("jobs/j1/raw.html"));
    var afterDelete = s3.listObjectsV2(b -> b.bucket("docs")).contents();

    // Assert
    assertThat(body).isEqualTo("<p>hello</p>");
    assertThat(listed).extracting(S3Object::key).containsExactly("jobs/j1/raw.html");
    assertThat(afterDelete).isEmpty();
    assertThat(Files.isDirectory(directory.resolve("blobs/docs"))).as("buckets are directories").isTrue();
  }

  @Test
  void close_withAnIdleKeepAliveConnection_stopsWithinItsGracePeriodWithoutAnError() throws Exception {
    // Arrange: a client that keeps its connection open after a complete exchange, as SDK clients' pools do.
    S3ProxyServer other = S3ProxyServer.start(0, null);
    int port = other.endpoint().getPort();
    try (Socket idle = new Socket("127.0.0.1", port)) {
      idle.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      idle.getOutputStream().flush();
      assertThat(idle.getInputStream().read()).as("the server answered").isNotNegative();

      // Act
      other.close();
    }

    // Assert
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .as("nothing listens on the port any more").isInstanceOf(ConnectException.class);
  }
}
