-- 0005 — chat with documents: the sources an answer was given (docs/documents.md).
-- citations: [{index, documentId, chunkId, title, page, link}] of the passages retrieved for the
-- answer (no passage text; the link re-checks the reader's rights). '[]' when none were asked for.
-- Forward-only.
ALTER TABLE messages ADD COLUMN citations jsonb NOT NULL DEFAULT '[]';
