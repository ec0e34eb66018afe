/**
 * Running an approved action exactly once. The outbox row is claimed with a lease (one worker wins), the action
 * moves to `executing` and that is committed before the effect; the tool then runs through the registry as the
 * proposer, and the same transaction that holds its writes marks the action succeeded and the outbox done.
 *
 * After a crash: a write-only action rolled back with its transaction and simply runs again. An external action
 * (email…) found still `executing` may already have reached the outside world, so it is never repeated: it is
 * marked failed with a note saying the effect may have happened.
 */
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { aiActions, outbox } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import type { Logger } from "../../log.js";
import type { Effects } from "../define.js";
import { errorText } from "../errors.js";
import type { Registry } from "../registry.js";
import { type ActionCard, toCard } from "./card.js";
import { auditTransition, transition } from "./decide.js";
import { announce, outcomeText, recordOutcome } from "./notify.js";

export interface ExecuteDeps {
  db: Db;
  registry: Registry;
  effects?: Effects;
  logger?: Logger;
  appRole?: string;
  clock?: () => Date;
  /** How long a claim holds before another worker may take the row over. */
  leaseMs?: number;
  /** Test seam: called after the tool ran and before its outcome is marked (to simulate a crash there). */
  afterEffect?: (card: ActionCard) => Promise<void>;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

export type ExecuteOutcome = "succeeded" | "failed" | "skipped";

export async function executeOutboxItem(
  deps: ExecuteDeps,
  businessId: string,
  outboxId: string,
): Promise<ExecuteOutcome> {
  const now = (deps.clock ?? (() => new Date()))();
  const tenant = { businessId, appRole: deps.appRole };
  const claim = await withBusiness(deps.db, tenant, async (tx) => {
    const [item] = await tx
      .update(outbox)
      .set({
        status: "processing",
        attempts: sql`${outbox.attempts} + 1`,
        lockedUntil: new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)),
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(outbox.businessId, businessId),
          eq(outbox.id, outboxId),
          or(eq(outbox.status, "pending"), and(eq(outbox.status, "processing"), lt(outbox.lockedUntil, now))),
        ),
      )
      .returning();
    if (!item?.actionId) return undefined;
    const [row] = await tx
      .select()
      .from(aiActions)
      .where(and(eq(aiActions.businessId, businessId), eq(aiActions.id, item.actionId)))
      .for("update");
    if (!row) return undefined;
    const card = toCard(row);
    if (card.status === "approved") {
      const executing = await transition(tx, card.id, businessId, "executing", {});
      await auditTransition(tx, businessId, executing, "system", null);
      return { kind: "run" as const, card: executing };
    }
    if (card.status === "executing") {
      const tool = deps.registry.get(card.tool);
      if (tool?.access === "write") return { kind: "run" as const, card };
      const failed = await finish(tx, businessId, outboxId, card, {
        status: "failed",
        error:
          "The run was interrupted after it started, so the effect may already have happened; it was not repeated. Check (for an email: the sent folder) before asking again.",
      });
      return { kind: "done" as const, card: failed };
    }
    await markOutbox(tx, businessId, outboxId, "done");
    return undefined;
  });
  if (!claim) return "skipped";
  if (claim.kind === "done") {
    announceOutcome(businessId, claim.card);
    return "failed";
  }

  const card = claim.card;
  let finished: ActionCard | undefined;
  const result = card.proposedByUserId
    ? await deps.registry.call(
        {
          db: deps.db,
          businessId,
          userId: card.proposedByUserId,
          actor: "ai",
          appRole: deps.appRole,
          now,
          logger: deps.logger,
          effects: deps.effects,
          threadId: card.threadId ?? undefined,
          approved: {
            actionId: card.id,
            pinned: card.preview.pinned as Record<string, unknown> | undefined,
            async afterRun(tx, output) {
              await deps.afterEffect?.(card);
              const { refs, ...rest } = output;
              finished = await finish(tx, businessId, outboxId, card, {
                status: "succeeded",
                result: { ...rest, refs },
              });
            },
          },
        },
        card.tool,
        card.input,
      )
    : ({
        ok: false,
        error: { code: "forbidden", message: "The user who proposed this no longer exists." },
      } as const);

  if (result.ok && finished) {
    announceOutcome(businessId, finished);
    return "succeeded";
  }
  const error = result.ok ? "The action ran but its outcome was not recorded." : errorText(result.error);
  const failed = await withBusiness(deps.db, tenant, (tx) =>
    finish(tx, businessId, outboxId, card, { status: "failed", error }),
  );
  deps.logger?.warn({ action: card.id, tool: card.tool, error }, "action failed");
  announceOutcome(businessId, failed);
  return "failed";
}

async function finish(
  tx: Db,
  businessId: string,
  outboxId: string,
  card: ActionCard,
  outcome: { status: "succeeded"; result: Record<string, unknown> } | { status: "failed"; error: string },
): Promise<ActionCard> {
  const done = await transition(tx, card.id, businessId, outcome.status, {
    executedAt: sql`now()` as unknown as Date,
    ...(outcome.status === "succeeded" ? { result: outcome.result } : { error: outcome.error }),
  });
  await auditTransition(tx, businessId, done, "system", null);
  await markOutbox(tx, businessId, outboxId, outcome.status === "succeeded" ? "done" : "failed", done.error);
  await recordOutcome(tx, businessId, done, outcomeText(done));
  return done;
}

async function markOutbox(
  tx: Db,
  businessId: string,
  outboxId: string,
  status: "done" | "failed",
  error?: string | null,
): Promise<void> {
  await tx
    .update(outbox)
    .set({ status, doneAt: sql`now()`, lockedUntil: null, lastError: error ?? null, updatedAt: sql`now()` })
    .where(and(eq(outbox.businessId, businessId), eq(outbox.id, outboxId)));
}

function announceOutcome(businessId: string, card: ActionCard): void {
  announce({ businessId, card, text: outcomeText(card) });
}
