package org.inputdesk.classifier.themes.experiments;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sentence embeddings of texts by one in-process ONNX model, cached: reads and appends a cache file
 * (one line per text: SHA-256 of the text, then the unit-length vector in Base64) so that a rerun
 * embeds nothing twice. The cache lives wherever the caller says (a temporary directory), never in
 * the repository.
 */
final class Embedder {

  /** The models tried: a name for the cache and the report, how to load it, the prefix it wants. */
  enum Kind {
    MINILM("all-minilm-l6-v2", AllMiniLmL6V2EmbeddingModel::new, ""),
    MINILM_Q("all-minilm-l6-v2-q", AllMiniLmL6V2QuantizedEmbeddingModel::new, ""),
    // E5 is trained with "query: " / "passage: " prefixes; "query: " is its advice for
    // classification
    E5_Q("e5-small-v2-q", E5SmallV2QuantizedEmbeddingModel::new, "query: ");

    final String id;
    final Supplier<EmbeddingModel> load;
    final String prefix;

    Kind(final String id, final Supplier<EmbeddingModel> load, final String prefix) {
      this.id = id;
      this.load = load;
      this.prefix = prefix;
    }

    static Kind of(final String id) {
      for (final Kind k : values()) {
        if (k.id.equals(id)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown model " + id);
    }
  }

  private final Kind kind;
  private final Path file;
  private final Map<String, float[]> cache = new HashMap<>();
  private EmbeddingModel model;
  private int computed;
  private long computeNanos;

  Embedder(final Kind kind, final Path dir) throws IOException {
    this.kind = kind;
    Files.createDirectories(dir);
    this.file = dir.resolve(kind.id + ".tsv");
    if (Files.exists(file)) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          final int tab = line.indexOf('\t');
          if (tab > 0) {
            cache.put(line.substring(0, tab), decode(line.substring(tab + 1)));
          }
        }
      }
    }
  }

  Kind kind() {
    return kind;
  }

  /** The text's embedding (unit length), from the cache or computed and appended to it. */
  synchronized float[] embed(final String text) throws IOException {
    final String key = hash(text);
    final float[] known = cache.get(key);
    if (known != null) {
      return known;
    }
    final long start = System.nanoTime();
    final float[] v = raw(text);
    computeNanos += System.nanoTime() - start;
    computed++;
    cache.put(key, v);
    try (BufferedWriter out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.write(key + "\t" + encode(v) + "\n");
    }
    return v;
  }

  /**
   * Loads the model in a session of one thread that does not spin while idle, as a service sharing
   * two cores with its stream threads would run it (langchain4j's default session uses every core
   * and spins, which costs CPU time for nothing).
   */
  Embedder singleThreaded() {
    try {
      final OrtEnvironment env = OrtEnvironment.getEnvironment();
      final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      final byte[] onnx;
      try (InputStream in = Embedder.class.getResourceAsStream("/" + kind.id + ".onnx")) {
        onnx = in.readAllBytes();
      }
      final OrtSession session = env.createSession(onnx, options);
      final OnnxBertBiEncoder encoder =
          new OnnxBertBiEncoder(
              env,
              session,
              Embedder.class.getResourceAsStream("/" + kind.id + "-tokenizer.json"),
              PoolingMode.MEAN);
      model =
          new AbstractInProcessEmbeddingModel(Runnable::run) {
            @Override
            protected OnnxBertBiEncoder model() {
              return encoder;
            }
          };
      return this;
    } catch (IOException | OrtException e) {
      throw new IllegalStateException("cannot load " + kind.id, e);
    }
  }

  /** The embedding computed now, bypassing the cache (for timing). */
  float[] raw(final String text) {
    if (model == null) {
      model = kind.load.get();
    }
    return unit(model.embed(kind.prefix + text).content().vector());
  }

  String stats() {
    return String.format(
        Locale.ROOT,
        "%s: %d cached, %d computed now (%.1f ms each)",
        kind.id,
        cache.size() - computed,
        computed,
        computed == 0 ? 0 : computeNanos / 1e6 / computed);
  }

  private static float[] unit(final float[] v) {
    double norm = 0;
    for (final float x : v) {
      norm += x * x;
    }
    final float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    final float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * scale;
    }
    return out;
  }

  private static String hash(final String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(final float[] v) {
    final ByteBuffer b = ByteBuffer.allocate(4 * v.length);
    for (final float x : v) {
      b.putFloat(x);
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  private static float[] decode(final String s) {
    final ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s));
    final float[] v = new float[b.remaining() / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }
}
