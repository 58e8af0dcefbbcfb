package io.docpipe.scraper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.docpipe.shared.Env;
import io.docpipe.shared.Messages.ScrapeMessage;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.lambda.JobFrame;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the scraper stage. Trigger: the scrape queue. Input: {@link ScrapeMessage}. Output: the
 * page's title and main text at {@code documents/{job_id}/document.json} and a chunk message. A page that cannot be had (404,
 * not HTML, empty, too large, a blocked address, port or scheme) ends the job {@code failed} with
 * {@code failed_stage=scraping} at once; transient trouble (timeouts, 5xx) returns the record to the queue.
 */
public final class ScraperHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
  private final Invocations invocations;
  private final AutoCloseable environment;
  private final JobFrame<ScrapeMessage> scraper;

  /** The constructor Lambda calls: the wiring read from the process environment, timed by the system clock. */
  public ScraperHandler() {
    this(ScraperWiring.from(Env.of(System.getenv()), Clock.systemUTC()));
  }

  ScraperHandler(ScraperWiring wiring) {
    this.invocations = wiring.invocations();
    this.environment = wiring.environment();
    this.scraper = wiring.scraper();
  }

  /**
   * The handler as Lambda builds it, from an explicit environment and the clock job timestamps are taken from (the
   * local stack and its tests; the fault-injection tests move the clock forward).
   */
  public static ScraperHandler from(Map<String, String> environment, Clock clock) {
    return new ScraperHandler(ScraperWiring.from(Env.of(environment), clock));
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocations.invokeJobs(event, context, scraper);
  }

  /**
   * Releases what this environment holds (its telemetry SDK's threads, connections). Lambda never calls it: the
   * process ends with the environment. The local stack does when it replaces an environment after a crash or timeout.
   */
  @Override
  public void close() throws Exception {
    environment.close();
  }
}
