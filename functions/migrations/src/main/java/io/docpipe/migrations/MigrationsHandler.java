package io.docpipe.migrations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.docpipe.shared.Env;
import io.docpipe.shared.pg.VectorDbConfig;
import io.docpipe.shared.telemetry.EventLog;
import io.docpipe.shared.lambda.Invocations;
import io.docpipe.shared.telemetry.LogEvent;
import io.docpipe.shared.telemetry.LogField;
import io.docpipe.shared.telemetry.Telemetry;
import io.docpipe.shared.telemetry.TracedSpan;
import java.util.Map;
import java.util.function.Supplier;
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

  private final Telemetry telemetry;
  private final Invocations invocations;
  private final CustomResourceResponse response;
  private final Supplier<VectorDbConfig> database;

  /** The constructor Lambda calls: the wiring read from the process environment. */
  public MigrationsHandler() {
    this(MigrationsWiring.from(Env.of(System.getenv())));
  }

  MigrationsHandler(MigrationsWiring wiring) {
    this.telemetry = wiring.telemetry();
    this.invocations = wiring.invocations();
    this.response = wiring.response();
    this.database = wiring.database();
  }

  /** The handler as Lambda builds it, from an explicit environment (tests). */
  public static MigrationsHandler from(Map<String, String> environment) {
    return new MigrationsHandler(MigrationsWiring.from(Env.of(environment)));
  }

  @Override
  public String handleRequest(Map<String, Object> request, Context context) {
    String type = String.valueOf(request.get("RequestType"));
    return invocations.invokeOther("migrations " + type, "other", context, invocation -> migrateAndAnswer(request, type));
  }

  private String migrateAndAnswer(Map<String, Object> request, String type) {
    boolean success = true;
    String reason = "no change";
    try (TracedSpan span = TracedSpan.start(telemetry.tracer(), "migrate schema")) {
      try {
        if (!"Delete".equals(type)) {
          int applied = SchemaMigrator.migrate(database.get());
          reason = applied + " migrations applied";
          EventLog.info(LOG, LogEvent.MIGRATION_COMPLETED).with(LogField.MIGRATIONS, applied).log("schema migrated: {}", reason);
        }
      } catch (RuntimeException e) {
        success = false;
        reason = "migration failed: " + e.getMessage();
        span.fail(e, "migration_failed");
        EventLog.error(LOG, LogEvent.MIGRATION_FAILED).with(LogField.ERROR, e.toString()).cause(e).log("schema migration failed");
      }
    }
    try {
      response.send(request, success, reason, PHYSICAL_ID);
    } catch (Exception e) {
      EventLog.error(LOG, LogEvent.MIGRATION_FAILED).with(LogField.ERROR, e.toString())
          .log("could not answer CloudFormation: {}", e.toString());
    }
    return reason;
  }
}
