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
  void search_smallCorpusInALargeTable_stillReturnsTopK() throws Exception {
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
    // Why a small corpus is scanned exactly (VectorSearchPlan) and a large one needs the iterative scan: walking the
    // HNSW index, a plain scan looks at ef_search candidates, most from other corpora, and the filter starves it.
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
  void removeSuperseded_removesEarlierIngestionsOfThatUrlOnly_andKeepsANewerOneInFlight() {
    String corpus = "versions-" + System.nanoTime();
    store.upsert(List.of(row(corpus, DOC, "j1", OLD, "old"), row(corpus, DOC, "j2", CURRENT, "cur"),
        row(corpus, "https://x.example/other", "j0", OLD, "other")));
    store.upsert(List.of(row(corpus, DOC, "j3", NEWER, "new")));

    int removed = store.removeSuperseded(corpus, DOC, "j3", NEWER);

    assertThat(removed).isEqualTo(2);
    assertThat(texts(corpus)).containsExactlyInAnyOrder("new", "other");
  }

  /** The user's report: the newer job finished first, then the older one stored its chunks and finished. */
  @Test
  void twoIngestionsOfOneUrl_newerCompletesFirst_onlyTheNewerChunksRemain() {
    String corpus = "newer-first-" + System.nanoTime();
    store.upsert(List.of(row(corpus, DOC, "older", OLD, "older part 0"))); // the older job's first part
    store.upsert(List.of(row(corpus, DOC, "newer", NEWER, "newer part 0"), row(corpus, DOC, "newer", NEWER, "newer part 1")));
    store.removeSuperseded(corpus, DOC, "newer", NEWER);

    store.upsert(List.of(row(corpus, DOC, "older", OLD, "older part 1"), row(corpus, DOC, "older", OLD, "shared text")));
    store.removeSuperseded(corpus, DOC, "older", OLD);

    assertThat(texts(corpus)).containsExactlyInAnyOrder("newer part 0", "newer part 1");
  }

  @Test
  void twoIngestionsOfOneUrl_olderCompletesFirst_onlyTheNewerChunksRemain() {
    String corpus = "older-first-" + System.nanoTime();
    store.upsert(List.of(row(corpus, DOC, "older", OLD, "older part 0"), row(corpus, DOC, "older", OLD, "older part 1")));
    store.removeSuperseded(corpus, DOC, "older", OLD);

    store.upsert(List.of(row(corpus, DOC, "newer", NEWER, "newer part 0"), row(corpus, DOC, "newer", NEWER, "newer part 1")));
    store.removeSuperseded(corpus, DOC, "newer", NEWER);

    assertThat(texts(corpus)).containsExactlyInAnyOrder("newer part 0", "newer part 1");
  }

  /** The older job finishes while the newer is still storing: it removes its own chunks, the newer keeps its part. */
  @Test
  void twoIngestionsOfOneUrl_olderCompletesWhileTheNewerIsInFlight_onlyTheNewerChunksRemain() {
    String corpus = "interleaved-" + System.nanoTime();
    store.upsert(List.of(row(corpus, DOC, "older", OLD, "older part 0")));
    store.upsert(List.of(row(corpus, DOC, "newer", NEWER, "newer part 0")));
    store.upsert(List.of(row(corpus, DOC, "older", OLD, "older part 1")));
    store.removeSuperseded(corpus, DOC, "older", OLD);
    assertThat(texts(corpus)).containsExactly("newer part 0");

    store.upsert(List.of(row(corpus, DOC, "newer", NEWER, "newer part 1")));
    store.removeSuperseded(corpus, DOC, "newer", NEWER);

    assertThat(texts(corpus)).containsExactlyInAnyOrder("newer part 0", "newer part 1");
  }

  /** Two jobs submitted in the same instant: the job id decides, the same way in the upsert and the removal. */
  @Test
  void twoIngestionsSubmittedAtOnce_theLaterJobIdWins_inEitherCompletionOrder() {
    for (boolean bFirst : new boolean[] {true, false}) {
      String corpus = "tie-" + bFirst + "-" + System.nanoTime();
      Runnable a = () -> {
        store.upsert(List.of(row(corpus, DOC, "job-a", CURRENT, "a")));
        store.removeSuperseded(corpus, DOC, "job-a", CURRENT);
      };
      Runnable b = () -> {
        store.upsert(List.of(row(corpus, DOC, "job-b", CURRENT, "b")));
        store.removeSuperseded(corpus, DOC, "job-b", CURRENT);
      };
      (bFirst ? b : a).run();
      (bFirst ? a : b).run();

      assertThat(texts(corpus)).as("b completed first: %s", bFirst).containsExactly("b");
    }
  }

  /** A chunk both ingestions have (same position and text, so the same id) belongs to the newer one. */
  @Test
  void upsert_sameChunkFromAnOlderIngestion_doesNotTakeTheRowBack() {
    String corpus = "shared-" + System.nanoTime();
    store.upsert(List.of(row(corpus, DOC, "newer", NEWER, "same id", "newer text")));
    store.upsert(List.of(row(corpus, DOC, "older", OLD, "same id", "older text")));

    store.removeSuperseded(corpus, DOC, "newer", NEWER);

    assertThat(texts(corpus)).containsExactly("newer text");
  }

  private static final String DOC = "https://x.example/doc";
  private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant CURRENT = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant NEWER = Instant.parse("2026-03-01T00:00:00Z");

  /** A chunk whose id is its text, as the content-hash ids are. */
  private static StoredChunk row(String corpus, String url, String jobId, Instant submitted, String text) {
    return row(corpus, url, jobId, submitted, text, text);
  }

  private static StoredChunk row(String corpus, String url, String jobId, Instant submitted, String id, String text) {
    return new StoredChunk(corpus, id, url, "", jobId, 0, text, randomVector(new Random(text.hashCode())), "m", submitted);
  }

  private List<String> texts(String corpus) {
    return store.search(corpus, randomVector(new Random(0)), 100).stream().map(SearchHit::text).toList();
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
