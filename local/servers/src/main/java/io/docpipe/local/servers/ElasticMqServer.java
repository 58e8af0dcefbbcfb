package io.docpipe.local.servers;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SQS-compatible server (ElasticMQ) in this JVM, on the loopback interface. Without a store directory queues live
 * in memory and vanish on {@link #close()}; with one, ElasticMQ's own SQL persistence keeps every queue and every
 * message (body, attributes, receive count, visibility) in an H2 file there, and a later start restores them, so
 * the queues hold what they held when the process stopped. A message that run had received but not deleted is visible
 * again at once: its consumer died with that run, and waiting out a visibility timeout of minutes would only delay the
 * work (a delayed or backed-off message loses its remaining delay for the same reason).
 *
 * <p>ElasticMQ's SQL persistence reaches its database through scalikejdbc's one JVM-wide connection pool, so at most one
 * persistent server runs per JVM at a time; a second is refused rather than silently writing into the first's file.
 */
public final class ElasticMqServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticMqServer.class);
  private static final int STOP_SECONDS = 3;
  private static final int UNBIND_MILLIS = 200;
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
  private static final Object PERSISTENT_LOCK = new Object();
  private static boolean persistentRunning; // guarded by PERSISTENT_LOCK

  private final SQSRestServer server;
  private final ActorSystem system;
  private final ActorRef store; // null in memory
  private final URI endpoint;

  private ElasticMqServer(SQSRestServer server, ActorSystem system, int port, ActorRef store) {
    this.server = server;
    this.system = system;
    this.store = store;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts in memory on {@code port}, or on a free port when it is 0, and returns once the port accepts connections. */
  public static ElasticMqServer start(int port) {
    return start(port, null);
  }

  /**
   * As {@link #start(int)}, keeping queues and messages in {@code storeDir/sqs.mv.db} (created if missing) and
   * restoring what an earlier run left there before the port opens; null keeps everything in memory.
   */
  public static ElasticMqServer start(int port, Path storeDir) {
    if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
    QuietLogs.atWarn("org.elasticmq", "org.apache.pekko", "scalikejdbc", "com.zaxxer", "org.h2");
    // The stack stops ElasticMQ itself, in order; Pekko's own JVM shutdown hook would race it on Ctrl-C.
    System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    // No fixed server address: ElasticMQ then builds queue URLs from the address actually bound, so with port 0 the
    // URL that CreateQueue returns still reaches this server. Region and account match what the SDK clients and
    // the queue ARNs in redrive policies use.
    var builder = SQSRestServerBuilder
        .withInterface("127.0.0.1")
        .withPort(port)
        .withAWSRegion("us-east-1")
        .withAWSAccountId("000000000000");
    // Always our own actor system: terminating it closes the clients' idle keep-alive connections, which the HTTP
    // binding's graceful stop would otherwise wait out (3 s on every stop of a stack, measured).
    if (storeDir == null) {
      ActorSystem system = ActorSystem.create("elasticmq");
      try {
        SQSRestServer server = builder.withActorSystem(system).start();
        return new ElasticMqServer(server, system, server.waitUntilStarted().localAddress().getPort(), null);
      } catch (RuntimeException e) {
        terminate(system);
        throw e;
      }
    }
    claimPersistence();
    ActorSystem system = ActorSystem.create("elasticmq");
    try {
      String url = "jdbc:h2:file:" + storeDir.toAbsolutePath().resolve("sqs");
      releaseInFlight(url, System.currentTimeMillis());
      // ElasticMQ initialises scalikejdbc's default pool once per JVM; setting it here points it at this directory
      // even when an earlier server in this JVM (a test's first stack) pointed it elsewhere.
      scalikejdbc.ConnectionPool$ pools = scalikejdbc.ConnectionPool$.MODULE$;
      var settings = pools.singleton$default$4();
      pools.singleton(url, "sa", "", settings, pools.singleton$default$5(url, "sa", "", settings));
      var config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "sa", "", false);
      ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class, config,
          scala.collection.immutable.List$.MODULE$.empty()));
      ActorRef queues = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
          SQSRestServerBuilder.sqsLimits(), scala.Option.apply(store)));
      restore(store, queues);
      SQSRestServer server = builder.withActorSystem(system).withQueueManagerActor(queues)
          .withQueueEventListener(store).start();
      return new ElasticMqServer(server, system, server.waitUntilStarted().localAddress().getPort(), store);
    } catch (RuntimeException e) {
      terminate(system);
      releasePersistence();
      throw e;
    }
  }

  /** Creates the stored queues again and puts their messages back, before any client can connect. */
  private static void restore(ActorRef store, ActorRef queues) {
    Object result;
    try {
      result = Patterns.ask(store, new QueueEvent.Restore(queues), RESTORE_TIMEOUT).toCompletableFuture()
          .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ElasticMQ restored its queues", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("ElasticMQ could not restore its stored queues", e);
    }
    if (result instanceof scala.util.Left<?, ?> errors) {
      throw new IllegalStateException("ElasticMQ could not restore its stored queues: " + errors.value());
    }
  }

  /**
   * Makes every stored message deliverable now, before ElasticMQ reads them: ElasticMQ keeps one table per queue,
   * {@code message_<name>_<hash>}, with the time of the next delivery in epoch milliseconds.
   */
  private static void releaseInFlight(String url, long nowMillis) {
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
          + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME LIKE 'MESSAGE\\_%'")) {
        while (rows.next()) tables.add(rows.getString(1));
      }
      for (String table : tables) {
        s.executeUpdate("UPDATE \"" + table + "\" SET NEXT_DELIVERY = " + nowMillis
            + " WHERE NEXT_DELIVERY > " + nowMillis);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open ElasticMQ's store " + url, e);
    }
  }

  private static void claimPersistence() {
    synchronized (PERSISTENT_LOCK) {
      if (persistentRunning) {
        throw new IllegalStateException("a persistent ElasticMQ already runs in this JVM; stop it first");
      }
      persistentRunning = true;
    }
  }

  private static void releasePersistence() {
    synchronized (PERSISTENT_LOCK) {
      persistentRunning = false;
    }
  }

  /** For {@code endpointOverride} of the SQS client and {@code AWS_ENDPOINT_URL_SQS}. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Stops: the port is unbound, requests in flight get {@value #UNBIND_MILLIS} ms, then the actor system ends and with
   * it every connection still open. Waits at most {@value #STOP_SECONDS} s for that: when the JVM is already shutting
   * down (Ctrl-C on `make run`), an unbounded wait on the actor system's termination can hang forever, and the process
   * would never exit. A persistent server then closes its database, so the next start (in this JVM or another) can
   * open it.
   */
  @Override
  public void close() {
    try {
      // Completes only once every connection has closed; idle keep-alive ones never do until the system ends.
      scala.concurrent.Await.ready(server.stopAndGetFuture().apply(),
          scala.concurrent.duration.Duration.create(UNBIND_MILLIS, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      LOG.debug("ElasticMQ still had connections open after {} ms; ending them", UNBIND_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (store != null) awaitStored();
    terminate(system);
    if (store != null) {
      scalikejdbc.ConnectionPool$.MODULE$.closeAll();
      releasePersistence();
    }
  }

  /**
   * Waits until the store has written every queue event sent to it so far: an actor answers {@link Identify} in
   * mailbox order, so the answer comes after every earlier event. Ending the actor system drops what a mailbox still
   * holds, and a dropped event would be a message lost (or one come back) at the next start.
   */
  private void awaitStored() {
    try {
      Patterns.ask(store, new Identify("flush"), Duration.ofSeconds(STOP_SECONDS)).toCompletableFuture()
          .get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("ElasticMQ's store did not finish writing within {} s", STOP_SECONDS);
    }
  }

  private static void terminate(ActorSystem system) {
    system.terminate();
    try {
      scala.concurrent.Await.ready(system.whenTerminated(),
          scala.concurrent.duration.Duration.create(STOP_SECONDS, TimeUnit.SECONDS));
    } catch (TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      LOG.warn("ElasticMQ's actors did not stop within {} s", STOP_SECONDS);
    }
  }
}
