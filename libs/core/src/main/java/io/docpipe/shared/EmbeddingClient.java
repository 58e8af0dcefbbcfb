package io.docpipe.shared;

import java.util.List;

/** An OpenAI-compatible {@code /v1/embeddings} server. */
public interface EmbeddingClient {

  /** The vectors for {@code inputs}, in input order, and the tokens the server counted. */
  record Embeddings(List<float[]> vectors, String model, int promptTokens) {}

  Embeddings embed(List<String> inputs);

  String model();
}
