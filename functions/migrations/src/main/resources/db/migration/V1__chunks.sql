-- The vectors. One row per chunk, keyed by corpus and a content hash of the chunk, so redelivered messages and
-- re-ingested documents upsert instead of duplicating. The dimension follows the configured model
-- (384 for bge-small locally, 1024 for bge-large in AWS).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE chunks (
  corpus_name  text        NOT NULL,
  chunk_id     text        NOT NULL,
  url          text        NOT NULL,
  job_id       text        NOT NULL,
  chunk_index  integer     NOT NULL,
  text         text        NOT NULL,
  embedding    vector(${embedding_dimension}) NOT NULL,
  model        text        NOT NULL,
  ingested_at  timestamptz NOT NULL,
  PRIMARY KEY (corpus_name, chunk_id)
);

-- Re-ingestion replaces a document's chunks: find them by URL.
CREATE INDEX chunks_corpus_url ON chunks (corpus_name, url);

-- Cosine HNSW; searches filter by corpus with pgvector's iterative scan (hnsw.iterative_scan).
CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops);
