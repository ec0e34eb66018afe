/** The tables of the schema, derived from db/schema: which are tenant tables, in what order to export them. */
import { getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.js";

export interface TableInfo {
  name: string;
  table: PgTable;
  /** SQL column names. */
  columns: string[];
}

const all: TableInfo[] = Object.values(schema as Record<string, unknown>)
  .filter((v): v is PgTable => is(v, PgTable))
  .map((table) => ({
    name: getTableName(table),
    table,
    columns: Object.values(getTableColumns(table)).map((c) => c.name),
  }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** Every table, sorted by name. */
export function allTables(): readonly TableInfo[] {
  return all;
}

/** Tables whose rows belong to one business (they have business_id); row-level security covers each. */
export function tenantTables(): readonly TableInfo[] {
  return all.filter((t) => t.columns.includes("business_id"));
}
