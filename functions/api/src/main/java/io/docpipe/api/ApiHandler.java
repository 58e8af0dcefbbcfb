package io.docpipe.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.telemetry.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;

/**
 * Lambda entry point of the api stage. Trigger: HTTP API routes {@code POST /jobs} and {@code GET /jobs/{job_id}}.
 * Input: the payload 2.0 event. Output: {@code 202} with the new job, {@code 200} with a job, or problem+json. A
 * job whose scrape message cannot be sent is ended as failed and answered with {@code 503}, so nothing waits forever.
 * The submit span's trace id is stored on the job and continues through every stage.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Invocations invocations;
  private final JobsApi api;

  public ApiHandler() {
    this(System.getenv());
  }

  /** The same wiring as in Lambda, from an explicit environment (the local stack and tests use this). */
  public ApiHandler(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  /** As above, with the clock job timestamps are taken from (the fault-injection tests move it forward). */
  public ApiHandler(Map<String, String> environment, Clock clock) {
    this(Telemetry.create("api", environment), Env.of(environment), clock);
  }

  private ApiHandler(Telemetry telemetry, Env env, Clock clock) {
    this(telemetry, create(env, telemetry, clock));
  }

  ApiHandler(Telemetry telemetry, JobsApi api) {
    this.invocations = new Invocations(telemetry);
    this.api = api;
  }

  private static JobsApi create(Env env, Telemetry telemetry, Clock clock) {
    ApiConfig config = ApiConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    return new JobsApi(new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock),
        new SqsQueueSender(aws.sqs()), config.scrapeQueueUrl(), clock, telemetry);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return invocations.invokeHttp(event, context, api::handle);
  }
}
