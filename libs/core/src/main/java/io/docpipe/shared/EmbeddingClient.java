package io.docpipe.shared;

import java.util.List;

/** An OpenAI-compatible {@code /v1/embeddings} server. */
public interface EmbeddingClient {

  /** The vectors for {@code inputs}, in input order, and the tokens the server counted. */
  record Embeddings(List<float[]> vectors, String model, int promptTokens) {}

  /** Embeds {@code inputs} within {@code invocation}'s time: no request or retry outlives its deadline. */
  Embeddings embed(List<String> inputs, Invocation invocation);

  String model();
}
