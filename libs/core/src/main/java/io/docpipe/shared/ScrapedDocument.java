package io.docpipe.shared;

/**
 * What the scraper keeps of a page for the chunker ({@link BlobKeys#document}, JSON): the page's title and its main
 * text, already cleaned of boilerplate.
 *
 * @param url the page as fetched, after redirects
 * @param title the page's title ({@code ""} when it has none), kept with every chunk for search results
 */
public record ScrapedDocument(String url, String title, String text) {
  /** Titles beyond this are cut: a title is a label, and it rides every chunk of its document. */
  public static final int MAX_TITLE_CHARS = 512;

  public ScrapedDocument {
    title = title == null ? "" : title;
    if (text == null) throw new IllegalArgumentException("text must not be null");
  }
}
