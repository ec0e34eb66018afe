/** Finding any record by id: which entity an id belongs to (by prefix), labels for refs, tags and links. */
import { and, eq, getTableColumns, inArray, or } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { idPrefix } from "../db/ids.js";
import { links, taggings, tags } from "../db/schema/index.js";
import type { Ref } from "./define.js";
import { ENTITIES, type EntitySpec } from "./entities.js";
import { tablePrefix } from "./fields.js";

const byPrefix = new Map<string, EntitySpec>();
for (const spec of ENTITIES) {
  const p = tablePrefix(spec.table);
  if (p) byPrefix.set(p, spec);
}

/** The entity an id belongs to, from its prefix (inv_… → invoices). */
export function entityForId(id: string): EntitySpec | undefined {
  const p = idPrefix(id);
  return p ? byPrefix.get(p) : undefined;
}

export function prefixOf(spec: EntitySpec): string {
  return tablePrefix(spec.table) ?? "";
}

export function refOf(spec: EntitySpec, row: Record<string, unknown>): Ref {
  return { type: spec.type, id: String(row.id), label: spec.label(row) || String(row.id) };
}

/** Refs (with labels) for ids of any type, in the order given; ids not found in this business are dropped. */
export async function resolveRefs(db: Db, ids: readonly string[]): Promise<Ref[]> {
  const groups = new Map<EntitySpec, string[]>();
  for (const id of new Set(ids)) {
    const spec = entityForId(id);
    if (spec) groups.set(spec, [...(groups.get(spec) ?? []), id]);
  }
  const found = new Map<string, Ref>();
  for (const [spec, group] of groups) {
    const cols = getTableColumns(spec.table) as Record<string, PgColumn>;
    const pick: Record<string, PgColumn> = { id: cols.id! };
    for (const k of new Set([
      ...spec.labelColumns,
      "number",
      "sku",
      "name",
      "subject",
      "body",
      "description",
      "title",
    ])) {
      if (cols[k]) pick[k] = cols[k];
    }
    const rows = await db.select(pick).from(spec.table).where(inArray(cols.id!, group));
    for (const r of rows) found.set(String(r.id), refOf(spec, r));
  }
  return ids.map((id) => found.get(id)).filter((r): r is Ref => r !== undefined);
}

/** Loads one record by id, or undefined when it is not in this business. */
export async function loadRecord(
  db: Db,
  id: string,
): Promise<{ spec: EntitySpec; row: Record<string, unknown> } | undefined> {
  const spec = entityForId(id);
  if (!spec) return undefined;
  const cols = getTableColumns(spec.table) as Record<string, PgColumn>;
  const [row] = await db.select().from(spec.table).where(eq(cols.id!, id)).limit(1);
  return row ? { spec, row: row as Record<string, unknown> } : undefined;
}

export async function tagsOf(db: Db, recordId: string): Promise<string[]> {
  const rows = await db
    .select({ name: tags.name })
    .from(taggings)
    .innerJoin(tags, and(eq(tags.businessId, taggings.businessId), eq(tags.id, taggings.tagId)))
    .where(eq(taggings.recordId, recordId))
    .orderBy(tags.name);
  return rows.map((r) => r.name);
}

export interface LinkOut {
  linkId: string;
  kind: string;
  direction: "out" | "in";
  record: Ref;
  note: string | null;
}

export async function linksOf(db: Db, recordId: string): Promise<LinkOut[]> {
  const rows = await db
    .select()
    .from(links)
    .where(or(eq(links.fromId, recordId), eq(links.toId, recordId)))
    .orderBy(links.createdAt)
    .limit(100);
  const other = rows.map((l) => (l.fromId === recordId ? l.toId : l.fromId));
  const refs = new Map((await resolveRefs(db, other)).map((r) => [r.id, r]));
  return rows.flatMap((l) => {
    const out = l.fromId === recordId;
    const ref = refs.get(out ? l.toId : l.fromId);
    return ref
      ? [
          {
            linkId: l.id,
            kind: l.kind,
            direction: out ? ("out" as const) : ("in" as const),
            record: ref,
            note: l.note,
          },
        ]
      : [];
  });
}
