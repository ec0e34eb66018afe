/**
 * Turning an AI request for a side effect into a waiting ai_action: the exact preview is computed now (external
 * tools describe their effect; write tools are rehearsed in a savepoint that is rolled back), the row is
 * inserted with an idempotency key, and the proposal is audited. Runs inside the registry's transaction.
 */
import { appendEvent } from "../../db/audit.js";
import { newId } from "../../db/ids.js";
import { aiActions, type Role } from "../../db/schema/core.js";
import type { ActionPreview, AnyTool, Ref, ToolContext } from "../define.js";
import { type ActionCard, toCard } from "./card.js";

export interface Proposal {
  approverRoles: Role[];
  ttlHours: number;
  threadId?: string;
  untrusted: boolean;
}

export async function propose(
  ctx: ToolContext,
  tool: AnyTool,
  /** The raw call, stored and re-run on approval. */
  input: unknown,
  proposal: Proposal,
  /** The same call validated, for the preview. */
  parsed: unknown,
): Promise<ActionCard> {
  const { summary, preview, pinned } = tool.preview
    ? await tool.preview(ctx, parsed)
    : await rehearse(ctx, tool, parsed);
  const [row] = await ctx.db
    .insert(aiActions)
    .values({
      id: newId("act"),
      businessId: ctx.business.id,
      threadId: proposal.threadId ?? null,
      tool: tool.name,
      input: (input ?? {}) as Record<string, unknown>,
      preview: pinned ? { ...preview, pinned } : preview,
      summary,
      status: "proposed",
      proposedByUserId: ctx.user.id,
      approverRoles: proposal.approverRoles,
      fromUntrustedContent: proposal.untrusted,
      expiresAt: new Date(ctx.now.getTime() + proposal.ttlHours * 3_600_000),
      idempotencyKey: newId("key"),
    })
    .returning();
  const card = toCard(row!);
  await appendEvent(ctx.db, ctx.business.id, {
    actorType: "ai",
    actorId: ctx.user.id,
    action: "action.proposed",
    tool: tool.name,
    entityType: "ai_action",
    entityId: card.id,
    input,
    data: { summary, approverRoles: card.approverRoles, fromUntrustedContent: card.fromUntrustedContent },
  });
  return card;
}

class Rehearsal extends Error {
  constructor(readonly output: Record<string, unknown> & { refs?: Ref[] }) {
    super("rehearsal rolled back");
  }
}

/** Runs a write tool in a savepoint and rolls it back: the preview is what the write would produce, exactly. */
async function rehearse(ctx: ToolContext, tool: AnyTool, input: unknown): Promise<ActionPreview> {
  try {
    await ctx.db.transaction(async (sp) => {
      throw new Rehearsal(await tool.run({ ...ctx, db: sp as unknown as ToolContext["db"] }, input));
    });
  } catch (err) {
    if (!(err instanceof Rehearsal)) throw err;
    const { refs, ...rest } = err.output;
    const first = refs?.[0];
    const method = typeof rest.method === "string" ? `${rest.method} ` : "";
    return {
      summary: `${tool.title}: ${method}${first ? first.label : ""}`.trim(),
      preview: withoutAssignedIds(rest),
    };
  }
  throw new Error(`rehearsal of ${tool.name} did not roll back`);
}

/** A new record's id and timestamps made up during the rehearsal are not the ones the real run will assign. */
function withoutAssignedIds(output: Record<string, unknown>): Record<string, unknown> {
  const record = output.record;
  if (output.method !== "create" || !record || typeof record !== "object") return output;
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = record as Record<string, unknown>;
  return { ...output, record: fields };
}
