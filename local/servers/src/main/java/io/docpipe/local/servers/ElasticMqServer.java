package io.docpipe.local.servers;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * An SQS-compatible server (ElasticMQ) in this JVM, on the loopback interface. Queues live in memory and vanish on
 * {@link #close()}; the local stack creates them again at start-up, as the SAM template does in AWS.
 */
public final class ElasticMqServer implements AutoCloseable {
  private final SQSRestServer server;
  private final URI endpoint;

  private ElasticMqServer(SQSRestServer server, int port) {
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts on {@code port}, or on a free port when it is 0, and returns once the port accepts connections. */
  public static ElasticMqServer start(int port) {
    if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    QuietLogs.atWarn("org.elasticmq", "org.apache.pekko");
    // The stack stops ElasticMQ itself, in order; Pekko's own JVM shutdown hook would race it on Ctrl-C.
    System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    // No fixed server address: ElasticMQ then builds queue URLs from the address actually bound, so with port 0 the
    // URL that CreateQueue returns still reaches this server. Region and account match what the SDK clients and
    // the queue ARNs in redrive policies use.
    SQSRestServer server = SQSRestServerBuilder
        .withInterface("127.0.0.1")
        .withPort(port)
        .withAWSRegion("us-east-1")
        .withAWSAccountId("000000000000")
        .start();
    int bound = server.waitUntilStarted().localAddress().getPort();
    return new ElasticMqServer(server, bound);
  }

  /** For {@code endpointOverride} of the SQS client and {@code AWS_ENDPOINT_URL_SQS}. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Stops, waiting at most {@value #STOP_SECONDS} s. When the JVM is already shutting down (Ctrl-C on `make run`), an
   * unbounded wait on the actor system's termination can hang forever, and the process would never exit.
   */
  @Override
  public void close() {
    try {
      scala.concurrent.Await.ready(server.stopAndGetFuture().apply(),
          scala.concurrent.duration.Duration.create(STOP_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
    } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      org.slf4j.LoggerFactory.getLogger(ElasticMqServer.class).warn("ElasticMQ did not stop within {} s; leaving it to the JVM", STOP_SECONDS);
    }
  }

  private static final int STOP_SECONDS = 3;
}
