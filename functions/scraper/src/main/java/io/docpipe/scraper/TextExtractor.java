package io.docpipe.scraper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import io.docpipe.shared.ScrapedDocument;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The title and main text of a page: boilerplate (scripts, navigation, headers, footers, forms) removed, the
 * {@code <main>} or {@code <article>} preferred when the page has one, and block elements kept apart by blank lines so
 * the chunker can cut at paragraph boundaries. The title is the page's {@code <title>}, else its first {@code <h1>},
 * else its {@code og:title}; a plain-text page has none.
 */
final class TextExtractor {
  private static final String BOILERPLATE =
      "script, style, noscript, template, svg, canvas, iframe, nav, header, footer, aside, form, button, select";
  private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4",
      "h5", "h6", "li", "ul", "ol", "pre", "blockquote", "table", "tr", "td", "th", "dl", "dt", "dd", "figure",
      "figcaption", "br", "hr", "body");
  /** C0 and C1 controls and DEL, but not the whitespace ones the paragraph logic reads (tab, LF, VT, FF, CR). */
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\x0B\\f\\r]]");

  ScrapedDocument extract(Page page) {
    if (page.mediaType().equals("text/plain")) {
      return new ScrapedDocument(page.url(), "", normalise(new String(page.body(), charsetOr(page.charset()))));
    }
    Document doc;
    try {
      // A null charset lets jsoup read it from the BOM or the <meta> tag, as a browser would.
      doc = Jsoup.parse(new ByteArrayInputStream(page.body()), page.charset(), page.url());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String title = title(doc); // before the boilerplate goes: a page's <h1> may sit in its <header>
    doc.select(BOILERPLATE).remove();
    Element root = doc.selectFirst("main");
    if (root == null) root = doc.selectFirst("article");
    if (root == null) root = doc.body();
    if (root == null) return new ScrapedDocument(page.url(), title, "");
    StringBuilder out = new StringBuilder();
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode text) out.append(text.getWholeText());
        else if (node instanceof Element e && BLOCKS.contains(e.normalName())) out.append("\n\n");
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element e && BLOCKS.contains(e.normalName())) out.append("\n\n");
      }
    }, root);
    return new ScrapedDocument(page.url(), title, normalise(out.toString()));
  }

  static String title(Document doc) {
    String title = oneLine(doc.title());
    if (title.isEmpty()) {
      Element h1 = doc.selectFirst("h1");
      title = h1 == null ? "" : oneLine(h1.text());
    }
    if (title.isEmpty()) {
      Element og = doc.selectFirst("meta[property=og:title]");
      title = og == null ? "" : oneLine(og.attr("content"));
    }
    if (title.codePointCount(0, title.length()) > ScrapedDocument.MAX_TITLE_CHARS) {
      title = title.substring(0, title.offsetByCodePoints(0, ScrapedDocument.MAX_TITLE_CHARS)).strip();
    }
    return title;
  }

  /** Whitespace runs and control characters become one space. */
  private static String oneLine(String text) {
    return text.replaceAll("[\\s\\p{Cc}\\u00a0]+", " ").strip();
  }

  /**
   * Control characters other than whitespace become spaces (a NUL is something PostgreSQL's text refuses, and no
   * control character means anything to a search); runs of spaces become one; runs of blank lines become one
   * paragraph break; lines are trimmed.
   */
  static String normalise(String text) {
    String[] paragraphs = CONTROL.matcher(text.replace('\u00a0', ' ')).replaceAll(" ").split("\\n\\s*\\n");
    StringBuilder out = new StringBuilder(text.length());
    for (String paragraph : paragraphs) {
      String p = paragraph.replaceAll("[ \\t\\x0B\\f\\r\\n]+", " ").strip();
      if (p.isEmpty()) continue;
      if (!out.isEmpty()) out.append("\n\n");
      out.append(p);
    }
    return out.toString();
  }

  private static Charset charsetOr(String name) {
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
