package io.docpipe.local.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Points sqlite4java (DynamoDB Local's storage) at its native library. Maven Central ships the library as a bare
 * {@code .so}, which this module's build copies into {@code classes/native/sqlite4java}; sqlite4java can only load it
 * from a directory, so from a jar it is first copied out to one under java.io.tmpdir.
 */
final class SqliteNative {
  static final String PROPERTY = "sqlite4java.library.path";
  private static final String LIBRARY = "libsqlite4java-linux-amd64.so";
  private static final String RESOURCE = "/native/sqlite4java/" + LIBRARY;

  private SqliteNative() {}

  /** Sets {@value #PROPERTY} unless someone already did; sqlite4java reads it once, on first use. */
  static synchronized void configure() {
    if (System.getProperty(PROPERTY) != null) return;
    URL url = SqliteNative.class.getResource(RESOURCE);
    if (url == null) {
      throw new IllegalStateException("classpath resource " + RESOURCE + " is missing; DynamoDB Local runs here only on"
          + " linux-amd64, with the library that local/servers' build copies into its classes");
    }
    System.setProperty(PROPERTY, directoryHolding(url).toString());
  }

  private static Path directoryHolding(URL url) {
    try {
      if ("file".equals(url.getProtocol())) return Path.of(url.toURI()).getParent();
      return extracted(url);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + RESOURCE, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unusable location of " + RESOURCE + ": " + url, e);
    }
  }

  /**
   * One directory per OS user, reused by every later JVM rather than a new one per run (a JVM cannot delete a
   * library it has loaded). A differing copy is replaced by an atomic rename, so a JVM that has the old file loaded
   * keeps it and a parallel JVM never sees a half-written one.
   */
  private static Path extracted(URL url) throws IOException {
    byte[] library;
    try (InputStream in = url.openStream()) {
      library = in.readAllBytes();
    }
    Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
        "docpipe-sqlite4java-" + System.getProperty("user.name")));
    Path target = dir.resolve(LIBRARY);
    if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), library)) return dir;
    Path partial = Files.createTempFile(dir, LIBRARY, ".part");
    Files.write(partial, library);
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return dir;
  }
}
