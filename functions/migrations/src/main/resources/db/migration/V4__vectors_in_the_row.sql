-- Keep each chunk's vector in its table row. pgvector's types are stored EXTERNAL by default, and a chunk's row (vector,
-- text, tsvector) is wider than TOAST's 2 kB target, so PostgreSQL had moved every vector out to the TOAST table:
-- reading a corpus's vectors (the exact scan of a small corpus, the distances of the index's candidates) cost a TOAST
-- index lookup and a second page per row. MAIN keeps the vector in the row and moves the text and tsvector out first,
-- which only the few rows a search returns are read for (docs/decisions/0007-search-plan.md has the measurements).
-- Only the column's setting changes here, no row is rewritten: rows stored before keep their out-of-line vectors,
-- correct but slower to scan, until re-ingested or until `VACUUM FULL chunks` rewrites the table (it locks the table
-- while it runs; do it off-peak).
ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE MAIN;
