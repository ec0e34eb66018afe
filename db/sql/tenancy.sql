-- Tenancy, applied after every migration run (idempotent). Kept outside the generated migrations so that
-- every table added later is covered without anyone remembering to: any table with a business_id column
-- gets row-level security checked against app.business_id, which the app sets with SET LOCAL.

-- The role the app switches to inside each business transaction. It owns nothing, so RLS always applies.
DO $$ BEGIN
  CREATE ROLE :app_role NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

GRANT USAGE ON SCHEMA public TO :app_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :app_role;
GRANT :app_role TO CURRENT_USER;

-- The current business, or an error: a query without a business context must fail, not see every row.
CREATE OR REPLACE FUNCTION app_business_id() RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE b text := current_setting('app.business_id', true);
BEGIN
  IF b IS NULL OR b = '' THEN
    RAISE EXCEPTION 'no business context: tenant data is read and written only inside withBusiness()'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN b;
END $$;

-- Audit events are append-only; only delete-business (which sets app.purge_business) may remove them.
CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('app.purge_business', true) = OLD.business_id THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER IF EXISTS events_append_only ON events;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
DROP TRIGGER IF EXISTS events_no_truncate ON events;
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

DO $$
DECLARE
  t record;
  identity_tables text[] := ARRAY['memberships', 'api_tokens', 'chat_workspaces', 'chat_link_codes'];
BEGIN
  FOR t IN
    SELECT c.relname AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'business_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind = 'r'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
    -- Identity tables are read by sign-in before a business is chosen, so their owner is not forced;
    -- the app role still sees only the current business's rows.
    IF NOT (t.name = ANY (identity_tables)) THEN
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.name);
    END IF;
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t.name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (business_id = (SELECT app_business_id())) '
      'WITH CHECK (business_id = (SELECT app_business_id()))', t.name);
  END LOOP;
END $$;

-- The app role sees its own business row only; system code (the owner) sees all of them.
ALTER TABLE businesses ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_self ON businesses;
CREATE POLICY tenant_self ON businesses TO :app_role USING (id = (SELECT app_business_id()));

-- Users and chat identities have no business_id: the app role sees those of the current business's members.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_members ON users;
CREATE POLICY tenant_members ON users TO :app_role USING (
  id IN (SELECT user_id FROM memberships WHERE business_id = (SELECT app_business_id())));
ALTER TABLE chat_identities ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_members ON chat_identities;
CREATE POLICY tenant_members ON chat_identities TO :app_role USING (
  user_id IN (SELECT user_id FROM memberships WHERE business_id = (SELECT app_business_id())));

-- Embeddings exist only where pgvector does (PGlite ships it; Debian's PostgreSQL 15 does not).
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
    ALTER TABLE document_chunks ADD COLUMN IF NOT EXISTS embedding vector(1024);
    CREATE INDEX IF NOT EXISTS document_chunks_embedding_idx ON document_chunks
      USING hnsw (embedding vector_cosine_ops);
  END IF;
END $$;

-- Under row-level security PostgreSQL only pushes LEAKPROOF operators into index scans, so without this the
-- full-text (@@) and trigram (%, <%) GIN indexes go unused by the app role. These functions raise no errors that
-- depend on row data. Marking them needs a superuser: elsewhere search still works, just without those indexes
-- (`omni doctor` reports it).
DO $$ BEGIN
  ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
  ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
  ALTER FUNCTION word_similarity_op(text, text) LEAKPROOF;
  ALTER FUNCTION word_similarity_commutator_op(text, text) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'search operators could not be marked LEAKPROOF (needs a superuser); text search will not use its indexes';
END $$;
