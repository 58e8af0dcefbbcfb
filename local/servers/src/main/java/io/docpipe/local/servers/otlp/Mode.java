package io.docpipe.local.servers.otlp;

/**
 * How the receiver treats exporters, for tests that check telemetry never breaks the code that emits it. A Lambda
 * handler exports to the collector extension on localhost; these are the ways that extension fails.
 */
public enum Mode {
  /** Accepts and answers every export, as the collector does. */
  NORMAL,
  /** The listening socket is closed: a connection attempt is refused at once. {@link #NORMAL} binds the same port. */
  REFUSE,
  /**
   * Connections are accepted and requests read up to their headers, but never answered; each request is held until the
   * mode changes or the receiver closes, and then its connection is dropped without a response or a record.
   */
  HANG
}
