package io.docpipe.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalServers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The poller against a real queue (ElasticMQ), with a stand-in handler that records what it was given. */
class SqsPollerTest {
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  /** How long a test waits for an outcome; it goes on as soon as there is one. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final SqsClient sqs = FunctionEnvironment.aws(LocalServers.get()).clients().sqs();
  // Short, so redeliveries come quickly; long enough that a record handled by the instant handlers here is deleted
  // before it could come back, even on a busy machine.
  private final String queueUrl = sqs.createQueue(b -> b.queueName("poller-" + System.nanoTime())
      .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "3"))).queueUrl();
  private final Queue<SQSEvent.SQSMessage> seen = new ConcurrentLinkedQueue<>();
  private final AtomicInteger coldStarts = new AtomicInteger();
  private final AtomicInteger interrupted = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private SqsPoller poller;

  @AfterEach
  void stop() {
    if (poller != null) poller.close();
  }

  @Test
  void disabledMapping_receivesNothing_untilEnabledAgain() throws Exception {
    poller = start(Duration.ofSeconds(5), FaultPlan.NONE, instance -> event -> null);
    poller.mapping().setEnabled(false);

    send("held");
    Await.until("the message to be visible", WAIT, this::visible, n -> n == 1);
    assertThat(seen).isEmpty();

    poller.mapping().setEnabled(true);
    Await.until("the message to be consumed", WAIT, seen::size, n -> n == 1);
    assertThat(poller.stats().recordsReceived()).isEqualTo(1);
  }

  @Test
  void timeout_countsIt_cancelsTheInvocation_andTheNextInvocationIsAColdStart() {
    // The first environment would run for ten minutes: only the poller's 300 ms timeout can end its invocation.
    poller = start(Duration.ofMillis(300), FaultPlan.NONE, instance -> event -> {
      if (instance == 1) sleep(Duration.ofMinutes(10));
      return null;
    });

    send("slow first");
    Await.until("a second environment to handle the redelivery", WAIT, seen::size, n -> n == 2);
    Await.until("the message to be deleted", WAIT, this::visibleOrInFlight, n -> n == 0);
    Await.until("the timed-out invocation to be interrupted", WAIT, interrupted::get, n -> n == 1);
    PollerStats stats = poller.stats();
    assertThat(stats.timeouts()).isEqualTo(1);
    assertThat(stats.invocations()).isEqualTo(2);
    assertThat(stats.maxInvocationMillis()).as("the timed-out invocation counts, at its timeout at least")
        .isGreaterThanOrEqualTo(300L);
    assertThat(coldStarts).hasValue(2);
  }

  @Test
  void crash_deletesNothing_andReplacesTheEnvironment() {
    poller = start(Duration.ofSeconds(5), new FaultPlan(1, 0, 3), instance -> event -> null);

    send("crashes every time");
    Await.until("two crashed deliveries", WAIT, seen::size, n -> n >= 2);
    assertThat(seen).extracting(SQSEvent.SQSMessage::getBody).containsOnly("crashes every time");
    assertThat(poller.stats().crashesInjected()).isGreaterThanOrEqualTo(2);
    assertThat(coldStarts.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void replacedEnvironments_areClosed_andTheLastOneAtStop() {
    poller = start(Duration.ofSeconds(5), new FaultPlan(1, 0, 7), instance -> event -> null);

    send("crashes every time");
    Await.until("three environments", WAIT, coldStarts::get, n -> n >= 3);
    Await.until("every replaced environment closed", WAIT, closed::get, n -> n >= coldStarts.get() - 1);
    poller.close();
    int environments = coldStarts.get();
    Await.until("the one in use at stop closed too", WAIT, closed::get, n -> n == environments);
  }

  @Test
  void duplicate_isSentBackWithItsTraceparent() {
    poller = start(Duration.ofSeconds(5), new FaultPlan(0, 1, 5), instance -> event -> null);

    send("twice");
    Await.until("the copy to be delivered", WAIT, seen::size, n -> n >= 2);
    List<SQSEvent.SQSMessage> two = seen.stream().limit(2).toList();
    assertThat(two).extracting(SQSEvent.SQSMessage::getBody).containsOnly("twice");
    assertThat(two).extracting(m -> m.getMessageAttributes().get("traceparent").getStringValue()).containsOnly(TRACEPARENT);
    assertThat(two.get(0).getMessageId()).isNotEqualTo(two.get(1).getMessageId());
    assertThat(poller.stats().duplicatesInjected()).isPositive();
  }

  /** {@code handlerOf} gets the instance's number (1 for the first cold start) and returns what it does per event. */
  private SqsPoller start(Duration timeout, FaultPlan faults,
      Function<Integer, Function<SQSEvent, SQSBatchResponse>> handlerOf) {
    FunctionSpec spec = new FunctionSpec("test", timeout, 5, 1);
    SqsPoller p = new SqsPoller(sqs, queueUrl, spec, faults, Clock.systemUTC(), () -> {
      Function<SQSEvent, SQSBatchResponse> body = handlerOf.apply(coldStarts.incrementAndGet());
      return new Environment(body);
    });
    p.start();
    return p;
  }

  /** A stand-in environment: records what it is given, and counts its closing as an environment's resources would. */
  private final class Environment implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    private final Function<SQSEvent, SQSBatchResponse> body;

    Environment(Function<SQSEvent, SQSBatchResponse> body) {
      this.body = body;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
      seen.addAll(event.getRecords());
      return body.apply(event);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  private void send(String body) {
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of("traceparent",
        MessageAttributeValue.builder().dataType("String").stringValue(TRACEPARENT).build())));
  }

  private int visible() {
    return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  private int visibleOrInFlight() {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d); // the slow function under test, not a wait for async work
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      Thread.currentThread().interrupt();
    }
  }
}
