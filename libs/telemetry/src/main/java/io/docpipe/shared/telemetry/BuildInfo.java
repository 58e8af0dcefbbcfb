package io.docpipe.shared.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The git commit this build came from, for {@code service.version}. The telemetry module's build writes
 * {@code build-info.properties} next to this class (git-commit-id-maven-plugin); outside a git checkout there is no
 * such file and the version is {@code unknown}.
 */
final class BuildInfo {
  static final String UNKNOWN = "unknown";
  private static final Pattern SHA = Pattern.compile("^[0-9a-f]{7,40}$");

  private BuildInfo() {}

  static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
      if (in == null) return UNKNOWN;
      Properties p = new Properties();
      p.load(in);
      return version(p.getProperty("git.commit.id"), p.getProperty("git.dirty"));
    } catch (IOException e) {
      return UNKNOWN;
    }
  }

  /** A build from a tree with uncommitted changes says so, so nobody mistakes it for the commit. */
  static String version(String sha, String dirty) {
    if (sha == null || !SHA.matcher(sha.trim()).matches()) return UNKNOWN;
    return sha.trim() + ("true".equals(dirty == null ? null : dirty.trim()) ? "-dirty" : "");
  }
}
