/**
 * Fast multi-row inserts for seeds and imports: a batch is sent as one JSON parameter and expanded by
 * json_populate_recordset, which runs the same on PGlite and PostgreSQL (no COPY driver differences).
 */
import { getTableColumns, getTableName, is, SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "./client.js";

type Row<T extends PgTable> = T["$inferInsert"];

/** Inserts rows in batches; returns the number written. Call inside withBusiness() for tenant tables. */
export async function bulkInsert<T extends PgTable>(
  db: Db,
  table: T,
  rows: Row<T>[],
  batchSize = 5000,
): Promise<number> {
  const name = getTableName(table);
  const cols = Object.entries(getTableColumns(table)).filter(([, c]) => !c.generated);
  // A key missing from a row arrives as NULL from json_populate_recordset; coalesce restores the column default.
  const select = sql.join(
    cols.map(([, c]) => {
      const ref = sql.identifier(c.name);
      if (c.default === undefined) return ref;
      // A JS default (e.g. jsonb `[]` or `{}`) goes through the column's encoder: a bare array would be
      // spliced in as a list and an object would reach the driver unserialised.
      const fallback = is(c.default, SQL) ? c.default : sql`${sql.param(c.default, c)}`;
      return sql`coalesce(${ref}, ${fallback})`;
    }),
    sql`, `,
  );
  const target = sql.raw(cols.map(([, c]) => `"${c.name}"`).join(", "));
  for (let i = 0; i < rows.length; i += batchSize) {
    const json = JSON.stringify(
      rows.slice(i, i + batchSize).map((r) => {
        const o: Record<string, unknown> = {};
        for (const [key, c] of cols) {
          let v = (r as Record<string, unknown>)[key];
          if (v === undefined && c.defaultFn) v = c.defaultFn();
          if (v !== undefined) o[c.name] = v instanceof Date ? v.toISOString() : v;
        }
        return o;
      }),
    );
    await db.execute(
      sql`insert into ${sql.identifier(name)} (${target}) select ${select} from json_populate_recordset(null::${sql.identifier(name)}, ${json}::json)`,
    );
  }
  return rows.length;
}
