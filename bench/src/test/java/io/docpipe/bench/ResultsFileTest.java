package io.docpipe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
  @TempDir
  Path dir;

  @Test
  void put_replacesItsKeyOnly_keepingWhatAnotherBenchmarkWrote() throws Exception {
    Path path = dir.resolve("bench/results.json");
    Files.createDirectories(path.getParent());
    Files.writeString(path, "{\"coldstart\": {\"api\": {\"ratio_to_bare\": 1.2}}, \"search\": [1]}");

    new ResultsFile(path).put("search", Json.mapper().readTree("[{\"case\": \"x\", \"rows_ok\": true}]"));

    JsonNode root = Json.mapper().readTree(path.toFile());
    assertThat(root.at("/coldstart/api/ratio_to_bare").asDouble()).isEqualTo(1.2);
    assertThat(root.at("/search/0/case").asText()).isEqualTo("x");
    assertThat(root.get("search")).hasSize(1);
  }

  @Test
  void put_withoutAFile_createsItAndItsFolder() throws Exception {
    Path path = dir.resolve("target/bench/results.json");

    new ResultsFile(path).put("search", Json.mapper().createArrayNode());

    assertThat(Json.mapper().readTree(path.toFile()).get("search").isArray()).isTrue();
  }

  @Test
  void put_overAFileThatIsNotJson_startsItAfresh() throws Exception {
    Path path = dir.resolve("results.json");
    Files.writeString(path, "{ cut short");

    new ResultsFile(path).put("search", Json.mapper().createArrayNode());

    assertThat(Json.mapper().readTree(path.toFile()).size()).isEqualTo(1);
  }
}
