package io.docpipe.shared.snapstart;

import io.docpipe.shared.Json;
import io.docpipe.shared.Messages.ChunkMessage;
import io.docpipe.shared.Messages.EmbedMessage;
import io.docpipe.shared.Messages.ScrapeMessage;

/** Warm-ups that touch nothing outside the JVM, for {@link SnapStartHooks#primeWith}. */
public final class Primers {
  private Primers() {}

  /**
   * Jackson builds a serializer and a deserializer per type on first use, by reflection; the pipeline's messages
   * are the types every stage reads and writes.
   */
  public static void json() {
    roundTrip(new ScrapeMessage("prime", "https://example.com/", "prime", "2026-01-01T00:00:00Z"));
    roundTrip(new ChunkMessage("prime", "https://example.com/", "prime", "prime", "2026-01-01T00:00:00Z"));
    roundTrip(new EmbedMessage("prime", "https://example.com/", "prime", "prime", 0, 1, "2026-01-01T00:00:00Z"));
  }

  private static void roundTrip(Object message) {
    Json.read(Json.write(message), message.getClass());
  }
}
