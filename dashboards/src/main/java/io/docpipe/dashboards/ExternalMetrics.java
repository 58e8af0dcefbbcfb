package io.docpipe.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** {@code external-metrics.yaml}: the CloudWatch metrics (via Grafana Cloud's AWS integration) and their labels. */
public record ExternalMetrics(Map<String, Set<String>> labels) {

  @SuppressWarnings("unchecked")
  public static ExternalMetrics load(Path file) {
    Map<String, Object> yaml;
    try {
      yaml = new Yaml().load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<String> common = (List<String>) yaml.get("common_labels");
    Map<String, Set<String>> labels = new LinkedHashMap<>();
    ((Map<String, Map<String, Object>>) yaml.get("metrics")).forEach((name, metric) -> {
      Set<String> own = new HashSet<>((List<String>) metric.get("labels"));
      own.addAll(common);
      labels.put(name, Set.copyOf(own));
    });
    return new ExternalMetrics(Map.copyOf(labels));
  }

  public boolean contains(String metric) {
    return labels.containsKey(metric);
  }
}
