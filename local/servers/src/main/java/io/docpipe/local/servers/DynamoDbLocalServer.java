package io.docpipe.local.servers;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;

/**
 * DynamoDB Local in this JVM, in memory: tables vanish on {@link #close()}, and the local stack creates them again at
 * start-up as the SAM template does in AWS. Telemetry is off, since nothing here may call out to the internet.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final URI endpoint;

  private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts on {@code port}, or on a free port when it is 0 (DynamoDB Local itself refuses port 0). */
  public static DynamoDbLocalServer start(int port) {
    int chosen = FreePort.orFree(port);
    SqliteNative.configure();
    // -sharedDb: one database whatever the client's region and access key, so every handler and test sees the same
    // tables, as one AWS account and region would.
    String[] args = {"-inMemory", "-sharedDb", "-port", Integer.toString(chosen), "-disableTelemetry"};
    try {
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
      server.start();
      return new DynamoDbLocalServer(server, chosen);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
    }
  }

  /** For {@code endpointOverride} of the DynamoDB client and {@code AWS_ENDPOINT_URL_DYNAMODB}. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
    }
  }
}
