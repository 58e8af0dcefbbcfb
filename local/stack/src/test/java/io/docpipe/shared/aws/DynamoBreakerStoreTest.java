package io.docpipe.shared.aws;

import io.docpipe.shared.breaker.DynamoBreakerStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.shared.BreakerStore.Breaker;
import io.docpipe.shared.BreakerStore.State;
import io.docpipe.shared.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DynamoBreakerStore} against DynamoDB Local: every transition is conditional on what the caller saw. */
class DynamoBreakerStoreTest {

  @Test
  void lifecycle_closedOpenHalfOpenClosed_eachTransitionOnce() {
    FunctionEnvironment env = FunctionEnvironment.forTest("breaker", 30);
    DynamoBreakerStore store = new DynamoBreakerStore(env.clients().dynamo(), env.localResources().jobsTable());
    Instant t0 = Instant.parse("2026-11-22T06:00:00Z");

    assertThat(store.read()).as("no item yet: closed, never opened").isEqualTo(Breaker.INITIAL);
    assertThat(store.open(t0, "503 from the server")).isTrue();
    assertThat(store.open(t0.plusSeconds(1), "another environment")).as("already open").isFalse();
    Breaker open = store.read();
    assertThat(open.state()).isEqualTo(State.OPEN);
    assertThat(open.generation()).isEqualTo(1);
    assertThat(open.since()).isEqualTo(t0);
    assertThat(open.reason()).isEqualTo("503 from the server");

    assertThat(store.halfOpen(t0.plusSeconds(60), 0)).as("a stale generation").isFalse();
    assertThat(store.close(t0.plusSeconds(60), 1)).as("closing needs a probe first").isFalse();
    assertThat(store.halfOpen(t0.plusSeconds(60), 1)).isTrue();
    assertThat(store.halfOpen(t0.plusSeconds(60), 1)).as("one probe at a time").isFalse();
    assertThat(store.reopen(t0.plusSeconds(61), 1, "probe refused")).isTrue();
    assertThat(store.read().state()).isEqualTo(State.OPEN);
    assertThat(store.halfOpen(t0.plusSeconds(121), 1)).isTrue();
    assertThat(store.close(t0.plusSeconds(122), 1)).isTrue();
    assertThat(store.read().state()).isEqualTo(State.CLOSED);

    assertThat(store.open(t0.plusSeconds(300), "down again")).isTrue();
    assertThat(store.read().generation()).as("each opening is a new generation").isEqualTo(2);
  }

  @Test
  void breakerItem_isNeverSeenAsAStaleJob() {
    FunctionEnvironment env = FunctionEnvironment.forTest("breaker-scan", 30);
    AwsClients aws = env.clients();
    DynamoBreakerStore store = new DynamoBreakerStore(aws.dynamo(), env.localResources().jobsTable());
    store.open(Instant.parse("2020-01-01T00:00:00Z"), "long ago");
    DynamoJobStore jobs = new DynamoJobStore(aws.dynamo(), env.localResources().jobsTable(), Clock.systemUTC());

    assertThat(jobs.findStale(Instant.now(), 100)).isEmpty();
    assertThat(jobs.begin(DynamoBreakerStore.ITEM_ID, JobStatus.SCRAPING)).isEqualTo(io.docpipe.shared.JobStore.Takeover.SKIP);
    assertThat(List.of(store.read().state())).containsExactly(State.OPEN);
  }
}
