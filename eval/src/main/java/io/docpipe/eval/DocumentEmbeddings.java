package io.docpipe.eval;

import io.docpipe.shared.Invocation;
import io.docpipe.shared.EmbeddingClient;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every whole document embedded by the server alone, for the exact-dense reference, with what it took: the tokens the
 * server counted and the seconds it needed. The vectors are kept in a cache file named by a hash of the model and the
 * texts, so a second run of the same data skips them ({@code cached}, with no time of its own).
 *
 * @param tokens prompt tokens the server reported for the documents embedded (0 when read from the cache)
 * @param seconds wall time of embedding them alone (0 when read from the cache)
 */
record DocumentEmbeddings(float[][] vectors, long tokens, double seconds, boolean cached) {
  private static final int MAGIC = 0x44504531; // "DPE1"

  double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }

  static DocumentEmbeddings load(EmbeddingClient client, List<String> texts, Path cacheDir, int batch, int parallel,
      Progress progress) {
    Path cache = cacheDir.resolve("documents-" + key(client.model(), texts) + ".bin");
    if (Files.isRegularFile(cache)) {
      float[][] vectors = read(cache, texts.size());
      if (vectors != null) return new DocumentEmbeddings(vectors, 0, 0, true);
    }
    DocumentEmbeddings made = embed(client, texts, batch, parallel, progress);
    write(cache, made);
    return made;
  }

  /**
   * The server's speed alone, timed on an even sample of {@code sample} of the texts: what the pipeline's ingestion is
   * compared with, measured in the same run and under the same conditions.
   */
  static DocumentEmbeddings time(EmbeddingClient client, List<String> texts, int sample, int batch, int parallel,
      Progress progress) {
    List<String> timed = new ArrayList<>();
    int step = Math.max(1, texts.size() / sample);
    for (int i = 0; i < texts.size() && timed.size() < sample; i += step) timed.add(texts.get(i));
    DocumentEmbeddings run = embed(client, timed, batch, parallel, progress);
    return new DocumentEmbeddings(new float[0][], run.tokens(), run.seconds(), false);
  }

  private static DocumentEmbeddings embed(EmbeddingClient client, List<String> texts, int batch, int parallel,
      Progress progress) {
    float[][] vectors = new float[texts.size()][];
    AtomicInteger tokens = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> batches = new ArrayList<>();
      for (int from = 0; from < texts.size(); from += batch) {
        int first = from;
        List<String> inputs = texts.subList(from, Math.min(texts.size(), from + batch));
        batches.add(pool.submit(() -> {
          EmbeddingClient.Embeddings result = client.embed(inputs, Invocation.UNBOUNDED);
          for (int i = 0; i < inputs.size(); i++) vectors[first + i] = result.vectors().get(i);
          tokens.addAndGet(result.promptTokens());
          progress.update(done.addAndGet(inputs.size()), 0, 0);
        }));
      }
      for (Future<?> f : batches) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding the documents", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("embedding the documents failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    return new DocumentEmbeddings(vectors, tokens.get(), (System.nanoTime() - start) / 1e9, false);
  }

  private static String key(String model, List<String> texts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(model.getBytes(StandardCharsets.UTF_8));
      for (String t : texts) {
        sha.update((byte) 0);
        sha.update(t.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static float[][] read(Path file, int expected) {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) return null;
      int count = in.readInt();
      int dimension = in.readInt();
      in.readLong(); // tokens and seconds of the run that wrote it: each run measures its own
      in.readDouble();
      if (count != expected) return null;
      float[][] vectors = new float[count][dimension];
      for (float[] v : vectors) {
        for (int i = 0; i < dimension; i++) v[i] = in.readFloat();
      }
      return vectors;
    } catch (IOException e) {
      return null; // a torn or foreign file: embed again
    }
  }

  private static void write(Path file, DocumentEmbeddings e) {
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(partial)))) {
        out.writeInt(MAGIC);
        out.writeInt(e.vectors().length);
        out.writeInt(e.vectors().length == 0 ? 0 : e.vectors()[0].length);
        out.writeLong(e.tokens());
        out.writeDouble(e.seconds());
        for (float[] v : e.vectors()) {
          for (float x : v) out.writeFloat(x);
        }
      }
      Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + file, ex);
    }
  }
}
