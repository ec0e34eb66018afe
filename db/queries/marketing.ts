/**
 * Marketing analytics queries: campaign performance, top posts per platform, the content calendar. Every
 * figure is an SQL aggregate; money stays in integer minor units (returned as text).
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";
import { type DateRange, dayEnd, dayStart, isoTimestamp, localDay } from "./sql-dates.js";

export interface MarketingScope {
  businessId: string;
  currency: string;
  timezone: string;
}

export type Period = DateRange;

/** x ÷ y × 100 to 2 decimals, null when y is 0. */
const pct = (x: SQL, y: SQL) => sql`round(100.0 * ${x} / nullif(${y}, 0), 2)::float8`;

export interface CampaignRow {
  id: string;
  name: string;
  channel: string;
  status: string;
  starts_on: string | null;
  ends_on: string | null;
  currency: string;
  budget_minor: string | null;
  spent_minor: string;
  posts: number;
  impressions: number;
  engagements: number;
  clicks: number;
  ad_impressions: number;
  ad_clicks: number;
  ad_conversions: number;
  engagement_rate_pct: number | null;
  cost_per_click_minor: string | null;
  total_campaigns: number;
  total_budget_minor: string;
  total_spent_minor: string;
  total_posts: number;
  total_impressions: number;
  total_engagements: number;
  total_clicks: number;
  total_ad_clicks: number;
  total_engagement_rate_pct: number | null;
  total_cost_per_click_minor: string | null;
}

/**
 * Campaigns running during the period (start — or creation when unset — on or before `to`, end unset or on or
 * after `from`; not archived), with: posts published in the period; organic impressions/engagements/clicks of
 * the campaign's unarchived posts measured in the period (social_metrics); lifetime ad-set delivery as last synced;
 * engagement rate = engagements ÷ impressions; cost per click = spent to date ÷ (organic + ad clicks) when both
 * are positive. Totals (window sums over every matching campaign, before the limit) add money only in `currency`.
 */
export async function campaignPerformance(
  db: Db,
  s: MarketingScope,
  p: Period,
  opts: { limit: number; status?: string; channel?: string },
): Promise<CampaignRow[]> {
  const start = dayStart(p.from, s.timezone);
  const end = dayEnd(p.to, s.timezone);
  const inCur = sql`currency = ${s.currency}`;
  return queryRows<CampaignRow>(
    db,
    sql`with c as (
          select id, name, channel, status, starts_on, ends_on, currency, budget_minor, spent_minor
          from campaigns
          where business_id = ${s.businessId} and archived_at is null
            and coalesce(starts_on, (created_at at time zone ${s.timezone})::date) <= ${p.to}::date
            and (ends_on is null or ends_on >= ${p.from}::date)
            ${opts.status ? sql`and status = ${opts.status}` : sql``}
            ${opts.channel ? sql`and channel = ${opts.channel}` : sql``}
        ),
        po as (
          select campaign_id, count(*)::int as posts from posts
          where business_id = ${s.businessId} and campaign_id in (select id from c) and archived_at is null
            and status = 'published' and published_at >= ${start} and published_at < ${end}
          group by campaign_id
        ),
        m as (
          select p.campaign_id, sum(m.impressions)::bigint as impressions, sum(m.engagements)::bigint as engagements,
            sum(m.clicks)::bigint as clicks
          from social_metrics m join posts p on p.business_id = m.business_id and p.id = m.post_id
          where m.business_id = ${s.businessId} and m.measured_on between ${p.from}::date and ${p.to}::date
            and p.campaign_id in (select id from c) and p.archived_at is null
          group by p.campaign_id
        ),
        a as (
          select campaign_id, sum(impressions)::bigint as impressions, sum(clicks)::bigint as clicks,
            sum(conversions)::bigint as conversions
          from ad_sets where business_id = ${s.businessId} and campaign_id in (select id from c) and archived_at is null
          group by campaign_id
        ),
        j as (
          select c.*, coalesce(po.posts, 0) as posts, coalesce(m.impressions, 0) as impressions,
            coalesce(m.engagements, 0) as engagements, coalesce(m.clicks, 0) as clicks,
            coalesce(a.impressions, 0) as ad_impressions, coalesce(a.clicks, 0) as ad_clicks,
            coalesce(a.conversions, 0) as ad_conversions
          from c left join po on po.campaign_id = c.id left join m on m.campaign_id = c.id
            left join a on a.campaign_id = c.id
        ),
        t as (
          select j.*,
            (count(*) over ())::int as total_campaigns,
            coalesce(sum(budget_minor) filter (where ${inCur}) over (), 0) as t_budget,
            coalesce(sum(spent_minor) filter (where ${inCur}) over (), 0) as t_spent,
            coalesce(sum(clicks + ad_clicks) filter (where ${inCur} and spent_minor > 0) over (), 0) as t_paid_clicks,
            sum(posts) over () as t_posts, sum(impressions) over () as t_impressions,
            sum(engagements) over () as t_engagements, sum(clicks) over () as t_clicks,
            sum(ad_clicks) over () as t_ad_clicks
          from j
        )
        select id, name, channel, status, starts_on::text, ends_on::text, currency, budget_minor::text,
          spent_minor::text, posts::int, impressions::int, engagements::int, clicks::int, ad_impressions::int,
          ad_clicks::int, ad_conversions::int,
          ${pct(sql`engagements`, sql`impressions`)} as engagement_rate_pct,
          case when spent_minor > 0 and clicks + ad_clicks > 0
            then round(spent_minor::numeric / (clicks + ad_clicks))::bigint::text end as cost_per_click_minor,
          total_campaigns, t_budget::text as total_budget_minor, t_spent::text as total_spent_minor,
          t_posts::int as total_posts, t_impressions::int as total_impressions,
          t_engagements::int as total_engagements, t_clicks::int as total_clicks, t_ad_clicks::int as total_ad_clicks,
          ${pct(sql`t_engagements`, sql`t_impressions`)} as total_engagement_rate_pct,
          case when t_spent > 0 and t_paid_clicks > 0
            then round(t_spent::numeric / t_paid_clicks)::bigint::text end as total_cost_per_click_minor
        from t
        order by t.spent_minor desc, t.engagements desc, t.name, t.id
        limit ${opts.limit}`,
  );
}

export interface PostPerfRow {
  platform: string;
  post_id: string;
  body: string;
  handle: string;
  published_at: string | null;
  campaign_id: string | null;
  url: string | null;
  impressions: number;
  engagements: number;
  clicks: number;
  likes: number;
  shares: number;
  comments: number;
  engagement_rate_pct: number | null;
  rank: number;
  platform_posts: number;
  platform_impressions: number;
  platform_engagements: number;
  platform_clicks: number;
  platform_engagement_rate_pct: number | null;
}

/**
 * Post-level social_metrics measured in the period, summed per post (archived posts left out), ranked by
 * engagements within each platform; the top `limit` per platform, with the platform's totals over all its posts.
 */
export async function postPerformance(
  db: Db,
  s: MarketingScope,
  p: Period,
  opts: { limit: number; platform?: string },
): Promise<PostPerfRow[]> {
  return queryRows<PostPerfRow>(
    db,
    sql`with pm as (
          select post_id, social_account_id, sum(impressions)::bigint as impressions,
            sum(engagements)::bigint as engagements, sum(clicks)::bigint as clicks, sum(likes)::bigint as likes,
            sum(shares)::bigint as shares, sum(comments)::bigint as comments
          from social_metrics
          where business_id = ${s.businessId} and post_id is not null
            and measured_on between ${p.from}::date and ${p.to}::date
          group by post_id, social_account_id
        ),
        j as (
          select sa.platform, pm.*, left(po.body, 120) as body, sa.handle, po.published_at, po.campaign_id, po.url,
            row_number() over (partition by sa.platform order by pm.engagements desc, pm.impressions desc, pm.post_id) as rank,
            count(*) over (partition by sa.platform) as platform_posts,
            sum(pm.impressions) over (partition by sa.platform) as platform_impressions,
            sum(pm.engagements) over (partition by sa.platform) as platform_engagements,
            sum(pm.clicks) over (partition by sa.platform) as platform_clicks
          from pm
          join posts po on po.business_id = ${s.businessId} and po.id = pm.post_id and po.archived_at is null
          join social_accounts sa on sa.business_id = ${s.businessId} and sa.id = pm.social_account_id
          ${opts.platform ? sql`where sa.platform = ${opts.platform}` : sql``}
        )
        select platform, post_id, body, handle, ${isoTimestamp(sql`published_at`)} as published_at, campaign_id, url,
          impressions::int, engagements::int, clicks::int, likes::int, shares::int, comments::int,
          ${pct(sql`engagements`, sql`impressions`)} as engagement_rate_pct, rank::int,
          platform_posts::int, platform_impressions::int, platform_engagements::int, platform_clicks::int,
          ${pct(sql`platform_engagements`, sql`platform_impressions`)} as platform_engagement_rate_pct
        from j where rank <= ${opts.limit}
        order by platform_engagements desc, platform, rank`,
  );
}

export interface CalendarPostRow {
  id: string;
  status: string;
  body: string;
  at: string;
  day: string;
  platform: string | null;
  handle: string | null;
  campaign_id: string | null;
}

const calendarCols = (s: MarketingScope, col: SQL) =>
  sql`p.id, p.status, left(p.body, 120) as body, ${isoTimestamp(col)} as at, ${localDay(col, s.timezone)} as day, sa.platform, sa.handle,
      p.campaign_id`;
const withAccount = sql`posts p left join social_accounts sa on sa.business_id = p.business_id and sa.id = p.social_account_id`;

/** Posts planned in the window: dated in [from, to] (local days) and scheduled, draft or idea. */
const plannedIn = (s: MarketingScope, p: Period, now: Date) =>
  sql`p.status in ('scheduled', 'draft', 'idea')
      and p.scheduled_at >= ${dayStart(p.from, s.timezone)} and p.scheduled_at < ${dayEnd(p.to, s.timezone)}
      and not (p.status = 'scheduled' and p.scheduled_at < ${now.toISOString()}::timestamptz)`;

/**
 * Scheduled, draft and idea posts dated (scheduled_at) in the window, soonest first; scheduled posts whose
 * time has passed are "missed" (see unplacedPosts), not upcoming.
 */
export async function upcomingPosts(
  db: Db,
  s: MarketingScope,
  p: Period,
  now: Date,
  limit: number,
): Promise<CalendarPostRow[]> {
  return queryRows<CalendarPostRow>(
    db,
    sql`select ${calendarCols(s, sql`p.scheduled_at`)} from ${withAccount}
        where p.business_id = ${s.businessId} and p.archived_at is null and ${plannedIn(s, p, now)}
        order by p.scheduled_at, p.id limit ${limit}`,
  );
}

/** Posts published (published_at) or failed (scheduled_at) from the start of `fromDay` up to `now`, newest first. */
export async function recentPosts(
  db: Db,
  s: MarketingScope,
  fromDay: string,
  now: Date,
  limit: number,
): Promise<CalendarPostRow[]> {
  const when = sql`(case when p.status = 'published' then p.published_at else p.scheduled_at end)`;
  return queryRows<CalendarPostRow>(
    db,
    sql`select ${calendarCols(s, when)} from ${withAccount}
        where p.business_id = ${s.businessId} and p.archived_at is null and (
          (p.status = 'published' and p.published_at >= ${dayStart(fromDay, s.timezone)}
            and p.published_at <= ${now.toISOString()}::timestamptz)
          or (p.status = 'failed' and p.scheduled_at >= ${dayStart(fromDay, s.timezone)}
            and p.scheduled_at <= ${now.toISOString()}::timestamptz))
        order by ${when} desc, p.id limit ${limit}`,
  );
}

/** Scheduled posts whose time has passed without being published, and undated ideas/drafts, newest first. */
export async function unplacedPosts(
  db: Db,
  s: MarketingScope,
  now: Date,
  limit: number,
): Promise<(CalendarPostRow & { kind: "missed" | "undated" })[]> {
  return queryRows(
    db,
    sql`(select 'missed' as kind, ${calendarCols(s, sql`p.scheduled_at`)} from ${withAccount}
         where p.business_id = ${s.businessId} and p.archived_at is null and p.status = 'scheduled'
           and p.scheduled_at < ${now.toISOString()}::timestamptz
         order by p.scheduled_at desc, p.id limit ${limit})
        union all
        (select 'undated' as kind, ${calendarCols(s, sql`p.created_at`)} from ${withAccount}
         where p.business_id = ${s.businessId} and p.archived_at is null and p.status in ('idea', 'draft')
           and p.scheduled_at is null
         order by p.created_at desc, p.id limit ${limit})`,
  );
}

export interface CalendarCountsRow {
  scheduled: number;
  draft: number;
  idea: number;
  published: number;
  failed: number;
  missed: number;
  undated_ideas: number;
  undated_drafts: number;
}

/** Counts for the calendar window, the recent window, missed schedules and undated ideas/drafts. */
export async function calendarCounts(
  db: Db,
  s: MarketingScope,
  ahead: Period,
  recentFrom: string,
  now: Date,
): Promise<CalendarCountsRow> {
  const n = sql`${now.toISOString()}::timestamptz`;
  const planned = plannedIn(s, ahead, now);
  const recent = dayStart(recentFrom, s.timezone);
  const [row] = await queryRows<CalendarCountsRow>(
    db,
    sql`select
          count(*) filter (where status = 'scheduled' and ${planned})::int as scheduled,
          count(*) filter (where status = 'draft' and ${planned})::int as draft,
          count(*) filter (where status = 'idea' and ${planned})::int as idea,
          count(*) filter (where status = 'published' and published_at >= ${recent} and published_at <= ${n})::int as published,
          count(*) filter (where status = 'failed' and scheduled_at >= ${recent} and scheduled_at <= ${n})::int as failed,
          count(*) filter (where status = 'scheduled' and scheduled_at < ${n})::int as missed,
          count(*) filter (where status = 'idea' and scheduled_at is null)::int as undated_ideas,
          count(*) filter (where status = 'draft' and scheduled_at is null)::int as undated_drafts
        from posts p
        where business_id = ${s.businessId} and archived_at is null
          and (status in ('idea', 'draft', 'scheduled') or published_at >= ${recent} or scheduled_at >= ${recent})`,
  );
  return row!;
}
