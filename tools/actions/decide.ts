/**
 * The one approve/reject door for every surface (chat buttons, MCP tools, admin UI, `omni chat`). The approver's
 * role is checked now, not when the proposal was made; the row is locked so of many concurrent approvals exactly
 * one wins; an approval enqueues the work in the outbox in the same transaction; every transition is audited.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { appendEvent } from "../../db/audit.js";
import { type Db, queryRows } from "../../db/client.js";
import { isId, newId } from "../../db/ids.js";
import { aiActions, outbox, type Role } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import type { ToolError } from "../errors.js";
import { type ActionCard, type ActionStatus, toCard } from "./card.js";
import { announce, outcomeText, recordOutcome } from "./notify.js";

export interface DecideRequest {
  businessId: string;
  userId: string;
  actionId: string;
  decision: "approve" | "reject";
  note?: string;
  now?: Date;
  appRole?: string;
}

export type DecideResult = { ok: true; action: ActionCard } | { ok: false; error: ToolError };

class Refused extends Error {
  constructor(
    readonly error: ToolError,
    /** A refusal that still changed something worth keeping (an expiry found on the way). */
    readonly commit = false,
  ) {
    super(error.message);
  }
}

export async function decideAction(
  db: Db,
  req: DecideRequest,
  opts: { onApproved?: (card: ActionCard) => void } = {},
): Promise<DecideResult> {
  if (!isId(req.businessId, "biz") || !isId(req.userId, "usr"))
    return { ok: false, error: { code: "forbidden", message: "Unknown business or user." } };
  if (!isId(req.actionId, "act")) return notFound(req.actionId);
  const now = req.now ?? new Date();
  let refusal: Refused | undefined;
  let announced: { card: ActionCard; text: string } | undefined;
  const card = await withBusiness(
    db,
    { businessId: req.businessId, userId: req.userId, appRole: req.appRole },
    async (tx) => {
      const member = await memberOf(tx, req.businessId, req.userId);
      if (!member)
        throw new Refused({ code: "forbidden", message: "You are not a member of this business." });
      const [row] = await tx
        .select()
        .from(aiActions)
        .where(and(eq(aiActions.businessId, req.businessId), eq(aiActions.id, req.actionId)))
        .for("update");
      if (!row) throw new Refused(notFound(req.actionId).error);
      if (row.status !== "proposed") {
        throw new Refused({
          code: "conflict",
          message: `This action is already ${row.status}${row.decidedAt ? ` (decided ${row.decidedAt.toISOString()})` : ""}; nothing was changed.`,
        });
      }
      if (!row.approverRoles.includes(member.role)) {
        throw new Refused({
          code: "forbidden",
          message: `Only ${listRoles(row.approverRoles)} may ${req.decision} this action; you are ${article(member.role)} ${member.role}.`,
          hint: "Ask someone with one of those roles to decide.",
        });
      }
      if (row.expiresAt && row.expiresAt <= now) {
        const expired = await transition(tx, row.id, req.businessId, "expired", {});
        await auditTransition(tx, req.businessId, expired, "system", null);
        const text = outcomeText(expired);
        await recordOutcome(tx, req.businessId, expired, text);
        announced = { card: expired, text };
        refusal = new Refused({
          code: "conflict",
          message: `This action expired at ${row.expiresAt.toISOString()}; ask again if it is still wanted.`,
        });
        return expired;
      }
      const status = req.decision === "approve" ? "approved" : "rejected";
      const decided = await transition(tx, row.id, req.businessId, status, {
        decidedByUserId: req.userId,
        decidedAt: now,
        decisionNote: req.note ?? null,
        ...(status === "rejected" && req.note ? { error: req.note } : {}),
      });
      await auditTransition(tx, req.businessId, decided, "user", req.userId, req.note);
      if (status === "approved") {
        await tx.insert(outbox).values({
          id: newId("obx"),
          businessId: req.businessId,
          actionId: decided.id,
          kind: "ai_action",
          idempotencyKey: row.idempotencyKey,
        });
      } else {
        const text = outcomeText(decided, member.name);
        await recordOutcome(tx, req.businessId, decided, text);
        announced = { card: decided, text };
      }
      return decided;
    },
  ).catch((err: unknown) => {
    if (err instanceof Refused) return err;
    throw err;
  });
  if (announced) announce({ businessId: req.businessId, ...announced });
  if (card instanceof Refused) return { ok: false, error: card.error };
  if (refusal) return { ok: false, error: refusal.error };
  if (card.status === "approved") opts.onApproved?.(card);
  return { ok: true, action: card };
}

export interface ListRequest {
  businessId: string;
  userId: string;
  statuses?: ActionStatus[];
  limit?: number;
  appRole?: string;
}

export type ListedAction = ActionCard & { canDecide: boolean };

/** Actions of the business, newest first (default: those waiting for a decision), with whether this user may decide. */
export async function listActions(db: Db, req: ListRequest): Promise<ListedAction[]> {
  return withBusiness(
    db,
    { businessId: req.businessId, userId: req.userId, appRole: req.appRole },
    async (tx) => {
      const member = await memberOf(tx, req.businessId, req.userId);
      if (!member) return [];
      const rows = await tx
        .select()
        .from(aiActions)
        .where(
          and(
            eq(aiActions.businessId, req.businessId),
            inArray(aiActions.status, req.statuses ?? ["proposed"]),
          ),
        )
        .orderBy(desc(aiActions.createdAt), desc(aiActions.id))
        .limit(Math.min(Math.max(req.limit ?? 20, 1), 200));
      return rows.map((r) => withDecide(toCard(r), member.role));
    },
  );
}

export async function getAction(
  db: Db,
  req: { businessId: string; userId: string; actionId: string; appRole?: string },
): Promise<ListedAction | undefined> {
  if (!isId(req.actionId, "act")) return undefined;
  return withBusiness(
    db,
    { businessId: req.businessId, userId: req.userId, appRole: req.appRole },
    async (tx) => {
      const member = await memberOf(tx, req.businessId, req.userId);
      if (!member) return undefined;
      const [row] = await tx
        .select()
        .from(aiActions)
        .where(and(eq(aiActions.businessId, req.businessId), eq(aiActions.id, req.actionId)));
      return row ? withDecide(toCard(row), member.role) : undefined;
    },
  );
}

function withDecide(card: ActionCard, role: Role): ListedAction {
  return { ...card, canDecide: card.status === "proposed" && card.approverRoles.includes(role) };
}

export async function transition(
  tx: Db,
  id: string,
  businessId: string,
  status: ActionStatus,
  set: Partial<typeof aiActions.$inferInsert>,
): Promise<ActionCard> {
  const [row] = await tx
    .update(aiActions)
    .set({ ...set, status, updatedAt: sql`now()` })
    .where(and(eq(aiActions.businessId, businessId), eq(aiActions.id, id)))
    .returning();
  return toCard(row!);
}

export async function auditTransition(
  tx: Db,
  businessId: string,
  card: ActionCard,
  actorType: "user" | "ai" | "system",
  actorId: string | null,
  note?: string,
): Promise<void> {
  await appendEvent(tx, businessId, {
    actorType,
    actorId,
    action: `action.${card.status}`,
    tool: card.tool,
    entityType: "ai_action",
    entityId: card.id,
    data: { summary: card.summary, ...(note ? { note } : {}), ...(card.error ? { error: card.error } : {}) },
  });
}

async function memberOf(
  tx: Db,
  businessId: string,
  userId: string,
): Promise<{ role: Role; name: string } | undefined> {
  const [row] = await queryRows<{ role: Role; name: string }>(
    tx,
    sql`select m.role, u.name from memberships m join users u on u.id = m.user_id
        where m.business_id = ${businessId} and m.user_id = ${userId} and u.disabled_at is null`,
  );
  return row;
}

function notFound(id: string): { ok: false; error: ToolError } {
  return {
    ok: false,
    error: {
      code: "not_found",
      message: `No action ${JSON.stringify(id)} in this business.`,
      hint: "List the actions waiting for a decision to find its id.",
    },
  };
}

function listRoles(roles: readonly string[]): string {
  const names =
    roles.length <= 1 ? (roles[0] ?? "owner") : `${roles.slice(0, -1).join(", ")} or ${roles.at(-1)}`;
  return `the ${names} role${roles.length > 1 ? "s" : ""}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
