package io.docpipe.shared.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EmbeddingBatcherTest {

  @Test
  void batches_countBound_splitsAtMaxItems() {
    List<Integer> items = IntStream.range(0, 70).boxed().toList();
    List<List<Integer>> batches = EmbeddingBatcher.batches(items, i -> 10, 32, 16_384);
    assertThat(batches).extracting(List::size).containsExactly(32, 32, 6);
  }

  @Test
  void batches_tokenBound_splitsBeforeTheItemThatWouldOverflow() {
    List<Integer> items = List.of(500, 500, 500, 100);
    List<List<Integer>> batches = EmbeddingBatcher.batches(items, i -> i, 32, 1000);
    assertThat(batches).containsExactly(List.of(500, 500), List.of(500, 100));
  }

  @Test
  void batches_itemOverTheTokenBound_goesAlone() {
    List<List<Integer>> batches = EmbeddingBatcher.batches(List.of(10, 5000, 10), i -> i, 32, 1000);
    assertThat(batches).containsExactly(List.of(10), List.of(5000), List.of(10));
  }

  @Test
  void batches_badBounds_nameTheArgument() {
    assertThatThrownBy(() -> EmbeddingBatcher.batches(List.of(1), i -> i, 0, 10)).hasMessageContaining("maxItems");
    assertThatThrownBy(() -> EmbeddingBatcher.batches(List.of(1), i -> i, 1, 0)).hasMessageContaining("maxTokens");
  }

  @Property(tries = 200)
  void batches_neverExceedEitherBound_andKeepOrder(
      @ForAll @Size(max = 300) List<@IntRange(min = 3, max = 512) Integer> tokens,
      @ForAll @IntRange(min = 1, max = 64) int maxItems,
      @ForAll @IntRange(min = 512, max = 20_000) int maxTokens) {
    List<List<Integer>> batches = EmbeddingBatcher.batches(tokens, t -> t, maxItems, maxTokens);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(tokens);
    for (List<Integer> batch : batches) {
      assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(maxItems);
      assertThat(batch.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(maxTokens);
    }
  }
}
