/**
 * One turn of the agent: the user's text in, a stream of events out. The model is called (streaming) with the
 * role's tools until it stops asking for tools; each tool_use runs through the registry as the user, with the
 * AI as actor. Model errors are thrown for the surface to show with `describeModelError`; tool errors go back
 * to the model as error results.
 */
import type {
  ContentBlock,
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages.js";
import type { Db } from "../db/client.js";
import type { Role } from "../db/schema/core.js";
import type { ActionCard } from "../tools/actions/card.js";
import type { Effects, Ref } from "../tools/define.js";
import type { Registry } from "../tools/registry.js";
import type { ModelClient } from "./model.js";
import { type AgentBusiness, dateLine, systemBlocks } from "./prompt.js";
import type { History } from "./threads.js";
import { FIND_TOOLS, type ToolSearchMode, ToolSelection } from "./tool-selection.js";

export const MAX_MODEL_CALLS = 8;
/** Tool results above this many characters are cut; ~3k tokens keeps a turn's context affordable. */
export const RESULT_MAX_CHARS = 12_000;

export interface TurnDeps {
  client: ModelClient;
  model: string;
  registry: Registry;
  db: Db;
  maxTokens?: number;
  /** Lets proposals compute exact previews (the email's sender); nothing is sent from a turn. */
  effects?: Effects;
  /** How the model reaches tools beyond the always-on set (see agent/tool-selection.ts); default "local". */
  toolSearch?: ToolSearchMode;
}

/** Who is asking, in which business; built by the surface from its own authentication. */
export interface TurnContext {
  businessId: string;
  userId: string;
  role: Role;
  business: AgentBusiness;
  now: Date;
  signal?: AbortSignal;
  /** Earlier messages of the thread (agent/threads.ts loadHistory), oldest first. */
  history?: History;
  /** The thread this turn belongs to: proposals are tied to it and their outcomes are reported there. */
  threadId?: string;
}

export interface ModelUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export type TurnEvent =
  | { type: "text"; delta: string }
  | { type: "tool_call"; name: string; input: unknown }
  | { type: "tool_result"; name: string; ok: boolean; error?: string }
  /** A side effect the AI asked for, now waiting for approval; surfaces render its card with approve/reject. */
  | { type: "proposal"; action: ActionCard }
  /** `usage` has one entry per model call, for logs and benchmarks. */
  | {
      type: "answer";
      text: string;
      refs: Ref[];
      usage: ModelUsage[];
      readUntrusted: boolean;
      proposals: ActionCard[];
    };

export async function* turn(deps: TurnDeps, ctx: TurnContext, text: string): AsyncGenerator<TurnEvent> {
  const tools = new ToolSelection(deps.registry, ctx.role, deps.toolSearch);
  const system = systemBlocks(ctx.business, ctx.role);
  // History goes after the cached prefix, so earlier turns never disturb the system + tools cache.
  const earlier = ctx.history?.summary
    ? [{ type: "text" as const, text: `Earlier in this conversation:\n${ctx.history.summary}` }]
    : [];
  const messages: MessageParam[] = [
    ...((ctx.history?.messages ?? []) as MessageParam[]),
    {
      role: "user",
      content: [
        ...earlier,
        { type: "text", text: dateLine(ctx.now, ctx.business.timezone) },
        { type: "text", text },
      ],
    },
  ];
  const refs = new Map<string, Ref>();
  const usage: ModelUsage[] = [];
  /** Set once a tool returned outside text; anything this turn proposes is then flagged for the approver. */
  let readUntrusted = false;
  const proposals: ActionCard[] = [];

  for (let call = 1; call <= MAX_MODEL_CALLS; call++) {
    const stream = deps.client.messages.stream(
      {
        model: deps.model,
        max_tokens: deps.maxTokens ?? 4096,
        system,
        tools: tools.apiTools(),
        messages,
      },
      ctx.signal ? { signal: ctx.signal } : undefined,
    );
    for await (const event of stream) {
      if (event.type === "content_block_delta" && event.delta.type === "text_delta")
        yield { type: "text", delta: event.delta.text };
    }
    const message = await stream.finalMessage();
    usage.push({
      input_tokens: message.usage.input_tokens,
      output_tokens: message.usage.output_tokens,
      cache_read_input_tokens: message.usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: message.usage.cache_creation_input_tokens ?? 0,
    });
    messages.push({ role: "assistant", content: message.content.flatMap(toParam) });
    const answer = textOf(message.content);

    // A long server-side step (tool search) paused the turn: send the conversation back to let it continue.
    if (message.stop_reason === "pause_turn" && call < MAX_MODEL_CALLS) continue;
    const uses = message.content.filter((b) => b.type === "tool_use");
    if (message.stop_reason !== "tool_use" || uses.length === 0) {
      yield { type: "answer", text: answer, refs: cited(answer, refs), usage, readUntrusted, proposals };
      return;
    }
    if (call === MAX_MODEL_CALLS) {
      const note = `(Stopped after ${MAX_MODEL_CALLS} model calls; ask a narrower question to go further.)`;
      const full = answer ? `${answer}\n\n${note}` : note;
      yield { type: "answer", text: full, refs: cited(full, refs), usage, readUntrusted, proposals };
      return;
    }

    const results: ToolResultBlockParam[] = [];
    for (const use of uses) {
      yield { type: "tool_call", name: use.name, input: use.input };
      const result = await runTool(deps, ctx, tools, use.name, use.input, readUntrusted);
      if (result.ok) for (const r of result.refs) refs.set(r.id, r);
      if (result.ok && result.untrusted) readUntrusted = true;
      if (result.ok && result.pending) {
        proposals.push(result.pending);
        yield { type: "proposal", action: result.pending };
      }
      yield result.ok
        ? { type: "tool_result", name: use.name, ok: true }
        : { type: "tool_result", name: use.name, ok: false, error: result.error };
      results.push({
        type: "tool_result",
        tool_use_id: use.id,
        content: result.content,
        ...(result.ok ? {} : { is_error: true }),
      });
    }
    messages.push({ role: "user", content: results });
  }
}

type ToolRun =
  | { ok: true; content: string; refs: Ref[]; untrusted?: boolean; pending?: ActionCard }
  | { ok: false; content: string; error: string };

/**
 * Outside text (emails, tickets, documents) reaches the model only inside this envelope, which the system
 * prompt defines as data: instructions found in it are never followed.
 */
export function quoteUntrusted(tool: string, json: string): string {
  return `<untrusted_data source="${tool}">\n${json.replaceAll("</untrusted_data>", "<\\/untrusted_data>")}\n</untrusted_data>`;
}

/** One tool_use: refused unless offered this turn and allowed for the role; otherwise run via the registry. */
async function runTool(
  deps: TurnDeps,
  ctx: TurnContext,
  tools: ToolSelection,
  name: string,
  input: unknown,
  readUntrusted: boolean,
): Promise<ToolRun> {
  if (!tools.offers(name) || (name !== FIND_TOOLS && !tools.tool(name))) {
    const error = `The tool ${name} is not available to you now.`;
    const hint = `Use only the tools in your list; call ${FIND_TOOLS} to find others this user's role may use.`;
    return { ok: false, error, content: JSON.stringify({ code: "not_offered", message: error, hint }) };
  }
  if (name === FIND_TOOLS) {
    const query = (input as { query?: unknown } | null)?.query;
    if (typeof query !== "string" || !query.trim()) {
      const error = "find_tools needs `query`: a few words about what you need.";
      return { ok: false, error, content: JSON.stringify({ code: "invalid_input", message: error }) };
    }
    return { ok: true, refs: [], content: JSON.stringify(tools.find(query)) };
  }
  const result = await deps.registry.call(
    {
      db: deps.db,
      businessId: ctx.businessId,
      userId: ctx.userId,
      now: ctx.now,
      actor: "ai",
      untrusted: readUntrusted,
      ...(ctx.threadId ? { threadId: ctx.threadId } : {}),
      ...(deps.effects ? { effects: deps.effects } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
    name,
    input,
  );
  if (!result.ok) return { ok: false, error: result.error.message, content: JSON.stringify(result.error) };
  if (result.pending) {
    const card = result.pending;
    return {
      ok: true,
      refs: [],
      pending: card,
      content: JSON.stringify({
        status: "waiting_for_approval",
        action_id: card.id,
        summary: card.summary,
        approver_roles: card.approverRoles,
        note: "Nothing has happened yet. Tell the user what you proposed and that it runs only when someone with one of these roles approves it in this conversation.",
      }),
    };
  }
  const content = truncate(JSON.stringify(result.output));
  const untrusted = deps.registry.get(name)?.untrusted === true;
  return {
    ok: true,
    refs: result.output.refs,
    untrusted,
    content: untrusted ? quoteUntrusted(name, content) : content,
  };
}

/** Cuts a long result and tells the model how to get less, rather than silently dropping data. */
export function truncate(json: string, max = RESULT_MAX_CHARS): string {
  if (json.length <= max) return json;
  return `${json.slice(0, max)}\n[truncated: this result has ${json.length} characters and only the first ${max} are shown. Narrow the filters, lower the limit, or page with the cursor.]`;
}

/**
 * The response blocks the next request must repeat: text, tool_use, and the server tool search's call and
 * result (they tell the API which deferred tools are loaded). This agent does not enable thinking.
 */
function toParam(block: ContentBlock): ContentBlockParam[] {
  if (block.type === "text") return [{ type: "text", text: block.text }];
  if (block.type === "tool_use")
    return [{ type: "tool_use", id: block.id, name: block.name, input: block.input }];
  if (block.type === "server_tool_use")
    return [{ type: "server_tool_use", id: block.id, name: block.name, input: block.input }];
  if (block.type === "tool_search_tool_result")
    return [{ type: "tool_search_tool_result", tool_use_id: block.tool_use_id, content: block.content }];
  return [];
}

function textOf(content: ContentBlock[]): string {
  return content
    .flatMap((b) => (b.type === "text" ? [b.text] : []))
    .join("")
    .trim();
}

/** The refs the answer mentions by id; all refs when it mentions none (the answer still rests on them). */
function cited(text: string, refs: Map<string, Ref>): Ref[] {
  const all = [...refs.values()];
  const mentioned = all.filter((r) => text.includes(r.id));
  return mentioned.length ? mentioned : all;
}
