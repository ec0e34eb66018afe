/**
 * Column helpers shared by every schema module, so each business table follows the same conventions:
 * prefixed ids, business_id first in the primary key (tenant-safe composite foreign keys), timestamps,
 * source + external_id for synced rows, money as integer minor units + ISO currency, generated tsvector.
 */
import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  customType,
  type ExtraConfigColumn,
  foreignKey,
  index,
  integer,
  type PgColumn,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { newId } from "../ids.js";

export const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

/** `id text` with a prefixed ULID default; part of the (business_id, id) primary key on business tables. */
export const idColumn = (prefix: string) =>
  text("id")
    .notNull()
    .$defaultFn(() => newId(prefix));

export const businessIdColumn = () => text("business_id").notNull();

export const timestamps = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

/** Where a synced row comes from; (business_id, source, external_id) is unique so syncs upsert. */
export const sourceColumns = () => ({
  source: text("source").notNull().default("manual"),
  externalId: text("external_id"),
});

/** The standard columns of every business table. Spread first into the table definition. */
export const businessColumns = (prefix: string) => ({
  id: idColumn(prefix),
  businessId: businessIdColumn(),
  ...timestamps(),
});

/** Money in integer minor units (cents); the currency column sits beside it. */
export const money = (name: string) => bigint(name, { mode: "number" });
export const currency = () => text("currency").notNull().default("USD");

/** Archived records stay for history and links but drop out of default lists. */
export const archivedAt = () => timestamp("archived_at", { withTimezone: true });

export const tstz = (name: string) => timestamp(name, { withTimezone: true });
export const quantity = (name: string) => integer(name);

/** A generated full-text column over the named text columns, weighted A (first) then B. */
export const searchVector = (columns: string[]) =>
  tsvector("search")
    .notNull()
    .generatedAlwaysAs(
      (): SQL =>
        sql.raw(
          columns
            .map(
              (c, i) =>
                `setweight(to_tsvector('english'::regconfig, coalesce(${c}::text, '')), '${i === 0 ? "A" : "B"}')`,
            )
            .join(" || "),
        ),
    );

interface BusinessTableColumns {
  id: PgColumn;
  businessId: PgColumn;
}

/**
 * The constraints every business table carries: (business_id, id) primary key, tenant FK to businesses,
 * a currency format check where there is one, and a unique (business_id, source, external_id) when synced.
 */
export function businessTableExtras(
  name: string,
  t: BusinessTableColumns & {
    source?: PgColumn;
    externalId?: PgColumn;
    currency?: PgColumn;
    search?: PgColumn;
  },
  businessesId: AnyPgColumn,
) {
  const extras = [
    primaryKey({ name: `${name}_pkey`, columns: [t.businessId, t.id] }),
    foreignKey({
      name: `${name}_business_fk`,
      columns: [t.businessId],
      foreignColumns: [businessesId],
    }).onDelete("cascade"),
  ];
  if (t.source && t.externalId) {
    // Partial: rows typed in by hand have no external id and skip the index. Upserts from syncs must name the
    // predicate: onConflictDoUpdate({ target: [...], targetWhere: sql`external_id is not null` }).
    extras.push(
      uniqueIndex(`${name}_source_external_key`)
        .on(t.businessId, t.source, t.externalId)
        .where(sql`external_id is not null`),
    );
  }
  if (t.currency) {
    extras.push(check(`${name}_currency_check`, sql`${t.currency} ~ '^[A-Z]{3}$'`));
  }
  if (t.search) {
    extras.push(index(`${name}_search_idx`).using("gin", t.search));
  }
  return extras;
}

/** A tenant-safe reference: (business_id, <col>) → (<target>.business_id, <target>.id). */
export function tenantRef(
  name: string,
  t: { businessId: PgColumn },
  column: PgColumn,
  target: { businessId: AnyPgColumn; id: AnyPgColumn },
  onDelete: "cascade" | "restrict" | "no action" = "no action",
) {
  return foreignKey({
    name,
    columns: [t.businessId, column],
    foreignColumns: [target.businessId, target.id],
  }).onDelete(onDelete);
}

export const nonNegative = (name: string, column: PgColumn) => check(name, sql`${column} >= 0`);

/** A text column restricted to a fixed set of values, checked by the database too (see `oneOf`). */
export const enumText = <const T extends readonly [string, ...string[]]>(name: string, values: T) =>
  text(name, { enum: values as unknown as [T[number], ...T[number][]] });

export const oneOf = (name: string, column: PgColumn, values: readonly string[]) =>
  check(name, sql.raw(`"${column.name}" in (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`));

/** A trigram index for fuzzy name search (pg_trgm); see tools/search.ts. */
export const trigramIndex = (name: string, column: ExtraConfigColumn) =>
  index(name).using("gin", column.op("gin_trgm_ops"));
