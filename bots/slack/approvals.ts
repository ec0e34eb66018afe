/**
 * Approvals in the thread. A proposed action is posted as a card (remembered in chat_posts) with Approve /
 * Reject buttons whose value is the action id. A click goes through `decideAction`, the one door that checks the
 * clicker's role now and locks the row, so a double click or two approvers at once run it once; the refusal is
 * shown only to the clicker. Every card of an action is re-rendered from the action's current state — after a
 * click here and whenever an outcome is announced from anywhere (web, MCP, the worker, expiry) — one update at a
 * time per action, so a late "running…" never overwrites "done".
 */
import type { BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import { findBusiness } from "../../db/queries/businesses.js";
import { workspaceBusinesses } from "../../db/queries/chat.js";
import { type ActionCard, decideAction, getAction } from "../../tools/actions/index.js";
import type { Ref } from "../../tools/define.js";
import { errorText } from "../../tools/errors.js";
import { type BotContext, slackError, type WebClient } from "./context.js";
import { APPROVE, cardBlocks, cardText } from "./render.js";
import { cardPosts, displayName, recordPost } from "./store.js";
import type { ReplyTarget } from "./writer.js";

/** Posts a proposal's card in the thread and remembers where, so later outcomes can update it. */
export async function postCard(
  ctx: BotContext,
  client: WebClient,
  p: { businessId: string; target: ReplyTarget; card: ActionCard; link: (r: Ref) => string },
): Promise<void> {
  const r = await client.chat.postMessage({
    channel: p.target.channel,
    ...(p.target.threadTs ? { thread_ts: p.target.threadTs } : {}),
    text: cardText(p.card),
    blocks: cardBlocks(p.card, { businessId: p.businessId, link: p.link }),
  });
  if (!r.ts) return;
  await recordPost(
    ctx.deps.db,
    {
      businessId: p.businessId,
      teamId: p.target.teamId,
      channelId: r.channel ?? p.target.channel,
      messageId: r.ts,
      kind: "action_card",
      actionId: p.card.id,
    },
    ctx.deps.appRole,
  );
}

/** Keeps every Slack card of an action in step with the action. */
export class Cards {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: BotContext,
    private readonly client: WebClient,
  ) {}

  /**
   * Re-renders the action's cards from its state in the database (`card` when it cannot be read). `also` is a
   * message showing the card that chat_posts may not know (it was posted before a restart, or elsewhere).
   */
  refresh(
    businessId: string,
    card: ActionCard,
    also?: { teamId: string; channelId: string; messageId: string },
  ): Promise<void> {
    const previous = this.chains.get(card.id) ?? Promise.resolve();
    const next = previous
      .then(() => this.render(businessId, card, also))
      .catch((err: unknown) =>
        this.ctx.logger.error({ err, actionId: card.id }, "slack: could not update approval cards"),
      );
    this.chains.set(card.id, next);
    void next.finally(() => {
      if (this.chains.get(card.id) === next) this.chains.delete(card.id);
    });
    return this.ctx.track(next);
  }

  private async render(
    businessId: string,
    card: ActionCard,
    also?: { teamId: string; channelId: string; messageId: string },
  ): Promise<void> {
    const { db, appRole } = this.ctx.deps;
    const posts = await cardPosts(db, businessId, card.id, appRole);
    if (also && !posts.some((p) => p.channelId === also.channelId && p.messageId === also.messageId))
      posts.push(also);
    if (!posts.length) return;
    const reader = card.proposedByUserId ?? card.decidedByUserId;
    const fresh =
      (reader
        ? await getAction(db, { businessId, userId: reader, actionId: card.id, appRole })
        : undefined) ?? card;
    const link = this.ctx.link((await findBusiness(db, businessId)).slug);
    for (const p of posts) {
      const decider = fresh.decidedByUserId
        ? { name: await displayName(db, p.teamId, fresh.decidedByUserId) }
        : undefined;
      await this.client.chat
        .update({
          channel: p.channelId,
          ts: p.messageId,
          text: cardText(fresh),
          blocks: cardBlocks(fresh, { businessId, decider, link }),
        })
        .catch((err: unknown) =>
          this.ctx.logger.warn({ err: slackError(err), channel: p.channelId }, "slack: card update failed"),
        );
    }
  }
}

/** Approve / Reject clicked on a card (already acknowledged). */
export async function onDecisionClick(
  ctx: BotContext,
  cards: Cards,
  a: { body: BlockAction; action: ButtonAction; client: WebClient; respond: RespondFn; teamId: string },
): Promise<void> {
  const { db, appRole, worker } = ctx.deps;
  const decision = a.action.action_id === APPROVE ? "approve" : "reject";
  const actionId = a.action.value ?? "";
  const businessId = a.action.block_id.replace(/^omni_card:/, "");
  const tell = (text: string) =>
    a.respond({ response_type: "ephemeral", replace_original: false, text }).catch((err: unknown) => {
      ctx.logger.warn({ err: slackError(err) }, "slack: could not answer the click");
    });
  const who = await ctx.ids.resolve(a.client, a.teamId, a.body.user.id);
  if (!who.ok) return void (await tell(who.message));
  const served = await workspaceBusinesses(db, "slack", a.teamId);
  if (!served.some((s) => s.businessId === businessId))
    return void (await tell("This card belongs to a business this workspace is no longer connected to."));
  const r = await decideAction(
    db,
    { businessId, userId: who.userId, actionId, decision, appRole },
    { onApproved: () => worker.wake() },
  );
  const container = a.body.container as { message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  const here =
    container.message_ts && container.channel_id && !container.is_ephemeral
      ? { teamId: a.teamId, channelId: container.channel_id, messageId: container.message_ts }
      : undefined;
  if (!r.ok) {
    ctx.logger.info({ actionId, code: r.error.code, user: who.userId }, "slack: decision refused");
    await tell(errorText(r.error));
    if (r.error.code === "conflict") {
      const card = await getAction(db, { businessId, userId: who.userId, actionId, appRole });
      if (card) await cards.refresh(businessId, card, here);
    }
    return;
  }
  ctx.logger.info({ actionId, decision, user: who.userId }, "slack: action decided");
  if (container.is_ephemeral) {
    // An ephemeral card (from /omni approvals) can only be replaced through its response_url.
    const link = ctx.link(who.business.slug);
    await a.respond({
      response_type: "ephemeral",
      replace_original: true,
      text: cardText(r.action),
      blocks: cardBlocks(r.action, { businessId, decider: { name: `<@${a.body.user.id}>` }, link }),
    });
  }
  await cards.refresh(businessId, r.action, here);
}
