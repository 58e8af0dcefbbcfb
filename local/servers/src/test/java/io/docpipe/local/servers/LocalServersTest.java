package io.docpipe.local.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class LocalServersTest {
  private final LocalServers servers = LocalServers.get();

  @Test
  void get_returnsOneInstanceWhoseServersStartOnce() {
    ElasticMqServer first = Timed.start("ElasticMQ via LocalServers", servers::sqs);

    assertThat(LocalServers.get()).isSameAs(servers);
    assertThat(servers.sqs()).isSameAs(first);
  }

  @Test
  void awsServers_answerTheirSdkClients() {
    try (var sqs = SdkClients.sqs(servers.sqs().endpoint());
        var s3 = SdkClients.s3(servers.s3().endpoint());
        var dynamo = SdkClients.dynamo(servers.dynamo().endpoint())) {
      assertThat(sqs.listQueues().sdkHttpResponse().isSuccessful()).isTrue();
      assertThat(s3.listBuckets().sdkHttpResponse().isSuccessful()).isTrue();
      assertThat(dynamo.listTables().sdkHttpResponse().isSuccessful()).isTrue();
    }
  }

  @Test
  void postgres_servesAFreshTestDatabaseWithPgvector() throws Exception {
    PostgresCluster pg = Timed.start("PostgreSQL via LocalServers (reused cluster)", servers::postgres);

    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
        var s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS vector");
      var rows = s.executeQuery("SELECT current_database(), '[3,4]'::vector <-> '[0,0]'::vector");
      rows.next();
      assertThat(rows.getString(1)).startsWith("test_");
      assertThat(rows.getDouble(2)).isEqualTo(5.0);
    }
  }

  @Test
  void embeddings_answerHealth() throws Exception {
    URI endpoint = Timed.start("EmbeddingServer via LocalServers", servers::embeddings).endpoint();

    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(endpoint.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
  }
}
