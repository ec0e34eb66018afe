/**
 * Toolsets as github-mcp-server has them: one per module (core included). A session's tools are the registry's
 * tools filtered by the user's role, read-only mode and its toolsets — the same `registry.list` filter every
 * surface uses, so nothing here decides access on its own.
 */
import { InputError } from "../../db/errors.js";
import type { Role } from "../../db/schema/core.js";
import type { AnyTool } from "../../tools/define.js";
import { MODULES, type Module } from "../../tools/permissions.js";
import type { Registry } from "../../tools/registry.js";

export const TOOLSET_DESCRIPTIONS: Record<Module, string> = {
  core: "search across everything, business overview, period summary, tasks, tags and links",
  legal: "contracts, licenses, policies, compliance deadlines",
  finance: "invoices, bills, payments, transactions, accounts, budgets, cash and receivables reports",
  people: "employees, time off, training, hiring",
  people_private: "payroll and performance notes",
  operations: "products, inventory, suppliers, purchase orders, equipment, SOPs",
  sales: "customers, contacts, leads, deals, pipeline",
  marketing: "campaigns, social posts, content calendar",
  support: "tickets, customer feedback, response times",
  knowledge: "files and documents",
  strategy: "KPIs, goals, insights",
  admin: "integrations and the audit log",
};

/**
 * Parses a comma-separated toolset list (`finance,sales`); `all` or an empty value means no restriction
 * (undefined). Unknown names are refused with the list of valid ones.
 */
export function parseToolsets(value: string | readonly string[] | undefined | null): Module[] | undefined {
  if (value === undefined || value === null) return undefined;
  const names = (typeof value === "string" ? value.split(",") : [...value])
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || names.includes("all")) return undefined;
  const unknown = names.filter((n) => !MODULES.includes(n as Module));
  if (unknown.length) {
    throw new InputError("Unknown toolset", [
      { field: "toolsets", message: `${unknown.join(", ")} — expected some of all, ${MODULES.join(", ")}` },
    ]);
  }
  return MODULES.filter((m) => names.includes(m));
}

/**
 * The toolsets a session may use: the token's (all when it names none), narrowed by what the client asked for.
 * Asking for a toolset the token does not allow is an error, not a silent widening or dropping.
 */
export function resolveToolsets(
  token: readonly string[] | undefined,
  requested: readonly Module[] | undefined,
): Module[] {
  const granted = parseToolsets(token) ?? [...MODULES];
  if (!requested) return granted;
  const outside = requested.filter((m) => !granted.includes(m));
  if (outside.length) {
    throw new InputError("Toolset not allowed", [
      {
        field: "toolsets",
        message: `this token is limited to ${granted.join(", ")} (asked for ${outside.join(", ")})`,
      },
    ]);
  }
  return granted.filter((m) => requested.includes(m));
}

export interface ToolScope {
  role: Role;
  readOnly: boolean;
  toolsets: readonly Module[];
}

/** Registry tools the scope reaches: role ∩ read-only ∩ toolsets. */
export function scopedTools(registry: Registry, scope: ToolScope): AnyTool[] {
  return registry.list({ role: scope.role, readOnly: scope.readOnly, modules: scope.toolsets });
}

/** Toolsets with at least one tool in the scope, with their tool counts. */
export function toolsetSummary(
  tools: readonly AnyTool[],
): Array<{ name: Module; description: string; tools: number }> {
  const counts = new Map<Module, number>();
  for (const t of tools) counts.set(t.module, (counts.get(t.module) ?? 0) + 1);
  return MODULES.filter((m) => counts.has(m)).map((m) => ({
    name: m,
    description: TOOLSET_DESCRIPTIONS[m],
    tools: counts.get(m)!,
  }));
}
