/**
 * Sales analytics queries: pipeline by stage, won/lost, lead scores, activity summary. Every figure is an SQL
 * aggregate; money stays in integer minor units (returned as text so bigint sums survive both drivers).
 */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";
import { type DateRange, dayEnd, dayStart, isoTimestamp, tstz } from "./sql-dates.js";

/** Who is asking and in which currency / time zone; figures sum only `currency`. */
export interface SalesScope {
  businessId: string;
  currency: string;
  timezone: string;
}

export interface PipelineRow {
  id: string;
  name: string;
}

/** The given pipeline, or the default one (else the oldest unarchived pipeline). */
export async function findPipeline(
  db: Db,
  businessId: string,
  pipelineId?: string,
): Promise<PipelineRow | undefined> {
  const [row] = await queryRows<PipelineRow>(
    db,
    pipelineId
      ? sql`select id, name from pipelines where business_id = ${businessId} and id = ${pipelineId}`
      : sql`select id, name from pipelines where business_id = ${businessId} and archived_at is null
            order by is_default desc, created_at, id limit 1`,
  );
  return row;
}

export interface StageRow {
  id: string;
  name: string;
  position: number;
  kind: string;
  probability_bp: number;
  deals: number;
  value_minor: string;
  weighted_minor: string;
  other_currency_deals: number;
  total_deals: number;
  total_value_minor: string;
  total_weighted_minor: string;
  total_other_currency_deals: number;
}

/**
 * Open deals per stage of one pipeline (open stages always listed, others only when open deals sit there).
 * Weighted value = Σ amount × (deal probability_bp, else the stage's) / 10000, rounded per stage; totals are
 * the sums of the stage rows. Only deals in `currency` are counted; others are counted apart.
 */
export async function pipelineByStage(db: Db, s: SalesScope, pipelineId: string): Promise<StageRow[]> {
  return queryRows<StageRow>(
    db,
    sql`select x.*,
          sum(x.deals) over ()::int as total_deals,
          sum(x.value_minor::bigint) over ()::text as total_value_minor,
          sum(x.weighted_minor::bigint) over ()::text as total_weighted_minor,
          sum(x.other_currency_deals) over ()::int as total_other_currency_deals
        from (
          select st.id, st.name, st.position, st.kind, st.probability_bp,
            count(d.id) filter (where d.currency = ${s.currency})::int as deals,
            coalesce(sum(d.amount_minor) filter (where d.currency = ${s.currency}), 0)::text as value_minor,
            round(coalesce(sum(d.amount_minor::numeric * coalesce(d.probability_bp, st.probability_bp))
              filter (where d.currency = ${s.currency}), 0) / 10000)::text as weighted_minor,
            count(d.id) filter (where d.currency <> ${s.currency})::int as other_currency_deals
          from pipeline_stages st
          left join deals d on d.business_id = st.business_id and d.pipeline_id = st.pipeline_id
            and d.stage_id = st.id and d.status = 'open' and d.archived_at is null
          where st.business_id = ${s.businessId} and st.pipeline_id = ${pipelineId}
          group by st.id, st.name, st.position, st.kind, st.probability_bp
          having st.kind = 'open' or count(d.id) > 0
        ) x
        order by x.position, x.name`,
  );
}

export interface DealRefRow {
  id: string;
  name: string;
}

/** The largest open deals of a pipeline, for citations. */
export async function topOpenDeals(
  db: Db,
  businessId: string,
  pipelineId: string,
  limit: number,
): Promise<DealRefRow[]> {
  return queryRows<DealRefRow>(
    db,
    sql`select id, name from deals
        where business_id = ${businessId} and pipeline_id = ${pipelineId} and status = 'open' and archived_at is null
        order by amount_minor desc, id limit ${limit}`,
  );
}

export type Period = DateRange;

const closedIn = (s: SalesScope, p: Period, pipelineId?: string) =>
  sql`business_id = ${s.businessId} and status in ('won', 'lost') and archived_at is null
      and closed_on between ${p.from}::date and ${p.to}::date
      ${pipelineId ? sql`and pipeline_id = ${pipelineId}` : sql``}`;

export interface WonLostRow {
  won: number;
  lost: number;
  won_minor: string;
  lost_minor: string;
  other_currency_deals: number;
  win_rate_pct: number | null;
  avg_cycle_won: number | null;
  avg_cycle_lost: number | null;
  avg_cycle_all: number | null;
}

/**
 * Deals closed (won or lost) in a period. Counts include every currency, values only `currency`.
 * Cycle days = closed_on − local created date; deals recorded as closed before they were created (imports)
 * are left out of the averages.
 */
export async function wonLost(db: Db, s: SalesScope, p: Period, pipelineId?: string): Promise<WonLostRow> {
  const cycle = sql`(closed_on - (created_at at time zone ${s.timezone})::date)`;
  const [row] = await queryRows<WonLostRow>(
    db,
    sql`select
          count(*) filter (where status = 'won')::int as won,
          count(*) filter (where status = 'lost')::int as lost,
          coalesce(sum(amount_minor) filter (where status = 'won' and currency = ${s.currency}), 0)::text as won_minor,
          coalesce(sum(amount_minor) filter (where status = 'lost' and currency = ${s.currency}), 0)::text as lost_minor,
          count(*) filter (where currency <> ${s.currency})::int as other_currency_deals,
          round(100.0 * count(*) filter (where status = 'won') / nullif(count(*), 0), 1)::float8 as win_rate_pct,
          round(avg(${cycle}) filter (where status = 'won' and ${cycle} >= 0), 1)::float8 as avg_cycle_won,
          round(avg(${cycle}) filter (where status = 'lost' and ${cycle} >= 0), 1)::float8 as avg_cycle_lost,
          round(avg(${cycle}) filter (where ${cycle} >= 0), 1)::float8 as avg_cycle_all
        from deals where ${closedIn(s, p, pipelineId)}`,
  );
  return row!;
}

export interface LostReasonRow {
  reason: string | null;
  deals: number;
  value_minor: string;
}

/**
 * Most frequent lost reasons, grouped case- and space-insensitively (shown in the spelling that sorts first in
 * byte order, so both backends agree); a null reason means none was recorded.
 */
export async function topLostReasons(
  db: Db,
  s: SalesScope,
  p: Period,
  limit: number,
  pipelineId?: string,
): Promise<LostReasonRow[]> {
  return queryRows<LostReasonRow>(
    db,
    sql`select min(nullif(trim(lost_reason), '') collate "C") as reason, count(*)::int as deals,
          coalesce(sum(amount_minor) filter (where currency = ${s.currency}), 0)::text as value_minor
        from deals where ${closedIn(s, p, pipelineId)} and status = 'lost'
        group by lower(nullif(trim(lost_reason), ''))
        order by count(*) desc, sum(amount_minor) desc, reason nulls last
        limit ${limit}`,
  );
}

/** The largest deals closed in the period, for citations. */
export async function closedDeals(
  db: Db,
  s: SalesScope,
  p: Period,
  limit: number,
  pipelineId?: string,
): Promise<DealRefRow[]> {
  return queryRows<DealRefRow>(
    db,
    sql`select id, name from deals where ${closedIn(s, p, pipelineId)}
        order by amount_minor desc, closed_on desc, id limit ${limit}`,
  );
}

/** Points per factor of the lead score; the maxima add up to 100. */
export const LEAD_SCORE_MAX = { status: 30, recency: 20, value: 20, source: 15, activity: 15 } as const;

export interface LeadScoreRow {
  id: string;
  name: string;
  company: string | null;
  status: string;
  source_channel: string;
  estimated_value_minor: string | null;
  currency: string;
  last_touch_at: string | null;
  activities_90d: number;
  p_status: number;
  p_recency: number;
  p_value: number;
  p_source: number;
  p_activity: number;
  score: number;
  open_leads: number;
  avg_score: number | null;
  benchmark_minor: string | null;
}

/**
 * Scores open leads (new, contacted, qualified; not archived) 0–100 as the sum of five factors:
 * - status: qualified 30, contacted 15, new 5;
 * - recency of the last touch (leads.last_contacted_at or the latest activity logged on the lead, whichever is
 *   later): within 7 days 20, 30 days 10, 90 days 5, else 0;
 * - estimated value against the benchmark = average amount of deals won in the last 365 days (business currency):
 *   ≥ benchmark 20, ≥ half of it 10, below that 5; with no benchmark any value scores 10; no value, zero or another
 *   currency 0;
 * - source channel: referral 15, event 10, web 10, outbound 5, social 5, ads 5, other 0;
 * - activities logged on the lead in the last 90 days: 5+ → 15, 3–4 → 10, 1–2 → 5, none 0.
 * Ordered by score, then estimated value, then most recent touch.
 */
export async function leadScores(
  db: Db,
  s: SalesScope,
  opts: { now: Date; today: string; limit: number; status?: string; ownerUserId?: string },
): Promise<LeadScoreRow[]> {
  const now = tstz(opts.now);
  const ago = (days: number) => sql`(${now} - ${days}::int * interval '1 day')`;
  const filters = sql.join(
    [
      opts.status ? sql`and l.status = ${opts.status}` : sql``,
      opts.ownerUserId ? sql`and l.owner_user_id = ${opts.ownerUserId}` : sql``,
    ],
    sql` `,
  );
  return queryRows<LeadScoreRow>(
    db,
    sql`with bench as (
          select round(avg(amount_minor))::bigint as avg_won_minor from deals
          where business_id = ${s.businessId} and status = 'won' and currency = ${s.currency} and archived_at is null
            and closed_on > ${opts.today}::date - 365 and closed_on <= ${opts.today}::date
        ),
        act as (
          select lead_id, count(*)::int as n, max(occurred_at) as last_at from activities
          where business_id = ${s.businessId} and lead_id is not null and archived_at is null
            and occurred_at > ${ago(90)} and occurred_at <= ${now}
          group by lead_id
        ),
        l as (
          select l.id, l.status, l.source_channel, l.estimated_value_minor, l.currency,
            greatest(l.last_contacted_at, a.last_at) as last_touch, coalesce(a.n, 0) as activities
          from leads l left join act a on a.lead_id = l.id
          where l.business_id = ${s.businessId} and l.status in ('new', 'contacted', 'qualified')
            and l.archived_at is null ${filters}
        ),
        points as (
          select l.*,
            case status when 'qualified' then 30 when 'contacted' then 15 else 5 end as p_status,
            case when last_touch > ${ago(7)} then 20 when last_touch > ${ago(30)} then 10
                 when last_touch > ${ago(90)} then 5 else 0 end as p_recency,
            case when coalesce(estimated_value_minor, 0) = 0 or currency <> ${s.currency} then 0
                 when b.avg_won_minor is null then 10
                 when estimated_value_minor >= b.avg_won_minor then 20
                 when estimated_value_minor * 2 >= b.avg_won_minor then 10
                 else 5 end as p_value,
            case source_channel when 'referral' then 15 when 'event' then 10 when 'web' then 10
                 when 'outbound' then 5 when 'social' then 5 when 'ads' then 5 else 0 end as p_source,
            case when activities >= 5 then 15 when activities >= 3 then 10 when activities >= 1 then 5
                 else 0 end as p_activity
          from l cross join bench b
        ),
        scored as materialized (
          select points.*, p_status + p_recency + p_value + p_source + p_activity as score from points
        ),
        stats as (select count(*)::int as open_leads, round(avg(score), 1)::float8 as avg_score from scored),
        top as (
          select * from scored
          order by score desc, estimated_value_minor desc nulls last, last_touch desc nulls last, id
          limit ${opts.limit}
        )
        select top.id, ld.name, ld.company, top.status, top.source_channel,
          top.estimated_value_minor::text as estimated_value_minor, top.currency,
          ${isoTimestamp(sql`top.last_touch`)} as last_touch_at, top.activities as activities_90d,
          top.p_status, top.p_recency, top.p_value, top.p_source, top.p_activity, top.score,
          stats.open_leads, stats.avg_score, bench.avg_won_minor::text as benchmark_minor
        from top
        join leads ld on ld.business_id = ${s.businessId} and ld.id = top.id
        cross join stats cross join bench
        order by top.score desc, top.estimated_value_minor desc nulls last, top.last_touch desc nulls last, top.id`,
  );
}

/** The value benchmark alone (for when there are no open leads to carry it). */
export async function wonDealBenchmark(db: Db, s: SalesScope, today: string): Promise<string | null> {
  const [row] = await queryRows<{ avg_won_minor: string | null }>(
    db,
    sql`select round(avg(amount_minor))::bigint::text as avg_won_minor from deals
        where business_id = ${s.businessId} and status = 'won' and currency = ${s.currency} and archived_at is null
          and closed_on > ${today}::date - 365 and closed_on <= ${today}::date`,
  );
  return row?.avg_won_minor ?? null;
}

export const ACTIVITY_KIND_KEYS = ["call", "email", "meeting", "note", "task"] as const;
type KindCounts = Record<(typeof ACTIVITY_KIND_KEYS)[number], number>;

const kindCounts = sql.join(
  ACTIVITY_KIND_KEYS.map((k) => sql`count(*) filter (where kind = ${k})::int as ${sql.identifier(k)}`),
  sql`, `,
);

const activityIn = (s: SalesScope, p: Period) =>
  sql`a.business_id = ${s.businessId} and a.archived_at is null
      and a.occurred_at >= ${dayStart(p.from, s.timezone)} and a.occurred_at < ${dayEnd(p.to, s.timezone)}`;

export interface ActivityTotalsRow extends KindCounts {
  total: number;
  deals: number;
  contacts: number;
  leads: number;
  customers: number;
}

/** Activities in the period by kind, and how many distinct deals/contacts/leads/customers they touched. */
export async function activityTotals(db: Db, s: SalesScope, p: Period): Promise<ActivityTotalsRow> {
  const [row] = await queryRows<ActivityTotalsRow>(
    db,
    sql`select count(*)::int as total, ${kindCounts},
          count(distinct a.deal_id)::int as deals, count(distinct a.contact_id)::int as contacts,
          count(distinct a.lead_id)::int as leads, count(distinct a.customer_id)::int as customers
        from activities a where ${activityIn(s, p)}`,
  );
  return row!;
}

export interface ActivityByUserRow extends KindCounts {
  user_id: string | null;
  user_name: string | null;
  total: number;
  deals: number;
}

/** Activities in the period per user (null user = logged by no one, e.g. synced). */
export async function activityByUser(
  db: Db,
  s: SalesScope,
  p: Period,
  limit: number,
): Promise<ActivityByUserRow[]> {
  return queryRows<ActivityByUserRow>(
    db,
    sql`select a.user_id, min(u.name) as user_name, count(*)::int as total, ${kindCounts},
          count(distinct a.deal_id)::int as deals
        from activities a left join users u on u.id = a.user_id
        where ${activityIn(s, p)}
        group by a.user_id
        order by count(*) desc, min(u.name) nulls last
        limit ${limit}`,
  );
}

export interface StaleDealRow {
  id: string;
  name: string;
  amount_minor: string;
  currency: string;
  stage_name: string;
  last_activity_at: string | null;
  days_since: number;
  stale_count: number;
  stale_value_minor: string;
}

/**
 * Open deals older than `days` with no activity in the last `days` days (as of `now`), largest first;
 * days_since counts from the last activity, or from creation when there was none.
 */
export async function staleDeals(
  db: Db,
  s: SalesScope,
  opts: { now: Date; days: number; limit: number },
): Promise<StaleDealRow[]> {
  const now = tstz(opts.now);
  const cutoff = sql`(${now} - ${opts.days}::int * interval '1 day')`;
  return queryRows<StaleDealRow>(
    db,
    sql`with stale as (
          select d.id, d.name, d.amount_minor, d.currency, d.stage_id, d.created_at from deals d
          where d.business_id = ${s.businessId} and d.status = 'open' and d.archived_at is null
            and d.created_at <= ${cutoff}
            and not exists (
              select 1 from activities a
              where a.business_id = ${s.businessId} and a.deal_id = d.id and a.archived_at is null
                and a.occurred_at > ${cutoff} and a.occurred_at <= ${now})
        ),
        stats as (
          select count(*)::int as stale_count,
            coalesce(sum(amount_minor) filter (where currency = ${s.currency}), 0)::text as stale_value_minor
          from stale
        ),
        top as (select * from stale order by amount_minor desc, id limit ${opts.limit})
        select top.id, top.name, top.amount_minor::text as amount_minor, top.currency, st.name as stage_name,
          ${isoTimestamp(sql`la.last_at`)} as last_activity_at,
          floor(extract(epoch from (${now} - coalesce(la.last_at, top.created_at))) / 86400)::int as days_since,
          stats.stale_count, stats.stale_value_minor
        from top
        join pipeline_stages st on st.business_id = ${s.businessId} and st.id = top.stage_id
        left join lateral (
          select max(a.occurred_at) as last_at from activities a
          where a.business_id = ${s.businessId} and a.deal_id = top.id and a.archived_at is null
            and a.occurred_at <= ${now}
        ) la on true
        cross join stats
        order by top.amount_minor desc, top.id`,
  );
}
