/**
 * A migrated, empty database for one test file: in-memory PGlite, or a fresh PostgreSQL database
 * (created from OMNI_TEST_PG_URL, default the local server) that is dropped when the file ends.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DbHandle, openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";

export type Backend = "pglite" | "postgres";

export const backend: Backend = process.env.OMNI_TEST_BACKEND === "postgres" ? "postgres" : "pglite";
const adminUrl = process.env.OMNI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDb extends DbHandle {
  /** The postgres:// URL of this test database (PostgreSQL only). */
  url?: string;
  dispose(): Promise<void>;
}

export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  if (backend === "pglite") {
    const handle = await openDatabase({ dataDir: "memory://" });
    if (opts.migrate !== false) await migrate(handle);
    return { ...handle, dispose: () => handle.close() };
  }
  const name = `omni_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const handle = await openDatabase({ databaseUrl: url, max: 4 });
  if (opts.migrate !== false) await migrate(handle);
  return {
    ...handle,
    url,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
