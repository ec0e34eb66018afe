/**
 * Strategy and cross-module snapshots, aggregated in SQL: KPIs with their trend, goal progress, the business
 * overview (state as of a day) and the period summary (what happened between two days). Money stays in integer
 * minor units, returned as decimal text so bigint sums survive both drivers; amounts are summed in one currency.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";
import { dayEnd, dayStart, isoTimestamp } from "./sql-dates.js";

/** Integer minor units as decimal text, e.g. "123450". */
export type MinorText = string;

interface Scope {
  businessId: string;
  /** The business currency: the only one amounts are summed in. */
  currency: string;
}

const list = (q: SQL): SQL => sql`(select coalesce(json_agg(x), '[]'::json) from (${q}) x)`;
const inList = (values: readonly string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

async function one<T>(db: Db, q: SQL): Promise<T> {
  const [row] = await queryRows<T>(db, q);
  return row!;
}

// ── KPIs and goals ─────────────────────────────────────────────────────────────────────────────────────

export interface KpiPoint {
  periodStart: string;
  periodEnd: string;
  value: string;
}

export interface KpiRow {
  id: string;
  key: string;
  name: string;
  unit: string;
  direction: "higher_is_better" | "lower_is_better";
  frequency: string;
  module: string | null;
  /** Numeric text in the KPI's unit (currency KPIs: minor units). */
  target: string | null;
  latest: string | null;
  previous: string | null;
  change: string | null;
  changePct: number | null;
  latestPeriodStart: string | null;
  onTrack: boolean | null;
  improving: boolean | null;
  trendDirection: "up" | "down" | "flat" | null;
  trend: KpiPoint[];
}

/**
 * Every active KPI definition with its last `periods` values (periods starting on or before `today`), the
 * latest and previous value, the change, on-track against the target by direction, and the sign of the
 * least-squares slope over the trend (flat when under 1% of the mean per period).
 */
export function kpiSnapshot(
  db: Db,
  p: { businessId: string; today: string; periods: number; keys?: string[]; module?: string },
): Promise<KpiRow[]> {
  const b = p.businessId;
  return queryRows<KpiRow>(
    db,
    sql`select d.id, d.key, d.name, d.unit, d.direction, d.frequency, d.module,
      d.target_value::text as target, v.latest::text as latest, v.previous::text as previous,
      (v.latest - v.previous)::text as change,
      case when v.previous <> 0 then round((v.latest - v.previous) / abs(v.previous) * 100, 1)::float8 end as "changePct",
      v.latest_period::text as "latestPeriodStart",
      case when d.target_value is null or v.latest is null then null
        when d.direction = 'higher_is_better' then v.latest >= d.target_value
        else v.latest <= d.target_value end as "onTrack",
      case when v.previous is null or v.latest = v.previous then null
        when d.direction = 'higher_is_better' then v.latest > v.previous
        else v.latest < v.previous end as improving,
      case when v.n < 2 then null
        when v.slope > 0.01 * v.scale then 'up' when v.slope < -0.01 * v.scale then 'down' else 'flat' end
        as "trendDirection",
      coalesce(v.trend, '[]'::json) as trend
    from kpi_definitions d
    left join lateral (
      select count(*) as n,
        (array_agg(x.value order by x.period_start desc))[1] as latest,
        (array_agg(x.value order by x.period_start desc))[2] as previous,
        max(x.period_start) as latest_period,
        regr_slope(x.value::float8, x.i::float8) as slope,
        greatest(abs(avg(x.value::float8)), 1e-9) as scale,
        json_agg(json_build_object('periodStart', x.period_start::text, 'periodEnd', x.period_end::text,
          'value', x.value::text) order by x.period_start) as trend
      from (select y.*, row_number() over (order by y.period_start) as i
            from (select period_start, period_end, value from kpi_values
                  where business_id = ${b} and kpi_id = d.id and period_start <= ${p.today}::date
                  order by period_start desc limit ${p.periods}) y) x
    ) v on true
    where d.business_id = ${b} and d.archived_at is null
      ${p.keys?.length ? sql`and d.key in (${inList(p.keys)})` : sql``}
      ${p.module ? sql`and d.module = ${p.module}` : sql``}
    order by d.module nulls last, d.name
    limit 100`,
  );
}

export const GOAL_RISK_REASONS = ["status_at_risk", "status_off_track", "overdue", "behind_pace"] as const;
export type GoalRiskReason = (typeof GOAL_RISK_REASONS)[number];
/** A goal is behind pace when its progress trails the share of its time that has passed by more than this. */
export const BEHIND_PACE_POINTS = 20;

export interface GoalRow {
  id: string;
  title: string;
  status: string;
  unit: string | null;
  direction: "higher_is_better" | "lower_is_better";
  target: string | null;
  current: string | null;
  startOn: string | null;
  dueOn: string | null;
  kpiId: string | null;
  kpiName: string | null;
  progressPct: number | null;
  daysLeft: number | null;
  timeElapsedPct: number | null;
  riskReasons: GoalRiskReason[];
  atRisk: boolean;
  /** Totals over every goal matched (before the limit). */
  total: number;
  atRiskTotal: number;
  byStatus: Record<string, number> | null;
}

/**
 * Goals (open ones unless `includeClosed` or `statuses` say otherwise) with progress toward the target:
 * current ÷ target, or target ÷ current for a lower-is-better KPI; current falls back to the linked KPI's
 * latest value. At-risk reasons: status at_risk / off_track, past due and under 100%, or behind pace.
 */
export function goalProgress(
  db: Db,
  p: {
    businessId: string;
    today: string;
    statuses?: readonly string[];
    includeClosed?: boolean;
    atRiskOnly?: boolean;
    limit: number;
  },
): Promise<GoalRow[]> {
  const b = p.businessId;
  const today = sql`${p.today}::date`;
  const statusFilter = p.statuses?.length
    ? sql`and g.status in (${inList(p.statuses)})`
    : p.includeClosed
      ? sql``
      : sql`and g.status not in ('achieved', 'missed')`;
  return queryRows<GoalRow>(
    db,
    sql`with g as (
      select g.id, g.title, g.status, g.start_on, g.due_on, g.kpi_id, k.name as kpi_name,
        coalesce(g.unit, k.unit) as unit, coalesce(k.direction, 'higher_is_better') as direction,
        g.target_value as target, coalesce(g.current_value, kv.value) as current
      from goals g
      left join kpi_definitions k on k.business_id = g.business_id and k.id = g.kpi_id
      left join lateral (
        select v.value from kpi_values v
        where v.business_id = g.business_id and v.kpi_id = g.kpi_id and v.period_start <= ${today}
        order by v.period_start desc limit 1
      ) kv on g.current_value is null
      where g.business_id = ${b} and g.archived_at is null ${statusFilter}
    ), p as (
      select g.*,
        case when target is null or current is null then null
          when direction = 'higher_is_better' then case when target <> 0 then round(current / target * 100, 1) end
          when current <= target then 100.0
          when current <> 0 then round(target / current * 100, 1) end as progress,
        due_on - ${today} as days_left,
        case when due_on > start_on then
          round(least(greatest((${today} - start_on)::numeric / (due_on - start_on), 0), 1) * 100, 1) end as elapsed
      from g
    ), r as (
      select p.*, array_remove(array[
        case when status = 'at_risk' then 'status_at_risk' end,
        case when status = 'off_track' then 'status_off_track' end,
        case when status not in ('achieved', 'missed') and days_left < 0 and coalesce(progress, 0) < 100
          then 'overdue' end,
        case when status not in ('achieved', 'missed') and progress < elapsed - ${BEHIND_PACE_POINTS}
          then 'behind_pace' end
      ]::text[], null) as reasons
      from p
    )
    select id, title, status, unit, direction, target::text as target, current::text as current,
      start_on::text as "startOn", due_on::text as "dueOn", kpi_id as "kpiId", kpi_name as "kpiName",
      progress::float8 as "progressPct", days_left as "daysLeft", elapsed::float8 as "timeElapsedPct",
      reasons as "riskReasons", cardinality(reasons) > 0 as "atRisk",
      (count(*) over ())::int as total,
      (count(*) filter (where cardinality(reasons) > 0) over ())::int as "atRiskTotal",
      (select json_object_agg(status, n) from (select status, count(*)::int as n from r group by status) s)
        as "byStatus"
    from r
    ${p.atRiskOnly ? sql`where cardinality(reasons) > 0` : sql``}
    order by cardinality(reasons) > 0 desc, due_on nulls last, title, id
    limit ${p.limit}`,
  );
}

// ── Business overview (as of one day) ─────────────────────────────────────────────────────────────────

export function cashPosition(db: Db, s: Scope) {
  return one<{ balance: MinorText; accounts: number }>(
    db,
    sql`select coalesce(sum(current_balance_minor), 0)::text as balance, count(*)::int as accounts
    from accounts where business_id = ${s.businessId} and archived_at is null and is_active
      and kind in ('bank', 'cash') and currency = ${s.currency}`,
  );
}

export interface OverdueInvoice {
  id: string;
  number: string;
  customer: string | null;
  dueDate: string;
  daysOverdue: number;
  amountDue: MinorText;
  currency: string;
}

/** Open (sent or overdue, not fully paid) invoices; counts span currencies, totals are the business currency. */
export function receivables(db: Db, s: Scope, today: string, top: number) {
  return one<{
    openCount: number;
    openTotal: MinorText;
    overdueCount: number;
    overdueTotal: MinorText;
    overdue: OverdueInvoice[];
  }>(
    db,
    sql`with o as (
      select id, number, customer_id, due_date, currency, total_minor - amount_paid_minor as due
      from invoices where business_id = ${s.businessId} and archived_at is null
        and status in ('sent', 'overdue') and total_minor > amount_paid_minor
    )
    select count(*)::int as "openCount",
      coalesce(sum(due) filter (where currency = ${s.currency}), 0)::text as "openTotal",
      (count(*) filter (where due_date < ${today}::date))::int as "overdueCount",
      coalesce(sum(due) filter (where due_date < ${today}::date and currency = ${s.currency}), 0)::text
        as "overdueTotal",
      ${list(sql`select o.id, o.number, c.name as customer, o.due_date::text as "dueDate",
          ${today}::date - o.due_date as "daysOverdue", o.due::text as "amountDue", o.currency
        from o left join customers c on c.business_id = ${s.businessId} and c.id = o.customer_id
        where o.due_date < ${today}::date order by o.due desc, o.due_date, o.id limit ${top}`)} as overdue
    from o`,
  );
}

export interface DueBill {
  id: string;
  number: string | null;
  vendor: string | null;
  dueDate: string;
  amountDue: MinorText;
  currency: string;
}

/** Unpaid bills due by `today + days`, split into overdue and due within the window. */
export function payablesDue(db: Db, s: Scope, today: string, days: number, top: number) {
  return one<{
    dueSoonCount: number;
    dueSoonTotal: MinorText;
    overdueCount: number;
    overdueTotal: MinorText;
    bills: DueBill[];
  }>(
    db,
    sql`with o as (
      select id, number, vendor_id, due_date, currency, total_minor - amount_paid_minor as due
      from bills where business_id = ${s.businessId} and archived_at is null
        and status in ('open', 'overdue') and total_minor > amount_paid_minor
        and due_date <= ${today}::date + ${days}::int
    )
    select (count(*) filter (where due_date >= ${today}::date))::int as "dueSoonCount",
      coalesce(sum(due) filter (where due_date >= ${today}::date and currency = ${s.currency}), 0)::text
        as "dueSoonTotal",
      (count(*) filter (where due_date < ${today}::date))::int as "overdueCount",
      coalesce(sum(due) filter (where due_date < ${today}::date and currency = ${s.currency}), 0)::text
        as "overdueTotal",
      ${list(sql`select o.id, o.number, v.name as vendor, o.due_date::text as "dueDate", o.due::text as "amountDue",
          o.currency
        from o left join vendors v on v.business_id = ${s.businessId} and v.id = o.vendor_id
        order by o.due_date, o.due desc, o.id limit ${top}`)} as bills
    from o`,
  );
}

/** Open deals: count, value and value weighted by the deal's (else its stage's) win probability. */
export function openPipeline(db: Db, s: Scope) {
  return one<{ openDeals: number; value: MinorText; weighted: MinorText }>(
    db,
    sql`select count(*)::int as "openDeals",
      coalesce(sum(d.amount_minor) filter (where d.currency = ${s.currency}), 0)::text as value,
      coalesce(round(sum(d.amount_minor * coalesce(d.probability_bp, st.probability_bp) / 10000.0)
        filter (where d.currency = ${s.currency})), 0)::bigint::text as weighted
    from deals d
    join pipeline_stages st on st.business_id = d.business_id and st.id = d.stage_id
    where d.business_id = ${s.businessId} and d.status = 'open' and d.archived_at is null`,
  );
}

export function openTickets(db: Db, businessId: string, top: number) {
  return one<{
    open: number;
    urgent: number;
    urgentTickets: { id: string; number: number; subject: string; openedAt: string }[];
  }>(
    db,
    sql`with t as (
      select id, number, subject, priority, opened_at from tickets
      where business_id = ${businessId} and archived_at is null and status in ('open', 'pending')
    )
    select count(*)::int as open, (count(*) filter (where priority = 'urgent'))::int as urgent,
      ${list(sql`select id, number, subject, ${isoTimestamp(sql`opened_at`)} as "openedAt" from t where priority = 'urgent'
        order by opened_at, id limit ${top}`)} as "urgentTickets"
    from t`,
  );
}

/** Active items whose stock is at or below the reorder point (the schema's definition of low stock). */
export function lowStock(db: Db, businessId: string, top: number) {
  return one<{
    count: number;
    items: { id: string; sku: string; name: string; onHand: number; reorderPoint: number }[];
  }>(
    db,
    sql`with i as (
      select id, sku, name, on_hand, reorder_point from inventory_items
      where business_id = ${businessId} and is_active and on_hand <= reorder_point and archived_at is null
    )
    select count(*)::int as count,
      ${list(sql`select id, sku, name, on_hand as "onHand", reorder_point as "reorderPoint" from i
        order by on_hand - reorder_point, name, id limit ${top}`)} as items
    from i`,
  );
}

/** Active headcount and who is on approved time off today. */
export function peopleToday(db: Db, businessId: string, today: string, top: number) {
  return one<{
    activeHeadcount: number;
    outToday: number;
    out: { id: string; firstName: string; lastName: string | null; kind: string; until: string }[];
  }>(
    db,
    sql`with o as (
      select e.id, e.first_name, e.last_name, t.kind, t.ends_on
      from time_off_requests t join employees e on e.business_id = t.business_id and e.id = t.employee_id
      where t.business_id = ${businessId} and t.status = 'approved'
        and t.starts_on <= ${today}::date and t.ends_on >= ${today}::date
    )
    select (select count(*) from employees where business_id = ${businessId} and status = 'active'
        and archived_at is null)::int as "activeHeadcount",
      (select count(distinct id) from o)::int as "outToday",
      ${list(sql`select distinct on (id) id, first_name as "firstName", last_name as "lastName", kind,
          ends_on::text as until from o order by id, ends_on desc limit ${top}`)} as out`,
  );
}

/** Licenses and active contracts expiring between today and `today + days`. */
export function legalExpiring(db: Db, businessId: string, today: string, days: number, top: number) {
  const until = sql`${today}::date + ${days}::int`;
  return one<{
    licenses: number;
    contracts: number;
    licenseList: { id: string; name: string; expiresOn: string }[];
    contractList: { id: string; title: string; endsOn: string; renewal: string }[];
  }>(
    db,
    sql`with l as (
      select id, name, expires_on from licenses_permits
      where business_id = ${businessId} and archived_at is null and status in ('active', 'pending')
        and expires_on between ${today}::date and ${until}
    ), c as (
      select id, title, ends_on, renewal from contracts
      where business_id = ${businessId} and archived_at is null and status = 'active'
        and ends_on between ${today}::date and ${until}
    )
    select (select count(*) from l)::int as licenses, (select count(*) from c)::int as contracts,
      ${list(sql`select id, name, expires_on::text as "expiresOn" from l order by expires_on, id limit ${top}`)}
        as "licenseList",
      ${list(sql`select id, title, ends_on::text as "endsOn", renewal from c order by ends_on, id limit ${top}`)}
        as "contractList"`,
  );
}

/** Open or in-progress tasks due before the end of `today` in the business's time zone. */
export function tasksDue(db: Db, businessId: string, today: string, tz: string, top: number) {
  return one<{
    overdue: number;
    dueToday: number;
    tasks: { id: string; title: string; dueAt: string; priority: string }[];
  }>(
    db,
    sql`with t as (
      select id, title, due_at, priority from tasks
      where business_id = ${businessId} and archived_at is null and status in ('open', 'in_progress')
        and due_at < ${dayEnd(today, tz)}
    )
    select (count(*) filter (where due_at < ${dayStart(today, tz)}))::int as overdue,
      (count(*) filter (where due_at >= ${dayStart(today, tz)}))::int as "dueToday",
      ${list(sql`select id, title, ${isoTimestamp(sql`due_at`)} as "dueAt", priority from t order by due_at, id limit ${top}`)} as tasks
    from t`,
  );
}

export interface InsightRow {
  id: string;
  kind: string;
  severity: string;
  title: string;
  module: string | null;
  generatedAt: string;
}

/** The latest insights not dismissed or done and not expired, limited to modules the caller may read. */
export function latestInsights(
  db: Db,
  businessId: string,
  now: Date,
  modules: readonly string[],
  top: number,
) {
  return queryRows<InsightRow>(
    db,
    sql`select id, kind, severity, title, module, ${isoTimestamp(sql`generated_at`)} as "generatedAt" from ai_insights
    where business_id = ${businessId} and status in ('new', 'acknowledged')
      and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz)
      and (module is null or module in (${inList(modules)}))
    order by generated_at desc, id desc limit ${top}`,
  );
}

// ── Period summary (from..to inclusive, business-local days) ──────────────────────────────────────────

export interface Period extends Scope {
  from: string;
  to: string;
  timezone: string;
}

/**
 * Posted transactions: money in, out, net (business currency), count (all currencies), the biggest by size.
 * Two scans of the (business_id, posted_on) range rather than one materialized CTE: both can run in parallel.
 */
export function periodTransactions(db: Db, p: Period, top: number) {
  const range = sql`business_id = ${p.businessId} and posted_on between ${p.from}::date and ${p.to}::date
    and status = 'posted'`;
  return one<{
    count: number;
    moneyIn: MinorText;
    moneyOut: MinorText;
    net: MinorText;
    biggest: { id: string; postedOn: string; description: string; amount: MinorText }[];
  }>(
    db,
    sql`select a.count, a."moneyIn", a."moneyOut", a.net,
      ${list(sql`select id, posted_on::text as "postedOn", description, amount_minor::text as amount
        from transactions where ${range} and currency = ${p.currency}
        order by abs(amount_minor) desc, posted_on, id limit ${top}`)} as biggest
    from (select count(*)::int as count,
        coalesce(sum(amount_minor) filter (where amount_minor > 0 and currency = ${p.currency}), 0)::text
          as "moneyIn",
        coalesce(-sum(amount_minor) filter (where amount_minor < 0 and currency = ${p.currency}), 0)::text
          as "moneyOut",
        coalesce(sum(amount_minor) filter (where currency = ${p.currency}), 0)::text as net
      from transactions where ${range}) a`,
  );
}

/** Invoices issued (not draft or void) and paid in the period. */
export function periodInvoices(db: Db, p: Period) {
  const live = sql`business_id = ${p.businessId} and archived_at is null`;
  return one<{ issuedCount: number; issuedTotal: MinorText; paidCount: number; paidTotal: MinorText }>(
    db,
    sql`select i.n::int as "issuedCount", i.total::text as "issuedTotal",
      pd.n::int as "paidCount", pd.total::text as "paidTotal"
    from (select count(*) as n, coalesce(sum(total_minor) filter (where currency = ${p.currency}), 0) as total
          from invoices where ${live} and status not in ('draft', 'void')
            and issue_date between ${p.from}::date and ${p.to}::date) i,
         (select count(*) as n, coalesce(sum(amount_paid_minor) filter (where currency = ${p.currency}), 0) as total
          from invoices where ${live} and status <> 'void'
            and paid_on between ${p.from}::date and ${p.to}::date) pd`,
  );
}

/** Deals created in the period (by created_at, local days) and won / lost (by closed_on). */
export function periodDeals(db: Db, p: Period, top: number) {
  return one<{
    createdCount: number;
    createdValue: MinorText;
    wonCount: number;
    wonValue: MinorText;
    lostCount: number;
    lostValue: MinorText;
    won: { id: string; name: string; amount: MinorText; closedOn: string }[];
  }>(
    db,
    sql`with c as (
      select d.status, d.amount_minor, d.currency, d.id, d.name, d.closed_on from deals d
      where d.business_id = ${p.businessId} and d.archived_at is null and d.status in ('won', 'lost')
        and d.closed_on between ${p.from}::date and ${p.to}::date
    ), n as (
      select count(*) as n, coalesce(sum(amount_minor) filter (where currency = ${p.currency}), 0) as v
      from deals where business_id = ${p.businessId} and archived_at is null
        and created_at >= ${dayStart(p.from, p.timezone)} and created_at < ${dayEnd(p.to, p.timezone)}
    )
    select n.n::int as "createdCount", n.v::text as "createdValue",
      (select count(*) from c where status = 'won')::int as "wonCount",
      (select coalesce(sum(amount_minor), 0) from c where status = 'won' and currency = ${p.currency})::text
        as "wonValue",
      (select count(*) from c where status = 'lost')::int as "lostCount",
      (select coalesce(sum(amount_minor), 0) from c where status = 'lost' and currency = ${p.currency})::text
        as "lostValue",
      ${list(sql`select id, name, amount_minor::text as amount, closed_on::text as "closedOn" from c
        where status = 'won' order by amount_minor desc, id limit ${top}`)} as won
    from n`,
  );
}

export function periodTickets(db: Db, p: Period) {
  const from = dayStart(p.from, p.timezone);
  const to = dayEnd(p.to, p.timezone);
  return one<{ opened: number; resolved: number }>(
    db,
    sql`select (select count(*) from tickets where business_id = ${p.businessId} and archived_at is null
        and opened_at >= ${from} and opened_at < ${to})::int as opened,
      (select count(*) from tickets where business_id = ${p.businessId} and archived_at is null
        and resolved_at >= ${from} and resolved_at < ${to})::int as resolved`,
  );
}

/**
 * Campaigns running during the period (dates overlap it and not merely planned), posts published in it, and
 * the engagements those posts earned in it.
 */
export function periodMarketing(db: Db, p: Period, top: number) {
  return one<{
    activeCampaigns: number;
    campaigns: { id: string; name: string; status: string; channel: string }[];
    postsPublished: number;
    engagements: number;
  }>(
    db,
    sql`with cm as (
      select id, name, status, channel, starts_on from campaigns
      where business_id = ${p.businessId} and archived_at is null and status <> 'planned'
        and (starts_on is null or starts_on <= ${p.to}::date) and (ends_on is null or ends_on >= ${p.from}::date)
    ), po as (
      select id from posts where business_id = ${p.businessId} and archived_at is null and status = 'published'
        and published_at >= ${dayStart(p.from, p.timezone)} and published_at < ${dayEnd(p.to, p.timezone)}
    )
    select (select count(*) from cm)::int as "activeCampaigns",
      ${list(sql`select id, name, status, channel from cm order by starts_on nulls last, name, id limit ${top}`)}
        as campaigns,
      (select count(*) from po)::int as "postsPublished",
      (select coalesce(sum(m.engagements), 0) from social_metrics m join po on po.id = m.post_id
        where m.business_id = ${p.businessId} and m.measured_on between ${p.from}::date and ${p.to}::date)::int
        as engagements`,
  );
}

/** Records of `table` (customers or leads) created in the period, newest first. */
export function periodNew(db: Db, p: Period, table: "customers" | "leads", top: number) {
  return one<{ count: number; records: { id: string; name: string }[] }>(
    db,
    sql`with n as (
      select id, name, created_at from ${sql.identifier(table)}
      where business_id = ${p.businessId} and archived_at is null
        and created_at >= ${dayStart(p.from, p.timezone)} and created_at < ${dayEnd(p.to, p.timezone)}
    )
    select count(*)::int as count,
      ${list(sql`select id, name from n order by created_at desc, id limit ${top}`)} as records
    from n`,
  );
}
