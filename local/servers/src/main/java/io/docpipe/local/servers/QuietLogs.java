package io.docpipe.local.servers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Turns the embedded servers' chatter (request lines, actor start-up, Jetty banners) down to WARN. A logger that the
 * local stack's own logging configuration already gave a level keeps it: that configuration owns logging.
 */
final class QuietLogs {
  private QuietLogs() {}

  static void atWarn(String... loggerNames) {
    // Only logback can be adjusted at run time through its API; with any other SLF4J binding leave logging alone.
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
    for (String name : loggerNames) {
      ch.qos.logback.classic.Logger logger = context.getLogger(name);
      if (logger.getLevel() == null) logger.setLevel(Level.WARN);
    }
  }
}
