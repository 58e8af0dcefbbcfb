package io.docpipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobRequestsTest {

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/a", "http://example.com", "https://example.com:8443/x?y=1#z",
      "http://localhost:3000/_local/samples/a.html"})
  void urlProblem_acceptsAbsoluteHttpUrls(String url) {
    assertThat(JobRequests.urlProblem(url)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "example.com/a", "/relative/path", "ftp://example.com/a", "file:///etc/passwd",
      "javascript:alert(1)", "https://", "https://user:pass@example.com/", "http://exa mple.com/"})
  void urlProblem_rejectsWhatCannotBeFetchedSafely(String url) {
    assertThat(JobRequests.urlProblem(url)).isNotNull();
  }

  @org.junit.jupiter.api.Test
  void urlProblem_rejectsOverlongUrls() {
    String url = "https://example.com/" + "a".repeat(JobRequests.MAX_URL_LENGTH);
    assertThat(JobRequests.urlProblem(url)).contains("2048");
    assertThat(JobRequests.urlProblem(null)).isNotNull();
  }
}
