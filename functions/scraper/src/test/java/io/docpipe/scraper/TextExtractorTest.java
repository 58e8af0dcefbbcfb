package io.docpipe.scraper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextExtractorTest {
  private final TextExtractor extractor = new TextExtractor();

  @Test
  void extract_prefersMain_andDropsBoilerplate() {
    String html = "<html><head><title>t</title><script>var secret = 1;</script><style>p{}</style></head><body>"
        + "<nav>Home About</nav><header>Site</header><main><h1>Title</h1><p>First paragraph.</p><p>Second   one.</p></main>"
        + "<footer>Copyright</footer></body></html>";
    String text = extractor.extract(page("text/html", null, html));
    assertThat(text).isEqualTo("Title\n\nFirst paragraph.\n\nSecond one.");
  }

  @Test
  void extract_withoutMainOrArticle_usesBody() {
    String text = extractor.extract(page("text/html", null, "<body><div>One</div><div>Two <b>bold</b></div></body>"));
    assertThat(text).isEqualTo("One\n\nTwo bold");
  }

  @Test
  void extract_readsCharsetFromMetaWhenHeaderHasNone() {
    byte[] latin1 = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>café</p></body></html>"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(extractor.extract(new Page("http://x/", "text/html", null, latin1))).isEqualTo("café");
  }

  @Test
  void extract_plainText_keepsParagraphs() {
    String text = extractor.extract(page("text/plain", "utf-8", "line one\nline two\n\n\n  next paragraph  "));
    assertThat(text).isEqualTo("line one line two\n\nnext paragraph");
  }

  @Test
  void extract_pageOfOnlyBoilerplate_isEmpty() {
    assertThat(extractor.extract(page("text/html", null, "<body><nav>menu</nav><script>x()</script></body>"))).isEmpty();
  }

  private static Page page(String type, String charset, String body) {
    return new Page("http://example.com/", type, charset, body.getBytes(StandardCharsets.UTF_8));
  }
}
