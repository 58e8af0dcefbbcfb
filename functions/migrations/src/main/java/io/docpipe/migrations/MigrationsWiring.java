package io.docpipe.migrations;

import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.Telemetry;
import java.util.function.Supplier;

/**
 * What the migrations handler runs on, built once per execution environment: the only reader of the function's
 * environment.
 *
 * @param database read at each request, not here: a missing or bad setting must fail the request, which answers
 *     CloudFormation, rather than the constructor, which would leave the stack waiting an hour for an answer
 */
record MigrationsWiring(Telemetry telemetry, Invocations invocations, CustomResourceResponse response,
    Supplier<VectorDbConfig> database) {

  static MigrationsWiring from(Env env) {
    CustomResourceResponse response = new CustomResourceResponse();
    Telemetry telemetry = Telemetry.create("migrations", env);
    return new MigrationsWiring(telemetry, new Invocations(telemetry), response,
        () -> VectorDbConfig.fromEnv(env, new AwsClients(env)));
  }
}
