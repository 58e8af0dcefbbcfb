package io.docpipe.migrations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.docpipe.shared.Env;
import io.docpipe.shared.aws.AwsClients;
import io.docpipe.shared.pg.VectorDbConfig;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point of the schema migrations. Trigger: the {@code SchemaMigration} CloudFormation custom resource, on
 * every deploy that changes its properties. Input: the custom resource request. Output: migrations applied on
 * Create and Update (Delete keeps the data), and the result PUT to CloudFormation; a failed migration fails the deploy.
 */
public final class MigrationsHandler implements RequestHandler<Map<String, Object>, String> {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationsHandler.class);
  private static final String PHYSICAL_ID = "docpipe-vector-schema";

  private final Env env;
  private final CustomResourceResponse response;

  public MigrationsHandler() {
    this(System.getenv());
  }

  public MigrationsHandler(Map<String, String> environment) {
    this(Env.of(environment), new CustomResourceResponse());
  }

  MigrationsHandler(Env env, CustomResourceResponse response) {
    this.env = env;
    this.response = response;
  }

  @Override
  public String handleRequest(Map<String, Object> request, Context context) {
    String type = String.valueOf(request.get("RequestType"));
    boolean success = true;
    String reason = "no change";
    try {
      if (!"Delete".equals(type)) {
        int applied = SchemaMigrator.migrate(VectorDbConfig.fromEnv(env, new AwsClients(env)));
        reason = applied + " migrations applied";
      }
    } catch (RuntimeException e) {
      success = false;
      reason = "migration failed: " + e.getMessage();
      LOG.error("schema migration failed", e);
    }
    try {
      response.send(request, success, reason, PHYSICAL_ID);
    } catch (Exception e) {
      LOG.error("could not answer CloudFormation: {}", e.toString());
    }
    return reason;
  }
}
