package io.docpipe.chunker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docpipe.shared.Env;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkerConfigTest {
  private static final Map<String, String> REQUIRED =
      Map.of("JOBS_TABLE", "jobs", "DOCUMENTS_BUCKET", "documents", "EMBED_QUEUE_URL", "http://queue");

  @Test
  void fromEnv_noCharacterBound_derivesItFromTheTokenBound() {
    assertThat(config(Map.of()).maxChars()).isEqualTo(4_096);
    assertThat(config(Map.of("CHUNK_MAX_TOKENS", "64", "CHUNK_OVERLAP_TOKENS", "8")).maxChars()).isEqualTo(512);
  }

  @Test
  void fromEnv_characterBound_isTaken() {
    assertThat(config(Map.of("CHUNK_MAX_CHARS", "2000")).maxChars()).isEqualTo(2_000);
  }

  @Test
  void fromEnv_characterBoundBelowOneCodePoint_failsNamingIt() {
    assertThatThrownBy(() -> config(Map.of("CHUNK_MAX_CHARS", "1"))).hasMessageContaining("CHUNK_MAX_CHARS");
  }

  private static ChunkerConfig config(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.putAll(settings);
    return ChunkerConfig.fromEnv(Env.of(env));
  }
}
