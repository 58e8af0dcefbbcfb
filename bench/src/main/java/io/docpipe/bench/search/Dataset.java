package io.docpipe.bench.search;

import java.util.Locale;
import java.util.Set;

/**
 * The layout loaded at one dimension with one way of storing the vectors, in a database of its own: the dimension is
 * a placeholder of the migrations, so each dimension needs its own schema.
 *
 * @param storage {@code vector}: the schema as the migrations make it; {@code halfvec}: the column (and its index)
 *     turned to 2-byte floats; {@code external}: vectors stored out of line, as before migration V4
 */
record Dataset(int dimension, String storage) {
  private static final Set<String> STORAGES = Set.of("vector", "halfvec", "external");

  Dataset {
    if (dimension < 2 || dimension > 4000) throw new IllegalArgumentException("dimension must be 2..4000, was " + dimension);
    if (!STORAGES.contains(storage)) {
      throw new IllegalArgumentException("storage must be one of " + STORAGES + ", was " + storage);
    }
  }

  /** {@code 384}, {@code 1024-halfvec} or {@code 384-external}. */
  static Dataset parse(String name) {
    String[] parts = name.split("-", 2);
    try {
      return new Dataset(Integer.parseInt(parts[0]), parts.length == 2 ? parts[1] : "vector");
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a dataset is <dimension>[-halfvec|-external], was '" + name + "'");
    }
  }

  String database() {
    return "bench_" + dimension + "_" + storage;
  }

  /** What turns the migrations' schema into this one, run before any row is loaded; none for {@code vector}. */
  String schemaChange() {
    return switch (storage) {
      case "halfvec" -> "ALTER TABLE chunks ALTER COLUMN embedding TYPE halfvec(" + dimension + ")";
      case "external" -> "ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE EXTERNAL";
      default -> null;
    };
  }

  /** The index's definition from the migrations, adapted to this storage. */
  String indexDefinition(String migrations) {
    return storage.equals("halfvec") ? migrations.replace("vector_cosine_ops", "halfvec_cosine_ops") : migrations;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%dd %s", dimension, storage);
  }
}
