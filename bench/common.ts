/** Shared by the benchmarks: fresh databases on each backend, percentiles, and JSON output. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { type DbHandle, openDatabase } from "../db/client.js";
import { migrate } from "../db/migrate.js";

export type Backend = "pglite" | "postgres";

export interface BenchDb {
  handle: DbHandle;
  dispose(): Promise<void>;
}

const adminUrl = process.env.OMNI_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A migrated, empty database: PGlite on disk in a temp dir (like the default install), or a new PostgreSQL database. */
export async function freshDb(backend: Backend): Promise<BenchDb> {
  if (backend === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-bench-"));
    const handle = await openDatabase({ dataDir: path.join(dir, "data") });
    await migrate(handle);
    return {
      handle,
      dispose: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `omni_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const handle = await openDatabase({ databaseUrl: adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) });
  await migrate(handle);
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 100) / 100;
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export function backends(): Backend[] {
  const b = arg("backend", "both");
  return b === "both" ? ["pglite", "postgres"] : [b as Backend];
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
