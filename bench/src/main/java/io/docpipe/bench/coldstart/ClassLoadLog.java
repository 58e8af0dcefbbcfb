package io.docpipe.bench.coldstart;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads a JVM's {@code -Xlog:class+load=info:file=<f>:none} log (one line per class: {@code <name> source: <where>})
 * and keeps the classes worth loading before a SnapStart snapshot: everything the invocation loaded except what only
 * the cold-start driver brings (its own classes and the Lambda serialization jar, which the real runtime provides)
 * and classes the JVM generates at run time (lambdas' hidden classes, lambda forms, reflection accessors), which
 * have no name to load them by.
 */
final class ClassLoadLog {
  private static final String SOURCE = " source: ";
  private static final List<String> DRIVER_PACKAGES = List.of("io.docpipe.bench.",
      "com.amazonaws.services.lambda.runtime.serialization.");

  private ClassLoadLog() {}

  /** The names in {@code lines}, in load order, each once. */
  static List<String> primable(Stream<String> lines) {
    return lines.map(ClassLoadLog::primable).filter(Objects::nonNull).distinct().toList();
  }

  /** The class a line names, or null when it is not one to prime (or not a class-load line at all). */
  static String primable(String line) {
    int source = line.indexOf(SOURCE);
    if (source <= 0) return null;
    String name = line.substring(0, source).strip();
    String where = line.substring(source + SOURCE.length());
    if (name.contains("/") || name.contains("$$Lambda") || name.startsWith("java.lang.invoke.LambdaForm$")
        || name.startsWith("jdk.internal.reflect.Generated") || where.startsWith("__")) {
      return null; // hidden or generated: __JVM_LookupDefineClass__, __Lookup_defineClass__ and the like
    }
    for (String driver : DRIVER_PACKAGES) if (name.startsWith(driver)) return null;
    return name;
  }
}
