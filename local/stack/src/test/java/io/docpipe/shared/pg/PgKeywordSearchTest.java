package io.docpipe.shared.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * Keyword and hybrid search of {@link PgVectorStore} against the real PostgreSQL: BM25 recomputed in Java from the
 * same tsvectors must give the same scores and order, over this corpus's statistics only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgKeywordSearchTest {
  private static final int DIM = 384;
  // Words the English stemmer leaves alone and that are not stop words, so the test reads its own lexemes plainly.
  private static final List<String> WORDS = List.of("granite", "basalt", "marble", "quartz", "feldspar", "mica",
      "shale", "slate", "gneiss", "schist", "obsidian", "pumice", "chalk", "flint", "jasper", "onyx");

  private PostgresCluster pg;
  private PgVectorStore store;
  private final Random random = new Random(11);

  @BeforeAll
  void setUp() {
    pg = LocalServers.get().postgres();
    VectorDbConfig config = new VectorDbConfig(pg.jdbcUrl(), pg.user(), pg::password, DIM);
    SchemaMigrator.migrate(config);
    store = new PgVectorStore(config);
  }

  @Test
  void keywordSearch_scoresAreBm25OverThisCorpusOnly_bestFirst() throws SQLException {
    String corpus = "bm25-" + System.nanoTime();
    List<StoredChunk> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) rows.add(chunk(corpus, "c" + i, randomText(4 + random.nextInt(30)), ""));
    // The same words, in other proportions, in another corpus: its statistics must not leak into this one's scores.
    for (int i = 0; i < 200; i++) rows.add(chunk(corpus + "-other", "o" + i, "granite granite " + randomText(3), ""));
    store.upsert(rows);

    for (String query : List.of("granite", "basalt quartz", "obsidian flint flint chalk", "mica -slate", "onyx or jasper")) {
      List<SearchHit> hits = store.keywordSearch(corpus, KeywordQuery.parse(query), 100);
      Map<String, Double> expected = bm25(corpus, KeywordQuery.parse(query));

      assertThat(hits).as(query).hasSize(expected.size());
      for (SearchHit hit : hits) {
        assertThat(hit.url()).startsWith("https://" + corpus + "/");
        assertThat(hit.score()).as(query + " " + hit.url()).isCloseTo(expected.get(hit.url()), within(1e-9));
      }
      for (int i = 1; i < hits.size(); i++) assertThat(hits.get(i - 1).score()).isGreaterThanOrEqualTo(hits.get(i).score());
    }
  }

  @Test
  void keywordSearch_smallCorpusInALargeTable_findsItsRowsOnly() {
    String big = "kw-big-" + System.nanoTime();
    String small = "kw-small-" + System.nanoTime();
    List<StoredChunk> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) rows.add(chunk(big, "b" + i, randomText(20), ""));
    for (int i = 0; i < 5; i++) rows.add(chunk(small, "s" + i, "pumice " + randomText(5), ""));
    for (int from = 0; from < rows.size(); from += 500) store.upsert(rows.subList(from, Math.min(rows.size(), from + 500)));

    assertThat(store.keywordSearch(small, KeywordQuery.parse("pumice"), 3)).hasSize(3)
        .allSatisfy(h -> assertThat(h.url()).startsWith("https://" + small + "/"));
  }

  @Test
  void keywordSearch_matchesTheTitleToo() {
    String corpus = "titles-" + System.nanoTime();
    store.upsert(List.of(chunk(corpus, "a", "nothing about rocks here", "Volcanic obsidian"),
        chunk(corpus, "b", "granite and basalt", "")));

    assertThat(store.keywordSearch(corpus, KeywordQuery.parse("obsidian"), 5)).singleElement()
        .satisfies(h -> assertThat(h.title()).isEqualTo("Volcanic obsidian"));
  }

  @Test
  void hybridSearch_fusesBothLists_scoresWithinZeroToOne_keywordOnlyMatchesIncluded() {
    String corpus = "hybrid-" + System.nanoTime();
    float[] target = randomVector();
    List<StoredChunk> rows = new ArrayList<>();
    rows.add(chunk(corpus, "near", "granite quartz", "", target));            // best on both sides
    rows.add(chunk(corpus, "word", "quartz quartz quartz", "", randomVector())); // only the keyword side finds it
    for (int i = 0; i < 150; i++) rows.add(chunk(corpus, "n" + i, "slate", "", randomVector()));
    store.upsert(rows);

    List<SearchHit> hits = store.hybridSearch(corpus, target, KeywordQuery.parse("granite quartz"), 0.6, 10);

    assertThat(hits).hasSize(10);
    assertThat(hits.get(0).url()).endsWith("/near");
    assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-9)); // top of both lists: 0.6 * 1 + 0.4 * 1
    assertThat(hits.get(1).url()).as("a keyword match keeps its credit however far its vector is").endsWith("/word");
    assertThat(hits).allSatisfy(h -> assertThat(h.score()).isBetween(0.0, 1.0));
    for (int i = 1; i < hits.size(); i++) assertThat(hits.get(i - 1).score()).isGreaterThanOrEqualTo(hits.get(i).score());
    assertThat(store.hybridSearch(corpus, target, KeywordQuery.parse("the of"), 0.6, 5))
        .as("no keyword terms: the vector side alone").extracting(SearchHit::url).first().asString().endsWith("/near");
  }

  @Test
  void corpusStats_followInsertsReplacementsDeletes_andConcurrentWriters() throws Exception {
    String a = "stats-a-" + System.nanoTime();
    String b = "stats-b-" + System.nanoTime();
    List<StoredChunk> first = new ArrayList<>();
    for (int i = 0; i < 30; i++) first.add(chunk(i % 2 == 0 ? a : b, "c" + i, randomText(5 + i), ""));
    store.upsert(first);
    store.upsert(List.of(chunk(a, "c0", "granite", "A new title"))); // the same chunk id, replaced
    // Four writers at once on the same two corpora: the counters take every one of them.
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      List<StoredChunk> rows = new ArrayList<>();
      for (int i = 0; i < 25; i++) rows.add(chunk(i % 2 == 0 ? b : a, "w" + w + "-" + i, randomText(3 + i), ""));
      writes.add(pool.submit(() -> store.upsert(rows)));
    }
    for (java.util.concurrent.Future<?> f : writes) f.get();
    pool.shutdown();
    store.removeSuperseded(a, "https://" + a + "/c2", "a-newer-job", Instant.now().plusSeconds(60));

    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
        SELECT s.corpus_name, s.chunks, s.lexemes, t.chunks, t.lexemes FROM corpus_stats s
        JOIN (SELECT corpus_name, count(*) AS chunks, sum(length(tsv)) AS lexemes FROM chunks GROUP BY corpus_name) t
          USING (corpus_name) WHERE corpus_name IN (?, ?)""")) {
      ps.setString(1, a);
      ps.setString(2, b);
      int corpora = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          corpora++;
          assertThat(rs.getLong(2)).as("chunks of " + rs.getString(1)).isEqualTo(rs.getLong(4));
          assertThat(rs.getLong(3)).as("lexemes of " + rs.getString(1)).isEqualTo(rs.getLong(5));
        }
      }
      assertThat(corpora).isEqualTo(2);
    }
  }

  /** BM25 (k1 0.9, b 0.4) of every chunk of {@code corpus} matching {@code query}, from the stored tsvectors. */
  private Map<String, Double> bm25(String corpus, KeywordQuery query) throws SQLException {
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    List<String> terms = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    try (Connection c = connect()) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT url, u.lexeme, array_length(u.positions, 1) FROM chunks, unnest(tsv) u WHERE corpus_name = ?")) {
        ps.setString(1, corpus);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) counts.computeIfAbsent(rs.getString(1), u -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
        }
      }
      terms.addAll(lexemes(c, query.terms()));
      excluded.addAll(lexemes(c, query.excluded().replace(" or ", " ")));
    }
    double n = counts.size();
    double avgdl = counts.values().stream().mapToInt(Map::size).average().orElse(1);
    Map<String, Double> scores = new HashMap<>();
    counts.forEach((url, tf) -> {
      if (terms.stream().noneMatch(tf::containsKey) || excluded.stream().anyMatch(tf::containsKey)) return;
      double score = 0;
      for (String t : terms) {
        if (!tf.containsKey(t)) continue;
        long df = counts.values().stream().filter(m -> m.containsKey(t)).count();
        double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += idf * tf.get(t) * 1.9 / (tf.get(t) + 0.9 * (1 - 0.4 + 0.4 * tf.size() / avgdl));
      }
      scores.put(url, score);
    });
    return scores;
  }

  private static List<String> lexemes(Connection c, String text) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', ?)))")) {
      ps.setString(1, text);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
      out.sort(Comparator.naturalOrder());
      return out;
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }

  private String randomText(int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) sb.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
    return sb.toString();
  }

  private StoredChunk chunk(String corpus, String id, String text, String title) {
    return chunk(corpus, id, text, title, randomVector());
  }

  private static StoredChunk chunk(String corpus, String id, String text, String title, float[] v) {
    return new StoredChunk(corpus, id, "https://" + corpus + "/" + id, title, "job", 0, text, v, "test-model", Instant.now());
  }

  private float[] randomVector() {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) v[i] = (float) random.nextGaussian();
    return v;
  }
}
