/**
 * One MCP server per session (a stdio process or one Streamable HTTP session), speaking for the user and business
 * of an API token. It offers every registry tool that user's role may use — narrowed by read-only mode and
 * toolsets, or grown on demand in dynamic mode — plus the approval tools, record resources and prompts.
 *
 * Tools are served through the SDK's low-level handlers on `McpServer.server` rather than `registerTool`: their
 * schemas are the registry's, rendered once by tools/describe.ts; the registry validates input itself (with
 * messages naming the field); and a write may come back as a pending action, which the output schema allows.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import type { TokenAuth } from "../../db/queries/tokens.js";
import type { Logger } from "../../log.js";
import type { AnyTool, Effects } from "../../tools/define.js";
import { formatZodIssues } from "../../tools/errors.js";
import { allowed, MODULES, type Module } from "../../tools/permissions.js";
import type { CallResult, Registry } from "../../tools/registry.js";
import { searchTools } from "../../tools/tool-search.js";
import { approvalTools, type NativeTool, pendingLine } from "./approvals.js";
import { annotationsFor, errorResult, mcpTool, okResult, sessionToolDefinition } from "./render.js";
import { registerPrompts, registerRecordResource } from "./resources.js";
import { resolveToolsets, scopedTools, TOOLSET_DESCRIPTIONS, toolsetSummary } from "./toolsets.js";

/** The part of the action worker a session uses (jobs/action-worker.ts). */
export interface ActionRunner {
  wake(): void;
  drain(): Promise<void>;
}

export interface McpSessionOptions {
  db: Db;
  registry: Registry;
  /** Who the session speaks for: from `authenticateToken`. */
  auth: TokenAuth;
  /** Toolsets the client asked for; narrows the token's. In dynamic mode: those enabled at the start. */
  toolsets?: readonly Module[];
  /** Read-only wins over everything: no tool that changes data is listed, callable or enabled later. */
  readOnly?: boolean;
  /** Start with discovery tools only (list_toolsets, enable_toolset, find_tools) and grow on request. */
  dynamic?: boolean;
  worker: ActionRunner;
  logger?: Logger;
  effects?: Effects;
  appRole?: string;
  version?: string;
}

/** What the session's tools, resources and prompts share. */
export interface SessionContext {
  db: Db;
  auth: TokenAuth;
  readOnly: boolean;
  worker: ActionRunner;
  logger?: Logger;
  appRole?: string;
  server: McpServer;
  /** Calls a registry tool as this session (the AI acting for the token's user). */
  call(tool: AnyTool, input: unknown, signal?: AbortSignal): Promise<CallResult>;
}

const FIND_MAX = 10;

const toolsCallEnvelope = z.object({ method: z.literal("tools/call"), params: z.unknown().optional() });

export function createMcpServer(o: McpSessionOptions): McpServer {
  const readOnly = Boolean(o.readOnly || o.auth.readOnly);
  const dynamic = Boolean(o.dynamic);
  const { role } = o.auth;
  /** Toolsets this session may ever use; in static mode all of them are on. */
  const granted = resolveToolsets(o.auth.toolsets, dynamic ? undefined : o.toolsets);
  const enabled = new Set<Module>(
    dynamic ? (o.toolsets ? resolveToolsets(o.auth.toolsets, o.toolsets) : []) : granted,
  );
  const reachableTools = scopedTools(o.registry, { role, readOnly, toolsets: granted });
  const reachableByName = new Map(reachableTools.map((t) => [t.name, t]));
  const logger = o.logger?.child({ mcpToken: o.auth.tokenId });
  let untrusted = false;

  const mcp = new McpServer(
    { name: "omnibusiness", title: "OmniBusiness", version: o.version ?? "0.0.0" },
    { instructions: instructions(role, readOnly, dynamic) },
  );
  mcp.server.registerCapabilities({ tools: { listChanged: true } });

  const s: SessionContext = {
    db: o.db,
    auth: o.auth,
    readOnly,
    worker: o.worker,
    logger,
    appRole: o.appRole,
    server: mcp,
    async call(tool, input, signal) {
      const r = await o.registry.call(
        {
          db: o.db,
          businessId: o.auth.businessId,
          userId: o.auth.userId,
          logger,
          signal,
          readOnly,
          actor: "ai",
          untrusted,
          effects: o.effects,
          appRole: o.appRole,
        },
        tool.name,
        input,
      );
      // Outside text (emails, tickets, documents) has now reached the client's model: later proposals are flagged.
      if (r.ok && tool.untrusted) untrusted = true;
      return r;
    },
  };

  const offered = (name: string): AnyTool | undefined => {
    const t = reachableByName.get(name);
    return t && enabled.has(t.module) ? t : undefined;
  };

  const native: NativeTool[] = [...(dynamic ? discoveryTools() : []), ...(readOnly ? [] : approvalTools(s))];
  const nativeByName = new Map(native.map((t) => [t.name, t]));
  const nativeDefs = native.map(sessionToolDefinition);

  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...nativeDefs, ...reachableTools.filter((t) => enabled.has(t.module)).map(mcpTool)] as Tool[],
  }));

  // Registered with a loose envelope so that malformed params reach the SDK's own tools/call check and come back
  // as Invalid params (-32602) rather than an internal error.
  mcp.server.setRequestHandler(toolsCallEnvelope, async (raw, extra): Promise<CallToolResult> => {
    const { name, arguments: given } = CallToolRequestSchema.parse(raw).params;
    const args = given ?? {};
    const started = performance.now();
    const nt = nativeByName.get(name);
    if (nt) {
      try {
        return await nt.run(args, extra);
      } catch (err) {
        if (err instanceof z.ZodError) {
          return errorResult({
            code: "invalid_input",
            message: `Invalid input for ${name}`,
            issues: formatZodIssues(err),
          });
        }
        logger?.error({ err, tool: name }, "mcp tool failed");
        return errorResult({
          code: "internal",
          message: `${name} failed unexpectedly; the error was logged.`,
        });
      } finally {
        logger?.debug({ tool: name, ms: Math.round(performance.now() - started) }, "mcp tool call");
      }
    }
    const tool = offered(name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, await whyNotOffered(name));
    const r = await s.call(tool, args, extra.signal);
    logger?.debug({ tool: name, ms: Math.round(performance.now() - started), ok: r.ok }, "mcp tool call");
    if (!r.ok) return errorResult(r.error);
    if (r.pending) return okResult(r.output, pendingLine(r.pending, role));
    return okResult(r.output);
  });

  registerRecordResource(mcp, s, (n) => reachableByName.get(n));
  registerPrompts(mcp, (n) => reachableByName.get(n));
  return mcp;

  /** Why a name is not callable here, as a protocol error message (the tool is not in this session's list). */
  async function whyNotOffered(name: string): Promise<string> {
    const t = o.registry.get(name);
    if (!t) {
      const r = await o.registry.call(
        { db: o.db, businessId: o.auth.businessId, userId: o.auth.userId },
        name,
        {},
      );
      return r.ok ? `Unknown tool ${name}` : [r.error.message, r.error.hint].filter(Boolean).join(" ");
    }
    if (readOnly && t.access !== "read") return `${name} changes data, and this session is read-only.`;
    if (!allowed(role, t.module, t.access))
      return `The ${role} role may not use ${name} (${t.module.replace("_", " ")} ${t.access}).`;
    if (!granted.includes(t.module))
      return `${name} is in the ${t.module} toolset, which this session does not include (${granted.join(", ") || "none"}).`;
    return `${name} is in the ${t.module} toolset, which is not enabled yet: call enable_toolset with {"toolset":"${t.module}"} first.`;
  }

  function discoveryTools(): NativeTool[] {
    const available = toolsetSummary(reachableTools);
    const names = available.map((a) => a.name);
    const toolsetEnum = z.enum(names.length ? (names as [Module, ...Module[]]) : (["core"] as [Module]));
    const enableInput = z.strictObject({
      toolset: toolsetEnum.describe(
        `one of: ${names.map((n) => `${n} (${TOOLSET_DESCRIPTIONS[n]})`).join("; ")}`,
      ),
    });
    const findInput = z.strictObject({
      query: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .describe("a few words about the records or the action you need"),
      limit: z.number().int().min(1).max(25).default(FIND_MAX).describe("how many tools (default 10)"),
    });
    const toolsetRow = z.object({
      name: z.string(),
      description: z.string(),
      tools: z.number().int(),
      enabled: z.boolean(),
    });
    return [
      {
        name: "list_toolsets",
        title: "List toolsets",
        description:
          "The groups of tools (one per part of the business) this session may enable, with how many tools each has and whether it is on. Turn one on with enable_toolset.",
        input: z.strictObject({}),
        output: z.object({ toolsets: z.array(toolsetRow) }),
        annotations: annotationsFor("read"),
        async run() {
          return okResult({ toolsets: available.map((a) => ({ ...a, enabled: enabled.has(a.name) })) });
        },
      },
      {
        name: "enable_toolset",
        title: "Enable a toolset",
        description:
          "Turn on one toolset so its tools appear in your tool list (the list-changed notification follows). Find the right one with list_toolsets or find_tools.",
        input: enableInput,
        output: z.object({ toolset: z.string(), enabled: z.boolean(), tools: z.array(z.string()) }),
        annotations: { ...annotationsFor("read"), idempotentHint: true },
        async run(raw) {
          const { toolset } = enableInput.parse(raw);
          const was = enabled.has(toolset);
          enabled.add(toolset);
          const tools = reachableTools.filter((t) => t.module === toolset).map((t) => t.name);
          if (!was) await mcp.server.sendToolListChanged();
          return okResult(
            { toolset, enabled: true, tools },
            was ? `${toolset} was already enabled.` : `Enabled ${toolset}: ${tools.length} tools.`,
          );
        },
      },
      {
        name: "find_tools",
        title: "Find tools",
        description:
          "Search every tool this session may use (enabled or not) by what it does, e.g. 'overdue invoices', 'low stock'. Returns names, toolsets and descriptions; enable the toolset to call one.",
        input: findInput,
        output: z.object({
          tools: z.array(
            z.object({
              name: z.string(),
              toolset: z.string(),
              title: z.string(),
              description: z.string(),
              enabled: z.boolean(),
            }),
          ),
        }),
        annotations: annotationsFor("read"),
        async run(raw) {
          const { query, limit } = findInput.parse(raw);
          const hits = searchTools(reachableTools, query, limit).map((t) => ({
            name: t.name,
            toolset: t.module,
            title: t.title,
            description: t.description,
            enabled: enabled.has(t.module),
          }));
          const off = [...new Set(hits.filter((h) => !h.enabled).map((h) => h.toolset))];
          return okResult(
            { tools: hits },
            hits.length === 0
              ? "No tool matched; try other words, or the data may be outside this session's role or toolsets."
              : off.length
                ? `Enable ${off.join(", ")} with enable_toolset to call the tools found there.`
                : undefined,
          );
        },
      },
    ];
  }
}

function instructions(role: string, readOnly: boolean, dynamic: boolean): string {
  return [
    `OmniBusiness: the records of one small business (finance, sales, people, operations, marketing, support, legal, documents, KPIs), as a ${role}.`,
    "Read tools answer at once; cite the record ids in their refs (read any of them as omni://records/<id>).",
    readOnly
      ? "This session is read-only: nothing can be changed."
      : "Tools that change data or reach outside (email, posts, payments) do not act: they return a pending action with an exact preview. Show it to the user; approve_action runs it once someone with an approver role agrees, reject_action drops it, list_pending_actions shows what waits.",
    dynamic
      ? `Start with list_toolsets or find_tools, then enable_toolset to get the tools you need (toolsets: ${MODULES.join(", ")}).`
      : "Start broad with business_overview or search, then narrow with the module tools.",
  ].join(" ");
}
