/**
 * Telling the conversation a proposal came from what became of it: the outcome is stored as an assistant message
 * in the thread (so the model and the history know), and in-process listeners — the chat surfaces — hear it
 * after commit to post it where the people are.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { newId } from "../../db/ids.js";
import { messages, threads } from "../../db/schema/core.js";
import type { ActionCard } from "./card.js";

export interface ActionOutcome {
  businessId: string;
  card: ActionCard;
  text: string;
}

type Listener = (outcome: ActionOutcome) => void;
const listeners = new Set<Listener>();

/** Subscribe to outcomes (rejected, expired, succeeded, failed); returns the unsubscribe function. */
export function onActionOutcome(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announce(outcome: ActionOutcome): void {
  for (const l of listeners) {
    try {
      l(outcome);
    } catch {
      // A surface failing to post must not undo or repeat the action.
    }
  }
}

export function outcomeText(card: ActionCard, who?: string): string {
  const what = `"${card.summary}" (${card.id})`;
  switch (card.status) {
    case "rejected":
      return `The proposed action ${what} was rejected${who ? ` by ${who}` : ""}${card.error ? `: ${card.error}` : "."}`;
    case "expired":
      return `The proposed action ${what} expired without a decision; ask again if it is still wanted.`;
    case "succeeded":
      return `Done: ${what} was approved${who ? ` by ${who}` : ""} and carried out.`;
    case "failed":
      return `The approved action ${what} failed: ${card.error ?? "unknown error"}`;
    default:
      return `The action ${what} is ${card.status}.`;
  }
}

/** Stores the outcome in the proposal's thread, inside the caller's transaction (no thread → nothing). */
export async function recordOutcome(
  tx: Db,
  businessId: string,
  card: ActionCard,
  text: string,
): Promise<void> {
  if (!card.threadId) return;
  const touched = await tx
    .update(threads)
    .set({ updatedAt: sql`now()` })
    .where(and(eq(threads.businessId, businessId), eq(threads.id, card.threadId)))
    .returning({ id: threads.id });
  if (touched.length === 0) return;
  await tx.insert(messages).values({
    id: newId("msg"),
    businessId,
    threadId: card.threadId,
    role: "assistant",
    content: [{ type: "text", text }],
    text,
    refs: [{ type: "ai_action", id: card.id, label: card.summary }],
  });
}
