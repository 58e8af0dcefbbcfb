package io.docpipe.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusLayoutTest {
  @Test
  void full_holdsAtLeast200kRows_inTheIssuesMixOfSizes() {
    CorpusLayout layout = CorpusLayout.full();

    assertThat(layout.totalRows()).isEqualTo(226_375).isGreaterThanOrEqualTo(200_000);
    assertThat(layout.bySizeClass()).containsOnlyKeys("100k", "50k", "20k", "10k", "4k", "1k", "5-50");
    assertThat(layout.bySizeClass().get("4k")).hasSize(10).allSatisfy(c -> assertThat(c.rows()).isEqualTo(4_000));
    List<Corpus> small = layout.bySizeClass().get("5-50");
    assertThat(small).hasSize(50);
    assertThat(small.getFirst().rows()).isEqualTo(5);
    assertThat(small.getLast().rows()).isEqualTo(50);
  }

  @Test
  void corpora_areIndexedByTheirPlace_withDistinctNames() {
    List<Corpus> corpora = CorpusLayout.full().corpora();

    for (int i = 0; i < corpora.size(); i++) assertThat(corpora.get(i).index()).isEqualTo(i);
    assertThat(corpora.stream().map(Corpus::name)).doesNotHaveDuplicates();
  }

  @Test
  void quick_isATenth_keepingTheSmallCorpora() {
    CorpusLayout quick = CorpusLayout.quick();

    assertThat(quick.corpora().getFirst().rows()).isEqualTo(10_000);
    assertThat(quick.bySizeClass().get("5-50")).hasSize(50);
  }
}
