package io.docpipe.bench.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * recall@n of one answer against the exact reference: the share of the true {@code n} nearest rows among the answer's
 * first {@code n}. A row exactly as near as the n-th (within the database's float rounding) counts as one of them, so
 * an exact plan that breaks a tie the other way is not marked down.
 */
final class Recall {
  /** pgvector sums in single precision; distances that differ by less than this are a tie. */
  static final double TIE = 1e-5;

  private Recall() {}

  /**
   * @param answer the rows returned, best first
   * @param exact the reference, nearest first, at least {@code n} deep when the corpus has that many rows
   */
  static double at(int n, List<Integer> answer, List<Neighbour> exact) {
    int wanted = Math.min(n, exact.size());
    if (wanted == 0) return 1;
    double cutoff = exact.get(wanted - 1).distance() + TIE;
    Set<Integer> near = new HashSet<>();
    for (Neighbour neighbour : exact) {
      if (neighbour.distance() <= cutoff) near.add(neighbour.row());
    }
    Set<Integer> found = new HashSet<>();
    for (Integer row : answer.subList(0, Math.min(wanted, answer.size()))) {
      if (near.contains(row)) found.add(row);
    }
    return Math.min(1.0, (double) found.size() / wanted);
  }
}
