package io.docpipe.shared;

import java.util.List;

/** One part of a document's chunks, as the chunker writes it to S3 and the embedder reads it. */
public record ChunkPart(String jobId, String url, String corpusName, int partIndex, int partsTotal, List<Chunk> chunks) {}
