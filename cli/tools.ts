/** `omni tools` (what the registry offers a role) and `omni call` (run one tool as a user of a business). */

import { InputError } from "../db/errors.js";
import { findBusiness } from "../db/queries/businesses.js";
import { findUser, getMembership } from "../db/queries/users.js";
import { ROLES, type Role } from "../db/schema/core.js";
import { estimateTokens, toolDefinition } from "../tools/describe.js";
import { errorText } from "../tools/errors.js";
import { registry } from "../tools/index.js";
import { MODULES, type Module } from "../tools/permissions.js";
import { withContext } from "./context.js";

export interface ToolsOptions {
  role?: string;
  module?: string;
  json?: boolean;
  stats?: boolean;
}

export function listTools(opts: ToolsOptions): void {
  if (opts.role && !ROLES.includes(opts.role as Role)) {
    throw new InputError("Invalid option", [
      { field: "--role", message: `must be one of ${ROLES.join(", ")}` },
    ]);
  }
  if (opts.module && !MODULES.includes(opts.module as Module)) {
    throw new InputError("Invalid option", [
      { field: "--module", message: `must be one of ${MODULES.join(", ")}` },
    ]);
  }
  const tools = registry.list({
    role: opts.role as Role | undefined,
    module: opts.module as Module | undefined,
  });
  if (opts.stats) {
    const byModule: Record<string, { tools: number; tokens: number }> = {};
    let tokens = 0;
    for (const t of tools) {
      const n = estimateTokens(t);
      tokens += n;
      const m = byModule[t.module] ?? { tools: 0, tokens: 0 };
      byModule[t.module] = m;
      m.tools++;
      m.tokens += n;
    }
    const stats = { tools: tools.length, estimatedTokens: tokens, byModule };
    console.log(opts.json ? JSON.stringify(stats, null, 2) : formatStats(stats));
    return;
  }
  if (opts.json) {
    console.log(JSON.stringify(tools.map(toolDefinition), null, 2));
    return;
  }
  for (const t of tools)
    console.log(`${t.name.padEnd(34)} ${t.access.padEnd(8)} ${t.module.padEnd(14)} ${t.title}`);
  console.log(`\n${tools.length} tools`);
}

function formatStats(s: {
  tools: number;
  estimatedTokens: number;
  byModule: Record<string, { tools: number; tokens: number }>;
}) {
  const lines = Object.entries(s.byModule).map(
    ([m, v]) => `  ${m.padEnd(16)} ${String(v.tools).padStart(4)} tools  ~${v.tokens} tokens`,
  );
  return [
    `${s.tools} tools, ~${s.estimatedTokens} tokens of definitions (≈4 characters a token)`,
    ...lines,
  ].join("\n");
}

export async function callTool(
  name: string,
  opts: { business: string; user: string; input?: string; readOnly?: boolean },
) {
  let input: unknown = {};
  if (opts.input) {
    try {
      input = JSON.parse(opts.input);
    } catch (err) {
      throw new InputError("Invalid --input", [
        { field: "--input", message: `must be JSON: ${(err as Error).message}` },
      ]);
    }
  }
  await withContext(async ({ handle, logger }) => {
    const business = await findBusiness(handle.db, opts.business);
    const user = await findUser(handle.db, opts.user);
    if (!(await getMembership(handle.db, business.id, user.id))) {
      throw new InputError("Not a member", [
        { field: "--user", message: `${user.email} is not a member of ${business.slug}` },
      ]);
    }
    const result = await registry.call(
      { db: handle.db, businessId: business.id, userId: user.id, logger, readOnly: opts.readOnly },
      name,
      input,
    );
    if (result.ok) console.log(JSON.stringify(result.output, null, 2));
    else {
      console.error(`error (${result.error.code}): ${errorText(result.error)}`);
      process.exitCode = 2;
    }
  });
}
