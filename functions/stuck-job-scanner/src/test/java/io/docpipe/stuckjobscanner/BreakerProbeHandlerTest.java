package io.docpipe.stuckjobscanner;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.local.servers.EventFiles;
import io.docpipe.local.servers.FreePort;
import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.local.servers.LocalResources;
import io.docpipe.local.servers.LocalServers;
import io.docpipe.shared.BreakerStore;
import io.docpipe.shared.BreakerStore.State;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ProbeMessage;
import io.docpipe.shared.breaker.DynamoBreakerStore;
import io.docpipe.shared.aws.SqsQueueDepths;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The timed probe fed events/breaker-probe.json (a probe message for the opening at 2025-11-22T03:04:08.150Z),
 * against DynamoDB Local, ElasticMQ and the local embedding server.
 */
class BreakerProbeHandlerTest {
  private static final Instant EVENT_OPENING = Instant.parse("2025-11-22T03:04:08.150Z");

  private final FunctionEnvironment env = FunctionEnvironment.forTest("probe", 30)
      .embeddings(LocalServers.get().embeddings().endpoint().toString())
      // No Lambda API answers here: a refused port keeps the switch's call short (LocalStack tests switch for real).
      .with("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:" + FreePort.pick());
  private final BreakerStore store = new DynamoBreakerStore(env.clients().dynamo(), env.localResources().jobsTable());
  private final String probeQueue = env.localResources().queueUrls().get(LocalResources.PROBE_QUEUE);

  @Test
  void messageOfTheOpening_whoseOpenPeriodHasEnded_probesAndClosesTheCircuit() {
    store.open(EVENT_OPENING, "down");

    SQSBatchResponse response = BreakerProbeHandler.from(env.build(), Clock.systemUTC()).handleRequest(event(), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.read().state()).isEqualTo(State.CLOSED);
    assertThat(new SqsQueueDepths(env.clients().sqs()).held(probeQueue)).as("no next probe").isZero();
  }

  @Test
  void messageOfAnEarlierOpening_leavesTheCurrentOneToItsOwnMessage() {
    store.open(Instant.now(), "down again, after the event's opening");

    BreakerProbeHandler.from(env.with("BREAKER_OPEN_SECONDS", "1").build(), Clock.systemUTC())
        .handleRequest(event(), null);

    assertThat(store.read().state()).as("not probed").isEqualTo(State.OPEN);
    assertThat(new SqsQueueDepths(env.clients().sqs()).held(probeQueue)).as("nothing sent on").isZero();
  }

  @Test
  void messageThatComesEarly_isSentOnForTheTimeLeft() {
    Instant opened = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    store.open(opened, "down");
    SQSEvent early = event();
    early.getRecords().getFirst().setBody(Json.write(new ProbeMessage(opened.toString())));

    BreakerProbeHandler.from(env.with("BREAKER_OPEN_SECONDS", "3600").build(), Clock.systemUTC())
        .handleRequest(early, null);

    assertThat(store.read().state()).as("not probed before its time").isEqualTo(State.OPEN);
    assertThat(new SqsQueueDepths(env.clients().sqs()).held(probeQueue)).as("sent on, delayed").isEqualTo(1);
  }

  private static SQSEvent event() {
    return EventFiles.load("breaker-probe.json", SQSEvent.class);
  }
}
