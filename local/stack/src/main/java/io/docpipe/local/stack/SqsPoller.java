package io.docpipe.local.stack;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * worker thread owns its own handler instance, as each Lambda execution environment does.
 */
final class SqsPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);

  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;
  private final FunctionSpec spec;
  private final Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers;
  private final ExecutorService workers;
  private volatile boolean running = true;

  SqsPoller(SqsClient sqs, String queueUrl, FunctionSpec spec, Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = "arn:aws:sqs:us-east-1:000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    this.spec = spec;
    this.handlers = handlers;
    this.workers = Executors.newFixedThreadPool(spec.concurrency() * 2, r -> {
      Thread t = new Thread(r, "poller-" + spec.name());
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    for (int i = 0; i < spec.concurrency(); i++) workers.submit(this::pollLoop);
  }

  private void pollLoop() {
    RequestHandler<SQSEvent, SQSBatchResponse> handler = null;
    while (running) {
      try {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
            .maxNumberOfMessages(spec.batchSize())
            .waitTimeSeconds(1)
            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
            .messageAttributeNames("All")).messages();
        if (messages.isEmpty()) continue;
        if (handler == null) handler = handlers.get(); // the cold start happens on first use, as in Lambda
        invoke(handler, messages);
      } catch (RuntimeException e) {
        if (running) LOG.warn("{} poller: {}", spec.name(), e.toString());
      }
    }
  }

  private void invoke(RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Message> messages) {
    SQSEvent event = SqsEvents.toEvent(messages, queueArn);
    LocalContext context = new LocalContext(spec.name(), spec.timeout(), 1024);
    Future<SQSBatchResponse> invocation = workers.submit(() -> handler.handleRequest(event, context));
    Set<String> failed = new HashSet<>();
    try {
      SQSBatchResponse response = invocation.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (response != null && response.getBatchItemFailures() != null) {
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
      }
    } catch (TimeoutException e) {
      invocation.cancel(true);
      LOG.warn("{} timed out after {}; the whole batch of {} returns to the queue", spec.name(), spec.timeout(), messages.size());
      return;
    } catch (Exception e) {
      LOG.warn("{} invocation failed; the whole batch of {} returns to the queue: {}", spec.name(), messages.size(), e.toString());
      return;
    }
    deleteAllBut(messages, failed);
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

  @Override
  public void close() {
    running = false;
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
