package io.docpipe.shared.tokenizer;

import java.util.Arrays;
import java.util.Map;

/**
 * The vocabulary as a code-point trie, so the longest vocabulary entry at a position is found in one walk instead of
 * probing a map with every shorter substring (which would allocate a string per probe).
 *
 * <p>Laid out for the hot loop: nodes are numbered depth-first from the sorted vocabulary, each node's edges are a
 * sorted run of two flat arrays (so a walk reads nearby memory), and nodes with many children, such as the root and
 * {@code ##}, also get a direct ASCII row. About 1.6 MB for bge's 30,522 entries, and no per-node objects.
 */
final class VocabTrie {
  static final int ROOT = 0;
  static final int NONE = -1;
  private static final int DENSE_FANOUT = 8;

  private final int[] tokenIds; // per node: id of the entry ending there, or NONE
  private final int[] edgeStart; // node n's edges are [edgeStart[n], edgeStart[n + 1])
  private final int[] edgeCodePoints;
  private final int[] edgeChildren;
  private final int[] asciiRow; // per node: offset of its row in asciiChildren, or NONE
  private final int[] asciiChildren;

  VocabTrie(Map<String, Integer> vocab) {
    // Plain loops and String order: this runs in the Lambda's cold start, before the JIT has compiled anything.
    String[] tokens = vocab.keySet().toArray(new String[0]);
    Arrays.sort(tokens);
    int maxNodes = 1;
    int longest = 0;
    for (String token : tokens) {
      maxNodes += token.length();
      longest = Math.max(longest, token.length());
    }
    int[] ids = new int[maxNodes];
    Arrays.fill(ids, NONE);
    int[] parents = new int[maxNodes]; // node k > 0 hangs off parents[k] by codePoints[k]
    int[] codePoints = new int[maxNodes];
    int[] path = new int[longest + 1]; // path[d]: the node after the first d chars of the current token
    int nodes = 1;
    String previous = "";
    for (String token : tokens) {
      // Sorted input: the new token shares a prefix with the previous one, and everything after it is new nodes.
      int shared = 0;
      int limit = Math.min(previous.length(), token.length());
      while (shared < limit && previous.charAt(shared) == token.charAt(shared)) shared++;
      if (shared > 0 && Character.isHighSurrogate(token.charAt(shared - 1))) shared--; // never split a pair
      for (int i = shared; i < token.length(); ) {
        int cp = token.codePointAt(i);
        int next = i + Character.charCount(cp);
        parents[nodes] = path[i];
        codePoints[nodes] = cp;
        path[next] = nodes++;
        i = next;
      }
      ids[path[token.length()]] = vocab.get(token);
      previous = token;
    }
    tokenIds = Arrays.copyOf(ids, nodes);
    edgeStart = new int[nodes + 1];
    for (int k = 1; k < nodes; k++) edgeStart[parents[k] + 1]++;
    for (int n = 0; n < nodes; n++) edgeStart[n + 1] += edgeStart[n];
    edgeCodePoints = new int[nodes - 1];
    edgeChildren = new int[nodes - 1];
    int[] fill = Arrays.copyOf(edgeStart, nodes);
    for (int k = 1; k < nodes; k++) {
      int e = fill[parents[k]]++;
      edgeCodePoints[e] = codePoints[k];
      edgeChildren[e] = k;
    }
    for (int n = 0; n < nodes; n++) sortEdges(edgeStart[n], edgeStart[n + 1]);
    asciiRow = new int[nodes];
    Arrays.fill(asciiRow, NONE);
    int rows = 0;
    for (int n = 0; n < nodes; n++) if (edgeStart[n + 1] - edgeStart[n] >= DENSE_FANOUT) asciiRow[n] = 128 * rows++;
    asciiChildren = new int[128 * rows];
    Arrays.fill(asciiChildren, NONE);
    for (int n = 0; n < nodes; n++) {
      for (int e = edgeStart[n]; asciiRow[n] != NONE && e < edgeStart[n + 1] && edgeCodePoints[e] < 128; e++) {
        asciiChildren[asciiRow[n] + edgeCodePoints[e]] = edgeChildren[e];
      }
    }
  }

  /**
   * Sorts one node's edges by code point for the binary search. Creation order is String order, which already is
   * code-point order except that surrogate pairs sort before U+E000..U+FFFF, so this rarely moves anything.
   */
  private void sortEdges(int from, int to) {
    for (int i = from + 1; i < to; i++) {
      int cp = edgeCodePoints[i];
      int child = edgeChildren[i];
      int j = i - 1;
      for (; j >= from && edgeCodePoints[j] > cp; j--) {
        edgeCodePoints[j + 1] = edgeCodePoints[j];
        edgeChildren[j + 1] = edgeChildren[j];
      }
      edgeCodePoints[j + 1] = cp;
      edgeChildren[j + 1] = child;
    }
  }

  /** The node reached from {@code node} by {@code cp}, or {@link #NONE}. */
  int child(int node, int cp) {
    if (cp < 128 && asciiRow[node] != NONE) return asciiChildren[asciiRow[node] + cp];
    int lo = edgeStart[node];
    int hi = edgeStart[node + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = edgeCodePoints[mid];
      if (c < cp) {
        lo = mid + 1;
      } else if (c > cp) {
        hi = mid - 1;
      } else {
        return edgeChildren[mid];
      }
    }
    return NONE;
  }

  /** The node spelling {@code prefix} from the root, or {@link #NONE}. */
  int walk(String prefix) {
    int node = ROOT;
    for (int i = 0; i < prefix.length() && node != NONE; ) {
      int cp = prefix.codePointAt(i);
      i += Character.charCount(cp);
      node = child(node, cp);
    }
    return node;
  }

  /** The id of the vocabulary entry spelled by the path to {@code node}, or {@link #NONE}. */
  int tokenId(int node) {
    return tokenIds[node];
  }
}
