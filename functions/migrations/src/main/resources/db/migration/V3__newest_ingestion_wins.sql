-- Competing ingestions of one URL are ordered by (ingested_at, job_id): ingested_at is when the job was submitted, the
-- job id breaks a tie. Every upsert asks whether the URL has rows of a newer ingestion, and every completion removes
-- the rows older than the newest one, so the index on (corpus_name, url) grows the two columns of that order.
COMMENT ON COLUMN chunks.ingested_at IS 'when the job that stored the row was submitted; with job_id, orders ingestions of a URL';

DROP INDEX chunks_corpus_url;
CREATE INDEX chunks_corpus_url ON chunks (corpus_name, url, ingested_at, job_id);
