/**
 * Who may let the AI do what: per tool × role, a call runs at once, is proposed for approval by named roles, or is
 * forbidden. Reads always run; a person calling a tool directly is their own approval. The permission table
 * (tools/permissions.ts) still decides first whether the role may use the tool at all.
 */
import { ROLES, type Role } from "../../db/schema/core.js";
import type { AnyTool } from "../define.js";
import { PERMISSIONS } from "../permissions.js";

export interface ToolPolicy {
  /** Roles whose AI requests run without approval (never when the turn read outside content). */
  runsAtOnce?: readonly Role[];
  /** Roles that may approve; defaults to the roles that may use the tool themselves. */
  approvers?: readonly Role[];
  /** Roles whose AI may not even propose this. */
  forbidden?: readonly Role[];
  /** How long a proposal waits before it expires. */
  ttlHours?: number;
}

export const DEFAULT_TTL_HOURS = 48;

const ALL = ROLES;

/** Exceptions to the default (AI writes need approval by the roles that could do it themselves). */
export const ACTION_POLICY: Record<string, ToolPolicy> = {
  // Filing and cross-referencing records changes nothing anyone relies on outside the app.
  records_tag: { runsAtOnce: ALL },
  records_untag: { runsAtOnce: ALL },
  records_link: { runsAtOnce: ALL },
  records_unlink: { runsAtOnce: ALL },
  // Anything that leaves the business waits for an owner or manager (and the accountant for invoices).
  email_send: { approvers: ["owner", "manager"] },
  finance_issue_invoice: { approvers: ["owner", "manager", "accountant"] },
  marketing_schedule_post: { approvers: ["owner", "manager"] },
  tasks_create: { approvers: ["owner", "manager", "staff", "accountant"], ttlHours: 24 * 7 },
};

export type ActionDecision =
  | { kind: "run" }
  | { kind: "propose"; approverRoles: Role[]; ttlHours: number }
  | { kind: "forbidden"; message: string };

export interface DecisionInput {
  actor: "user" | "ai";
  role: Role;
  /** The session already read outside content (emails, tickets, documents). */
  untrusted: boolean;
}

export function decide(tool: AnyTool, { actor, role, untrusted }: DecisionInput): ActionDecision {
  if (tool.access === "read" || actor === "user") return { kind: "run" };
  const policy = ACTION_POLICY[tool.name] ?? {};
  if (policy.forbidden?.includes(role))
    return { kind: "forbidden", message: `The AI may not ${tool.name} for the ${role} role.` };
  if (!untrusted && policy.runsAtOnce?.includes(role)) return { kind: "run" };
  return {
    kind: "propose",
    approverRoles: [...approversOf(tool)],
    ttlHours: policy.ttlHours ?? DEFAULT_TTL_HOURS,
  };
}

export function approversOf(tool: AnyTool): readonly Role[] {
  return ACTION_POLICY[tool.name]?.approvers ?? PERMISSIONS[tool.module][tool.access];
}
