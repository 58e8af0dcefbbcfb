package io.docpipe.bench.search;

/** A row of a corpus and its cosine distance to a query. */
record Neighbour(int row, double distance) {}
