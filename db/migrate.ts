/** Applies the committed drizzle-kit migrations, then the tenancy SQL (roles, RLS, audit triggers). */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DbHandle, Schema } from "./client.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_DIR = path.join(here, "migrations");
const TENANCY_SQL = path.join(here, "sql", "tenancy.sql");

export async function migrate(handle: DbHandle, appRole = "omni_app"): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (handle.kind === "pglite") await migratePglite(handle.db as unknown as PgliteDatabase<Schema>, config);
  else await migratePostgres(handle.db as unknown as PostgresJsDatabase<Schema>, config);
  if (!/^[a-z_][a-z0-9_]*$/.test(appRole))
    throw new Error(`Invalid app role name ${JSON.stringify(appRole)}`);
  await handle.exec(fs.readFileSync(TENANCY_SQL, "utf8").replaceAll(":app_role", appRole));
}
