package io.docpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docpipe.shared.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code target/bench/results.json}, which several benchmarks share: each writes only its own top-level keys
 * ({@code "search"}, {@code "coldstart"}, {@code "warm_telemetry"}) and keeps whatever the others wrote. Other tools read the file, so it
 * is replaced whole (written beside it, then moved), never seen half written.
 */
public final class ResultsFile {
  private final Path path;

  public ResultsFile(Path path) {
    this.path = path;
  }

  /** Sets {@code key} to {@code value}, keeping every other key; a missing or unreadable file starts empty. */
  public synchronized void put(String key, JsonNode value) {
    ObjectNode root = read();
    root.set(key, value);
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      // A fresh name per write: the benchmarks run as separate processes and may finish together.
      Path temporary = Files.createTempFile(path.toAbsolutePath().getParent(), "results", ".json.tmp");
      Files.write(temporary, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  ObjectNode read() {
    if (!Files.isRegularFile(path)) return Json.mapper().createObjectNode();
    try {
      JsonNode node = Json.mapper().readTree(path.toFile());
      if (node instanceof ObjectNode object) return object;
    } catch (IOException e) {
      System.err.println("results: " + path + " is not JSON (" + e.getMessage() + "); starting it afresh");
    }
    return Json.mapper().createObjectNode();
  }
}
