package io.docpipe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which benchmark documents a corpus already holds, so {@code EVAL_REUSE=1} can skip an ingestion that is complete.
 * With the run's own stack the vector table is asked directly (its database outlives the run; its jobs table does
 * not); with a running stack, the jobs of the last complete ingestion (kept in a manifest beside the report) must all
 * still answer {@code done}.
 */
interface Corpora {
  Set<String> documents(String corpus);

  /** Called after a complete ingestion. */
  default void ingested(String corpus, Map<String, String> jobIds) {}

  static Corpora database(String jdbcUrl, String user, String password) {
    return corpus -> {
      Set<String> ids = new HashSet<>();
      try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
          PreparedStatement ps = c.prepareStatement("SELECT DISTINCT url FROM chunks WHERE corpus_name = ?")) {
        ps.setString(1, corpus);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = DocumentSite.documentId(rs.getString(1));
            if (id != null) ids.add(id);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read corpus " + corpus + " from the vector database: " + e.getMessage(), e);
      }
      return ids;
    };
  }

  static Corpora manifest(ApiClient api, Path file) {
    return new Corpora() {
      @Override
      public Set<String> documents(String corpus) {
        Set<String> ids = new HashSet<>();
        if (!Files.isRegularFile(file)) return ids;
        JsonNode manifest;
        try {
          manifest = Json.read(Files.readAllBytes(file), JsonNode.class);
        } catch (IOException | RuntimeException e) {
          return ids;
        }
        if (!api.base().equals(manifest.path("stack_url").asText()) || !corpus.equals(manifest.path("corpus").asText())) {
          return ids;
        }
        manifest.path("jobs").properties().forEach(e -> {
          JsonNode job = api.get("/jobs/" + e.getValue().asText()).body();
          if (job != null && "done".equals(job.path("status").asText())) ids.add(e.getKey());
        });
        return ids;
      }

      @Override
      public void ingested(String corpus, Map<String, String> jobIds) {
        try {
          Files.createDirectories(file.getParent());
          Files.write(file, Json.writeBytes(Map.of("stack_url", api.base(), "corpus", corpus, "jobs", jobIds)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + file, e);
        }
      }
    };
  }
}
