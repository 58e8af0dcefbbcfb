package io.docpipe.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The BM25 reference row: the whole corpus in an in-memory Lucene index, title and text as one field, Lucene's English
 * analyzer (standard tokenizer, lower case, English stop words, Porter stemming) and BM25 with k1 0.9, b 0.4: the
 * set-up of Anserini's BEIR "flat" baseline. Each query is a disjunction of its analyzed terms.
 */
final class Bm25Reference implements AutoCloseable {
  private static final String ID = "id";
  private static final String BODY = "body";

  private final EnglishAnalyzer analyzer = new EnglishAnalyzer();
  private final DirectoryReader reader;
  private final IndexSearcher searcher;

  Bm25Reference(List<BeirDataset.Document> corpus) {
    BM25Similarity similarity = new BM25Similarity(0.9f, 0.4f);
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setSimilarity(similarity))) {
      for (BeirDataset.Document d : corpus) {
        Document doc = new Document();
        doc.add(new StoredField(ID, d.id()));
        doc.add(new TextField(BODY, d.title() + "\n" + d.text(), Field.Store.NO));
        writer.addDocument(doc);
      }
      writer.commit();
      reader = DirectoryReader.open(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the in-memory BM25 index", e);
    }
    searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity);
  }

  /** The ids of the {@code k} best documents for {@code query}, best first. */
  List<String> search(String query, int k) {
    try {
      BooleanQuery.Builder terms = new BooleanQuery.Builder();
      for (String term : analyze(query)) terms.add(new TermQuery(new Term(BODY, term)), BooleanClause.Occur.SHOULD);
      List<String> ids = new ArrayList<>(k);
      for (ScoreDoc hit : searcher.search(terms.build(), k).scoreDocs) {
        ids.add(searcher.storedFields().document(hit.doc).get(ID));
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("BM25 search failed", e);
    }
  }

  private List<String> analyze(String text) throws IOException {
    List<String> terms = new ArrayList<>();
    try (TokenStream tokens = analyzer.tokenStream(BODY, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) terms.add(term.toString());
      tokens.end();
    }
    return terms;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    analyzer.close();
  }
}
