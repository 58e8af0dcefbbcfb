package io.docpipe.api;

import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.aws.DynamoJobStore;
import io.docpipe.shared.aws.SqsQueueSender;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.time.Clock;

/**
 * What the api handler runs on, built once per execution environment: the only reader of the function's environment.
 * The SQS client is built on its first use (a GET never sends; docs/decisions/0008-cold-start.md).
 */
record ApiWiring(Invocations invocations, JobsApi api) {

  static ApiWiring from(Env env, Clock clock) {
    Telemetry telemetry = Telemetry.create("api", env);
    ApiConfig config = ApiConfig.fromEnv(env);
    AwsClients aws = new AwsClients(env);
    DynamoJobStore jobs = new DynamoJobStore(aws.dynamo(), config.jobsTable(), clock);
    JobsApi api = new JobsApi(jobs,
        new JobCreation(jobs, new SqsQueueSender(aws::sqs), config.scrapeQueueUrl(), clock, telemetry),
        new DynamoIdempotencyStore(aws.dynamo(), config.jobsTable(), clock),
        new DynamoSubmissionQuota(aws.dynamo(), config.jobsTable(), config.submissionsPerMinute(), clock), telemetry);
    return new ApiWiring(new Invocations(telemetry), api);
  }
}
