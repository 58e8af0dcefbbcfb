package io.docpipe.local.servers.otlp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each received item as one JSON object per line to {@code spans.jsonl}, {@code metrics.jsonl} and
 * {@code logs.jsonl}, flushed after every export request so that {@code tail -f} and {@code jq} see it at once. A
 * failed write is logged and the export still succeeds: the in-memory copy is what tests read.
 */
final class JsonLines implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JsonLines.class);
  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final Map<Signal, String> FILES = Map.of(
      Signal.TRACES, "spans.jsonl", Signal.METRICS, "metrics.jsonl", Signal.LOGS, "logs.jsonl");

  private final Map<Signal, BufferedWriter> writers;

  private JsonLines(Map<Signal, BufferedWriter> writers) {
    this.writers = writers;
  }

  /** Appends to the files in {@code directory}, creating it; null writes nothing. */
  static JsonLines open(Path directory) {
    Map<Signal, BufferedWriter> writers = new EnumMap<>(Signal.class);
    if (directory == null) return new JsonLines(writers);
    try {
      Files.createDirectories(directory);
      for (Signal signal : Signal.values()) {
        writers.put(signal, Files.newBufferedWriter(directory.resolve(FILES.get(signal)), StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND));
      }
      return new JsonLines(writers);
    } catch (IOException e) {
      new JsonLines(writers).close();
      throw new UncheckedIOException("cannot open the OTLP store in " + directory, e);
    }
  }

  void append(Signal signal, List<?> items) {
    BufferedWriter writer = writers.get(signal);
    if (writer == null || items.isEmpty()) return;
    synchronized (writer) {
      try {
        for (Object item : items) {
          writer.write(JSON.writeValueAsString(item));
          writer.newLine();
        }
        writer.flush();
      } catch (IOException e) {
        LOG.warn("could not append {} items to {}: {}", signal, FILES.get(signal), e.toString());
      }
    }
  }

  /**
   * Reads back what an earlier run appended for {@code signal} in {@code directory}, oldest first, handing each item to
   * {@code sink}; returns how many were read. Integers come back as {@link Long}, as the decoder makes them. A line
   * that does not parse (the last one, cut short when a run was killed mid-write) is skipped.
   */
  static <T> long read(Path directory, Signal signal, Class<T> type, Consumer<T> sink) {
    if (directory == null) return 0;
    Path file = directory.resolve(FILES.get(signal));
    if (!Files.isRegularFile(file)) return 0;
    ObjectReader reader = JSON.readerFor(type).with(DeserializationFeature.USE_LONG_FOR_INTS);
    long read = 0;
    long skipped = 0;
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) continue;
        T item;
        try {
          item = reader.readValue(line);
        } catch (IOException e) {
          skipped++;
          continue;
        }
        sink.accept(item);
        read++;
      }
    } catch (IOException e) {
      LOG.warn("could not read back {}: {}", file, e.toString());
    }
    if (skipped > 0) LOG.warn("skipped {} unreadable lines of {}", skipped, file);
    return read;
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  @Override
  public void close() {
    for (Map.Entry<Signal, BufferedWriter> entry : writers.entrySet()) {
      synchronized (entry.getValue()) {
        try {
          entry.getValue().close();
        } catch (IOException e) {
          LOG.warn("could not close {}: {}", FILES.get(entry.getKey()), e.toString());
        }
      }
    }
  }
}
