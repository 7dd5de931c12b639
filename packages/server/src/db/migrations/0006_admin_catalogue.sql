-- 0006 — providers and models added by administrators (Admin → Providers and models), beside
-- those of rempart.yaml (read-only in the UI; a name defined there cannot be reused here).
-- settings: the provider's section in rempart.yaml's shape (providers/config-schema.ts
-- providerSchema) WITHOUT its API key. The key is sealed: AES-256-GCM with the server's secret
-- key, AAD = 'provider-api-key:' || name; key_id = the fingerprint of the secret key that sealed
-- it (a key rotation shows which rows need re-entering). Never returned by the API.
-- Forward-only.
CREATE TABLE catalogue_providers (
  name               text PRIMARY KEY,
  settings           jsonb NOT NULL,
  api_key_iv         bytea,
  api_key_ciphertext bytea,
  key_id             text,
  created_by         uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_by         uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((api_key_iv IS NULL) = (api_key_ciphertext IS NULL))
);

-- settings: the model's section in rempart.yaml's shape (modelSchema: provider, upstreamModel,
-- fallbacks, description). The provider may be one of rempart.yaml's or of catalogue_providers
-- (checked by the API; a provider in use cannot be deleted).
CREATE TABLE catalogue_models (
  name       text PRIMARY KEY,
  settings   jsonb NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
