/**
 * A task or reminder (a reminder is a task with `remind_at`), for a person of the business, optionally about a
 * record. Asked by the AI it is an approved action; its preview is the task as it will be saved.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "../db/client.js";
import { isId, newId } from "../db/ids.js";
import { PRIORITIES, tasks } from "../db/schema/core.js";
import { defineTool, type ToolContext, withRefs } from "./define.js";
import { ToolInputError, ToolNotFound } from "./errors.js";
import { resolveRefs } from "./records.js";

const when = z.iso
  .datetime({ offset: true, message: "must be a date-time with a time zone, e.g. 2026-12-01T09:00:00-05:00" })
  .or(z.iso.date({ message: "must be a date (YYYY-MM-DD) or a date-time with a time zone" }));

const input = z.strictObject({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(5000).optional(),
  due: when.optional().describe("due date or date-time; a date means the end of that day, business time"),
  remind_at: z.iso
    .datetime({ offset: true, message: "must be a date-time with a time zone" })
    .optional()
    .describe("when to remind the assignee (makes it a reminder)"),
  priority: z.enum(PRIORITIES).default("normal"),
  assignee: z.string().optional().describe("user id (usr_…) or email of a member; defaults to the requester"),
  related_id: z.string().optional().describe("id of the record the task is about (invoice, deal, ticket…)"),
});
type Input = z.output<typeof input>;

export const createTaskTool = defineTool({
  name: "tasks_create",
  module: "core",
  title: "Create a task or reminder",
  description:
    "Create a to-do for a member of the business, with an optional due date, reminder time and the record it is about. Use tasks_write to change or complete existing tasks.",
  input,
  output: withRefs({ taskId: z.string() }),
  access: "write",
  async preview(ctx, args: Input) {
    const t = await plan(ctx, args);
    const due = t.dueAt ? `, due ${t.dueAt}` : "";
    return { summary: `Task for ${t.assignee.name}: ${t.title}${due}`, preview: { task: t } };
  },
  async run(ctx, args: Input) {
    const t = await plan(ctx, args);
    const id = newId("tsk");
    await ctx.db.insert(tasks).values({
      id,
      businessId: ctx.business.id,
      title: t.title,
      description: t.description,
      priority: t.priority,
      dueAt: t.dueAt ? new Date(t.dueAt) : null,
      remindAt: t.remindAt ? new Date(t.remindAt) : null,
      assigneeUserId: t.assignee.id,
      createdByUserId: ctx.user.id,
      relatedId: t.related?.id ?? null,
    });
    return { taskId: id, refs: [{ type: "task", id, label: t.title }, ...(t.related ? [t.related] : [])] };
  },
});

async function plan(ctx: ToolContext, args: Input) {
  const assignee = await member(ctx, args.assignee ?? ctx.user.id);
  const related = args.related_id ? (await resolveRefs(ctx.db, [args.related_id]))[0] : undefined;
  if (args.related_id && !related)
    throw new ToolNotFound(`No record with id ${args.related_id} in this business.`);
  const dueAt = args.due ? await endOfDay(ctx, args.due) : null;
  const remindAt = args.remind_at ? new Date(args.remind_at).toISOString() : null;
  if (remindAt && new Date(remindAt) <= ctx.now)
    throw new ToolInputError("The reminder time is in the past", ["remind_at: must be later than now"]);
  return {
    title: args.title,
    description: args.description ?? null,
    priority: args.priority,
    dueAt,
    remindAt,
    assignee,
    related: related ?? null,
  };
}

/** A member by id or email; anyone else is refused, so tasks never go to strangers. */
async function member(ctx: ToolContext, ref: string) {
  const byId = isId(ref, "usr");
  const [row] = await queryRows<{ id: string; name: string; email: string }>(
    ctx.db,
    sql`select u.id, u.name, u.email from memberships m join users u on u.id = m.user_id
        where m.business_id = ${ctx.business.id} and u.disabled_at is null
          and ${byId ? sql`u.id = ${ref}` : sql`lower(u.email) = lower(${ref})`}`,
  );
  if (!row) throw new ToolNotFound(`No member ${JSON.stringify(ref)} in this business.`);
  return row;
}

/** A bare date is due at the end of that day in the business's time zone. */
async function endOfDay(ctx: ToolContext, due: string): Promise<string> {
  if (due.includes("T")) return new Date(due).toISOString();
  const [row] = await queryRows<{ at: string }>(
    ctx.db,
    sql`select to_char((((${due}::date + 1)::timestamp at time zone ${ctx.business.timezone}::text) - interval '1 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at`,
  );
  return new Date(row!.at).toISOString();
}
