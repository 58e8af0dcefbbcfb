package io.docpipe.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalServers;
import io.docpipe.shared.Json;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The custom resource fed events/migrations-create.json: migrates the real PostgreSQL and answers CloudFormation's
 * pre-signed URL (a local server standing in for S3).
 */
class MigrationsHandlerTest {
  private HttpServer cloudFormation;
  private final BlockingQueue<JsonNode> answers = new ArrayBlockingQueue<>(4);

  @BeforeEach
  void start() throws Exception {
    cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    cloudFormation.createContext("/", ex -> {
      answers.add(Json.read(ex.getRequestBody().readAllBytes(), JsonNode.class));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    cloudFormation.start();
  }

  @AfterEach
  void stop() {
    cloudFormation.stop(0);
  }

  @Test
  void createRequest_migratesTheVectorSchema_andReportsSuccess_twiceWithoutHarm() throws Exception {
    Map<String, String> env = FunctionEnvironment.aws(LocalServers.get()).vectorDb(LocalServers.get().postgres())
        .with("EMBEDDING_DIMENSION", "384").build();
    MigrationsHandler handler = MigrationsHandler.from(env);

    handler.handleRequest(request("Create"), null);
    JsonNode first = answers.poll(10, TimeUnit.SECONDS);
    handler.handleRequest(request("Update"), null);
    JsonNode second = answers.poll(10, TimeUnit.SECONDS);

    assertThat(first.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(second.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(second.get("Reason").asText()).isEqualTo("0 migrations applied");
    assertThat(first.get("RequestId").asText()).isNotBlank();
    try (Connection c = DriverManager.getConnection(env.get("VECTOR_DB_URL"), env.get("VECTOR_DB_USER"), env.get("VECTOR_DB_PASSWORD"));
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT atttypmod, attstorage FROM pg_attribute WHERE attrelid = 'chunks'::regclass AND attname = 'embedding'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("vector dimension follows EMBEDDING_DIMENSION").isEqualTo(384);
      assertThat(rs.getString(2)).as("vectors kept in the row (V4)").isEqualTo("m");
    }
  }

  @Test
  void unreachableDatabase_reportsFailure_soTheDeployStops() throws Exception {
    Map<String, String> env = Map.of("VECTOR_DB_URL", "jdbc:postgresql://127.0.0.1:1/none", "VECTOR_DB_USER", "x",
        "VECTOR_DB_PASSWORD", "x", "AWS_REGION", "us-east-1");

    MigrationsHandler.from(env).handleRequest(request("Create"), null);

    JsonNode answer = answers.poll(60, TimeUnit.SECONDS);
    assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
    assertThat(answer.get("Reason").asText()).startsWith("migration failed");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> request(String type) {
    Map<String, Object> request = new HashMap<>(EventFiles.load("migrations-create.json", Map.class));
    request.put("RequestType", type);
    request.put("ResponseURL", "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/response");
    return request;
  }
}
