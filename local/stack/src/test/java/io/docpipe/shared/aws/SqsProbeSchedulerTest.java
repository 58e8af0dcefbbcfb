package io.docpipe.shared.aws;

import io.docpipe.shared.breaker.DynamoBreakerStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.Await;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalResources;
import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ProbeMessage;
import io.docpipe.shared.breaker.BreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The shared circuit state as the functions use it ({@link DynamoBreakerStore#withProbes}), against DynamoDB Local
 * and ElasticMQ: the transition into open that wins sends one probe message, delayed by the open period, naming the
 * opening; a transition that loses, and a close, send none.
 */
class SqsProbeSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final FunctionEnvironment env = FunctionEnvironment.forTest("probes", 3_600);
  private final SqsClient sqs = env.clients().sqs();
  private final String probeQueue = env.localResources().queueUrls().get(LocalResources.PROBE_QUEUE);
  private final SqsQueueDepths depths = new SqsQueueDepths(sqs);
  private final BreakerStore store = DynamoBreakerStore.withProbes(env.clients(), env.localResources().jobsTable(),
      new BreakerConfig(3, 50, Duration.ofSeconds(60), Duration.ofSeconds(1), probeQueue));

  @Test
  void openingAndReopening_eachSendOneProbeNamingTheOpening_losersAndClosingSendNone() {
    Instant opened = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    assertThat(store.open(opened, "down")).isTrue();
    assertThat(store.open(opened.plusMillis(5), "down too")).as("another environment's opening").isFalse();
    assertThat(depths.held(probeQueue)).as("probe messages on their way").isEqualTo(1);

    ProbeMessage first = receiveProbe();
    assertThat(Instant.parse(first.since())).isEqualTo(opened).isEqualTo(store.read().since());

    long generation = store.read().generation();
    assertThat(store.halfOpen(opened.plusSeconds(1), generation)).isTrue();
    Instant reopened = opened.plusSeconds(2);
    assertThat(store.reopen(reopened, generation, "probe failed")).isTrue();
    assertThat(Instant.parse(receiveProbe().since())).as("the failed probe's next").isEqualTo(reopened);

    assertThat(store.halfOpen(reopened.plusSeconds(1), generation)).isTrue();
    assertThat(store.close(reopened.plusSeconds(2), generation)).isTrue();
    assertThat(depths.held(probeQueue)).as("closing sends nothing").isZero();
  }

  @Test
  void delaySeconds_roundsUpSoAProbeIsNeverEarly_andStaysWithinSqsLimit() {
    assertThat(SqsProbeScheduler.delaySeconds(Duration.ofMillis(1500))).isEqualTo(2);
    assertThat(SqsProbeScheduler.delaySeconds(Duration.ofSeconds(60))).isEqualTo(60);
    assertThat(SqsProbeScheduler.delaySeconds(Duration.ofHours(2))).isEqualTo(900);
    assertThat(SqsProbeScheduler.delaySeconds(Duration.ofSeconds(-3))).isZero();
  }

  private ProbeMessage receiveProbe() {
    Message message = Await.until("a probe message", WAIT, () -> sqs.receiveMessage(b -> b.queueUrl(probeQueue)
        .maxNumberOfMessages(1).waitTimeSeconds(1)).messages(), m -> !m.isEmpty()).getFirst();
    sqs.deleteMessage(b -> b.queueUrl(probeQueue).receiptHandle(message.receiptHandle()));
    return Json.read(message.body(), ProbeMessage.class);
  }
}
