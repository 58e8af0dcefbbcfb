package io.docpipe.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One Grafana dashboard file of {@code dashboards/}: its JSON model, with its panels (those inside rows included) and
 * template variables read out.
 */
public record Dashboard(Path file, JsonNode json, List<Panel> panels, List<Variable> variables) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String uid() {
    return json.path("uid").asText("");
  }

  public String title() {
    return json.path("title").asText("");
  }

  /** Every {@code *.json} of the folder, by file name. */
  public static List<Dashboard> loadAll(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().map(Dashboard::load).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list dashboards in " + folder, e);
    }
  }

  public static Dashboard load(Path file) {
    JsonNode json;
    try {
      json = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    List<Panel> panels = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      panels.add(Panel.of(panel));
      // A collapsed row holds its panels itself; an open row's panels follow it at the top level.
      for (JsonNode inner : panel.path("panels")) panels.add(Panel.of(inner));
    }
    List<Variable> variables = new ArrayList<>();
    for (JsonNode variable : json.path("templating").path("list")) variables.add(Variable.of(variable));
    return new Dashboard(file, json, List.copyOf(panels), List.copyOf(variables));
  }
}
