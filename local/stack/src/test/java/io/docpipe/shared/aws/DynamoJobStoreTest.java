package io.docpipe.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.FunctionEnvironment;
import io.docpipe.shared.Job;
import io.docpipe.shared.JobStatus;
import io.docpipe.shared.JobStore.Takeover;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link DynamoJobStore} against DynamoDB Local with the table and sparse index template.yaml declares. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoJobStoreTest {
  private FunctionEnvironment env;
  private AwsClients aws;

  @BeforeAll
  void setUp() {
    env = FunctionEnvironment.forTest("jobstore", 30);
    aws = env.clients();
  }

  @Test
  void transitions_goForwardOnly_andARedeliveryResumes() {
    DynamoJobStore jobs = store(Instant.now());
    String id = created(jobs, Instant.now());

    assertThat(jobs.begin(id, JobStatus.CHUNKING)).as("cannot skip scraping").isEqualTo(Takeover.SKIP);
    assertThat(jobs.begin(id, JobStatus.SCRAPING)).isEqualTo(Takeover.STARTED);
    assertThat(jobs.begin(id, JobStatus.SCRAPING)).isEqualTo(Takeover.RESUMED);
    assertThat(jobs.begin(id, JobStatus.CHUNKING)).isEqualTo(Takeover.STARTED);
    assertThat(jobs.begin(id, JobStatus.SCRAPING)).as("never backwards").isEqualTo(Takeover.SKIP);
    assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.CHUNKING);
    assertThat(jobs.begin(UUID.randomUUID().toString(), JobStatus.SCRAPING)).isEqualTo(Takeover.SKIP);
  }

  @Test
  void fanIn_countsEachPartOnce_andCompletesWithTheChunkCount() {
    DynamoJobStore jobs = store(Instant.now());
    String id = created(jobs, Instant.now());
    jobs.begin(id, JobStatus.SCRAPING);
    jobs.begin(id, JobStatus.CHUNKING);
    assertThat(jobs.expectParts(id, 3, 17)).isTrue();
    jobs.begin(id, JobStatus.EMBEDDING);

    assertThat(jobs.partDone(id, 0).complete()).isFalse();
    assertThat(jobs.partDone(id, 0).partsDone()).as("a redelivered part counts once").isEqualTo(1);
    assertThat(jobs.partDone(id, 2).complete()).isFalse();
    assertThat(jobs.partDone(id, 1).complete()).isTrue();
    assertThat(jobs.complete(id)).isTrue();
    assertThat(jobs.complete(id)).as("only one part completes the job").isFalse();

    Job job = jobs.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.DONE);
    assertThat(job.chunkCount()).isEqualTo(17);
    assertThat(jobs.partDone(id, 1).counted()).as("a late part of a finished job is not counted").isFalse();
  }

  @Test
  void fail_endsActiveJobsOnly() {
    DynamoJobStore jobs = store(Instant.now());
    String id = created(jobs, Instant.now());
    assertThat(jobs.fail(id, JobStatus.SCRAPING, "http_404")).isTrue();
    assertThat(jobs.fail(id, JobStatus.CHUNKING, "other")).isFalse();
    Job job = jobs.find(id).orElseThrow();
    assertThat(job.failedStage()).isEqualTo(JobStatus.SCRAPING);
    assertThat(job.errorCode()).isEqualTo("http_404");
  }

  @Test
  void findStale_readsOnlyActiveJobsOlderThanTheThreshold_throughTheSparseIndex() {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofHours(3));
    DynamoJobStore oldStore = store(old);
    String stale = created(oldStore, old);
    String ended = created(oldStore, old);
    oldStore.fail(ended, JobStatus.SCRAPING, "x");
    String fresh = created(store(now), now);

    var found = store(now).findStale(now.minus(Duration.ofMinutes(30)), 100);

    assertThat(found).extracting(Job::jobId).contains(stale).doesNotContain(ended, fresh);
  }

  @Test
  void recordRequeue_happensOncePerStalePeriod() {
    Instant old = Instant.now().minus(Duration.ofHours(1));
    String id = created(store(old), old);
    DynamoJobStore now = store(Instant.now());
    Instant threshold = Instant.now().minus(Duration.ofMinutes(30));

    assertThat(now.recordRequeue(id, JobStatus.QUEUED, threshold)).isTrue();
    assertThat(now.recordRequeue(id, JobStatus.QUEUED, threshold)).as("a second scanner finds it fresh").isFalse();
    assertThat(now.find(id).orElseThrow().requeues()).isEqualTo(1);
  }

  private DynamoJobStore store(Instant at) {
    return new DynamoJobStore(aws.dynamo(), env.localResources().jobsTable(), Clock.fixed(at, ZoneOffset.UTC));
  }

  private static String created(DynamoJobStore jobs, Instant at) {
    String id = UUID.randomUUID().toString();
    jobs.create(Job.queued(id, "https://example.com/" + id, "docs", at, null));
    return id;
  }
}
