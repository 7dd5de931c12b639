-- 0002 — the workspace: credentials, sessions, SSO identities, first-start setup, login
-- throttling, conversations and messages, feedback and concerns, the usage charter, training,
-- and settings edited by administrators. Forward-only (add 0003_… for changes).

-- user_credentials: how a person proves who they are (one row per user who has any).
-- password_hash: argon2id PHC string, NULL for SSO-only accounts.
-- totp_secret_iv/ciphertext: the TOTP secret, AES-256-GCM with the server's secret key (AAD =
-- 'totp:' || user id), NULL until enrolment starts; totp_enabled_at NULL = enrolment not
-- confirmed yet. totp_last_step: the last accepted 30 s time step (a code is accepted once).
CREATE TABLE user_credentials (
  user_id             uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_hash       text,
  password_updated_at timestamptz,
  totp_secret_iv      bytea,
  totp_secret_ciphertext bytea,
  totp_enabled_at     timestamptz,
  totp_last_step      bigint
);

-- external_identities: an SSO account (issuer + subject) linked to a Rempart user.
CREATE TABLE external_identities (
  issuer     text NOT NULL,
  subject    text NOT NULL,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identities_user_idx ON external_identities (user_id);

-- sessions: browser sessions. id_hash = SHA-256 (hex) of the cookie value (the value itself is
-- never stored). csrf_token: the synchronizer token the browser echoes in x-csrf-token.
-- mfa: 'not_enrolled' | 'pending' (only the MFA step is allowed) | 'verified'.
-- Expired rows are deleted lazily (on use) and by a periodic sweep.
CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  mfa          text NOT NULL CHECK (mfa IN ('not_enrolled', 'pending', 'verified')),
  auth_source  text NOT NULL CHECK (auth_source IN ('local', 'oidc')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- login_failures: failed login / MFA attempts per subject ('account:<email>' or 'ip:<address>')
-- in fixed windows; shared by all instances.
CREATE TABLE login_failures (
  subject      text NOT NULL,
  window_start timestamptz NOT NULL,
  failures     integer NOT NULL,
  PRIMARY KEY (subject, window_start)
);

-- setup_tokens: the one-time first-start link (SHA-256 of the token); one live row at most.
CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

-- oidc_flows: state of an SSO redirect in progress (state → PKCE verifier and nonce), 10 min.
CREATE TABLE oidc_flows (
  state         text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce         text NOT NULL,
  return_to     text NOT NULL,
  expires_at    timestamptz NOT NULL
);

-- conversations: a user's chats. The conversation id is also its vault's id (vaults table).
CREATE TABLE conversations (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      text NOT NULL,
  model      text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_idx ON conversations (user_id, updated_at DESC);

-- messages: what the user wrote (in clear: the workspace shows it back) and the restored answer.
-- protected: {ENTITY_TYPE: count} of what the shield transformed (never values).
-- status: complete | streaming | stopped | failed | blocked. audit_request_id: the audit
-- record of the provider call (x-rempart-request-id). Retention is handled by a later issue.
CREATE TABLE messages (
  id               uuid PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  role             text NOT NULL CHECK (role IN ('user', 'assistant')),
  content          text NOT NULL,
  model            text,
  status           text NOT NULL CHECK (status IN ('complete', 'streaming', 'stopped', 'failed', 'blocked')),
  protected        jsonb NOT NULL DEFAULT '{}',
  ai_generated     boolean NOT NULL DEFAULT false,
  audit_request_id text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at);

-- feedback: one rating per user and answer.
CREATE TABLE feedback (
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  rating     text NOT NULL CHECK (rating IN ('useful', 'wrong', 'harmful')),
  comment    text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id)
);

-- concerns: "report a concern", read by the DPO. References survive deletion as NULL.
CREATE TABLE concerns (
  id              uuid PRIMARY KEY,
  reporter_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  category        text NOT NULL CHECK (category IN ('privacy', 'harmful_output', 'misuse', 'other')),
  description     text NOT NULL,
  conversation_id uuid REFERENCES conversations (id) ON DELETE SET NULL,
  message_id      uuid REFERENCES messages (id) ON DELETE SET NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  resolution      text,
  handled_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  handled_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX concerns_status_idx ON concerns (status, created_at);

-- charter_versions: the usage charter (AI Act Art. 4), a new row per edit; the highest is current.
CREATE TABLE charter_versions (
  version          integer PRIMARY KEY,
  content_markdown text NOT NULL,
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE charter_acceptances (
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  version     integer NOT NULL REFERENCES charter_versions (version),
  accepted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, version)
);

-- training_modules: questions = [{id, prompt, choices[], answer}] (answer = index, never sent
-- to clients). required_for: models that need this module completed. pass_score in 0..1.
CREATE TABLE training_modules (
  id               uuid PRIMARY KEY,
  title            text NOT NULL,
  summary          text NOT NULL DEFAULT '',
  content_markdown text NOT NULL,
  questions        jsonb NOT NULL,
  pass_score       double precision NOT NULL,
  required_for     text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- training_completions: the best attempt per user and module.
CREATE TABLE training_completions (
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  module_id    uuid NOT NULL REFERENCES training_modules (id) ON DELETE CASCADE,
  score        double precision NOT NULL,
  passed       boolean NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, module_id)
);

-- group_model_overrides: model allow-list of a group set by an administrator (replaces the
-- configuration's list for that group).
CREATE TABLE group_model_overrides (
  group_id   uuid PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
  models     text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- workspace_settings: administrator-edited documents, e.g. key 'policy' (validated by the
-- shield's parsePolicy before being stored).
CREATE TABLE workspace_settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
