package io.docpipe.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The rules of {@code dashboards/alerts/*.yaml} (Prometheus rule files, as the Mimir ruler takes them). */
final class RuleFiles {
  private RuleFiles() {}

  record Rule(Path file, String group, String alert, String record, String expr, Map<String, String> labels,
      Map<String, String> annotations) {
    String name() {
      return alert != null ? alert : record;
    }
  }

  static List<Path> files() {
    try (Stream<Path> files = Files.list(Repo.dashboards().resolve("alerts"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Rule> all() {
    List<Rule> rules = new ArrayList<>();
    for (Path file : files()) {
      Map<String, Object> yaml;
      try {
        yaml = new Yaml().load(Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (Map<String, Object> group : (List<Map<String, Object>>) yaml.get("groups")) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
          rules.add(new Rule(file, (String) group.get("name"), (String) rule.get("alert"), (String) rule.get("record"),
              String.valueOf(rule.get("expr")), strings(rule.get("labels")), strings(rule.get("annotations"))));
        }
      }
    }
    return rules;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> strings(Object map) {
    if (map == null) return Map.of();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    ((Map<String, Object>) map).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
