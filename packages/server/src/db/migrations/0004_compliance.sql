-- 0004 — the compliance console: signed audit checkpoints, the purge anchor, reasons recorded
-- for reading individual trails, alerts to the DPO/admins, retention purge runs, people's rights
-- requests (GDPR Art. 15/17/20) and the incident register (GDPR Art. 33, AI Act Art. 73).
-- Forward-only.

-- audit_checkpoints: the chain head (last_id, last_hash) signed with the instance's Ed25519 key.
-- payload: the exact bytes that were signed (canonical JSON of {createdAt, kind, lastHash,
-- lastId, previousCheckpointHash}), so anyone holding the public key can verify it with openssl or
-- node; signature: base64. key_id: first 16 hex chars of SHA-256 of the public key (DER).
-- kind: 'daily' (scheduled, one per UTC day) or 'on_demand' (an export, a purge).
CREATE TABLE audit_checkpoints (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('daily', 'on_demand')),
  day        date,
  last_id    bigint NOT NULL,
  last_hash  text NOT NULL,
  payload    text NOT NULL,
  signature  text NOT NULL,
  key_id     text NOT NULL,
  public_key text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX audit_checkpoints_day_idx ON audit_checkpoints (day) WHERE kind = 'daily';
CREATE INDEX audit_checkpoints_last_idx ON audit_checkpoints (last_id);

-- audit_anchor: one row. Rows up to anchor_id were purged by retention; anchor_hash is the hash of
-- row anchor_id, which the first kept row's prev_hash must equal (verification starts there).
CREATE TABLE audit_anchor (
  id          smallint PRIMARY KEY CHECK (id = 1),
  anchor_id   bigint NOT NULL,
  anchor_hash text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO audit_anchor (id, anchor_id, anchor_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- audit_access_reasons: why someone read individual audit trails (purpose limitation). The reason
-- is the reader's own sentence; the audit record holds only its SHA-256 and this row's id.
CREATE TABLE audit_access_reasons (
  id              uuid PRIMARY KEY,
  reader_id       uuid,
  reason          text NOT NULL,
  scope           jsonb NOT NULL,
  audit_record_id bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_access_reasons_created_idx ON audit_access_reasons (created_at);

-- compliance_alerts: a privileged account read or touched the logs (or another event the DPO must
-- know of). recipients: the DPO and admin user ids at the time; acknowledged_* by one of them.
CREATE TABLE compliance_alerts (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL,
  actor_id        uuid,
  summary         text NOT NULL,
  audit_record_id bigint,
  recipients      uuid[] NOT NULL DEFAULT '{}',
  acknowledged_by uuid,
  acknowledged_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX compliance_alerts_created_idx ON compliance_alerts (created_at DESC);

-- purge_runs: one retention purge. cutoffs: the instants computed when the run started (a resumed
-- run keeps them, so it deletes exactly what had expired then). progress: {step: {deleted, done}}
-- written in the same transaction as each batch, so a crash loses nothing and repeats nothing.
CREATE TABLE purge_runs (
  id          uuid PRIMARY KEY,
  trigger     text NOT NULL CHECK (trigger IN ('schedule', 'api', 'cli')),
  status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  cutoffs     jsonb NOT NULL,
  progress    jsonb NOT NULL DEFAULT '{}',
  error       text,
  started_by  uuid,
  started_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX purge_runs_status_idx ON purge_runs (status, started_at);

-- compliance_leases: cross-instance mutual exclusion for background jobs (purge, checkpoint).
-- A holder takes the row when it is free or its lease expired (a crashed holder releases by expiry).
CREATE TABLE compliance_leases (
  name       text PRIMARY KEY,
  holder     text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- rights_requests: a person's request (access Art. 15, erasure Art. 17, portability Art. 20).
-- identifiers: what to look for (e-mail, names, other identifiers) — personal data kept only for
-- the request's handling. due_at: received_at + one month (Art. 12(3)). result: counts per store.
CREATE TABLE rights_requests (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('access', 'erasure', 'portability')),
  status          text NOT NULL CHECK (status IN ('open', 'completed', 'rejected')),
  subject_email   text NOT NULL,
  subject_user_id uuid,
  identifiers     jsonb NOT NULL DEFAULT '[]',
  received_at     timestamptz NOT NULL,
  due_at          timestamptz NOT NULL,
  completed_at    timestamptz,
  handled_by      uuid,
  result          jsonb,
  notes           text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rights_requests_status_idx ON rights_requests (status, due_at);

-- incidents: personal data breaches (GDPR Art. 33: notify the authority within 72 h of becoming
-- aware) and serious AI incidents (AI Act Art. 73: 15 days, 10 if a death, 2 if widespread or
-- critical infrastructure). concern_id: the workspace concern it came from.
CREATE TABLE incidents (
  id                    uuid PRIMARY KEY,
  title                 text NOT NULL,
  description           text NOT NULL DEFAULT '',
  personal_data_breach  boolean NOT NULL DEFAULT false,
  ai_serious_incident   text CHECK (ai_serious_incident IN ('standard', 'death', 'widespread')),
  status                text NOT NULL CHECK (status IN ('open', 'notified', 'closed')),
  aware_at              timestamptz NOT NULL,
  authority_notified_at timestamptz,
  ai_reported_at        timestamptz,
  concern_id            uuid REFERENCES concerns (id) ON DELETE SET NULL,
  created_by            uuid,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_status_idx ON incidents (status, aware_at);
