package io.docpipe.local.stack.redrive;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link RedriveDlq}. A bad argument throws {@link IllegalArgumentException} with a message that
 * names it; the caller prints it with {@link #USAGE}.
 *
 * @param to where the messages go, or null for the queue whose redrive policy points at the DLQ
 * @param maxPerSecond the move task's MaxNumberOfMessagesPerSecond, or null for SQS' own pace
 */
record RedriveArgs(String dlq, String to, Integer maxPerSecond, boolean dryRun, boolean await, Duration timeout) {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  /** StartMessageMoveTask's own bounds. */
  static final int MAX_PER_SECOND_LIMIT = 500;

  static final String USAGE = """
      usage: redrive --dlq <name|url|arn> [--to <name|url|arn>] [--max-per-second N] [--dry-run] [--wait]
                     [--timeout 30m]
        --dlq             the dead-letter queue to empty, e.g. docpipe-embed-dlq
        --to              where its messages go (default: the queue whose redrive policy points at the DLQ)
        --max-per-second  1-500 messages a second (default: as fast as SQS moves them)
        --dry-run         only print how many messages wait in the DLQ and where they would go
        --wait            follow the move task until it is COMPLETED or FAILED, printing moved/total
        --timeout         how long --wait follows it: 90s, 10m, 1h (default 30m); the task itself keeps running
      SQS: AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL when set; else AWS when credentials are configured; else the
      local stack on http://localhost:${LOCAL_SQS_PORT:-9324}.
      """;

  static RedriveArgs parse(List<String> args) {
    String dlq = null;
    String to = null;
    Integer maxPerSecond = null;
    boolean dryRun = false;
    boolean await = false;
    Duration timeout = DEFAULT_TIMEOUT;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--dlq" -> dlq = value(args, ++i, arg);
        case "--to" -> to = value(args, ++i, arg);
        case "--max-per-second" -> maxPerSecond = perSecond(value(args, ++i, arg));
        case "--dry-run" -> dryRun = true;
        case "--wait" -> await = true;
        case "--timeout" -> timeout = duration(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    if (dlq == null) throw new IllegalArgumentException("--dlq is required");
    return new RedriveArgs(dlq, to, maxPerSecond, dryRun, await, timeout);
  }

  private static String value(List<String> args, int i, String name) {
    if (i >= args.size() || args.get(i).isBlank() || args.get(i).startsWith("--")) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args.get(i).trim();
  }

  private static int perSecond(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_PER_SECOND_LIMIT) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--max-per-second must be an integer from 1 to " + MAX_PER_SECOND_LIMIT
        + ", was '" + value + "'");
  }

  /** {@code 90}, {@code 90s}, {@code 10m} or {@code 1h}. */
  static Duration duration(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    char unit = Character.isDigit(v.charAt(v.length() - 1)) ? 's' : v.charAt(v.length() - 1);
    String digits = Character.isDigit(v.charAt(v.length() - 1)) ? v : v.substring(0, v.length() - 1);
    try {
      long n = Long.parseLong(digits);
      Duration d = n <= 0 ? null : switch (unit) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> null;
      };
      if (d != null) return d;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--timeout must be a positive duration such as 90s, 10m or 1h, was '" + value
        + "'");
  }
}
