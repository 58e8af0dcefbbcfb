-- Keyword search beside the vectors, in the same table and transaction: the document's title kept with each of its
-- chunks, and a full-text vector over title and text (English stemming and stop words) that PostgreSQL derives itself,
-- so no writer can let the two drift apart. Adding the stored generated column rewrites the table, which fills it for
-- every existing row.
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE chunks ADD COLUMN title text NOT NULL DEFAULT '';

ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', text), 'B')) STORED;

-- corpus_name inside the GIN index (btree_gin), so a term's postings are read for one corpus only: keyword matches and
-- the per-corpus document frequencies BM25 needs never wade through other corpora's rows.
CREATE INDEX chunks_corpus_tsv ON chunks USING gin (corpus_name, tsv);

-- BM25 needs each corpus's chunk count and mean chunk length (in lexemes) at every keyword search; counting them then
-- would read every chunk of the corpus. Statement triggers keep them instead, in the writer's own transaction, for
-- whatever writes chunks (the embedder's upserts, the removal of older versions, any later delete).
CREATE TABLE corpus_stats (
  corpus_name text   PRIMARY KEY,
  chunks      bigint NOT NULL,
  lexemes     bigint NOT NULL
);

INSERT INTO corpus_stats (corpus_name, chunks, lexemes)
SELECT corpus_name, count(*), coalesce(sum(length(tsv)), 0) FROM chunks GROUP BY corpus_name;

-- Rows are taken corpus by corpus in name order, so two statements writing several corpora cannot deadlock.
CREATE FUNCTION corpus_stats_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO corpus_stats AS s (corpus_name, chunks, lexemes)
  SELECT corpus_name, count(*), coalesce(sum(length(tsv)), 0) FROM inserted GROUP BY corpus_name ORDER BY corpus_name
  ON CONFLICT (corpus_name) DO UPDATE SET chunks = s.chunks + EXCLUDED.chunks, lexemes = s.lexemes + EXCLUDED.lexemes;
  RETURN NULL;
END $$;

CREATE FUNCTION corpus_stats_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE corpus_stats s SET chunks = s.chunks - d.chunks, lexemes = s.lexemes - d.lexemes
  FROM (SELECT corpus_name, count(*) AS chunks, coalesce(sum(length(tsv)), 0) AS lexemes
        FROM deleted GROUP BY corpus_name ORDER BY corpus_name) d
  WHERE s.corpus_name = d.corpus_name;
  RETURN NULL;
END $$;

-- An upsert that finds its chunk replaces it: the count stays, the length may change (corpus_name never does).
CREATE FUNCTION corpus_stats_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE corpus_stats s SET lexemes = s.lexemes + d.delta
  FROM (SELECT corpus_name, sum(change) AS delta
        FROM (SELECT corpus_name, length(tsv) AS change FROM inserted
              UNION ALL SELECT corpus_name, -length(tsv) FROM deleted) c
        GROUP BY corpus_name ORDER BY corpus_name) d
  WHERE s.corpus_name = d.corpus_name AND d.delta <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER chunks_stats_inserted AFTER INSERT ON chunks
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION corpus_stats_inserted();
CREATE TRIGGER chunks_stats_deleted AFTER DELETE ON chunks
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION corpus_stats_deleted();
CREATE TRIGGER chunks_stats_updated AFTER UPDATE ON chunks
  REFERENCING OLD TABLE AS deleted NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION corpus_stats_updated();
