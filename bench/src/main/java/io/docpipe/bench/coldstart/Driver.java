package io.docpipe.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of one cold-start sample, standing in for the Lambda runtime: it constructs the handler (init), reads
 * the event with the runtime's own serializers, invokes the handler once, and prints one {@value #MARKER} line. It
 * runs on the function jar's classpath plus this class and the serialization jar, so it must load nothing else of the
 * bench module; the class count is taken last, after the timings, so the management classes it loads cost none.
 *
 * <p>Usage: {@code Driver <handler class> <event file>}.
 */
public final class Driver {
  static final String MARKER = "COLDSTART";

  private Driver() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    Class<?> type = Class.forName(args[0]);
    @SuppressWarnings("unchecked")
    RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) type.getConstructor().newInstance();
    long initialised = System.nanoTime();
    Object event = readEvent(eventType(type), Path.of(args[1]));
    long read = System.nanoTime();
    Object result = handler.handleRequest(event, new BenchContext());
    long invoked = System.nanoTime();
    int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    System.out.printf("%s init_ns=%d event_ns=%d invoke_ns=%d classes=%d outcome=%s%n", MARKER, initialised - start,
        read - initialised, invoked - read, classes, Outcome.of(result));
    System.out.flush();
    // As Lambda freezes rather than stops an environment: no shutdown hooks or lingering threads in the wall time.
    Runtime.getRuntime().halt(0);
  }

  private static Object readEvent(Class<?> type, Path file) throws Exception {
    @SuppressWarnings("unchecked")
    PojoSerializer<Object> serializer = (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type,
        Driver.class.getClassLoader());
    try (InputStream in = Files.newInputStream(file)) {
      return serializer.fromJson(in);
    }
  }

  /** The {@code I} of {@code RequestHandler<I, O>}, which is what the Lambda runtime deserialises the event into. */
  static Class<?> eventType(Class<?> handler) {
    for (Type t : handler.getGenericInterfaces()) {
      if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
        return (Class<?>) p.getActualTypeArguments()[0];
      }
    }
    throw new IllegalArgumentException(handler.getName() + " does not implement RequestHandler<I, O> directly");
  }

  /** What the invocation answered, in one word the harness checks: an HTTP status or the count of failed records. */
  static final class Outcome {
    private Outcome() {}

    static String of(Object result) throws ReflectiveOperationException {
      if (result == null) return "null";
      for (var m : result.getClass().getMethods()) {
        if (m.getName().equals("getStatusCode") && m.getParameterCount() == 0) return "http" + m.invoke(result);
        if (m.getName().equals("getBatchItemFailures") && m.getParameterCount() == 0) {
          return "failures" + ((java.util.List<?>) m.invoke(result)).size();
        }
      }
      return result.getClass().getSimpleName();
    }
  }

  /** The little of {@link Context} the handlers read: the deadline and the request id. */
  static final class BenchContext implements Context {
    private final long deadline = System.currentTimeMillis() + 60_000;

    @Override public String getAwsRequestId() { return "bench-" + ProcessHandle.current().pid(); }
    @Override public String getLogGroupName() { return "/aws/lambda/bench"; }
    @Override public String getLogStreamName() { return "bench"; }
    @Override public String getFunctionName() { return "bench"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:bench"; }
    @Override public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
    @Override public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return null; }
  }
}
