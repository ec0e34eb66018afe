import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantTables } from "../../db/catalog.js";
import { queryRows } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { backend, createTestDb, type TestDb } from "../helpers/db.js";

describe(`migrations (${backend})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
  });
  afterAll(() => db.dispose());

  it("apply from empty, and again as a no-op", async () => {
    await migrate(db);
    await migrate(db);
    const tables = await queryRows<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from pg_tables where schemaname = 'public'`,
    );
    expect(tables[0]!.n).toBeGreaterThanOrEqual(70);
  });

  it("enable and force row-level security on every tenant table", async () => {
    const rows = await queryRows<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      db.db,
      sql`select relname, relrowsecurity, relforcerowsecurity from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`,
    );
    const byName = new Map(rows.map((r) => [r.relname, r]));
    const identity = new Set(["memberships", "api_tokens", "chat_workspaces", "chat_link_codes"]);
    for (const t of tenantTables()) {
      const r = byName.get(t.name);
      expect(r, t.name).toBeDefined();
      expect(r!.relrowsecurity, `${t.name} RLS enabled`).toBe(true);
      if (!identity.has(t.name)) expect(r!.relforcerowsecurity, `${t.name} RLS forced`).toBe(true);
    }
  });

  it("create the embedding column only where pgvector exists", async () => {
    const available = await queryRows(
      db.db,
      sql`select 1 from pg_available_extensions where name = 'vector'`,
    );
    const column = await queryRows(
      db.db,
      sql`select 1 from information_schema.columns where table_name = 'document_chunks' and column_name = 'embedding'`,
    );
    expect(column.length).toBe(available.length > 0 ? 1 : 0);
    if (backend === "pglite") expect(column.length).toBe(1);
  });
});
