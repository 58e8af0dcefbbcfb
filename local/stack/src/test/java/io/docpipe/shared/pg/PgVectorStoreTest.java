package io.docpipe.shared.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.LocalServers;
import io.docpipe.local.servers.PostgresCluster;
import io.docpipe.migrations.SchemaMigrator;
import io.docpipe.shared.VectorStore.SearchHit;
import io.docpipe.shared.VectorStore.StoredChunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link PgVectorStore} against the real PostgreSQL + pgvector, with the schema the migrations create. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgVectorStoreTest {
  private static final int DIM = 384;
  private PgVectorStore store;
  private PostgresCluster pg;

  @BeforeAll
  void setUp() {
    pg = LocalServers.get().postgres();
    VectorDbConfig config = new VectorDbConfig(pg.jdbcUrl(), pg.user(), pg::password, DIM);
    SchemaMigrator.migrate(config);
    store = new PgVectorStore(config);
  }

  @Test
  void search_smallCorpusInALargeTable_stillReturnsTopK_thanksToIterativeScan() throws Exception {
    Random random = new Random(7);
    String big = "big-" + System.nanoTime();
    String small = "small-" + System.nanoTime();
    List<StoredChunk> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) rows.add(chunk(big, "b" + i, "https://big.example/" + i, randomVector(random)));
    for (int i = 0; i < 12; i++) rows.add(chunk(small, "s" + i, "https://small.example/" + i, randomVector(random)));
    for (int from = 0; from < rows.size(); from += 500) store.upsert(rows.subList(from, Math.min(rows.size(), from + 500)));

    float[] query = randomVector(random);
    List<SearchHit> hits = store.search(small, query, 10);

    assertThat(hits).hasSize(10);
    assertThat(hits).allSatisfy(h -> assertThat(h.url()).startsWith("https://small.example/"));
    for (int i = 1; i < hits.size(); i++) assertThat(hits.get(i - 1).score()).isGreaterThanOrEqualTo(hits.get(i).score());
    // Why the iterative scan: when the planner walks the HNSW index (as it does once a corpus is too big to sort
    // exactly), a plain scan looks at ef_search candidates, most from other corpora, and the filter starves it.
    assertThat(countThroughHnsw(small, query, "off")).isLessThan(10);
    assertThat(countThroughHnsw(small, query, "strict_order")).isEqualTo(10);
  }

  /**
   * The store's query, forced through the HNSW index (the indexes that lead with corpus_name dropped inside a
   * transaction that is rolled back, sequential scans off), with pgvector's iterative scan set to {@code mode}.
   */
  private int countThroughHnsw(String corpus, float[] query, String mode) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
      c.setAutoCommit(false);
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("DROP INDEX chunks_corpus_url");
        st.execute("DROP INDEX chunks_corpus_tsv"); // btree_gin serves corpus_name equality too
        st.execute("ALTER TABLE chunks DROP CONSTRAINT chunks_pkey");
        st.execute("SET LOCAL hnsw.iterative_scan = " + mode);
        st.execute("SET LOCAL enable_seqscan = off");
      }
      String sql = "SELECT 1 FROM chunks WHERE corpus_name = ? ORDER BY embedding <=> ?::vector LIMIT 10";
      try (java.sql.PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
        explain.setString(1, corpus);
        explain.setString(2, PgVectorStore.literal(query));
        StringBuilder plan = new StringBuilder();
        try (java.sql.ResultSet rs = explain.executeQuery()) {
          while (rs.next()) plan.append(rs.getString(1)).append('\n');
        }
        assertThat(plan.toString()).contains("chunks_embedding_hnsw");
      }
      try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (" + sql + ") t")) {
        ps.setString(1, corpus);
        ps.setString(2, PgVectorStore.literal(query));
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      } finally {
        c.rollback();
      }
    }
  }

  @Test
  void upsert_sameChunkTwice_isOneRow_withTheNewerValues() {
    String corpus = "upsert-" + System.nanoTime();
    float[] v = randomVector(new Random(1));
    store.upsert(List.of(chunk(corpus, "same", "https://x.example/a", v)));
    store.upsert(List.of(new StoredChunk(corpus, "same", "https://x.example/a", "New title", "job-2", 0, "new text", v, "m",
        Instant.now())));

    List<SearchHit> hits = store.search(corpus, v, 5);

    assertThat(hits).singleElement().satisfies(h -> {
      assertThat(h.text()).isEqualTo("new text");
      assertThat(h.title()).isEqualTo("New title");
      assertThat(h.score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    });
  }

  @Test
  void deleteOlderVersions_removesOnlyEarlierIngestionsOfThatUrl() {
    String corpus = "versions-" + System.nanoTime();
    Random random = new Random(3);
    Instant old = Instant.parse("2026-01-01T00:00:00Z");
    Instant current = Instant.parse("2026-02-01T00:00:00Z");
    Instant newer = Instant.parse("2026-03-01T00:00:00Z");
    store.upsert(List.of(
        new StoredChunk(corpus, "old", "https://x.example/doc", "", "j1", 0, "old", randomVector(random), "m", old),
        new StoredChunk(corpus, "cur", "https://x.example/doc", "", "j2", 0, "cur", randomVector(random), "m", current),
        new StoredChunk(corpus, "new", "https://x.example/doc", "", "j3", 0, "new", randomVector(random), "m", newer),
        new StoredChunk(corpus, "other", "https://x.example/other", "", "j0", 0, "other", randomVector(random), "m", old)));

    int removed = store.deleteOlderVersions(corpus, "https://x.example/doc", current);

    assertThat(removed).isEqualTo(1);
    assertThat(store.search(corpus, randomVector(random), 10)).extracting(SearchHit::text)
        .containsExactlyInAnyOrder("cur", "new", "other");
  }

  private static StoredChunk chunk(String corpus, String id, String url, float[] v) {
    return chunk(corpus, id, url, "", "text " + id, v);
  }

  private static StoredChunk chunk(String corpus, String id, String url, String title, String text, float[] v) {
    return new StoredChunk(corpus, id, url, title, "job", 0, text, v, "test-model", Instant.now());
  }

  private static float[] randomVector(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) v[i] = (float) random.nextGaussian();
    return v;
  }
}
