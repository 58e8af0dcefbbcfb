package io.docpipe.local.servers;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the PostgreSQL tools run as. initdb and postgres refuse to run as root, so as root they run as the
 * {@code postgres} OS user through {@code setpriv}, which execs: the started process is the tool itself, and its pid
 * is the postmaster's. As any other user they run as that user.
 */
final class RunAs {
  static final String POSTGRES_USER = "postgres";
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

  private final boolean root;

  private RunAs(boolean root) {
    this.root = root;
  }

  static RunAs detect() {
    boolean root = new UnixSystem().getUid() == 0;
    if (root) requirePostgresUser();
    return new RunAs(root);
  }

  boolean isRoot() {
    return root;
  }

  List<String> command(List<String> command) {
    if (!root) return command;
    List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + POSTGRES_USER, "--regid=" + POSTGRES_USER,
        "--init-groups"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Hands {@code path} and everything under it to the user the tools run as; nothing to do when that is us. */
  void own(Path path) {
    if (!root) return;
    Commands.run(List.of("chown", "-R", POSTGRES_USER + ":" + POSTGRES_USER, path.toString()), Path.of("/"),
        TOOL_TIMEOUT);
  }

  /** Whether the tools' user can reach into {@code directory}: as root the path may pass through /root. */
  boolean canEnter(Path directory) {
    if (!root) return true;
    return Commands.tryRun(command(List.of("test", "-x", directory.toString())), Path.of("/"), TOOL_TIMEOUT)
        .exitCode() == 0;
  }

  private static void requirePostgresUser() {
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(POSTGRES_USER);
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException("running as root needs an OS user '" + POSTGRES_USER + "' to run PostgreSQL as"
          + " (the distribution's postgresql packages create it)", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot look up the OS user '" + POSTGRES_USER + "'", e);
    }
  }
}
