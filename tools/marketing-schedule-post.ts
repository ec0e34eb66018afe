/**
 * Putting a social post on the calendar for an account at a time. Asked by the AI it is an approved action whose
 * preview is the post text, the account and the time (in UTC and the business's time zone). Publishing at that
 * time is the social integration's job; this records the scheduled post.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { newId } from "../db/ids.js";
import { campaigns, posts, socialAccounts } from "../db/schema/marketing.js";
import { defineTool, type ToolContext, withRefs } from "./define.js";
import { ToolInputError, ToolNotFound } from "./errors.js";

const input = z.strictObject({
  social_account_id: z
    .string()
    .regex(/^soc_[0-9A-Z]{26}$/, "must be a soc_ id")
    .describe("account to post from"),
  body: z.string().trim().min(1).max(5000).describe("the post text exactly as it should appear"),
  scheduled_at: z.iso
    .datetime({
      offset: true,
      message: "must be a date-time with a time zone, e.g. 2026-12-01T09:00:00-05:00",
    })
    .describe("when to publish, ISO 8601 with offset"),
  campaign_id: z
    .string()
    .regex(/^cmp_[0-9A-Z]{26}$/, "must be a cmp_ id")
    .optional(),
  media_urls: z.array(z.url()).max(10).default([]),
});
type Input = z.output<typeof input>;

export const schedulePostTool = defineTool({
  name: "marketing_schedule_post",
  module: "marketing",
  title: "Schedule a social post",
  description:
    "Schedule a post on one of the business's social accounts for a given time. Draft ideas and captions first with the marketing content tools; use posts_write to edit an existing post.",
  input,
  output: withRefs({ postId: z.string(), scheduledAt: z.string() }),
  access: "write",
  async preview(ctx, args: Input) {
    const p = await plan(ctx, args);
    return {
      summary: `Post on ${p.account.platform} @${p.account.handle} at ${p.localTime}: ${clip(args.body, 60)}`,
      preview: { post: p },
    };
  },
  async run(ctx, args: Input) {
    const p = await plan(ctx, args);
    const id = newId("pst");
    await ctx.db.insert(posts).values({
      id,
      businessId: ctx.business.id,
      socialAccountId: p.account.id,
      campaignId: p.campaign?.id ?? null,
      body: p.body,
      mediaUrls: p.mediaUrls,
      status: "scheduled",
      scheduledAt: new Date(p.scheduledAt),
      authorUserId: ctx.user.id,
    });
    return {
      postId: id,
      scheduledAt: p.scheduledAt,
      refs: [{ type: "post", id, label: clip(p.body, 60) }],
    };
  },
});

async function plan(ctx: ToolContext, args: Input) {
  const at = new Date(args.scheduled_at);
  if (at <= ctx.now)
    throw new ToolInputError("The time is in the past", ["scheduled_at: must be later than now"]);
  const [account] = await ctx.db
    .select()
    .from(socialAccounts)
    .where(
      and(eq(socialAccounts.businessId, ctx.business.id), eq(socialAccounts.id, args.social_account_id)),
    );
  if (!account)
    throw new ToolNotFound(`No social account with id ${args.social_account_id} in this business.`);
  if (account.status !== "active")
    throw new ToolInputError(`@${account.handle} is ${account.status}`, [
      "social_account_id: pick an active account",
    ]);
  let campaign: { id: string; name: string } | null = null;
  if (args.campaign_id) {
    const [row] = await ctx.db
      .select({ id: campaigns.id, name: campaigns.name })
      .from(campaigns)
      .where(and(eq(campaigns.businessId, ctx.business.id), eq(campaigns.id, args.campaign_id)));
    if (!row) throw new ToolNotFound(`No campaign with id ${args.campaign_id} in this business.`);
    campaign = row;
  }
  return {
    account: { id: account.id, platform: account.platform, handle: account.handle },
    campaign,
    body: args.body,
    mediaUrls: args.media_urls,
    scheduledAt: at.toISOString(),
    localTime: new Intl.DateTimeFormat("en-GB", {
      timeZone: ctx.business.timezone,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(at),
  };
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
