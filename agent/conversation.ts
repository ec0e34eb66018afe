/**
 * One exchange in a surface's conversation: the thread for (surface, key) is opened, its history loaded, the
 * turn streamed to the caller, and the question and answer stored once the answer is complete. Every chat
 * surface (terminal, Slack, Discord, web ask bar, MCP) goes through here so threads behave the same everywhere.
 */
import type { Role } from "../db/schema/core.js";
import type { AgentModel } from "./model.js";
import type { AgentBusiness } from "./prompt.js";
import { appendMessage, loadHistory, openThread, type ThreadSurface } from "./threads.js";
import { type TurnDeps, type TurnEvent, turn } from "./turn.js";

/** What a turn needs from a surface's model and runtime (effects only let previews name the sender). */
export function turnDeps(model: AgentModel, base: Pick<TurnDeps, "registry" | "db" | "effects">): TurnDeps {
  return {
    client: model.client,
    model: model.name,
    registry: base.registry,
    db: base.db,
    ...(base.effects ? { effects: base.effects } : {}),
    ...(model.toolSearch ? { toolSearch: model.toolSearch } : {}),
  };
}

export interface ConversationWho {
  businessId: string;
  userId: string;
  role: Role;
  business: AgentBusiness;
}

export interface ConversationPlace {
  surface: ThreadSurface;
  /** The surface's own key: Slack `channel:thread_ts`, Discord channel or thread id, `cli:<user>`… */
  surfaceKey: string;
  title?: string;
}

/** Streams the turn's events; the thread id comes first so the caller can tie proposals and posts to it. */
export async function* converse(
  deps: TurnDeps,
  who: ConversationWho,
  place: ConversationPlace,
  text: string,
  opts: { now?: Date; signal?: AbortSignal } = {},
): AsyncGenerator<TurnEvent | { type: "thread"; threadId: string }> {
  const db = deps.db;
  const thread = await openThread(db, {
    businessId: who.businessId,
    userId: who.userId,
    surface: place.surface,
    surfaceKey: place.surfaceKey,
    title: place.title ?? text.slice(0, 80),
  });
  yield { type: "thread", threadId: thread.id };
  const history = await loadHistory(db, who.businessId, thread.id);
  for await (const event of turn(
    deps,
    {
      businessId: who.businessId,
      userId: who.userId,
      role: who.role,
      business: who.business,
      now: opts.now ?? new Date(),
      history,
      threadId: thread.id,
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
    text,
  )) {
    if (event.type === "answer") {
      await appendMessage(db, who.businessId, {
        threadId: thread.id,
        role: "user",
        userId: who.userId,
        content: text,
        text,
      });
      await appendMessage(db, who.businessId, {
        threadId: thread.id,
        role: "assistant",
        content: event.text,
        text: event.text,
        refs: event.refs,
        inputTokens: event.usage.reduce((s, u) => s + u.input_tokens, 0),
        outputTokens: event.usage.reduce((s, u) => s + u.output_tokens, 0),
      });
    }
    yield event;
  }
}
