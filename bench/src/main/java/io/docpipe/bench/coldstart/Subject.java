package io.docpipe.bench.coldstart;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One thing whose cold start is sampled: a function jar and handler with telemetry on or off, or the bare baseline.
 *
 * @param function the results key: {@code api}, {@code search}, ... or {@value #BARE}
 * @param event makes the event file for one sample, named by the sample, after preparing the state it needs
 */
record Subject(String function, Path jar, String handler, boolean telemetry, Function<String, Path> event) {
  static final String BARE = "bare";

  String label() {
    return function.equals(BARE) ? BARE : function + (telemetry ? "+telemetry" : "-telemetry");
  }

  /** The local stack's environment for this function, with telemetry switched off by its standard variable. */
  Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new HashMap<>(base);
    env.put("OTEL_SERVICE_NAME", function);
    if (!telemetry) env.put("OTEL_SDK_DISABLED", "true");
    return env;
  }
}
