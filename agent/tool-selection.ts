/**
 * Which tools the model sees. Never all ~300 at once: a small always-on set the role may use, and the rest by
 * search. Two ways to search, same reach:
 * - "server": Anthropic's tool search — the role's other tools are sent with `defer_loading`, and the API's
 *   BM25 search tool loads the ones the model looks for (only on Anthropic's own API);
 * - "local": our `find_tools` meta-tool searches the role's other tools and adds what it finds for the rest of
 *   the turn (works with any Messages-compatible endpoint).
 * A tool the role may not use is never sent, never found and never run.
 */
import type { Tool, ToolSearchToolBm25_20251119 } from "@anthropic-ai/sdk/resources/messages/messages.js";
import type { Role } from "../db/schema/core.js";
import type { AnyTool } from "../tools/define.js";
import { toolDefinition } from "../tools/describe.js";
import type { Registry } from "../tools/registry.js";
import { searchTools } from "../tools/tool-search.js";

/** Offered on every turn (when the role may use them): enough to start broad and then narrow. */
export const ALWAYS_ON = ["search", "business_overview", "period_summary"] as const;

export const FIND_TOOLS = "find_tools";
export type ToolSearchMode = "server" | "local";

/** Anthropic's server-side tool search over the deferred tools. */
const serverSearchTool: ToolSearchToolBm25_20251119 = {
  type: "tool_search_tool_bm25_20251119",
  name: "tool_search_tool_bm25",
};
export const FIND_TOOLS_MAX = 8;

/** The meta-tool as the API sees it; a constant so its bytes never change between turns. */
const findToolsTool: Tool = {
  name: FIND_TOOLS,
  description:
    "Find more tools by what they do, e.g. 'overdue invoices', 'employee leave', 'create a task'. Returns up to 8 tool names with descriptions; the tools found can be called from your next step on.",
  input_schema: {
    type: "object",
    properties: {
      query: { type: "string", description: "a few words about the records or the action you need" },
    },
    required: ["query"],
    additionalProperties: false,
  },
};

/** A registry tool in the API's shape: name, description and the JSON Schema of its input. */
export function apiTool(tool: AnyTool): Tool {
  const d = toolDefinition(tool);
  return { name: d.name, description: d.description, input_schema: d.inputSchema as Tool["input_schema"] };
}

/** The tool set of one turn: grows as find_tools finds tools, never beyond what the role may use. */
export class ToolSelection {
  /** Every tool the role may use, by name. */
  private readonly allowedTools: Map<string, AnyTool>;
  private readonly base: string[];
  private readonly found = new Set<string>();

  constructor(
    registry: Registry,
    role: Role,
    readonly mode: ToolSearchMode = "local",
  ) {
    this.allowedTools = new Map(registry.list({ role }).map((t) => [t.name, t]));
    this.base = ALWAYS_ON.filter((n) => this.allowedTools.has(n));
  }

  /**
   * True when the model may call `name` now. Local: the meta-tool, an always-on tool, or one it has found.
   * Server: any tool of the role (the API only lets the model call deferred tools its search loaded).
   */
  offers(name: string): boolean {
    if (this.mode === "server") return this.allowedTools.has(name);
    return name === FIND_TOOLS || this.base.includes(name) || this.found.has(name);
  }

  /** A registry tool the role may use (undefined for the meta-tool and anything else). */
  tool(name: string): AnyTool | undefined {
    return this.allowedTools.get(name);
  }

  /**
   * Tools for the API: the always-on set and find_tools sorted by name, then found tools sorted by name.
   * The cache breakpoint sits on the last tool of the fixed part, so the prefix stays byte-identical across
   * turns and still hits on later calls of a turn after find_tools has appended tools behind it.
   */
  apiTools(): Array<Tool | ToolSearchToolBm25_20251119> {
    if (this.mode === "server") return this.serverTools();
    const fixed = [...this.base.map((n) => apiTool(this.allowedTools.get(n)!)), findToolsTool].sort(byName);
    fixed[fixed.length - 1] = { ...fixed.at(-1)!, cache_control: { type: "ephemeral" } };
    const extra = [...this.found]
      .sort()
      .map((n) => apiTool(this.allowedTools.get(n)!))
      .sort(byName);
    return [...fixed, ...extra];
  }

  /**
   * Server mode: the always-on tools and the search tool, then every other tool of the role deferred, all by
   * name. The list is the same on every call, so the cache breakpoint on its last tool covers all of it.
   */
  private serverTools(): Array<Tool | ToolSearchToolBm25_20251119> {
    const deferred = [...this.allowedTools.values()]
      .filter((t) => !this.base.includes(t.name))
      .map((t): Tool => ({ ...apiTool(t), defer_loading: true }))
      .sort(byName);
    const fixed = this.base.map((n) => apiTool(this.allowedTools.get(n)!)).sort(byName);
    const all: Array<Tool | ToolSearchToolBm25_20251119> = [...fixed, serverSearchTool, ...deferred];
    all[all.length - 1] = { ...all.at(-1)!, cache_control: { type: "ephemeral" } };
    return all;
  }

  /** Runs find_tools: searches the role's other tools (tools/tool-search.ts); adds the hits. */
  find(query: string): { tools: Array<{ name: string; description: string }>; hint?: string } {
    const others = [...this.allowedTools.values()].filter((t) => !this.base.includes(t.name));
    const scored = searchTools(others, query, FIND_TOOLS_MAX);
    for (const t of scored) this.found.add(t.name);
    const tools = scored.map((t) => ({ name: t.name, description: t.description }));
    return tools.length
      ? { tools }
      : { tools, hint: "No tool matched; try other words, or the data may be outside this role's access." };
  }
}

const byName = (a: Tool, b: Tool) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
