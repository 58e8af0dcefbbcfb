package io.docpipe.local.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a free TCP port on the loopback interface, for servers that cannot bind port 0 and report the port they got
 * (DynamoDB Local, PostgreSQL). Another process can take the port between the pick and the bind; the callers report
 * a failed bind clearly rather than retrying behind the caller's back.
 */
public final class FreePort {
  private FreePort() {}

  public static int pick() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface", e);
    }
  }

  /** {@code port} itself, or a free one when it is 0. */
  static int orFree(int port) {
    if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    return port == 0 ? pick() : port;
  }
}
