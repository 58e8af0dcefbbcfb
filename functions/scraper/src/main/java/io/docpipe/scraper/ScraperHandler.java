package io.docpipe.scraper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.SqsInvocations;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.S3BlobStore;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the scraper stage. Trigger: the scrape queue. Input: {@link ScrapeMessage}. Output: the
 * page's title and main text at {@code documents/{job_id}/document.json} and a chunk message. A page that cannot be had (404,
 * not HTML, empty, too large, a blocked address, port or scheme) ends the job {@code failed} with
 * {@code failed_stage=scraping} at once; transient trouble (timeouts, 5xx) returns the record to the queue.
 */
public final class ScraperHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final Invocations invocations;
  private final Scraper scraper;

  public ScraperHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public ScraperHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock job timestamps are taken from (the fault-injection tests move it forward). */
  public ScraperHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("scraper", environment), Env.of(environment), clock);
  }

  private ScraperHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, env, clock, new AwsClients(env));
  }

  private ScraperHandler(Telemetry telemetry, Env env, Clock clock, AwsClients aws) {
    this(SqsInvocations.create(telemetry, env, aws), create(env, aws, telemetry, clock));
  }

  ScraperHandler(Telemetry telemetry, Scraper scraper) {
    this(new Invocations(telemetry), scraper);
  }

  private ScraperHandler(Invocations invocations, Scraper scraper) {
    this.invocations = invocations;
    this.scraper = scraper;
  }

  private static Scraper create(Env env, AwsClients aws, Telemetry telemetry, Clock clock) {
    ScraperConfig config = ScraperConfig.fromEnv(env);
    PageFetcher fetcher = PageFetcher.create(config);
    return new Scraper(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock),
        new S3BlobStore(aws.s3(), config.bucket()), new SqsQueueSender(aws::sqs), config.chunkQueueUrl(), fetcher, telemetry);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeSqs(event, context, record -> scraper.process(Json.read(record.getBody(), ScrapeMessage.class)));
  }
}
