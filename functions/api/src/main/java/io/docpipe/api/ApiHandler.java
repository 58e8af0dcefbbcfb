package io.docpipe.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.lambda.ApiRoutes;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the api stage. Trigger: HTTP API routes {@code POST /jobs} and {@code GET /jobs/{job_id}}
 * (and {@code ANY} on both paths, answered 405), behind the JWT authorizer. Input: the payload 2.0 event with the
 * token's claims. Output: {@code 202} with the new job, {@code 200} with a job or an idempotent replay, or
 * problem+json: 400/413/415 for bad input, 401 without verified claims, 404, 405, 409 for a reused Idempotency-Key,
 * 429 over the caller's SUBMISSIONS_PER_MINUTE, 503 when the scrape message cannot be sent (the job is ended as
 * failed, so nothing waits forever).
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Invocations invocations;
  private final ApiRoutes routes;

  public ApiHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public ApiHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock job timestamps, quotas and key expiry are taken from (tests move it forward). */
  public ApiHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("api", environment), Env.of(environment), clock);
  }

  private ApiHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, create(env, telemetry, clock));
  }

  ApiHandler(Telemetry telemetry, JobsApi api) {
    this.invocations = new Invocations(telemetry);
    this.routes = api.routes();
  }

  private static JobsApi create(Env env, Telemetry telemetry, Clock clock) {
    ApiConfig config = ApiConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    DynamoJobStore jobs = new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock);
    return new JobsApi(jobs, new JobCreation(jobs, new SqsQueueSender(aws::sqs), config.scrapeQueueUrl(), clock, telemetry),
        new DynamoIdempotencyStore(aws.dynamo(), config.jobsTable(), clock),
        new DynamoSubmissionQuota(aws.dynamo(), config.jobsTable(), config.submissionsPerMinute(), clock), telemetry);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return routes.invoke(invocations, event, context);
  }
}
