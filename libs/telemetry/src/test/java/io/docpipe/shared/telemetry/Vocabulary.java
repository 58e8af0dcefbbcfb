package io.docpipe.shared.telemetry;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** docs/otel-attributes.yaml, read. */
final class Vocabulary {
  private final Map<String, Object> yaml;

  private Vocabulary(Map<String, Object> yaml) {
    this.yaml = yaml;
  }

  static Vocabulary load() {
    try (Reader in = Files.newBufferedReader(RepoFiles.path("docs/otel-attributes.yaml"))) {
      return new Vocabulary(new Yaml().load(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> section(String name) {
    Object section = yaml.get(name);
    if (!(section instanceof Map)) throw new AssertionError("docs/otel-attributes.yaml has no section " + name);
    return (Map<String, Object>) section;
  }

  @SuppressWarnings("unchecked")
  <T> T get(String name) {
    return (T) yaml.get(name);
  }

  Set<String> keys(String... sections) {
    Set<String> keys = new HashSet<>();
    for (String s : sections) keys.addAll(section(s).keySet());
    return keys;
  }

  /** Where the repository is: surefire passes it; a run from an IDE finds it from the working directory. */
  static final class RepoFiles {
    static Path path(String relative) {
      String root = System.getProperty("docpipe.repo.root");
      if (root != null && Files.exists(Path.of(root, relative))) return Path.of(root, relative);
      for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
        if (Files.exists(dir.resolve(relative))) return dir.resolve(relative);
      }
      throw new AssertionError("cannot find " + relative + " above " + Path.of("").toAbsolutePath());
    }
  }
}
