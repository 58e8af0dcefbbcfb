package io.docpipe.local.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3-compatible server (S3Proxy) in this JVM, on the loopback interface, path-style only. Objects are files under
 * a directory, or held in memory when no directory is given.
 *
 * <p>No authentication: any static credentials work, so the production code keeps its signing client unchanged.
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final long STOP_MILLIS = 250;
  private final S3Proxy proxy;
  private final URI endpoint;

  private S3ProxyServer(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /**
   * Starts on {@code port} (0 picks a free one) with buckets as directories under {@code directory}, created if
   * absent; a {@code null} directory keeps everything in memory.
   */
  public static S3ProxyServer start(int port, Path directory) {
    if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    QuietLogs.atWarn("org.gaul", "org.gaul.shaded.org.eclipse.jetty");
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(blobStore(directory))
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.NONE, "", "")
        // Jetty's graceful stop otherwise takes about a second on every stop of a stack, with nothing in flight.
        .stopTimeout(STOP_MILLIS)
        .build();
    try {
      proxy.start();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start on port " + port, e);
    }
    return new S3ProxyServer(proxy);
  }

  private static BlobStore blobStore(Path directory) {
    if (directory == null) return BlobStores.create("transient", new Properties());
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the S3Proxy directory " + directory, e);
    }
    // S3Proxy 4 dropped jclouds but kept its property names for the file-system store.
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    return BlobStores.create("filesystem", properties);
  }

  /** For {@code endpointOverride} of an S3 client with {@code forcePathStyle(true)}. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // A connection still open when the graceful period ends (an idle keep-alive one, say) makes Jetty report a
      // timeout, but only after it has closed that connection and stopped everything else: the server is down.
      if (gracePeriodEnded(e)) return;
      throw new IllegalStateException("S3Proxy did not stop cleanly", e);
    }
  }

  private static boolean gracePeriodEnded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) return true;
    }
    return false;
  }
}
