/** Marketing analytics tools (campaigns, posts, content calendar); figures come from db/queries/marketing.ts. */
import { z } from "zod";
import {
  type CalendarPostRow,
  calendarCounts,
  campaignPerformance,
  postPerformance,
  recentPosts,
  unplacedPosts,
  upcomingPosts,
} from "../db/queries/marketing.js";
import { CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, SOCIAL_PLATFORMS } from "../db/schema/marketing.js";
import { addDays, today } from "./dates.js";
import { type AnyTool, defineTool, type Ref, withRefs } from "./define.js";
import { money, moneyOrNull } from "./money.js";
import { amount, limitInput, optionalPeriod, periodOut, ref, resolvePeriod, scopeOf } from "./sales.js";

const rate = z.number().nullable().describe("engagements ÷ impressions × 100; null without impressions");

export const marketingCampaignPerformance = defineTool({
  name: "marketing_campaign_performance",
  module: "marketing",
  title: "Campaign performance",
  description:
    "Per campaign running in a period (default the last 30 days): budget, spend to date, posts published, organic impressions/engagements/clicks, ad delivery, engagement rate and cost per click. For single posts use marketing_post_performance; for one campaign's fields use campaigns_get.",
  input: z.strictObject({
    ...optionalPeriod("29 days before `to`"),
    status: z.enum(CAMPAIGN_STATUSES).optional().describe("only campaigns with this status"),
    channel: z.enum(CAMPAIGN_CHANNELS).optional().describe("only campaigns on this channel"),
    limit: limitInput(25, 50, "campaigns (highest spend first)"),
  }),
  output: withRefs({
    period: periodOut,
    currency: z
      .string()
      .describe("currency of the totals; campaigns in other currencies are left out of money totals"),
    campaigns: z.array(
      z.object({
        campaignId: z.string(),
        name: z.string(),
        channel: z.string(),
        status: z.string(),
        startsOn: z.string().nullable(),
        endsOn: z.string().nullable(),
        campaignCurrency: z.string().describe("currency of this campaign's budget, spent and costPerClick"),
        budget: z.string().nullable(),
        spent: z.string().describe("spent to date (not limited to the period)"),
        posts: z.number().int().describe("posts published in the period"),
        impressions: z.number().int().describe("organic, measured in the period"),
        engagements: z.number().int(),
        clicks: z.number().int(),
        engagementRatePct: rate,
        ads: z
          .object({ impressions: z.number().int(), clicks: z.number().int(), conversions: z.number().int() })
          .describe("lifetime delivery of the campaign's ad sets as last synced"),
        costPerClick: z
          .string()
          .nullable()
          .describe("spent ÷ (organic clicks + ad clicks); null without spend or clicks"),
      }),
    ),
    totals: z.object({
      campaigns: z.number().int().describe("all matching campaigns, before the limit"),
      budget: amount,
      spent: amount,
      posts: z.number().int(),
      impressions: z.number().int(),
      engagements: z.number().int(),
      clicks: z.number().int(),
      adClicks: z.number().int(),
      engagementRatePct: rate,
      costPerClick: amount.nullable(),
    }),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const p = resolvePeriod(ctx, input, 30);
    const rows = await campaignPerformance(ctx.db, s, p, input);
    const t = rows[0];
    const c = s.currency;
    return {
      period: p,
      currency: c,
      campaigns: rows.map((r) => ({
        campaignId: r.id,
        name: r.name,
        channel: r.channel,
        status: r.status,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        campaignCurrency: r.currency,
        budget: moneyOrNull(r.budget_minor, r.currency),
        spent: money(r.spent_minor, r.currency),
        posts: r.posts,
        impressions: r.impressions,
        engagements: r.engagements,
        clicks: r.clicks,
        engagementRatePct: r.engagement_rate_pct,
        ads: { impressions: r.ad_impressions, clicks: r.ad_clicks, conversions: r.ad_conversions },
        costPerClick: moneyOrNull(r.cost_per_click_minor, r.currency),
      })),
      totals: {
        campaigns: t?.total_campaigns ?? 0,
        budget: money(t?.total_budget_minor, c),
        spent: money(t?.total_spent_minor, c),
        posts: t?.total_posts ?? 0,
        impressions: t?.total_impressions ?? 0,
        engagements: t?.total_engagements ?? 0,
        clicks: t?.total_clicks ?? 0,
        adClicks: t?.total_ad_clicks ?? 0,
        engagementRatePct: t?.total_engagement_rate_pct ?? null,
        costPerClick: moneyOrNull(t?.total_cost_per_click_minor, c),
      },
      refs: rows.map((r) => ref("campaign", r)),
    };
  },
});

const metricCounts = {
  impressions: z.number().int(),
  engagements: z.number().int(),
  clicks: z.number().int(),
};

export const marketingPostPerformance = defineTool({
  name: "marketing_post_performance",
  module: "marketing",
  title: "Top posts per platform",
  description:
    "The posts with the most engagements per platform in a period (default the last 30 days), from daily social metrics, with each platform's totals. For campaigns use marketing_campaign_performance; for what is planned use marketing_content_calendar.",
  input: z.strictObject({
    ...optionalPeriod("29 days before `to`"),
    platform: z.enum(SOCIAL_PLATFORMS).optional().describe("only this platform"),
    limit: limitInput(5, 20, "top posts per platform"),
  }),
  output: withRefs({
    period: periodOut,
    platforms: z.array(
      z.object({
        platform: z.string(),
        posts: z.number().int().describe("posts with metrics in the period"),
        ...metricCounts,
        engagementRatePct: rate,
        top: z.array(
          z.object({
            postId: z.string(),
            rank: z.number().int(),
            excerpt: z.string().describe("start of the post text"),
            handle: z.string(),
            publishedAt: z.string().nullable(),
            campaignId: z.string().nullable(),
            url: z.string().nullable(),
            ...metricCounts,
            likes: z.number().int(),
            shares: z.number().int(),
            comments: z.number().int(),
            engagementRatePct: rate,
          }),
        ),
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const p = resolvePeriod(ctx, input, 30);
    const rows = await postPerformance(ctx.db, scopeOf(ctx), p, input);
    const platforms = new Map<string, ReturnType<typeof platformOf>>();
    function platformOf(r: (typeof rows)[number]) {
      return {
        platform: r.platform,
        posts: r.platform_posts,
        impressions: r.platform_impressions,
        engagements: r.platform_engagements,
        clicks: r.platform_clicks,
        engagementRatePct: r.platform_engagement_rate_pct,
        top: [] as {
          postId: string;
          rank: number;
          excerpt: string;
          handle: string;
          publishedAt: string | null;
          campaignId: string | null;
          url: string | null;
          impressions: number;
          engagements: number;
          clicks: number;
          likes: number;
          shares: number;
          comments: number;
          engagementRatePct: number | null;
        }[],
      };
    }
    for (const r of rows) {
      const group = platforms.get(r.platform) ?? platformOf(r);
      platforms.set(r.platform, group);
      group.top.push({
        postId: r.post_id,
        rank: r.rank,
        excerpt: r.body,
        handle: r.handle,
        publishedAt: r.published_at,
        campaignId: r.campaign_id,
        url: r.url,
        impressions: r.impressions,
        engagements: r.engagements,
        clicks: r.clicks,
        likes: r.likes,
        shares: r.shares,
        comments: r.comments,
        engagementRatePct: r.engagement_rate_pct,
      });
    }
    return {
      period: p,
      platforms: [...platforms.values()],
      refs: rows.slice(0, 50).map((r) => ref("post", { id: r.post_id, body: r.body })),
    };
  },
});

const calendarPost = z.object({
  postId: z.string(),
  status: z.string(),
  at: z.string().describe("scheduled (or published) time, UTC"),
  platform: z.string().nullable(),
  handle: z.string().nullable(),
  excerpt: z.string(),
  campaignId: z.string().nullable(),
});
const dayGroup = z.object({
  date: z.string().describe("local date, YYYY-MM-DD"),
  posts: z.array(calendarPost),
});

const postOut = (r: CalendarPostRow) => ({
  postId: r.id,
  status: r.status,
  at: r.at,
  platform: r.platform,
  handle: r.handle,
  excerpt: r.body,
  campaignId: r.campaign_id,
});

/** Consecutive rows of the same local day → one group (rows come ordered by time). */
function byDay(rows: CalendarPostRow[]) {
  const out: { date: string; posts: ReturnType<typeof postOut>[] }[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last?.date === r.day) last.posts.push(postOut(r));
    else out.push({ date: r.day, posts: [postOut(r)] });
  }
  return out;
}

export const marketingContentCalendar = defineTool({
  name: "marketing_content_calendar",
  module: "marketing",
  title: "Content calendar",
  description:
    "The social content calendar: scheduled, draft and idea posts dated in the next N days (default 14) and posts published (or failed) in the last few days, grouped by day, plus missed schedules and undated ideas/drafts. For results use marketing_post_performance.",
  input: z.strictObject({
    days: z.number().int().min(1).max(90).default(14).describe("days ahead including today (default 14)"),
    recentDays: z
      .number()
      .int()
      .min(0)
      .max(30)
      .default(7)
      .describe("days back including today for published posts (default 7; 0 = none)"),
  }),
  output: withRefs({
    window: z.object({ from: z.string(), to: z.string() }).describe("the days ahead shown, local dates"),
    recentFrom: z.string().nullable().describe("first local day of the recent section"),
    counts: z.object({
      scheduled: z.number().int(),
      draft: z.number().int(),
      idea: z.number().int(),
      published: z.number().int().describe("published in the recent window"),
      failed: z.number().int().describe("failed in the recent window"),
      missed: z.number().int().describe("still scheduled although their time has passed"),
      undatedIdeas: z.number().int(),
      undatedDrafts: z.number().int(),
    }),
    upcoming: z.array(dayGroup),
    recent: z.array(dayGroup).describe("newest day first"),
    missed: z.array(calendarPost),
    undated: z.array(calendarPost).describe("newest ideas and drafts without a date"),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const t = today(ctx);
    const ahead = { from: t, to: addDays(t, input.days - 1) };
    const recentFrom = addDays(t, -(input.recentDays - 1));
    const counts = await calendarCounts(ctx.db, s, ahead, recentFrom, ctx.now);
    const upcoming = await upcomingPosts(ctx.db, s, ahead, ctx.now, 100);
    const recent = input.recentDays > 0 ? await recentPosts(ctx.db, s, recentFrom, ctx.now, 50) : [];
    const unplaced = await unplacedPosts(ctx.db, s, ctx.now, 10);
    const refs = new Map<string, Ref>();
    for (const r of [...upcoming, ...recent, ...unplaced]) {
      if (refs.size >= 50) break;
      refs.set(r.id, ref("post", r));
    }
    return {
      window: ahead,
      recentFrom: input.recentDays > 0 ? recentFrom : null,
      counts: {
        scheduled: counts.scheduled,
        draft: counts.draft,
        idea: counts.idea,
        published: input.recentDays > 0 ? counts.published : 0,
        failed: input.recentDays > 0 ? counts.failed : 0,
        missed: counts.missed,
        undatedIdeas: counts.undated_ideas,
        undatedDrafts: counts.undated_drafts,
      },
      upcoming: byDay(upcoming),
      recent: byDay(recent),
      missed: unplaced.filter((r) => r.kind === "missed").map(postOut),
      undated: unplaced.filter((r) => r.kind === "undated").map(postOut),
      refs: [...refs.values()],
    };
  },
});

export const marketingTools: AnyTool[] = [
  marketingCampaignPerformance,
  marketingPostPerformance,
  marketingContentCalendar,
];
