/**
 * Approval cards on Discord: each proposed action is a message with Approve / Reject buttons, remembered in
 * chat_posts. A click is decided by decideAction (the role is checked then, concurrent clicks decide once); every
 * post of the action is then updated with who decided and the outcome, and again when the action finishes
 * (onActionOutcome), wherever it was decided. Updates of one action run one after another.
 */

import { MessageFlags, type REST, Routes } from "discord.js";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { workspaceBusinesses } from "../../db/queries/chat.js";
import { findUser } from "../../db/queries/users.js";
import { chatPosts } from "../../db/schema/chat.js";
import { withBusiness } from "../../db/tenancy.js";
import type { Logger } from "../../log.js";
import { type ActionCard, decideAction, getAction, onActionOutcome } from "../../tools/actions/index.js";
import { errorText } from "../../tools/errors.js";
import type { Who } from "./identity.js";
import { cardMessage, noticeMessage, type OutMessage } from "./render.js";
import type { Replier } from "./reply.js";

/** Interaction tokens work for 15 minutes; after 14 the bot token (if any) edits instead. */
export const TOKEN_TTL_MS = 14 * 60_000;

export interface ApprovalDeps {
  db: Db;
  rest: REST;
  applicationId: string;
  /** The REST client carries a bot token, so channel messages can be edited after the token expired. */
  hasBotToken?: boolean;
  worker?: { wake(): void };
  appRole?: string;
  logger?: Logger;
  now?: () => Date;
}

export interface Click {
  decision: "approve" | "reject";
  businessId: string;
  actionId: string;
  channelId: string;
  messageId: string;
  token: string;
}

type Post = typeof chatPosts.$inferSelect;

export function createApprovals(deps: ApprovalDeps, track: (work: Promise<unknown>) => void) {
  const { db, rest, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const chains = new Map<string, Promise<void>>();

  /** Runs `job` after every earlier job of the same action (so an older state never overwrites a newer one). */
  function serial(actionId: string, job: () => Promise<void>): Promise<void> {
    const next = (chains.get(actionId) ?? Promise.resolve())
      .then(job)
      .catch((err: unknown) => logger?.warn({ err, actionId }, "discord: card update failed"));
    chains.set(actionId, next);
    void next.finally(() => {
      if (chains.get(actionId) === next) chains.delete(actionId);
    });
    track(next);
    return next;
  }

  async function savePost(
    businessId: string,
    p: { teamId: string; channelId: string; messageId: string; threadKey: string | null; actionId: string },
  ) {
    await withBusiness(db, { businessId, appRole: deps.appRole }, (tx) =>
      tx
        .insert(chatPosts)
        .values({ businessId, platform: "discord", kind: "action_card", ...p })
        .onConflictDoUpdate({
          target: [chatPosts.businessId, chatPosts.platform, chatPosts.channelId, chatPosts.messageId],
          set: p.threadKey ? { threadKey: p.threadKey, updatedAt: sql`now()` } : { updatedAt: sql`now()` },
        }),
    );
  }

  async function postsOf(businessId: string, actionId: string): Promise<Post[]> {
    return withBusiness(db, { businessId, appRole: deps.appRole }, (tx) =>
      tx
        .select()
        .from(chatPosts)
        .where(
          and(
            eq(chatPosts.businessId, businessId),
            eq(chatPosts.platform, "discord"),
            eq(chatPosts.actionId, actionId),
          ),
        ),
    );
  }

  /** Edits one post: through its interaction token while fresh, else with the bot token. */
  async function editPost(post: Post, body: OutMessage): Promise<boolean> {
    const [target, token] = post.threadKey?.split(" ") ?? [];
    if (target && token && now().getTime() - post.updatedAt.getTime() < TOKEN_TTL_MS) {
      try {
        await rest.patch(Routes.webhookMessage(deps.applicationId, token, target), { body, auth: false });
        return true;
      } catch (err) {
        logger?.debug({ err, post: post.id }, "discord: token edit failed; trying the bot token");
      }
    }
    if (!deps.hasBotToken) return false;
    await rest.patch(Routes.channelMessage(post.channelId, post.messageId), { body });
    return true;
  }

  async function nameOf(userId: string | null): Promise<string | undefined> {
    if (!userId) return undefined;
    return findUser(db, userId).then(
      (u) => u.name,
      () => undefined,
    );
  }

  /** Shows the card's current state on every post of the action. */
  async function refresh(businessId: string, card: ActionCard): Promise<void> {
    const body = cardMessage(card, { businessId, decidedBy: await nameOf(card.decidedByUserId) });
    for (const post of await postsOf(businessId, card.id)) {
      await editPost(post, body).catch((err: unknown) =>
        logger?.warn({ err, post: post.id }, "discord: could not update a card"),
      );
    }
  }

  const unsubscribe = onActionOutcome((o) => {
    void serial(o.card.id, () => refresh(o.businessId, o.card));
  });

  return {
    /** Posts a proposed action as a card with buttons and remembers where it is. */
    async post(who: Who, card: ActionCard, replier: Replier): Promise<void> {
      const sent = await replier.send(cardMessage(card, { businessId: who.businessId }));
      await savePost(who.businessId, {
        teamId: who.account.teamId,
        channelId: sent.message.channel_id ?? replier.channelId,
        messageId: sent.message.id,
        threadKey: sent.threadKey,
        actionId: card.id,
      });
    },

    /**
     * A button click by a known person: refused (privately) unless this guild serves the card's business and
     * decideAction accepts the person's role; otherwise decided once and every post of the action updated.
     */
    async click(who: Who, c: Click, replier: Replier): Promise<void> {
      const privately = (text: string) => replier.send(noticeMessage(text, MessageFlags.Ephemeral));
      const served = await workspaceBusinesses(db, "discord", who.account.teamId);
      if (!served.some((s) => s.businessId === c.businessId)) {
        await privately("This card belongs to a business this server is not connected to.");
        return;
      }
      const r = await decideAction(
        db,
        {
          businessId: c.businessId,
          userId: who.userId,
          actionId: c.actionId,
          decision: c.decision,
          ...(deps.appRole ? { appRole: deps.appRole } : {}),
        },
        { onApproved: () => deps.worker?.wake() },
      );
      if (!r.ok) await privately(errorText(r.error));
      if (!r.ok && r.error.code === "forbidden") return;
      await serial(c.actionId, async () => {
        await savePost(c.businessId, {
          teamId: who.account.teamId,
          channelId: c.channelId,
          messageId: c.messageId,
          threadKey: `@original ${c.token}`,
          actionId: c.actionId,
        });
        const card = await getAction(db, {
          businessId: c.businessId,
          userId: who.userId,
          actionId: c.actionId,
          ...(deps.appRole ? { appRole: deps.appRole } : {}),
        });
        if (card) await refresh(c.businessId, card);
      });
    },

    close: unsubscribe,
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
