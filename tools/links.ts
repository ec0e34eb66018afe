/** Tags and links for any record (spec §2.2): tag/untag, link/unlink, and `records_related`. */
import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { idPattern, newId } from "../db/ids.js";
import { links, taggings, tags } from "../db/schema/index.js";
import { type AnyTool, defineTool, type Ref, refSchema, type ToolContext } from "./define.js";
import { ToolInputError, ToolNotFound } from "./errors.js";
import { allowed } from "./permissions.js";
import { entityForId, linksOf, loadRecord, refOf, tagsOf } from "./records.js";

const recordId = z
  .string()
  .regex(idPattern(), "must be a record id such as inv_01J…")
  .describe("id of any record");

/** Loads a record the caller may see, or explains why not. */
async function visibleRecord(ctx: ToolContext, id: string, access: "read" | "write" = "read") {
  const spec = entityForId(id);
  if (!spec) throw new ToolInputError("Unknown record type", [`${id}: no record type has this id prefix`]);
  if (!allowed(ctx.role, spec.module, access)) {
    throw new ToolNotFound(`No record ${id} that you can ${access === "read" ? "see" : "change"}.`);
  }
  const found = await loadRecord(ctx.db, id);
  if (!found) throw new ToolNotFound(`No record with id ${id} in this business.`);
  return { spec, row: found.row, ref: refOf(spec, found.row) };
}

const tagName = z.string().trim().min(1).max(50).describe("tag name, e.g. vip");

export const tagTool = defineTool({
  name: "records_tag",
  module: "core",
  title: "Tag a record",
  description: "Put tags on any record (creating the tags if needed). Remove them with records_untag.",
  input: z.strictObject({ id: recordId, tags: z.array(tagName).min(1).max(20) }),
  output: z.object({ tags: z.array(z.string()), refs: z.array(refSchema) }),
  access: "write",
  async run(ctx, input) {
    const { spec, ref } = await visibleRecord(ctx, input.id, "write");
    for (const name of input.tags) {
      await ctx.db.execute(sql`insert into tags (id, business_id, name) values (${newId("tag")}, ${ctx.business.id}, ${name})
        on conflict (business_id, lower(name)) do nothing`);
      await ctx.db.execute(sql`insert into taggings (id, business_id, tag_id, record_id, record_type)
        select ${newId("tgg")}, ${ctx.business.id}, t.id, ${input.id}, ${spec.type} from tags t
        where t.business_id = ${ctx.business.id} and lower(t.name) = lower(${name})
        on conflict (business_id, tag_id, record_id) do nothing`);
    }
    return { tags: await tagsOf(ctx.db, input.id), refs: [ref] };
  },
});

export const untagTool = defineTool({
  name: "records_untag",
  module: "core",
  title: "Untag a record",
  description: "Remove tags from a record; the tags themselves stay for other records.",
  input: z.strictObject({ id: recordId, tags: z.array(tagName).min(1).max(20) }),
  output: z.object({ tags: z.array(z.string()), refs: z.array(refSchema) }),
  access: "write",
  async run(ctx, input) {
    const { ref } = await visibleRecord(ctx, input.id, "write");
    const lower = input.tags.map((t) => t.toLowerCase());
    await ctx.db.execute(sql`delete from taggings g using tags t where g.business_id = ${ctx.business.id}
      and t.business_id = g.business_id and t.id = g.tag_id and g.record_id = ${input.id}
      and lower(t.name) in (${sql.join(
        lower.map((l) => sql`${l}`),
        sql`, `,
      )})`);
    return { tags: await tagsOf(ctx.db, input.id), refs: [ref] };
  },
});

export const linkTool = defineTool({
  name: "records_link",
  module: "core",
  title: "Link two records",
  description:
    "Link any two records of this business (e.g. an invoice to the deal it bills, kind 'billed_by'). Undo with records_unlink.",
  input: z.strictObject({
    fromId: recordId,
    toId: recordId,
    kind: z
      .string()
      .regex(/^[a-z_]{1,40}$/, "must be a short snake_case word")
      .default("related")
      .describe("how they relate, e.g. billed_by"),
    note: z.string().max(500).optional(),
  }),
  output: z.object({ linkId: z.string(), refs: z.array(refSchema) }),
  access: "write",
  async run(ctx, input) {
    if (input.fromId === input.toId)
      throw new ToolInputError("A record cannot link to itself", ["toId: must differ from fromId"]);
    const from = await visibleRecord(ctx, input.fromId, "write");
    const to = await visibleRecord(ctx, input.toId);
    const [row] = await ctx.db
      .insert(links)
      .values({
        businessId: ctx.business.id,
        fromId: input.fromId,
        fromType: from.spec.type,
        toId: input.toId,
        toType: to.spec.type,
        kind: input.kind,
        note: input.note,
      })
      .onConflictDoUpdate({
        target: [links.businessId, links.fromId, links.toId, links.kind],
        set: { note: input.note ?? null, updatedAt: ctx.now },
      })
      .returning({ id: links.id });
    return { linkId: row!.id, refs: [from.ref, to.ref] };
  },
});

export const unlinkTool = defineTool({
  name: "records_unlink",
  module: "core",
  title: "Unlink two records",
  description: "Remove the link(s) between two records; give kind to remove only that kind.",
  input: z.strictObject({ fromId: recordId, toId: recordId, kind: z.string().max(40).optional() }),
  output: z.object({ removed: z.number().int(), refs: z.array(refSchema) }),
  access: "write",
  async run(ctx, input) {
    const from = await visibleRecord(ctx, input.fromId, "write");
    const to = await visibleRecord(ctx, input.toId);
    const pair = or(
      and(eq(links.fromId, input.fromId), eq(links.toId, input.toId)),
      and(eq(links.fromId, input.toId), eq(links.toId, input.fromId)),
    );
    const removed = await ctx.db
      .delete(links)
      .where(
        and(eq(links.businessId, ctx.business.id), pair, input.kind ? eq(links.kind, input.kind) : undefined),
      )
      .returning({ id: links.id });
    return { removed: removed.length, refs: [from.ref, to.ref] };
  },
});

export const relatedTool = defineTool({
  name: "records_related",
  module: "core",
  title: "Related records",
  description:
    "Everything linked to a record of any type, with its tags. For a record's own fields use the matching <entity>_get.",
  input: z.strictObject({ id: recordId }),
  output: z.object({
    record: refSchema,
    tags: z.array(z.string()),
    links: z.array(z.object({ kind: z.string(), direction: z.enum(["out", "in"]), record: refSchema })),
    refs: z.array(refSchema),
  }),
  access: "read",
  async run(ctx, input) {
    const { ref } = await visibleRecord(ctx, input.id);
    const all = await linksOf(ctx.db, input.id);
    const visible = all.filter((l) => {
      const spec = entityForId(l.record.id);
      return spec !== undefined && allowed(ctx.role, spec.module, "read");
    });
    const refs: Ref[] = [ref, ...visible.map((l) => l.record)];
    return {
      record: ref,
      tags: await tagsOf(ctx.db, input.id),
      links: visible.map(({ kind, direction, record }) => ({ kind, direction, record })),
      refs,
    };
  },
});

export const tagsListTool = defineTool({
  name: "tags_usage",
  module: "core",
  title: "Tags in use",
  description:
    "Every tag with how many records carry it. To find the records with a tag, use search with the tag name.",
  input: z.strictObject({}),
  output: z.object({
    tags: z.array(z.object({ name: z.string(), records: z.number().int() })),
    refs: z.array(refSchema),
  }),
  access: "read",
  async run(ctx) {
    const rows = await ctx.db
      .select({ id: tags.id, name: tags.name, records: sql<number>`count(${taggings.id})::int` })
      .from(tags)
      .leftJoin(taggings, and(eq(taggings.businessId, tags.businessId), eq(taggings.tagId, tags.id)))
      .where(eq(tags.businessId, ctx.business.id))
      .groupBy(tags.id, tags.name)
      .orderBy(tags.name);
    return {
      tags: rows.map((r) => ({ name: r.name, records: r.records })),
      refs: rows.map((r) => ({ type: "tag", id: r.id, label: r.name })),
    };
  },
});

export const linkTools: AnyTool[] = [tagTool, untagTool, linkTool, unlinkTool, relatedTool, tagsListTool];
