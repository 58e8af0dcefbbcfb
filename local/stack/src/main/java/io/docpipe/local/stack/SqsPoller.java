package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Drives a stage handler the way Lambda's SQS event source mapping does: receive up to {@code batchSize} messages,
 * invoke the handler with a deadline of the function's timeout, delete the records that succeeded, and leave the
 * reported failures (or the whole batch, if the invocation threw or timed out) to reappear when their visibility
 * timeout ends; the queue's redrive policy moves a record to its DLQ after {@code maxReceiveCount} receives. Each
 * worker thread owns its own handler instance, as each Lambda execution environment does, and replaces it after a
 * timeout or a crash, as Lambda replaces such an environment (the next invocation is a cold start).
 *
 * <p>Receiving stops while the {@link EventSourceMapping} is disabled. A {@link FaultPlan} may make invocations crash
 * mid-batch and messages arrive twice.
 */
final class SqsPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);

  private final SqsClient sqs;
  private final String queueUrl;
  private final FunctionSpec spec;
  private final Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers;
  private final EventSourceMapping mapping;
  private final FaultDice faults;
  private final PollerCounters counters;
  private final ExecutorService pollers;
  // Unbounded: a timed-out handler that ignores its interrupt keeps its thread, as nothing can kill it, and must not
  // hold up the invocations of the environments that replace it.
  private final ExecutorService invocations;
  // Closes the environments a crash or timeout replaced, off the poller's thread: a closing SDK waits for its export.
  private final ExecutorService retired;
  private volatile boolean running = true;

  SqsPoller(SqsClient sqs, String queueUrl, FunctionSpec spec, FaultPlan faults, Clock clock,
      Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.spec = spec;
    this.handlers = handlers;
    String queueArn = "arn:aws:sqs:us-east-1:000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    this.mapping = new EventSourceMapping(queueArn, spec.name(), spec.batchSize(), clock);
    this.faults = new FaultDice(faults, spec.name());
    this.counters = new PollerCounters(spec.name());
    this.pollers = Executors.newFixedThreadPool(spec.concurrency(), daemon("poller-" + spec.name()));
    this.invocations = Executors.newCachedThreadPool(daemon("function-" + spec.name()));
    this.retired = Executors.newSingleThreadExecutor(daemon("retired-" + spec.name()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  void start() {
    for (int i = 0; i < spec.concurrency(); i++) pollers.submit(this::pollLoop);
  }

  EventSourceMapping mapping() {
    return mapping;
  }

  PollerStats stats() {
    return counters.snapshot();
  }

  private void pollLoop() {
    RequestHandler<SQSEvent, SQSBatchResponse> handler = null;
    while (running) {
      try {
        List<Message> messages = receive();
        if (messages.isEmpty()) continue;
        if (handler == null) handler = handlers.get(); // the cold start happens on first use, as in Lambda
        if (!invoke(handler, messages)) {
          retire(handler);
          handler = null;
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        if (running) LOG.warn("{} poller: {}", spec.name(), e.toString());
      }
    }
    retire(handler);
  }

  /**
   * Releases a replaced (or, at stop, the last) environment. Lambda ends the process; here the handler's threads
   * (its telemetry SDK's exporters and readers) would outlive it and keep all it holds reachable: a soak with 10% of
   * invocations crashing grew to 20,000 threads and a full heap at 3,000 jobs.
   */
  private void retire(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    if (!(handler instanceof AutoCloseable closeable)) return;
    try {
      retired.execute(() -> {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.debug("{}: closing a replaced environment failed: {}", spec.name(), e.toString());
        }
      });
    } catch (RejectedExecutionException stopped) {
      // the poller is closing: the JVM's exit ends what is left
    }
  }

  private List<Message> receive() throws InterruptedException {
    mapping.beginReceive();
    try {
      return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
          .maxNumberOfMessages(spec.batchSize())
          .waitTimeSeconds(1)
          .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
          .messageAttributeNames("All")).messages();
    } finally {
      mapping.endReceive();
    }
  }

  /** One invocation on {@code messages}; returns whether the execution environment survives it. */
  private boolean invoke(RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Message> messages)
      throws InterruptedException {
    counters.received(messages.size());
    for (Message m : messages) {
      if (faults.duplicate()) sendCopy(m);
    }
    OptionalInt crashAfter = faults.crashAfter(messages.size());
    List<Message> batch = crashAfter.isPresent() ? messages.subList(0, crashAfter.getAsInt()) : messages;
    Set<String> failed;
    try {
      failed = call(handler, batch);
    } catch (TimeoutException e) {
      counters.timedOut();
      LOG.warn("{} timed out after {}; the whole batch of {} returns to the queue and the environment is replaced",
          spec.name(), spec.timeout(), messages.size());
      return false;
    } catch (ExecutionException e) {
      failed = null;
      LOG.warn("{} invocation failed; the whole batch of {} returns to the queue: {}", spec.name(), messages.size(),
          e.getCause().toString());
    }
    if (crashAfter.isPresent()) {
      // Nothing is deleted, not even what the handler finished: a crashed environment never reports its results.
      counters.crashed();
      LOG.info("{} crash injected after {} of {} records; the whole batch returns to the queue", spec.name(),
          batch.size(), messages.size());
      return false;
    }
    if (failed != null) deleteAllBut(messages, failed);
    return true;
  }

  /** Runs the handler with the function's deadline; returns the ids of the records it reported as failed. */
  private Set<String> call(RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Message> batch)
      throws InterruptedException, ExecutionException, TimeoutException {
    SQSEvent event = SqsEvents.toEvent(batch, mapping.eventSourceArn());
    LocalContext context = new LocalContext(spec.name(), spec.timeout(), 1024);
    long started = System.nanoTime();
    counters.started();
    Future<SQSBatchResponse> invocation = invocations.submit(() -> handler.handleRequest(event, context));
    try {
      SQSBatchResponse response = invocation.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
      Set<String> failed = new HashSet<>();
      if (response != null && response.getBatchItemFailures() != null) {
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
      }
      return failed;
    } finally {
      invocation.cancel(true);
      counters.invoked((System.nanoTime() - started) / 1_000_000);
    }
  }

  /** SQS's at-least-once delivery: the same message once more, attributes (and so its traceparent) included. */
  private void sendCopy(Message m) {
    try {
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(m.body()).messageAttributes(m.messageAttributes()));
      counters.duplicated();
    } catch (RuntimeException e) {
      LOG.warn("{} poller: injecting a duplicate failed: {}", spec.name(), e.toString());
    }
  }

  private void deleteAllBut(List<Message> messages, Set<String> failed) {
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
    for (Message m : messages) {
      if (!failed.contains(m.messageId())) {
        done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size())).receiptHandle(m.receiptHandle()).build());
      }
    }
    if (!done.isEmpty()) sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
  }

  /**
   * Stops receiving without waiting: each poller's long poll still in flight ends by itself within a second. The stack
   * signals every poller before closing any, so those seconds pass together rather than one after another.
   */
  void stopReceiving() {
    running = false;
    pollers.shutdownNow();
    invocations.shutdownNow();
  }

  @Override
  public void close() {
    stopReceiving();
    try {
      pollers.awaitTermination(5, TimeUnit.SECONDS);
      retired.shutdown();
      retired.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
