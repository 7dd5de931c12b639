-- 0003 — company documents: uploaded or synced files, their passages (chunks) indexed for
-- French full-text search, who may read them, and connector sync state. Forward-only.
--
-- Accents: PGlite only has `unaccent` when the extension is loaded at start-up, so instead of
-- to_tsvector('french', unaccent(text)) the application folds the text itself (documents/
-- text-folding.ts, the same mapping as unaccent's rules for Latin letters) into search_text,
-- and both back-ends run the identical built-in 'french' configuration on it.

-- documents: one uploaded file (or one connector page).
-- status: queued → processing → ready | failed | quarantined (the policy refused to index it).
-- content_hash: SHA-256 (hex) of the file's bytes; one owner never holds the same file twice.
-- sensitive: {ENTITY_TYPE: count} the shield found at ingestion (never values).
-- injection: [{rule, page, chunk}] prompt-injection-like passages found (never the text).
-- source: 'upload' or a connector ('confluence'); source_ref / source_version identify the
-- remote page and the version last synced (incremental re-sync).
CREATE TABLE documents (
  id              uuid PRIMARY KEY,
  owner_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title           text NOT NULL,
  file_name       text,
  media_type      text NOT NULL,
  format          text NOT NULL,
  size_bytes      bigint NOT NULL,
  content_hash    text NOT NULL,
  status          text NOT NULL CHECK (status IN ('queued', 'processing', 'ready', 'failed', 'quarantined')),
  error_code      text,
  error_detail    text,
  pages_total     integer,
  pages_processed integer NOT NULL DEFAULT 0,
  chunk_count     integer NOT NULL DEFAULT 0,
  sensitive       jsonb NOT NULL DEFAULT '{}',
  injection       jsonb NOT NULL DEFAULT '[]',
  source          text NOT NULL DEFAULT 'upload',
  source_ref      text,
  source_version  text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX documents_owner_hash_idx ON documents (owner_id, content_hash) WHERE source = 'upload';
CREATE UNIQUE INDEX documents_source_ref_idx ON documents (source, source_ref) WHERE source_ref IS NOT NULL;
CREATE INDEX documents_owner_idx ON documents (owner_id, created_at DESC);

-- document_files: the original bytes (download), kept apart so listings never load them.
CREATE TABLE document_files (
  document_id uuid PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  content     bytea NOT NULL
);

-- document_groups: group NAMES whose members may read the document (besides its owner). Names,
-- not ids: a connector may map a remote group before anyone creates it here; the actor carries
-- its group names (auth/actor.ts), which are the retrieval query's parameter.
CREATE TABLE document_groups (
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  group_name  text NOT NULL,
  PRIMARY KEY (document_id, group_name)
);
CREATE INDEX document_groups_name_idx ON document_groups (group_name, document_id);

-- document_chunks: passages of about a thousand characters; heading and page for citations.
-- search_text: heading + text, accent-folded by the application; tsv: its French tsvector
-- (stored, GIN-indexed); tsv_exact: the same words unstemmed ('simple'), for exact-word
-- matches added to the stemmed score; token_count: tokens in tsv (BM25 length normalisation).
-- embedding: optional vector from a configured /v1/embeddings provider (real[] so that it is
-- portable; cosine computed by the query).
CREATE TABLE document_chunks (
  id          uuid PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position    integer NOT NULL,
  page        integer,
  heading     text,
  text        text NOT NULL,
  search_text text NOT NULL,
  tsv         tsvector GENERATED ALWAYS AS (to_tsvector('french', search_text)) STORED,
  tsv_exact   tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
  token_count integer NOT NULL,
  embedding   real[],
  UNIQUE (document_id, position)
);
CREATE INDEX document_chunks_tsv_idx ON document_chunks USING gin (tsv);
CREATE INDEX document_chunks_tsv_exact_idx ON document_chunks USING gin (tsv_exact);

-- connector_sources: a configured remote space (e.g. a Confluence space) and its last sync.
CREATE TABLE connector_sources (
  id            uuid PRIMARY KEY,
  kind          text NOT NULL,
  base_url      text NOT NULL,
  space_key     text NOT NULL,
  owner_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  last_sync_at  timestamptz,
  last_result   jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, base_url, space_key)
);
