package io.docpipe.dashboards;

import java.nio.file.Path;

/** The repository's root, as surefire tells it (or the parent folder when run from the module). */
final class Repo {
  private Repo() {}

  static Path root() {
    return Path.of(System.getProperty("docpipe.repo.root", "..")).toAbsolutePath().normalize();
  }

  static Path dashboards() {
    return root().resolve("dashboards");
  }
}
