package io.docpipe.shared.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.docpipe.local.servers.LocalServers;
import io.docpipe.local.servers.PostgresCluster;
import io.docpipe.migrations.SchemaMigrator;
import io.docpipe.shared.VectorStore.StoredChunk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A row the database refuses never puts its data in the error: PostgreSQL's JDBC driver would quote the statement
 * with every parameter (chunk text, 384 vector values) in a batch entry's message, and the exception's message ends
 * up in logs and spans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgVectorStoreErrorsTest {
  private static final int DIM = 384;
  private static final String SECRET_TEXT = "confidential page words\u0000after a NUL byte";
  private PgVectorStore store;

  @BeforeAll
  void setUp() {
    PostgresCluster pg = LocalServers.get().postgres();
    VectorDbConfig config = new VectorDbConfig(pg.jdbcUrl(), pg.user(), pg::password, DIM);
    SchemaMigrator.migrate(config);
    store = new PgVectorStore(config);
  }

  @Test
  void upsert_ofTextWithANulByte_failsWithTheSqlState_andNoRowDataInMessageOrTrace() {
    float[] vector = new float[DIM];
    Arrays.fill(vector, 0.123456f);
    StoredChunk row = new StoredChunk("errors-" + System.nanoTime(), "c1", "https://x.example/nul", "A title", "job", 0,
        SECRET_TEXT, vector, "m", Instant.now());

    PgVectorStore.VectorStoreException e = catchThrowableOfType(PgVectorStore.VectorStoreException.class,
        () -> store.upsert(List.of(row)));

    assertThat(e).isNotNull();
    assertThat(e.sqlState()).as("invalid byte sequence for encoding UTF8").isEqualTo("22021");
    assertThat(e.getMessage()).contains("22021").contains("data exception");
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    for (String text : List.of(e.getMessage(), e.toString(), trace.toString())) {
      assertThat(text).doesNotContain("confidential").doesNotContain("after a NUL").doesNotContain("0.123456")
          .doesNotContain("https://x.example/nul").doesNotContain("INSERT");
    }
    assertThat(e.getCause()).as("the driver's exception, which quotes the rows, is not kept").isNull();
  }

  @Test
  void store_staysUsable_afterARefusedRow() {
    float[] vector = new float[DIM];
    vector[0] = 1;
    String corpus = "after-error-" + System.nanoTime();
    catchThrowableOfType(PgVectorStore.VectorStoreException.class, () -> store.upsert(List.of(new StoredChunk(corpus,
        "bad", "https://x.example/a", "", "job", 0, "bad\u0000row", vector, "m", Instant.now()))));

    store.upsert(List.of(new StoredChunk(corpus, "good", "https://x.example/a", "", "job", 0, "good row", vector, "m",
        Instant.now())));

    assertThat(store.search(corpus, vector, 5)).extracting(hit -> hit.text()).containsExactly("good row");
  }
}
