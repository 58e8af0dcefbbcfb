package io.docpipe.scraper;

import io.docpipe.shared.Env;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.S3BlobStore;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.lambda.JobFrame;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;

/**
 * What the scraper handler runs on, built once per execution environment: the only reader of the function's
 * environment. The SQS clients are built on their first use (docs/decisions/0008-cold-start.md).
 */
record ScraperWiring(Invocations invocations, JobFrame<ScrapeMessage> scraper, AutoCloseable environment) {

  static ScraperWiring from(Env env, Clock clock) {
    Telemetry telemetry = Telemetry.create("scraper", env);
    AwsClients aws = new AwsClients(env);
    Invocations invocations = SqsInvocations.create(telemetry, env, aws);
    ScraperConfig config = ScraperConfig.fromEnv(env);
    PageFetcher fetcher = PageFetcher.create(config);
    JobFrame<ScrapeMessage> scraper = new JobFrame<>(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock),
        new Scraper(new S3BlobStore(aws.s3(), config.bucket()), new SqsQueueSender(aws::sqs), config.chunkQueueUrl(),
            fetcher, telemetry));
    return new ScraperWiring(invocations, scraper, () -> {
      aws.close();
      telemetry.shutdown();
    });
  }
}
