package io.docpipe.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * target/bench/results.json, which several benchmarks share (each owns one top-level key: {@code coldstart} here,
 * {@code search} for the search benchmark): a write replaces only its own key and keeps the others.
 */
final class ResultsFile {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsFile() {}

  static void merge(Path file, String key, JsonNode value) {
    try {
      ObjectNode root = Files.exists(file) && MAPPER.readTree(file.toFile()) instanceof ObjectNode existing
          ? existing : MAPPER.createObjectNode();
      root.set(key, value);
      Files.createDirectories(file.getParent());
      // Written aside and moved, so a reader (or the other benchmark) never sees half a file.
      Path temp = Files.createTempFile(file.getParent(), "results", ".json.tmp");
      MAPPER.writeValue(temp.toFile(), root);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + file, e);
    }
  }
}
