/**
 * Generated CRUD tools for every entity: `<entity>_list` (filters, date ranges, text query, sort, cursor),
 * `<entity>_get` (with tags, links and related records) and one `<entity>_write` with a method
 * (create | update | archive | delete) — see docs/decisions/002-one-write-tool-per-entity.md for why.
 */

import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  getTableName,
  gte,
  isNull,
  lte,
  type SQL,
  sql,
} from "drizzle-orm";
import { getTableConfig, type PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { idPattern } from "../db/ids.js";
import { afterWrite, beforeWrite } from "./crud-hooks.js";
import { addDays } from "./dates.js";
import { type AnyTool, defineTool, type Ref, refSchema, type ToolContext } from "./define.js";
import { ENTITIES, type EntitySpec, rowScope } from "./entities.js";
import { ToolInputError, ToolNotFound } from "./errors.js";
import {
  type Field,
  FieldError,
  fieldsOf,
  inputType,
  recordSchema,
  toColumns,
  toRecord,
  writeFieldsSchema,
} from "./fields.js";
import { allowed } from "./permissions.js";
import { linksOf, prefixOf, refOf, resolveRefs, tagsOf } from "./records.js";

export const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 25;

const columnsOf = (spec: EntitySpec) => getTableColumns(spec.table) as Record<string, PgColumn>;
const hasArchive = (spec: EntitySpec) => "archivedAt" in columnsOf(spec);

const showPrivate = (ctx: ToolContext) => allowed(ctx.role, "people_private", "read");

function filterFields(spec: EntitySpec): Field[] {
  return fieldsOf(spec).filter(
    (f) => f.kind === "enum" || f.kind === "bool" || (f.kind === "id" && f.key !== "id"),
  );
}

function sortKeys(spec: EntitySpec): string[] {
  const keys = new Set<string>(spec.dates ?? []);
  for (const f of fieldsOf(spec)) {
    if (f.kind === "money" || f.kind === "int" || f.kind === "number") keys.add(f.key);
    if (spec.labelColumns.includes(f.colKey)) keys.add(f.key);
  }
  keys.add("createdAt");
  keys.add("updatedAt");
  return [...keys];
}

function listInput(spec: EntitySpec) {
  const shape: Record<string, z.ZodType> = {
    q: z.string().min(1).max(200).optional().describe("text to search for (words, not SQL)"),
  };
  for (const f of filterFields(spec))
    shape[f.key] = inputType(f).optional().describe(`only records with this ${f.key}`);
  for (const d of spec.dates ?? []) {
    shape[`${d}From`] = z.iso.date().optional().describe(`${d} on or after (YYYY-MM-DD)`);
    shape[`${d}To`] = z.iso.date().optional().describe(`${d} on or before (YYYY-MM-DD)`);
  }
  if (hasArchive(spec)) shape.includeArchived = z.boolean().optional().describe("include archived records");
  const sorts = sortKeys(spec) as [string, ...string[]];
  shape.sort = z.enum(sorts).optional().describe(`sort field (default ${sorts[0]})`);
  shape.order = z.enum(["asc", "desc"]).optional().describe("sort direction (default desc)");
  shape.limit = z
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT, `at most ${MAX_LIMIT}; narrow the filters or page with cursor`)
    .optional()
    .describe(`page size (default ${DEFAULT_LIMIT}, max ${MAX_LIMIT})`);
  shape.cursor = z.string().max(200).optional().describe("nextCursor from the previous page");
  return z.strictObject(shape);
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const o = (JSON.parse(Buffer.from(cursor, "base64url").toString()) as { o?: unknown }).o;
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {}
  throw new ToolInputError("Invalid cursor", [
    "cursor: use the nextCursor value of the previous page unchanged",
  ]);
}

function listTool(spec: EntitySpec): AnyTool {
  const fields = fieldsOf(spec);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const cols = columnsOf(spec);
  const record = recordSchema(spec);
  const input = listInput(spec);
  return defineTool({
    name: `${spec.plural}_list`,
    module: spec.module,
    title: `List ${spec.plural.replace(/_/g, " ")}`,
    description: `List ${spec.about}, filtered and sorted; returns up to ${MAX_LIMIT} per page with nextCursor. Use ${spec.plural}_get for one record's details, links and tags.`,
    input,
    output: z.object({ items: z.array(record), nextCursor: z.string().nullable(), refs: z.array(refSchema) }),
    access: "read",
    untrusted: spec.untrusted,
    async run(ctx, args: Record<string, unknown>) {
      const where: SQL[] = [eq(cols.businessId!, ctx.business.id)];
      const scope = rowScope(ctx.role, spec);
      if (scope) where.push(scope);
      for (const f of filterFields(spec)) {
        if (args[f.key] !== undefined) where.push(eq(f.column, args[f.key]));
      }
      for (const d of spec.dates ?? []) {
        const c = cols[d]!;
        const isTs = byKey.get(d)?.kind === "timestamp";
        const from = args[`${d}From`] as string | undefined;
        const to = args[`${d}To`] as string | undefined;
        if (from) where.push(gte(c, isTs ? new Date(`${from}T00:00:00Z`) : from));
        if (to) where.push(isTs ? sql`${c} < ${new Date(`${addDays(to, 1)}T00:00:00Z`)}` : lte(c, to));
      }
      if (hasArchive(spec) && !args.includeArchived) where.push(isNull(cols.archivedAt!));
      if (args.q) {
        const q = String(args.q);
        if (cols.search) where.push(sql`${cols.search} @@ websearch_to_tsquery('english', ${q})`);
        else {
          const like = `%${q.replace(/[%_\\]/g, "\\$&")}%`;
          const texts = spec.labelColumns.map((k) => cols[k]).filter((c): c is PgColumn => !!c);
          where.push(
            sql`(${sql.join(
              texts.map((c) => sql`${c}::text ilike ${like}`),
              sql` or `,
            )})`,
          );
        }
      }
      const sortKey = (args.sort as string | undefined) ?? sortKeys(spec)[0]!;
      const sortCol = cols[byKey.get(sortKey)?.colKey ?? sortKey]!;
      const dir = args.order === "asc" ? asc : desc;
      const limit = (args.limit as number | undefined) ?? DEFAULT_LIMIT;
      const offset = decodeCursor(args.cursor as string | undefined);
      const rows = (await ctx.db
        .select()
        .from(spec.table)
        .where(and(...where))
        // NOT NULL columns sort plainly so a backward index scan serves "newest first"; nullable ones keep nulls last.
        .orderBy(
          args.order === "asc"
            ? asc(sortCol)
            : sortCol.notNull
              ? desc(sortCol)
              : sql`${sortCol} desc nulls last`,
          dir(cols.id!),
        )
        .limit(limit + 1)
        .offset(offset)) as Record<string, unknown>[];
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => toRecord(spec, r, ctx.business.currency, { showPrivate: showPrivate(ctx) })),
        nextCursor: rows.length > limit ? encodeCursor(offset + limit) : null,
        refs: page.map((r) => refOf(spec, r)),
      };
    },
  });
}

/** For each entity, the entities that reference it (invoice ← invoice_lines, transactions). */
const children = new Map<EntitySpec, Array<{ spec: EntitySpec; column: PgColumn; name: string }>>();
for (const child of ENTITIES) {
  for (const fk of getTableConfig(child.table).foreignKeys) {
    const ref = fk.reference();
    const parent = ENTITIES.find((p) => p.table === ref.foreignTable);
    const column = ref.columns.find((c) => c.name !== "business_id");
    if (!parent || !column || parent === child) continue;
    const list = children.get(parent) ?? [];
    list.push({ spec: child, column, name: child.plural });
    children.set(parent, list);
  }
}

async function loadOne(ctx: ToolContext, spec: EntitySpec, id: string): Promise<Record<string, unknown>> {
  const cols = columnsOf(spec);
  const [row] = await ctx.db
    .select()
    .from(spec.table)
    .where(and(eq(cols.businessId!, ctx.business.id), eq(cols.id!, id), rowScope(ctx.role, spec)))
    .limit(1);
  if (!row) throw new ToolNotFound(`No ${spec.type} with id ${id} in this business.`);
  return row as Record<string, unknown>;
}

const idInput = (spec: EntitySpec) =>
  z
    .string()
    .regex(idPattern(prefixOf(spec)), `must be a ${prefixOf(spec)}_ id`)
    .describe(`${spec.type} id (${prefixOf(spec)}_…)`);

const linkOutSchema = z.object({
  linkId: z.string(),
  kind: z.string(),
  direction: z.enum(["out", "in"]),
  record: refSchema,
  note: z.string().nullable(),
});

function getTool(spec: EntitySpec): AnyTool {
  const fields = fieldsOf(spec);
  return defineTool({
    name: `${spec.plural}_get`,
    module: spec.module,
    title: `Get ${spec.type.replace(/_/g, " ")}`,
    description: `One ${spec.type.replace(/_/g, " ")} by id with its tags, links and related records (the records it points to and up to 10 of each kind that point to it).`,
    input: z.strictObject({ id: idInput(spec) }),
    output: z.object({
      record: recordSchema(spec),
      tags: z.array(z.string()),
      links: z.array(linkOutSchema),
      related: z.record(z.string(), z.array(refSchema)),
      refs: z.array(refSchema),
    }),
    access: "read",
    untrusted: spec.untrusted,
    async run(ctx, { id }: { id: string }) {
      const row = await loadOne(ctx, spec, id);
      const related: Record<string, Ref[]> = {};
      const parentIds = fields
        .filter((f) => f.kind === "id" && f.key !== "id" && typeof row[f.colKey] === "string")
        .map((f) => [f.key.replace(/Id$/, ""), row[f.colKey] as string] as const);
      const parents = new Map(
        (
          await resolveRefs(
            ctx.db,
            parentIds.map(([, v]) => v),
          )
        ).map((r) => [r.id, r]),
      );
      for (const [name, v] of parentIds) {
        const ref = parents.get(v);
        if (ref) related[name] = [ref];
      }
      for (const c of children.get(spec) ?? []) {
        if (!allowed(ctx.role, c.spec.module, "read")) continue;
        const rows = (await ctx.db
          .select()
          .from(c.spec.table)
          .where(and(eq(c.column, id), rowScope(ctx.role, c.spec)))
          .limit(10)) as Record<string, unknown>[];
        if (rows.length) related[c.name] = rows.map((r) => refOf(c.spec, r));
      }
      const links = await linksOf(ctx.db, id);
      const self = refOf(spec, row);
      return {
        record: toRecord(spec, row, ctx.business.currency, { showPrivate: showPrivate(ctx) }),
        tags: await tagsOf(ctx.db, id),
        links,
        related,
        refs: [self, ...Object.values(related).flat(), ...links.map((l) => l.record)],
      };
    },
  });
}

function writeTool(spec: EntitySpec): AnyTool {
  const methods = [
    "create",
    "update",
    ...(hasArchive(spec) ? ["archive"] : []),
    ...(spec.deletable ? ["delete"] : []),
  ];
  const createSchema = writeFieldsSchema(spec, "create");
  const updateSchema = writeFieldsSchema(spec, "update");
  const cols = columnsOf(spec);
  const table = getTableName(spec.table);
  return defineTool({
    name: `${spec.plural}_write`,
    module: spec.module,
    title: `Create or change ${spec.plural.replace(/_/g, " ")}`,
    description: `Create, update${hasArchive(spec) ? ", archive" : ""}${spec.deletable ? ", delete" : ""} ${spec.about}. create needs fields; update needs id and the fields to change; ${methods.slice(2).join("/") || "other methods"} need only id.`,
    input: z.strictObject({
      method: z.enum(methods as [string, ...string[]]).describe("what to do"),
      id: idInput(spec)
        .optional()
        .describe(`${spec.type} id, for ${methods.filter((m) => m !== "create").join("/")}`),
      fields: updateSchema.optional().describe("field values; money as decimal strings"),
    }),
    output: z.object({ method: z.string(), record: recordSchema(spec), refs: z.array(refSchema) }),
    access: "write",
    async run(ctx, args: { method: string; id?: string; fields?: Record<string, unknown> }) {
      const { method } = args;
      if (method !== "create" && !args.id)
        throw new ToolInputError(`${method} needs an id`, ["id: required"]);
      if (method === "create" && args.id)
        throw new ToolInputError("create takes no id", ["id: leave it out; ids are assigned"]);
      let row: Record<string, unknown> | undefined;
      if (method === "create") {
        const parsed = createSchema.safeParse(args.fields ?? {});
        if (!parsed.success) {
          throw new ToolInputError(
            `Invalid fields for a new ${spec.type}`,
            parsed.error.issues.map((i) => `fields.${i.path.join(".")}: ${i.message}`),
          );
        }
        const currency = (parsed.data.currency as string | undefined) ?? ctx.business.currency;
        const values: Record<string, unknown> = {
          ...toValues(spec, parsed.data, currency),
          businessId: ctx.business.id,
        };
        if ("currency" in cols && values.currency === undefined) values.currency = currency;
        await beforeWrite(ctx, table, values);
        [row] = (await ctx.db.insert(spec.table).values(values).returning()) as Record<string, unknown>[];
      } else {
        const existing = await loadOne(ctx, spec, args.id!);
        const where = and(eq(cols.businessId!, ctx.business.id), eq(cols.id!, args.id!));
        if (method === "delete") {
          await ctx.db.delete(spec.table).where(where);
          row = existing;
        } else {
          const values =
            method === "archive"
              ? { archivedAt: ctx.now }
              : toValues(
                  spec,
                  args.fields ?? {},
                  (args.fields?.currency as string) ?? (existing.currency as string) ?? ctx.business.currency,
                );
          if (method === "update" && Object.keys(values).length === 0) {
            throw new ToolInputError("Nothing to update", ["fields: give at least one field to change"]);
          }
          await beforeWrite(ctx, table, values, existing);
          [row] = (await ctx.db
            .update(spec.table)
            .set({ ...values, updatedAt: ctx.now })
            .where(where)
            .returning()) as Record<string, unknown>[];
        }
      }
      await afterWrite(ctx, table, row!, method);
      return {
        method,
        record: toRecord(spec, row!, ctx.business.currency, { showPrivate: showPrivate(ctx) }),
        refs: [refOf(spec, row!)],
      };
    },
  });
}

function toValues(
  spec: EntitySpec,
  fields: Record<string, unknown>,
  currency: string,
): Record<string, unknown> {
  try {
    return toColumns(spec, fields, currency);
  } catch (err) {
    if (err instanceof FieldError)
      throw new ToolInputError(
        err.message,
        err.issues.map((i) => `fields.${i}`),
      );
    throw err;
  }
}

/** Every generated CRUD tool, entity by entity. */
export function crudTools(): AnyTool[] {
  return ENTITIES.flatMap((spec) => [
    listTool(spec),
    getTool(spec),
    ...(spec.readOnly ? [] : [writeTool(spec)]),
  ]);
}
