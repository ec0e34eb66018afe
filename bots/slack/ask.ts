/**
 * One question from Slack answered: through `converse` (thread memory, tools, proposals) when a model is
 * configured, else command mode, written as it comes (writer.ts), then one approval card per proposed action.
 * The place is a message thread, or — where the app may not post (a channel it is not in, an ephemeral brief)
 * — the asker's `respond()`, which shows the answer only to them.
 */
import type { RespondFn } from "@slack/bolt";
import { answerInCommandMode } from "../../agent/command-mode.js";
import { converse, turnDeps } from "../../agent/conversation.js";
import { describeModelError } from "../../agent/model.js";
import type { ActionCard } from "../../tools/actions/index.js";
import type { Ref } from "../../tools/define.js";
import { postCard } from "./approvals.js";
import { type BotContext, slackError, type WebClient } from "./context.js";
import type { SlackWho } from "./identity.js";
import { answerMessages, cardBlocks, cardText, escapeText } from "./render.js";
import { type AnswerWriter, openWriter, type ReplyTarget } from "./writer.js";

export type AskPlace = { kind: "thread"; target: ReplyTarget } | { kind: "ephemeral"; respond: RespondFn };

export interface AskRequest {
  who: SlackWho;
  place: AskPlace;
  /** The conversation's key: `${channel}:${thread_ts}` for threads, `${channel}` for a DM's top level. */
  surfaceKey: string;
  text: string;
}

export async function ask(ctx: BotContext, client: WebClient, req: AskRequest): Promise<void> {
  const { deps } = ctx;
  const { who, place } = req;
  const link = ctx.link(who.business.slug);
  const log = ctx.logger.child({ team: who.teamId, user: who.userId, key: req.surfaceKey });
  const writer =
    place.kind === "thread"
      ? openWriter(place.target, {
          client,
          logger: log,
          link,
          stream: !!deps.model && deps.streaming !== false && !ctx.noStreaming.has(who.teamId),
          intervalMs: deps.updateIntervalMs ?? 1_500,
          onStreamRefused: () => ctx.noStreaming.add(who.teamId),
        })
      : respondWriter(place.respond, link);
  try {
    await writer.start();
  } catch (err) {
    log.warn({ err: slackError(err) }, "slack: cannot post the answer");
    return;
  }
  const proposals: ActionCard[] = [];
  if (ctx.turns.full) await writer.status("Waiting for a free moment…");
  await ctx.turns.run(() => answer(ctx, req, writer, proposals));
  for (const card of proposals) {
    try {
      if (place.kind === "thread")
        await postCard(ctx, client, { businessId: who.businessId, target: place.target, card, link });
      else
        await place.respond({
          response_type: "ephemeral",
          replace_original: false,
          text: cardText(card),
          blocks: cardBlocks(card, { businessId: who.businessId, link }),
        });
    } catch (err) {
      log.error({ err: slackError(err), actionId: card.id }, "slack: could not post the approval card");
    }
  }
}

/** The answer itself: the agent's turn streamed into the writer, or command mode; failures are shown, not thrown. */
async function answer(ctx: BotContext, req: AskRequest, writer: AnswerWriter, proposals: ActionCard[]) {
  const { deps } = ctx;
  const { who } = req;
  const log = ctx.logger.child({ team: who.teamId, user: who.userId, key: req.surfaceKey });
  try {
    if (!deps.model) {
      const r = await answerInCommandMode(
        {
          db: deps.db,
          businessId: who.businessId,
          userId: who.userId,
          logger: log,
          appRole: deps.appRole,
          ...(deps.effects ? { effects: deps.effects } : {}),
        },
        deps.registry,
        req.text,
      );
      await writer.finish(r.text, r.refs);
      return;
    }
    for await (const ev of converse(
      turnDeps(deps.model, deps),
      { businessId: who.businessId, userId: who.userId, role: who.role, business: who.business },
      { surface: "slack", surfaceKey: req.surfaceKey, title: req.text.slice(0, 80) },
      req.text,
    )) {
      if (ev.type === "text") await writer.append(ev.delta);
      else if (ev.type === "tool_call") await writer.status(progress(ev.name));
      else if (ev.type === "proposal") proposals.push(ev.action);
      else if (ev.type === "answer") await writer.finish(ev.text, ev.refs);
    }
  } catch (err) {
    log.warn({ err }, "slack: the answer failed");
    await writer.fail(describeModelError(err)).catch(() => {});
  }
}

function progress(tool: string): string {
  return tool === "find_tools" ? "Looking for the right tools…" : `Looking at ${tool.replaceAll("_", " ")}…`;
}

/** Collects the answer and shows it once, to the asker only (response_url). */
function respondWriter(respond: RespondFn, link: (r: Ref) => string): AnswerWriter {
  return {
    async start() {},
    async append() {},
    async status() {},
    async finish(markdown, refs) {
      for (const m of answerMessages(markdown, refs, link))
        await respond({ response_type: "ephemeral", replace_original: false, ...m });
    },
    async fail(message) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: `:warning: ${escapeText(message)}`,
      });
    },
  };
}
