package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;

import io.docpipe.shared.ScrapedDocument;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextExtractorTest {
  private final TextExtractor extractor = new TextExtractor();

  @Test
  void extract_prefersMain_andDropsBoilerplate() {
    String html = "<html><head><title>t</title><script>var secret = 1;</script><style>p{}</style></head><body>"
        + "<nav>Home About</nav><header>Site</header><main><h1>Title</h1><p>First paragraph.</p><p>Second   one.</p></main>"
        + "<footer>Copyright</footer></body></html>";
    ScrapedDocument document = extractor.extract(page("text/html", null, html));
    assertThat(document.text()).isEqualTo("Title\n\nFirst paragraph.\n\nSecond one.");
    assertThat(document.title()).isEqualTo("t");
    assertThat(document.url()).isEqualTo("http://example.com/");
  }

  @Test
  void extract_withoutMainOrArticle_usesBody() {
    ScrapedDocument document = extractor.extract(page("text/html", null, "<body><div>One</div><div>Two <b>bold</b></div></body>"));
    assertThat(document.text()).isEqualTo("One\n\nTwo bold");
    assertThat(document.title()).as("no <title>, <h1> or og:title").isEmpty();
  }

  @Test
  void extract_stripsControlCharacters_keepingParagraphsAndWords() {
    String html = "<html><body><p>nul\u0000here and\u0007bell\u001b[0m</p><p>del\u007f and c1\u0085 and tab\tkept</p></body></html>";
    ScrapedDocument document = extractor.extract(page("text/html", null, html));
    assertThat(document.text()).isEqualTo("nul here and bell [0m\n\ndel and c1 and tab kept");
    assertThat(document.text()).doesNotContainPattern("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]");

    ScrapedDocument plain = extractor.extract(page("text/plain", "utf-8", "one\u0000two\n\nthree\u0001"));
    assertThat(plain.text()).isEqualTo("one two\n\nthree");
  }

  @Test
  void extract_readsCharsetFromMetaWhenHeaderHasNone() {
    byte[] latin1 = "<html><head><meta charset=\"iso-8859-1\"><title>Menu du café</title></head><body><p>café</p></body></html>"
        .getBytes(StandardCharsets.ISO_8859_1);
    ScrapedDocument document = extractor.extract(new Page("http://x/", "text/html", null, latin1));
    assertThat(document.text()).isEqualTo("café");
    assertThat(document.title()).isEqualTo("Menu du café");
  }

  @Test
  void extract_plainText_keepsParagraphs_andHasNoTitle() {
    ScrapedDocument document = extractor.extract(page("text/plain", "utf-8", "line one\nline two\n\n\n  next paragraph  "));
    assertThat(document.text()).isEqualTo("line one line two\n\nnext paragraph");
    assertThat(document.title()).isEmpty();
  }

  @Test
  void extract_pageOfOnlyBoilerplate_isEmpty() {
    assertThat(extractor.extract(page("text/html", null, "<body><nav>menu</nav><script>x()</script></body>")).text()).isEmpty();
  }

  @Test
  void title_isTheTitleElement_elseTheFirstH1InsideTheHeader_elseOgTitle_oneLineOfText() {
    assertThat(extractor.extract(page("text/html", null,
        "<head><title>\n  Tides\tand\u00a0moons \n</title></head><body><h1>Other</h1><p>x</p></body>")).title())
        .isEqualTo("Tides and moons");
    assertThat(extractor.extract(page("text/html", null,
        "<body><header><h1>Lighthouses <em>of</em> Maine</h1></header><h1>Second</h1><p>x</p></body>")).title())
        .as("the <h1> is read before the <header> around it is dropped as boilerplate").isEqualTo("Lighthouses of Maine");
    assertThat(extractor.extract(page("text/html", null,
        "<head><meta property=\"og:title\" content=\" Shared  title \"></head><body><p>x</p></body>")).title())
        .isEqualTo("Shared title");
  }

  @Test
  void title_longerThanTheCap_isCutAtACodePoint() {
    String title = "\uD83D\uDCA1".repeat(ScrapedDocument.MAX_TITLE_CHARS + 10); // a code point of two chars, repeated
    ScrapedDocument document = extractor.extract(page("text/html", null, "<title>" + title + "</title><p>x</p>"));
    assertThat(document.title().codePointCount(0, document.title().length())).isEqualTo(ScrapedDocument.MAX_TITLE_CHARS);
    assertThat(Character.isHighSurrogate(document.title().charAt(document.title().length() - 1))).isFalse();
  }

  private static Page page(String type, String charset, String body) {
    return new Page("http://example.com/", type, charset, body.getBytes(StandardCharsets.UTF_8));
  }
}
