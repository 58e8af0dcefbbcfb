package io.docpipe.bench.coldstart;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads a JVM's {@code -Xlog:class+load=info:file=<f>:none} log (one line per class: {@code <name> source: <where>})
 * and keeps the classes worth loading before a SnapStart snapshot: those the invocation loaded from the JDK or from
 * the function's own jar. Left out: what only the cold-start driver brings (its own classes, and the Lambda
 * serialization jar with its shaded Jackson, which the real runtime provides from its own class path) and classes the
 * JVM generates at run time (lambdas' hidden classes, lambda forms, reflection accessors), which have no name to
 * load them by.
 */
final class ClassLoadLog {
  private static final String SOURCE = " source: ";

  private ClassLoadLog() {}

  /** The names in {@code lines} loaded from the JDK or from {@code jar}, in load order, each once. */
  static List<String> primable(Stream<String> lines, Path jar) {
    String jarName = jar.getFileName().toString();
    return lines.map(line -> primable(line, jarName)).filter(Objects::nonNull).distinct().toList();
  }

  /** The class a line names, or null when it is not one to prime (or not a class-load line at all). */
  static String primable(String line, String jarName) {
    int source = line.indexOf(SOURCE);
    if (source <= 0) return null;
    String name = line.substring(0, source).strip();
    String where = line.substring(source + SOURCE.length()).strip();
    boolean fromJdk = where.startsWith("jrt:/") || where.equals("shared objects file");
    boolean fromJar = where.startsWith("file:") && where.endsWith("/" + jarName);
    if (!fromJdk && !fromJar) return null; // the driver's, or generated (its source is then a class or __JVM_...__)
    if (name.contains("/") || name.contains("$$Lambda") || name.startsWith("java.lang.invoke.LambdaForm$")
        || name.startsWith("jdk.internal.reflect.Generated")) {
      return null;
    }
    return name;
  }
}
