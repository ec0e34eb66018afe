/**
 * Deciding AI actions from an MCP client: list_pending_actions, approve_action, reject_action. They go through the
 * same door as chat (tools/actions decideAction), which re-checks the decider's role now; an approval wakes the
 * action worker and waits for it, so the client sees the action succeeded or failed. When the client supports
 * elicitation the user confirms in a form first; otherwise the tool call itself is the confirmation.
 */
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  ElicitResultSchema,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { idPattern } from "../../db/ids.js";
import { ACTION_STATUSES } from "../../db/schema/core.js";
import { decideAction, getAction, type ListedAction, listActions } from "../../tools/actions/index.js";
import { refSchema } from "../../tools/define.js";
import { actionCardSchema, annotationsFor, errorResult, okResult, type SessionTool } from "./render.js";
import type { SessionContext } from "./server.js";

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface NativeTool extends SessionTool {
  run(input: unknown, extra: Extra): Promise<CallToolResult>;
}

const actionId = z.string().regex(idPattern("act"), "must be an act_ id").describe("action id (act_…)");
const decisionOutput = z.object({ action: actionCardSchema, refs: z.array(refSchema) });

const refOf = (a: { id: string; summary: string }) => ({ type: "ai_action", id: a.id, label: a.summary });

const roleList = (roles: readonly string[]) =>
  roles.length <= 1 ? (roles[0] ?? "owner") : `${roles.slice(0, -1).join(", ")} or ${roles.at(-1)}`;

export function approvalTools(s: SessionContext): NativeTool[] {
  const who = { businessId: s.auth.businessId, userId: s.auth.userId, appRole: s.appRole };

  const listInput = z.strictObject({
    statuses: z
      .array(z.enum(ACTION_STATUSES))
      .min(1)
      .optional()
      .describe("which states to list (default: proposed, i.e. waiting for a decision)"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe("how many, newest first (1–100, default 20)"),
  });
  const list: NativeTool = {
    name: "list_pending_actions",
    title: "Actions waiting for approval",
    description:
      "Actions the AI proposed (emails, invoices, record changes…) with their exact previews, newest first, and whether you may decide them. Decide with approve_action or reject_action.",
    input: listInput,
    output: z.object({ actions: z.array(actionCardSchema), refs: z.array(refSchema) }),
    annotations: annotationsFor("read"),
    async run(raw) {
      const input = listInput.parse(raw);
      const actions = await listActions(s.db, { ...who, statuses: input.statuses, limit: input.limit });
      const mine = actions.filter((a) => a.canDecide).length;
      return okResult(
        { actions, refs: actions.map(refOf) },
        actions.length
          ? `${actions.length} action(s); you may decide ${mine} of them.`
          : "No actions in that state.",
      );
    },
  };

  const decideInput = z.strictObject({
    id: actionId,
    note: z.string().trim().max(500).optional().describe("why, kept with the decision (optional)"),
  });

  async function decide(raw: unknown, extra: Extra, decision: "approve" | "reject"): Promise<CallToolResult> {
    const input = decideInput.parse(raw);
    const before = await getAction(s.db, { ...who, actionId: input.id });
    if (!before) {
      return errorResult({
        code: "not_found",
        message: `No action ${JSON.stringify(input.id)} in this business.`,
        hint: "List the actions waiting for a decision with list_pending_actions.",
      });
    }
    if (before.canDecide && s.server.server.getClientCapabilities()?.elicitation) {
      const confirmed = await confirm(extra, before, decision).catch((err: unknown) => {
        s.logger?.warn({ err, action: before.id }, "elicitation failed");
        return false;
      });
      if (!confirmed) {
        return okResult(
          { action: before, refs: [refOf(before)] },
          `Not ${decision === "approve" ? "approved" : "rejected"}: the confirmation was declined. The action is still ${before.status}.`,
        );
      }
    }
    const r = await decideAction(
      s.db,
      { ...who, actionId: input.id, decision, note: input.note },
      { onApproved: () => s.worker.wake() },
    );
    if (!r.ok) return errorResult(r.error);
    let card: ListedAction | typeof r.action = r.action;
    if (decision === "approve") {
      await s.worker.drain();
      card = (await getAction(s.db, { ...who, actionId: input.id })) ?? r.action;
    }
    return okResult({ action: card, refs: [refOf(card)] }, outcomeLine(card));
  }

  const approve: NativeTool = {
    name: "approve_action",
    title: "Approve an action",
    description:
      "Approve a proposed action so it runs now, exactly once; returns it succeeded or failed with its result. Only roles listed in approverRoles may approve; find ids with list_pending_actions.",
    input: decideInput,
    output: decisionOutput,
    annotations: annotationsFor("external"),
    run: (raw, extra) => decide(raw, extra, "approve"),
  };

  const reject: NativeTool = {
    name: "reject_action",
    title: "Reject an action",
    description:
      "Reject a proposed action so it never runs; the note says why. Only roles listed in approverRoles may reject.",
    input: decideInput,
    output: decisionOutput,
    annotations: annotationsFor("write"),
    run: (raw, extra) => decide(raw, extra, "reject"),
  };

  return [list, approve, reject];
}

/** Asks the user (not the model) to confirm, in the client's own form; true only for an explicit yes. */
async function confirm(extra: Extra, card: ListedAction, decision: "approve" | "reject"): Promise<boolean> {
  const verb = decision === "approve" ? "Approve" : "Reject";
  const preview = JSON.stringify(card.preview, null, 2);
  const result = await extra.sendRequest(
    {
      method: "elicitation/create",
      params: {
        message: `${verb} this action?\n\n${card.summary}\n\n${preview.length > 4000 ? `${preview.slice(0, 4000)}…` : preview}${card.fromUntrustedContent ? "\n\nIt was proposed after reading outside content (emails, tickets, documents): check it closely." : ""}`,
        requestedSchema: {
          type: "object",
          properties: {
            confirm: { type: "boolean", title: `${verb} "${card.summary}"`, default: false },
          },
          required: ["confirm"],
        },
      },
    },
    ElicitResultSchema,
  );
  return result.action === "accept" && result.content?.confirm === true;
}

function outcomeLine(card: {
  status: string;
  summary: string;
  error: string | null;
  approverRoles: string[];
}) {
  switch (card.status) {
    case "succeeded":
      return `Done: ${card.summary}.`;
    case "failed":
      return `Approved, but it failed: ${card.error ?? "unknown error"}.`;
    case "rejected":
      return `Rejected: ${card.summary}. It will not run.`;
    case "approved":
    case "executing":
      return `Approved: ${card.summary}. It is running; list_pending_actions with statuses ["succeeded","failed"] shows the outcome.`;
    default:
      return `${card.summary}: ${card.status} (approvers: ${roleList(card.approverRoles)}).`;
  }
}

/** The line a pending result leads with: what was proposed, who may approve, how. */
export function pendingLine(card: { id: string; summary: string; approverRoles: string[] }, role: string) {
  const may = card.approverRoles.includes(role);
  return `Proposed, not done yet: ${card.summary}. It waits for approval by ${roleList(card.approverRoles)} (action ${card.id}). ${
    may
      ? "Show the preview to the user and, if they agree, call approve_action with this id (or reject_action)."
      : "Your role may not approve it; ask someone with one of those roles."
  }`;
}
