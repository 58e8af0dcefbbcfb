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

  @Override
  public void close() {
    server.stopAndWait();
  }
}
