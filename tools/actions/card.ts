/** An ai_action as every surface shows it: the summary, the exact preview, its state and who may decide. */
import type { ACTION_STATUSES, aiActions, Role } from "../../db/schema/core.js";

export type ActionStatus = (typeof ACTION_STATUSES)[number];
type ActionRow = typeof aiActions.$inferSelect;

export interface ActionCard {
  id: string;
  tool: string;
  /** The call as the AI made it; the executor runs exactly this. */
  input: Record<string, unknown>;
  summary: string;
  preview: Record<string, unknown>;
  status: ActionStatus;
  approverRoles: Role[];
  fromUntrustedContent: boolean;
  proposedByUserId: string | null;
  threadId: string | null;
  createdAt: string;
  expiresAt: string | null;
  decidedByUserId: string | null;
  decidedAt: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

export function toCard(row: ActionRow): ActionCard {
  return {
    id: row.id,
    tool: row.tool,
    input: row.input,
    summary: row.summary,
    preview: row.preview,
    status: row.status,
    approverRoles: row.approverRoles as Role[],
    fromUntrustedContent: row.fromUntrustedContent,
    proposedByUserId: row.proposedByUserId,
    threadId: row.threadId,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    decidedByUserId: row.decidedByUserId,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    result: row.result ?? null,
    error: row.error,
  };
}
