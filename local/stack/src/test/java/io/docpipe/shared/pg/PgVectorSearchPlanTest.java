package io.docpipe.shared.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.local.servers.LocalServers;
import io.docpipe.local.servers.PostgresCluster;
import io.docpipe.migrations.SchemaMigrator;
import io.docpipe.shared.KeywordQuery;
import io.docpipe.shared.VectorStore.SearchHit;
import io.docpipe.shared.VectorStore.StoredChunk;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plan a vector search takes by corpus size ({@link VectorSearchPlan}), against the real PostgreSQL: corpora of
 * 5, 12 and 600 chunks inside a table that a 6,000-chunk corpus fills, every answer checked against the order Java
 * computes from the same vectors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgVectorSearchPlanTest {
  private static final int DIM = 384;
  private static final int MID_ROWS = 600;

  private final String big = "plan-big-" + System.nanoTime();
  private final String mid = "plan-mid-" + System.nanoTime();
  private final String five = "plan-five-" + System.nanoTime();
  private final String twelve = "plan-twelve-" + System.nanoTime();
  private final Map<String, Map<String, float[]>> vectors = new HashMap<>();
  private final Random random = new Random(23);
  private PostgresCluster pg;
  private VectorDbConfig config;

  @BeforeAll
  void setUp() throws SQLException {
    pg = LocalServers.get().postgres();
    config = new VectorDbConfig(pg.jdbcUrl(), pg.user(), pg::password, DIM);
    SchemaMigrator.migrate(config);
    List<StoredChunk> rows = new ArrayList<>();
    rows.addAll(corpus(big, 6_000));
    rows.addAll(corpus(mid, MID_ROWS));
    rows.addAll(corpus(five, 5));
    rows.addAll(corpus(twelve, 12));
    java.util.Collections.shuffle(rows, random);
    PgVectorStore store = new PgVectorStore(config);
    for (int from = 0; from < rows.size(); from += 500) store.upsert(rows.subList(from, Math.min(rows.size(), from + 500)));
    try (Connection c = connect()) {
      c.createStatement().execute("ANALYZE chunks");
    }
  }

  @Test
  void search_smallCorpusInALargerTable_returnsMinOfTopKAndItsSize_inExactOrder() {
    PgVectorStore store = new PgVectorStore(config);
    for (String corpus : List.of(five, twelve)) {
      for (int topK : new int[] {1, 10, 50}) {
        float[] query = randomVector();

        List<SearchHit> hits = store.search(corpus, query, topK);

        List<String> expected = exactOrder(corpus, query).subList(0, Math.min(topK, vectors.get(corpus).size()));
        assertThat(hits).as("%s, top_k %d", corpus, topK).extracting(SearchHit::text).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void search_midSizeCorpusThroughTheIndex_returnsTopKRowsOfItsOwn_nearestFirst() throws SQLException {
    PgVectorStore store = new PgVectorStore(config, VectorSearchPlan.DEFAULT.withExactScanMaxRows(MID_ROWS - 1));
    assertThat(explain(SearchSql.VECTOR_INDEX, mid, 10)).as("the index form's plan").contains("chunks_embedding_hnsw");
    for (int topK : new int[] {10, 50}) {
      float[] query = randomVector();

      List<SearchHit> hits = store.search(mid, query, topK);

      assertThat(hits).hasSize(topK);
      assertThat(hits).extracting(SearchHit::text).allSatisfy(t -> assertThat(vectors.get(mid)).containsKey(t));
      assertThat(hits).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
      // Random vectors are the hard case for HNSW; still, most of the true nearest must be there.
      List<String> exact = exactOrder(mid, query).subList(0, topK);
      assertThat(hits.stream().map(SearchHit::text).filter(exact::contains).count()).isGreaterThanOrEqualTo(topK * 7L / 10);
    }
  }

  @Test
  void search_indexScanThatGivesUpEarly_isAnsweredExactlyInstead() throws SQLException {
    // A scan limit so low that the index finds few rows of a 12-chunk corpus among 6,600 others.
    VectorSearchPlan starved = new VectorSearchPlan(0, 10, 10, 10);
    float[] query = randomVector();
    assertThat(indexFormRows(starved, twelve, query, 10)).as("the index form alone").isLessThan(10);

    List<SearchHit> hits = new PgVectorStore(config, starved).search(twelve, query, 10);

    assertThat(hits).extracting(SearchHit::text).containsExactlyElementsOf(exactOrder(twelve, query).subList(0, 10));
  }

  @Test
  void hybridSearch_vectorSideTakesTheSamePlan_andReturnsMinOfTopKAndTheCorpusSize() {
    float[] query = randomVector();
    KeywordQuery nothingMatches = KeywordQuery.parse("zzzunmatched");

    List<SearchHit> small = new PgVectorStore(config).hybridSearch(five, query, nothingMatches, 1.0, 10);
    List<SearchHit> throughIndex = new PgVectorStore(config, VectorSearchPlan.DEFAULT.withExactScanMaxRows(0))
        .hybridSearch(mid, query, nothingMatches, 1.0, 10);

    // With no keyword match and all the weight on vectors, the order is the vector order.
    assertThat(small).extracting(SearchHit::text).containsExactlyElementsOf(exactOrder(five, query));
    assertThat(throughIndex).hasSize(10).extracting(SearchHit::text)
        .allSatisfy(t -> assertThat(vectors.get(mid)).containsKey(t));
  }

  @Test
  void search_aCorpusWithNoRows_isEmpty() {
    assertThat(new PgVectorStore(config).search("plan-none-" + System.nanoTime(), randomVector(), 10)).isEmpty();
  }

  /** Rows the index form of the vector statement returns on its own, under {@code plan}'s scan settings. */
  private int indexFormRows(VectorSearchPlan plan, String corpus, float[] query, int topK) throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (var st = c.createStatement()) {
        st.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
        st.execute("SET LOCAL hnsw.ef_search = " + plan.efSearchFor(topK));
        st.execute("SET LOCAL hnsw.max_scan_tuples = " + plan.maxScanTuples());
        st.execute("SET LOCAL enable_seqscan = off");
        st.execute("SET LOCAL enable_sort = off");
      }
      assertThat(explain(c, SearchSql.VECTOR_INDEX, corpus, topK)).contains("chunks_embedding_hnsw");
      int rows = 0;
      try (PreparedStatement ps = SearchSql.VECTOR_INDEX.prepare(c, values(corpus, query, topK, plan.candidatesFor(topK)));
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows++;
      }
      c.rollback();
      return rows;
    }
  }

  private String explain(NamedSql sql, String corpus, int topK) throws SQLException {
    try (Connection c = connect()) {
      return explain(c, sql, corpus, topK);
    }
  }

  private String explain(Connection c, NamedSql sql, String corpus, int topK) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement ps = sql.explain().prepare(c, values(corpus, randomVector(), topK, topK));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) plan.append(rs.getString(1)).append('\n');
    }
    return plan.toString();
  }

  private static Map<String, Object> values(String corpus, float[] query, int topK, int candidates) {
    return Map.of("query", PgVectorStore.literal(query), "corpus", corpus, "top_k", topK, "candidates", candidates);
  }

  private List<String> exactOrder(String corpus, float[] query) {
    return vectors.get(corpus).entrySet().stream()
        .sorted(Comparator.comparingDouble(e -> cosineDistance(query, e.getValue())))
        .map(Map.Entry::getKey)
        .toList();
  }

  private List<StoredChunk> corpus(String corpus, int rows) {
    Map<String, float[]> byText = new HashMap<>();
    List<StoredChunk> chunks = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      String text = corpus + " chunk " + i;
      float[] v = randomVector();
      byText.put(text, v);
      chunks.add(new StoredChunk(corpus, "c" + i, "https://" + corpus + ".example/" + i, "", "job", 0, text, v, "m",
          Instant.now()));
    }
    vectors.put(corpus, byText);
    return chunks;
  }

  private float[] randomVector() {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) v[i] = (float) random.nextGaussian();
    return v;
  }

  private static double cosineDistance(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return 1 - dot / Math.sqrt(na * nb);
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }
}
