package io.docpipe.bench.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of the benchmark's table as COPY text, in the order they are loaded: documents of ten chunks each, the
 * documents of all corpora shuffled together, as ingestion spreads a corpus over the table over time (a corpus
 * loaded in one piece would sit in few pages and flatter an exact scan).
 */
final class ChunkRows {
  static final int CHUNKS_PER_DOCUMENT = 10;
  static final String COLUMNS = "corpus_name, chunk_id, url, title, job_id, chunk_index, text, embedding, model, ingested_at";

  private final CorpusLayout layout;
  private final ClusteredVectors vectors;
  private final ChunkText text;

  ChunkRows(CorpusLayout layout, ClusteredVectors vectors, ChunkText text) {
    this.layout = layout;
    this.vectors = vectors;
    this.text = text;
  }

  /** A chunk by its place: corpus (index in the layout) and row within the corpus. */
  record Place(int corpus, int row) {}

  /** Every row's place, in load order. */
  List<Place> loadOrder(long seed) {
    List<int[]> documents = new ArrayList<>();
    for (Corpus c : layout.corpora()) {
      for (int doc = 0; doc * CHUNKS_PER_DOCUMENT < c.rows(); doc++) documents.add(new int[] {c.index(), doc});
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = documents.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int[] t = documents.get(i);
      documents.set(i, documents.get(j));
      documents.set(j, t);
    }
    List<Place> order = new ArrayList<>((int) layout.totalRows());
    for (int[] d : documents) {
      int rows = layout.corpora().get(d[0]).rows();
      for (int row = d[1] * CHUNKS_PER_DOCUMENT; row < Math.min(rows, (d[1] + 1) * CHUNKS_PER_DOCUMENT); row++) {
        order.add(new Place(d[0], row));
      }
    }
    return order;
  }

  /** The row as a line of COPY's text format. */
  String copyLine(Place place) {
    Corpus corpus = layout.corpora().get(place.corpus());
    int doc = place.row() / CHUNKS_PER_DOCUMENT;
    float[] embedding = vectors.chunk(corpus.index(), corpus.rows(), place.row());
    StringBuilder line = new StringBuilder(embedding.length * 12 + 2_000);
    line.append(corpus.name()).append('\t')
        .append(chunkId(place.row())).append('\t')
        .append(url(corpus, doc)).append('\t')
        .append("Document ").append(doc).append('\t')
        .append("bench").append('\t')
        .append(place.row() % CHUNKS_PER_DOCUMENT).append('\t')
        // Letters, spaces and full stops only: nothing COPY's text format would have to escape.
        .append(text.of(corpus.index(), place.row())).append('\t');
    line.append('[');
    for (int i = 0; i < embedding.length; i++) {
      if (i > 0) line.append(',');
      line.append(embedding[i]);
    }
    return line.append("]\tbench-").append(vectors.dimension()).append("\t2026-01-01 00:00:00+00\n").toString();
  }

  static String chunkId(int row) {
    return "r" + row;
  }

  static String url(Corpus corpus, int doc) {
    return urlPrefix(corpus) + doc;
  }

  static String urlPrefix(Corpus corpus) {
    return "https://bench.example/" + corpus.name() + "/";
  }

  /** The row a search hit names, from its url and chunk index. */
  static int row(String url, int chunkIndex) {
    return Integer.parseInt(url.substring(url.lastIndexOf('/') + 1)) * CHUNKS_PER_DOCUMENT + chunkIndex;
  }
}
