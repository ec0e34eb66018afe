/**
 * The Slack app's own bookkeeping: the messages it posted (approval cards, briefs) in chat_posts — a tenant table,
 * so always inside the business's transaction — and the per-workspace daily-brief setting in
 * chat_workspaces.settings, claimed once a day with one conditional update so two processes never both post.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { isId, newId } from "../../db/ids.js";
import { chatPosts, chatWorkspaces } from "../../db/schema/chat.js";
import { businesses, chatIdentities, users } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";

export interface PostRecord {
  businessId: string;
  teamId: string;
  channelId: string;
  messageId: string;
  kind: "answer" | "action_card" | "brief";
  actionId?: string;
}

export async function recordPost(db: Db, p: PostRecord, appRole?: string): Promise<void> {
  await withBusiness(db, { businessId: p.businessId, appRole }, (tx) =>
    tx
      .insert(chatPosts)
      .values({
        id: newId("cps"),
        businessId: p.businessId,
        platform: "slack",
        teamId: p.teamId,
        channelId: p.channelId,
        messageId: p.messageId,
        kind: p.kind,
        actionId: p.actionId ?? null,
      })
      .onConflictDoNothing(),
  );
}

/** Where the cards of one action were posted in Slack. */
export async function cardPosts(
  db: Db,
  businessId: string,
  actionId: string,
  appRole?: string,
): Promise<Array<{ teamId: string; channelId: string; messageId: string }>> {
  return withBusiness(db, { businessId, appRole }, (tx) =>
    tx
      .select({ teamId: chatPosts.teamId, channelId: chatPosts.channelId, messageId: chatPosts.messageId })
      .from(chatPosts)
      .where(
        and(
          eq(chatPosts.businessId, businessId),
          eq(chatPosts.platform, "slack"),
          eq(chatPosts.kind, "action_card"),
          eq(chatPosts.actionId, actionId),
        ),
      ),
  );
}

/** How to name a user in a workspace: their Slack mention when linked there, else their name. */
export async function displayName(db: Db, teamId: string, userId: string): Promise<string> {
  if (!isId(userId, "usr")) return "someone";
  const [row] = await db
    .select({ name: users.name, slackId: chatIdentities.platformUserId })
    .from(users)
    .leftJoin(
      chatIdentities,
      and(
        eq(chatIdentities.userId, users.id),
        eq(chatIdentities.platform, "slack"),
        eq(chatIdentities.teamId, teamId),
      ),
    )
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return "someone";
  return row.slackId ? `<@${row.slackId}>` : row.name;
}

// ── daily brief settings ───────────────────────────────────────────────────────────────────────────────

export const dailyBriefSchema = z.object({
  channel: z.string().min(1),
  /** Local hour (business time zone) from which the day's brief is posted. */
  hour: z.number().int().min(0).max(23),
  /** Whose view of the business the brief shows (their role limits what it contains). */
  userId: z.string().refine((v) => isId(v, "usr")),
  /** The last local day a brief was posted, YYYY-MM-DD. */
  lastPostedOn: z.string().optional(),
});
export type DailyBrief = z.infer<typeof dailyBriefSchema>;

export interface BriefWorkspace {
  workspaceId: string;
  teamId: string;
  businessId: string;
  timezone: string;
  brief: DailyBrief;
}

/** Slack workspaces with a daily brief turned on. */
export async function briefWorkspaces(db: Db): Promise<BriefWorkspace[]> {
  const rows = await db
    .select({
      workspaceId: chatWorkspaces.id,
      teamId: chatWorkspaces.teamId,
      businessId: chatWorkspaces.businessId,
      timezone: businesses.timezone,
      settings: chatWorkspaces.settings,
    })
    .from(chatWorkspaces)
    .innerJoin(businesses, eq(businesses.id, chatWorkspaces.businessId))
    .where(and(eq(chatWorkspaces.platform, "slack"), sql`${chatWorkspaces.settings} ? 'dailyBrief'`));
  return rows.flatMap((r) => {
    const brief = dailyBriefSchema.safeParse(r.settings.dailyBrief);
    return brief.success ? [{ ...r, brief: brief.data }] : [];
  });
}

/** Turns the brief on (or off with `undefined`) for the workspace's link to one business. */
export async function setDailyBrief(
  db: Db,
  where: { teamId: string; businessId: string },
  brief: DailyBrief | undefined,
): Promise<boolean> {
  const value = brief
    ? sql`jsonb_set(${chatWorkspaces.settings}, '{dailyBrief}', ${JSON.stringify(brief)}::jsonb)`
    : sql`${chatWorkspaces.settings} - 'dailyBrief'`;
  const updated = await db
    .update(chatWorkspaces)
    .set({ settings: value, updatedAt: new Date() })
    .where(
      and(
        eq(chatWorkspaces.platform, "slack"),
        eq(chatWorkspaces.teamId, where.teamId),
        eq(chatWorkspaces.businessId, where.businessId),
      ),
    )
    .returning({ id: chatWorkspaces.id });
  return updated.length > 0;
}

/** Marks today's brief as posted; false when another process (or an earlier tick) already did. */
export async function claimBriefDay(db: Db, workspaceId: string, localDay: string): Promise<boolean> {
  const claimed = await db
    .update(chatWorkspaces)
    .set({
      settings: sql`jsonb_set(${chatWorkspaces.settings}, '{dailyBrief,lastPostedOn}', to_jsonb(${localDay}::text))`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(chatWorkspaces.id, workspaceId),
        sql`${chatWorkspaces.settings} ? 'dailyBrief'`,
        sql`coalesce(${chatWorkspaces.settings} #>> '{dailyBrief,lastPostedOn}', '') <> ${localDay}`,
      ),
    )
    .returning({ id: chatWorkspaces.id });
  return claimed.length > 0;
}
