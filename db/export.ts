/**
 * Exports every table of one business as JSON Lines and CSV inside a zip, streamed in keyset batches so a
 * business with a million transactions never sits in memory at once.
 */
import fs from "node:fs";
import { stringify } from "csv-stringify/sync";
import { and, asc, eq, getTableColumns, gt, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { Zip, ZipDeflate } from "fflate";
import { tenantTables } from "./catalog.js";
import { type Db, queryRows } from "./client.js";
import { businesses, memberships } from "./schema/core.js";
import { withBusiness } from "./tenancy.js";

export interface ExportResult {
  file: string;
  tables: Record<string, number>;
}

type Progress = (table: string, rows: number) => void;

export async function exportBusiness(
  db: Db,
  businessId: string,
  file: string,
  opts: { batchSize?: number; onProgress?: Progress } = {},
): Promise<ExportResult> {
  const batchSize = opts.batchSize ?? 5000;
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  let failed: Error | undefined;
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else out.write(chunk);
    if (final) out.end();
  });
  const tables: Record<string, number> = {};

  const addFile = (name: string) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    return f;
  };

  await withBusiness(db, { businessId }, async (tx) => {
    // Identity rows of this business: the business itself, its memberships and its members' public fields.
    const identity: Array<[string, Record<string, unknown>[]]> = [
      ["businesses", await tx.select().from(businesses).where(eq(businesses.id, businessId))],
      ["memberships", await tx.select().from(memberships).where(eq(memberships.businessId, businessId))],
      [
        "users",
        await queryRows(
          tx,
          sql`select u.id, u.email, u.name, u.created_at from users u join memberships m on m.user_id = u.id where m.business_id = ${businessId}`,
        ),
      ],
    ];
    for (const [name, rows] of identity) {
      writeBatch(addFile(`${name}.jsonl`), addFile(`${name}.csv`), rows, true, true);
      tables[name] = rows.length;
    }

    for (const t of tenantTables()) {
      if (["memberships", "api_tokens", "chat_link_codes", "web_invitations"].includes(t.name)) continue; // exported above / secrets
      const cols = getTableColumns(t.table) as Record<string, PgColumn>;
      const idCol = cols.id!;
      const jsonl = addFile(`${t.name}.jsonl`);
      const csv = addFile(`${t.name}.csv`);
      let last: string | undefined;
      let n = 0;
      for (;;) {
        const rows = (await tx
          .select()
          .from(t.table)
          .where(last === undefined ? undefined : and(gt(idCol, last)))
          .orderBy(asc(idCol))
          .limit(batchSize)) as Record<string, unknown>[];
        const isLast = rows.length < batchSize;
        writeBatch(jsonl, csv, rows, n === 0, isLast);
        n += rows.length;
        opts.onProgress?.(t.name, n);
        if (isLast) break;
        last = rows.at(-1)!.id as string;
      }
      tables[t.name] = n;
    }
  });
  zip.end();
  await done;
  if (failed) throw failed;
  return { file, tables };
}

const enc = new TextEncoder();

function writeBatch(
  jsonl: ZipDeflate,
  csv: ZipDeflate,
  rows: Record<string, unknown>[],
  first: boolean,
  final: boolean,
): void {
  const plain = rows.map(plainRow);
  jsonl.push(enc.encode(plain.map((r) => `${JSON.stringify(r)}\n`).join("")), final);
  const text = plain.length
    ? stringify(plain.map(csvRow), { header: first, columns: Object.keys(plain[0]!) })
    : "";
  csv.push(enc.encode(text), final);
}

function plainRow(r: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === "search" || k === "passwordHash" || k === "secretsEncrypted") continue;
    o[k] = v instanceof Date ? v.toISOString() : v;
  }
  return o;
}

function csvRow(r: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) o[k] = v !== null && typeof v === "object" ? JSON.stringify(v) : v;
  return o;
}
