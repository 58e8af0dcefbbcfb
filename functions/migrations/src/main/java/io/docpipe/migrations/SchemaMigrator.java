package io.docpipe.migrations;

import io.docpipe.shared.pg.VectorDbConfig;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the vector schema to the newest version with Flyway. Run by the local stack at start and, in AWS, once per
 * deploy by {@link MigrationsHandler}: never on a function's cold start, where N environments would race for it.
 */
public final class SchemaMigrator {
  private SchemaMigrator() {}

  /** Applies pending migrations; returns how many ran. */
  public static int migrate(VectorDbConfig db) {
    MigrateResult result = Flyway.configure()
        .dataSource(db.url(), db.user(), db.password().get())
        .locations("classpath:db/migration")
        .placeholders(Map.of("embedding_dimension", Integer.toString(db.dimension())))
        .connectRetries(3)
        .load()
        .migrate();
    return result.migrationsExecuted;
  }
}
