package io.docpipe.bench.coldstart;

import java.util.HashMap;
import java.util.Map;

/**
 * One cold start, as the child JVM reported it and the harness timed it.
 *
 * @param processMs from starting the {@code java} process to its exit, as the harness saw it
 * @param initMs the handler's constructor
 * @param eventMs reading the event file with the Lambda runtime's serializers (the runtime's work, not the function's)
 * @param invokeMs the first {@code handleRequest}, telemetry flush included
 * @param classes classes loaded when the invocation returned
 * @param outcome {@code http200}, {@code failures0} and so on (see {@link Driver})
 */
record Sample(double processMs, double initMs, double eventMs, double invokeMs, int classes, String outcome) {

  /** Reads the driver's {@value Driver#MARKER} line; null when there is none. */
  static Sample parse(String line, double processMs) {
    if (!line.startsWith(Driver.MARKER + " ")) return null;
    Map<String, String> fields = new HashMap<>();
    for (String pair : line.substring(Driver.MARKER.length() + 1).trim().split(" ")) {
      int eq = pair.indexOf('=');
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new Sample(processMs, millis(fields.get("init_ns")), millis(fields.get("event_ns")),
        millis(fields.get("invoke_ns")), Integer.parseInt(fields.get("classes")), fields.get("outcome"));
  }

  private static double millis(String nanos) {
    return Long.parseLong(nanos) / 1e6;
  }
}
