package io.docpipe.local.servers;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading and comparing the vectors the embedding servers answer. */
final class Vectors {
  private Vectors() {}

  static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) values[i] = array.get(i).floatValue();
    return values;
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
    return sum;
  }

  static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }
}
