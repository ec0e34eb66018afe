/**
 * Model-facing fields derived from a drizzle table: money columns (`total_minor`) become decimal strings
 * (`total`), id columns validate their prefix, enums list their values. One derivation feeds the list
 * filters, the write schemas, the output schemas and the row conversion, so they cannot drift apart.
 */
import { getTableColumns, getTableName } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import { idPattern, idPrefix } from "../db/ids.js";
import { currencyCode } from "../db/validate.js";
import { isoDate } from "./dates.js";
import type { EntitySpec } from "./entities.js";
import { fromMinor, MoneyFormatError, moneyString, toMinor } from "./money.js";

export type FieldKind =
  | "money"
  | "enum"
  | "text"
  | "date"
  | "timestamp"
  | "int"
  | "number"
  | "bool"
  | "json"
  | "array"
  | "id";

export interface Field {
  /** Name tools use (camelCase; money without the Minor suffix). */
  key: string;
  /** drizzle key of the column. */
  colKey: string;
  column: PgColumn;
  kind: FieldKind;
  values?: readonly string[];
  /** For id columns: the prefix the referenced table's ids carry ("" = any record). */
  idPrefix?: string;
  nullable: boolean;
  /** Required on create: NOT NULL without a default. */
  required: boolean;
  writable: boolean;
}

const SYSTEM = new Set(["id", "businessId", "createdAt", "updatedAt", "search", "archivedAt"]);

/** Tables whose ids are assigned by code rather than a column default. */
const PREFIX_OVERRIDES: Record<string, string> = { users: "usr", businesses: "biz", events: "evt" };

/** The id prefix of a table, read from its id column's default generator. */
export function tablePrefix(table: PgTable): string | undefined {
  const fixed = PREFIX_OVERRIDES[getTableName(table)];
  if (fixed) return fixed;
  const idCol = (getTableColumns(table) as Record<string, PgColumn>).id;
  const gen = idCol?.defaultFn?.();
  return typeof gen === "string" ? idPrefix(gen) : undefined;
}

function referencePrefixes(table: PgTable): Map<string, string> {
  const out = new Map<string, string>();
  for (const fk of getTableConfig(table).foreignKeys) {
    const ref = fk.reference();
    const target = ref.foreignTable;
    const prefix = tablePrefix(target);
    for (const c of ref.columns) if (c.name !== "business_id" && prefix) out.set(c.name, prefix);
  }
  return out;
}

function kindOf(key: string, c: PgColumn): FieldKind {
  if (key.endsWith("Minor")) return "money";
  if (c.enumValues?.length) return "enum";
  switch (c.columnType) {
    case "PgDateString":
    case "PgDate":
      return "date";
    case "PgTimestamp":
    case "PgTimestampString":
      return "timestamp";
    case "PgInteger":
    case "PgBigInt53":
    case "PgSmallInt":
      return "int";
    case "PgNumericNumber":
    case "PgNumeric":
    case "PgDoublePrecision":
    case "PgReal":
      return "number";
    case "PgBoolean":
      return "bool";
    case "PgJsonb":
    case "PgJson":
      return "json";
    case "PgArray":
      return "array";
    default:
      return /Id$/.test(key) ? "id" : "text";
  }
}

const cache = new Map<PgTable, Field[]>();

export function fieldsOf(spec: EntitySpec): Field[] {
  const cached = cache.get(spec.table);
  if (cached) return cached;
  const refs = referencePrefixes(spec.table);
  const hidden = new Set(spec.hiddenColumns ?? []);
  const fields: Field[] = [];
  for (const [colKey, column] of Object.entries(getTableColumns(spec.table) as Record<string, PgColumn>)) {
    if (colKey === "businessId" || colKey === "search" || hidden.has(colKey)) continue;
    let kind = kindOf(colKey, column);
    const prefix = refs.get(column.name);
    if (prefix) kind = "id";
    fields.push({
      key: kind === "money" ? colKey.replace(/Minor$/, "") : colKey,
      colKey,
      column,
      kind,
      values: column.enumValues,
      idPrefix: kind === "id" ? (prefix ?? "") : undefined,
      nullable: !column.notNull,
      required: column.notNull && !column.hasDefault && !column.defaultFn && !SYSTEM.has(colKey),
      writable: !SYSTEM.has(colKey) && !column.generated,
    });
  }
  cache.set(spec.table, fields);
  return fields;
}

/** The zod type of one field's value as a tool accepts it. */
export function inputType(f: Field): z.ZodType {
  switch (f.kind) {
    case "money":
      return moneyString;
    case "enum":
      return z.enum(f.values as [string, ...string[]]);
    case "date":
      return isoDate;
    case "timestamp":
      return z.iso.datetime({
        offset: true,
        message: "must be an ISO date-time such as 2026-11-25T09:00:00Z",
      });
    case "int":
      return z.number().int("must be a whole number");
    case "number":
      return z.number();
    case "bool":
      return z.boolean();
    case "json":
      return z.json();
    case "array":
      return z.array(z.string());
    case "id":
      return f.idPrefix
        ? z.string().regex(idPattern(f.idPrefix), `must be a ${f.idPrefix}_ id`)
        : z.string().regex(idPattern(), "must be a record id");
    case "text":
      if (f.colKey === "currency") return currencyCode;
      return z.string().max(f.colKey === "body" || f.colKey === "textContent" ? 200_000 : 10_000);
  }
}

/** The zod type of one field in tool output (lenient on shape, exact on kind). */
function outputType(f: Field): z.ZodType {
  switch (f.kind) {
    case "money":
    case "text":
    case "enum":
    case "date":
    case "timestamp":
    case "id":
      return z.string();
    case "int":
    case "number":
      return z.number();
    case "bool":
      return z.boolean();
    case "json":
      return z.unknown();
    case "array":
      return z.array(z.string());
  }
}

const describe = (f: Field) =>
  f.kind === "money"
    ? `${f.key} (decimal amount in the record's currency)`
    : f.kind === "id"
      ? `${f.key} (${f.idPrefix ? `${f.idPrefix}_ id` : "any record id"})`
      : f.key;

/** Schema of the `fields` object of a write: everything optional for update; required ones enforced on create. */
export function writeFieldsSchema(spec: EntitySpec, mode: "create" | "update") {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fieldsOf(spec)) {
    if (!f.writable) continue;
    let t = inputType(f).describe(describe(f));
    if (f.nullable) t = t.nullable();
    if (mode === "update" || !f.required || spec.derived?.includes(f.colKey)) t = t.optional();
    shape[f.key] = t;
  }
  return z.strictObject(shape);
}

/** Schema of one record as tools return it. */
export function recordSchema(spec: EntitySpec) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fieldsOf(spec)) {
    let t = outputType(f);
    if (f.nullable || f.colKey === "archivedAt") t = t.nullable();
    if (spec.privateColumns?.includes(f.colKey)) t = t.optional();
    shape[f.key] = t;
  }
  return z.object(shape);
}

/** A database row → the model-facing record: money as decimal strings, dates as ISO strings. */
export function toRecord(
  spec: EntitySpec,
  row: Record<string, unknown>,
  defaultCurrency: string,
  opts: { showPrivate: boolean },
): Record<string, unknown> {
  const currency = typeof row.currency === "string" ? row.currency : defaultCurrency;
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(spec)) {
    if (!opts.showPrivate && spec.privateColumns?.includes(f.colKey)) continue;
    const v = row[f.colKey];
    if (v === null || v === undefined) out[f.key] = null;
    else if (f.kind === "money") out[f.key] = fromMinor(v as number, currency);
    else if (v instanceof Date) out[f.key] = v.toISOString();
    else if (f.kind === "number" || f.kind === "int") out[f.key] = Number(v);
    else out[f.key] = v;
  }
  return out;
}

export class FieldError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
  }
}

/** Validated `fields` → column values: money to minor units in the given currency, timestamps to Dates. */
export function toColumns(
  spec: EntitySpec,
  fields: Record<string, unknown>,
  currency: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const issues: string[] = [];
  for (const f of fieldsOf(spec)) {
    if (!(f.key in fields)) continue;
    const v = fields[f.key];
    if (v === null) out[f.colKey] = null;
    else if (f.kind === "money") {
      try {
        out[f.colKey] = toMinor(v as string, currency);
      } catch (err) {
        if (err instanceof MoneyFormatError) issues.push(`${f.key}: ${err.message}`);
        else throw err;
      }
    } else if (f.kind === "timestamp") out[f.colKey] = new Date(v as string);
    else out[f.colKey] = v;
  }
  if (issues.length) throw new FieldError("Invalid amounts", issues);
  return out;
}
