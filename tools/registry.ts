/**
 * The registry is the one door to the data. `call` runs the pipeline every surface shares:
 * find → validate input → check the caller's role → one tenant-scoped transaction → audit writes →
 * validate output. Refusals and bad input come back as ToolError results; nothing is half-written.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { appendEvent } from "../db/audit.js";
import { type Db, queryRows } from "../db/client.js";
import { ConflictError, describeDbError, InputError, NotFoundError } from "../db/errors.js";
import { isId } from "../db/ids.js";
import type { Role } from "../db/schema/core.js";
import { withBusiness } from "../db/tenancy.js";
import type { Logger } from "../log.js";
import type { ActionCard } from "./actions/card.js";
import { decide } from "./actions/policy.js";
import { propose } from "./actions/propose.js";
import type { Access, AnyTool, BusinessInfo, Effects, Ref, ToolContext, UserInfo } from "./define.js";
import { formatZodIssues, ToolEffectError, type ToolError, ToolInputError, ToolNotFound } from "./errors.js";
import { allowed, type Module } from "./permissions.js";

/** Who is calling, for which business; built by each surface from its own authentication. */
export interface CallEnv {
  db: Db;
  businessId: string;
  userId: string;
  logger?: Logger;
  now?: Date;
  signal?: AbortSignal;
  /** Read-only sessions (MCP --read-only, tokens) may not call write or external tools. */
  readOnly?: boolean;
  /** Who is acting, for the audit log: the user directly, or the AI on the user's behalf. */
  actor?: "user" | "ai";
  appRole?: string;
  /** The session already read outside content: anything the AI proposes now is flagged for the approver. */
  untrusted?: boolean;
  /** The conversation a proposal belongs to, so its outcome can be reported there. */
  threadId?: string;
  effects?: Effects;
  /**
   * Set only by the action executor: this AI call was approved, so it runs instead of being proposed, and
   * `afterRun` records the outcome in the same transaction as the tool's own writes.
   */
  approved?: {
    actionId: string;
    pinned?: Record<string, unknown>;
    afterRun(tx: Db, output: Record<string, unknown>): Promise<void>;
  };
}

export type CallResult =
  /** `pending` is set when the call was proposed for approval instead of run; output then holds the card. */
  | { ok: true; output: Record<string, unknown> & { refs: Ref[] }; pending?: ActionCard }
  | { ok: false; error: ToolError };

export interface ToolFilter {
  role?: Role;
  module?: Module;
  readOnly?: boolean;
  modules?: readonly Module[];
}

class Refusal extends Error {
  constructor(readonly error: ToolError) {
    super(error.message);
  }
}

export class Registry {
  private readonly byName = new Map<string, AnyTool>();

  constructor(readonly tools: readonly AnyTool[]) {
    for (const t of tools) {
      if (this.byName.has(t.name)) throw new Error(`Duplicate tool name ${t.name}`);
      this.byName.set(t.name, t);
    }
  }

  get(name: string): AnyTool | undefined {
    return this.byName.get(name);
  }

  /** Tools visible to a role / module / read-only session; read-only is a filter on access, not a second list. */
  list(filter: ToolFilter = {}): AnyTool[] {
    return this.tools.filter(
      (t) =>
        (filter.role === undefined || allowed(filter.role, t.module, t.access)) &&
        (filter.module === undefined || t.module === filter.module) &&
        (filter.modules === undefined || filter.modules.includes(t.module)) &&
        (!filter.readOnly || t.access === "read"),
    );
  }

  async call(env: CallEnv, name: string, rawInput: unknown): Promise<CallResult> {
    const tool = this.byName.get(name);
    if (!tool) return { ok: false, error: unknownTool(name, [...this.byName.keys()]) };
    const parsed = tool.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: "invalid_input",
          message: `Invalid input for ${name}`,
          issues: formatZodIssues(parsed.error),
          hint: "Fix the fields listed and call again; the tool's input schema lists every field.",
        },
      };
    }
    if (env.readOnly && tool.access !== "read") {
      return {
        ok: false,
        error: { code: "read_only", message: `${name} changes data, and this session is read-only.` },
      };
    }
    if (!isId(env.businessId, "biz") || !isId(env.userId, "usr")) {
      return { ok: false, error: { code: "forbidden", message: "Unknown business or user." } };
    }
    try {
      let pending: ActionCard | undefined;
      const output = await withBusiness(
        env.db,
        { businessId: env.businessId, userId: env.userId, appRole: env.appRole },
        async (tx) => {
          const ctx = await loadContext(tx, env);
          if (!allowed(ctx.role, tool.module, tool.access)) throw new Refusal(forbidden(tool, ctx.role));
          const actor = env.actor ?? "user";
          const decision = env.approved
            ? ({ kind: "run" } as const)
            : decide(tool, { actor, role: ctx.role, untrusted: env.untrusted ?? false });
          if (decision.kind === "forbidden")
            throw new Refusal({ code: "forbidden", message: decision.message });
          if (decision.kind === "propose") {
            pending = await propose(
              ctx,
              tool,
              rawInput ?? {},
              {
                approverRoles: decision.approverRoles,
                ttlHours: decision.ttlHours,
                threadId: env.threadId,
                untrusted: env.untrusted ?? false,
              },
              parsed.data,
            );
            return {
              pending_action: pending,
              refs: [{ type: "ai_action", id: pending.id, label: pending.summary }],
            };
          }
          const result = await tool.run(ctx, parsed.data);
          const checked = tool.output.safeParse(result);
          if (!checked.success) {
            throw new Error(
              `Tool ${name} produced output that fails its schema: ${formatZodIssues(checked.error).join("; ")}`,
            );
          }
          const out = checked.data as Record<string, unknown> & { refs: Ref[] };
          if (tool.access !== "read") await audit(tx, env, tool, rawInput, out.refs);
          await env.approved?.afterRun(tx, out);
          return out;
        },
      );
      return pending ? { ok: true, output, pending } : { ok: true, output };
    } catch (err) {
      const error = toToolError(err, tool.name);
      if (error.code === "internal") env.logger?.error({ err, tool: name }, "tool failed");
      return { ok: false, error };
    }
  }
}

async function loadContext(tx: Db, env: CallEnv): Promise<ToolContext> {
  const [row] = await queryRows<{
    role: Role;
    business_name: string;
    slug: string;
    currency: string;
    timezone: string;
    user_name: string;
    email: string;
  }>(
    tx,
    sql`select m.role, b.name as business_name, b.slug, b.currency, b.timezone, u.name as user_name, u.email
        from memberships m join businesses b on b.id = m.business_id join users u on u.id = m.user_id
        where m.business_id = ${env.businessId} and m.user_id = ${env.userId} and u.disabled_at is null`,
  );
  if (!row) throw new Refusal({ code: "forbidden", message: "You are not a member of this business." });
  const business: BusinessInfo = {
    id: env.businessId,
    name: row.business_name,
    slug: row.slug,
    currency: row.currency,
    timezone: row.timezone,
  };
  const user: UserInfo = { id: env.userId, name: row.user_name, email: row.email };
  return {
    db: tx,
    business,
    user,
    role: row.role,
    logger: env.logger,
    now: env.now ?? new Date(),
    signal: env.signal,
    effects: env.effects,
    pinned: env.approved?.pinned,
  };
}

async function audit(tx: Db, env: CallEnv, tool: AnyTool, input: unknown, refs: Ref[]) {
  const first = refs[0];
  await appendEvent(tx, env.businessId, {
    actorType: env.actor ?? "user",
    actorId: env.userId,
    action: `tool.${tool.name}`,
    tool: tool.name,
    entityType: first?.type ?? null,
    entityId: first?.id ?? null,
    input,
    data: {
      refs: refs.slice(0, 20).map((r) => r.id),
      ...(env.approved ? { actionId: env.approved.actionId } : {}),
    },
  });
}

function forbidden(tool: AnyTool, role: Role): ToolError {
  const verb: Record<Access, string> = { read: "read", write: "change", external: "act on" };
  return {
    code: "forbidden",
    message: `The ${role} role may not ${verb[tool.access]} ${tool.module.replace("_", " ")} data (${tool.name}).`,
    hint: "Ask an owner or manager, or ask them to change your role.",
  };
}

function unknownTool(name: string, names: string[]): ToolError {
  const close = names
    .map((n) => ({ n, d: distance(n, name) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.n);
  return {
    code: "unknown_tool",
    message: `There is no tool named ${JSON.stringify(name)}.`,
    hint: `Did you mean ${close.join(", ")}? List tools with find_tools or \`omni tools\`.`,
  };
}

function toToolError(err: unknown, tool: string): ToolError {
  if (err instanceof Refusal) return err.error;
  if (err instanceof ToolNotFound || err instanceof NotFoundError) {
    return {
      code: "not_found",
      message: err.message,
      hint: "Check the id; find ids with the matching _list tool or search.",
    };
  }
  if (err instanceof ToolEffectError) return { code: "effect_failed", message: err.message };
  if (err instanceof ToolInputError)
    return { code: "invalid_input", message: err.message, issues: err.issues };
  if (err instanceof InputError) {
    return {
      code: "invalid_input",
      message: err.message,
      issues: err.issues.map((i) => `${i.field}: ${i.message}`),
    };
  }
  if (err instanceof ConflictError) return { code: "conflict", message: err.message };
  if (err instanceof z.ZodError)
    return { code: "invalid_input", message: `Invalid input for ${tool}`, issues: formatZodIssues(err) };
  const db = describeDbError(err);
  if (db instanceof ConflictError) return { code: "conflict", message: db.message };
  if (db)
    return {
      code: "invalid_input",
      message: db.message,
      issues: db.issues.map((i) => `${i.field}: ${i.message}`),
    };
  return { code: "internal", message: `${tool} failed unexpectedly; the error was logged.` };
}

/** Levenshtein distance, for "did you mean" on unknown tool names. */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
