package io.docpipe.bench.search;

/**
 * One corpus of the benchmark's table.
 *
 * @param index its position in the layout, which seeds its vectors
 * @param sizeClass the corpora measured together as one case ("100k", "4k", "5-50", ...)
 */
record Corpus(int index, String name, int rows, String sizeClass) {}
