/**
 * Opens the database: PGlite (embedded, with pgvector and pg_trgm) when DATABASE_URL is unset, otherwise
 * PostgreSQL through postgres.js. Both sit under the same drizzle API and run the same migrations and SQL.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";
import { type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** A drizzle database or transaction; queries take one of these as their first parameter. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** The embedded database is open in another process. */
export class DatabaseBusyError extends Error {
  override name = "DatabaseBusyError";
}

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages: a directory for PGlite, the URL without password for PostgreSQL. */
  location: string;
  /** Runs several statements at once (simple protocol, no parameters): migrations and tenancy SQL. */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; when absent PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.max ?? 10);
  return openPglite(opts.dataDir ?? "memory://");
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  const inMemory = dataDir.startsWith("memory://");
  let unlock = () => {};
  if (!inMemory) {
    fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
    unlock = lockDataDir(path.resolve(dataDir));
  }
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? undefined : dataDir, { extensions: { vector, pg_trgm } });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: inMemory ? "memory" : path.resolve(dataDir),
    exec: async (text) => {
      await client.exec(text);
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it. A lock
 * file holds the owner's pid; a lock left by a process that is gone is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(file, "utf8"));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseBusyError(
          `The embedded database in ${dir} is in use by process ${pid} (is \`omni start\` running?). Stop it first, or set DATABASE_URL to use PostgreSQL, which allows many processes.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const client = postgres(url, { max, onnotice: () => {}, connection: { application_name: "omnibusiness" } });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  try {
    await client`select 1`;
  } catch (err) {
    await client.end({ timeout: 1 });
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`);
  }
  return {
    db,
    kind: "postgres",
    location: redactUrl(url),
    exec: async (text) => {
      await client.unsafe(text).simple();
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function hasExtension(db: Db, name: string): Promise<boolean> {
  const rows = await queryRows(db, sql`select 1 from pg_extension where extname = ${name}`);
  return rows.length > 0;
}
