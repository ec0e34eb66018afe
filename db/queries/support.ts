/**
 * Support analytics queries: the open queue by priority and age, response and resolution times
 * (percentile_cont), customer feedback. Every figure is an SQL aggregate.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";
import { type DateRange, dayEnd, dayStart, isoTimestamp, tstz } from "./sql-dates.js";

export interface SupportScope {
  businessId: string;
  timezone: string;
}

export type Period = DateRange;

/**
 * Hours between two timestamps, null when either is null (greatest() alone would turn null into 0), never
 * negative (a response logged before the ticket was opened counts as 0).
 */
const hours = (from: SQL, to: SQL) =>
  sql`(case when ${to} is not null then greatest(extract(epoch from (${to} - ${from}))::float8 / 3600, 0) end)`;
const round2 = (x: SQL) => sql`round((${x})::numeric, 2)::float8`;

export interface QueueRow {
  priority: string | null;
  total: number;
  open: number;
  pending: number;
  under_1d: number;
  d1_to_3: number;
  d3_to_7: number;
  over_7d: number;
  unassigned: number;
  no_response: number;
}

/**
 * Open and pending tickets (not archived) per priority plus one row for all (priority null), with age buckets
 * by opened_at as of `now`: < 1 day, 1–3 days, 3–7 days, 7+ days (lower bounds inclusive).
 */
export async function openQueue(db: Db, s: SupportScope, now: Date): Promise<QueueRow[]> {
  const n = tstz(now);
  const age = (days: number) => sql`(${n} - ${days}::int * interval '1 day')`;
  return queryRows<QueueRow>(
    db,
    sql`select priority, count(*)::int as total,
          count(*) filter (where status = 'open')::int as open,
          count(*) filter (where status = 'pending')::int as pending,
          count(*) filter (where opened_at > ${age(1)})::int as under_1d,
          count(*) filter (where opened_at <= ${age(1)} and opened_at > ${age(3)})::int as d1_to_3,
          count(*) filter (where opened_at <= ${age(3)} and opened_at > ${age(7)})::int as d3_to_7,
          count(*) filter (where opened_at <= ${age(7)})::int as over_7d,
          count(*) filter (where assignee_user_id is null)::int as unassigned,
          count(*) filter (where first_response_at is null)::int as no_response
        from tickets
        where business_id = ${s.businessId} and status in ('open', 'pending') and archived_at is null
        group by grouping sets ((priority), ())`,
  );
}

export interface TicketRow {
  id: string;
  number: number;
  subject: string;
  priority: string;
  status: string;
  opened_at: string;
  first_response_at: string | null;
  assignee_user_id: string | null;
  age_hours: number;
}

/** The oldest open/pending tickets of the given priorities. */
export async function oldestOpen(
  db: Db,
  s: SupportScope,
  now: Date,
  priorities: string[],
  limit: number,
): Promise<TicketRow[]> {
  return queryRows<TicketRow>(
    db,
    sql`select id, number, left(subject, 120) as subject, priority, status, ${isoTimestamp(sql`opened_at`)} as opened_at,
          ${isoTimestamp(sql`first_response_at`)} as first_response_at, assignee_user_id,
          ${round2(hours(sql`opened_at`, tstz(now)))} as age_hours
        from tickets
        where business_id = ${s.businessId} and status in ('open', 'pending') and archived_at is null
          and priority in (${sql.join(
            priorities.map((p) => sql`${p}`),
            sql`, `,
          )})
        order by tickets.opened_at, tickets.number limit ${limit}`,
  );
}

export interface ResponseRow {
  priority: string | null;
  tickets: number;
  responded: number;
  without_response: number;
  median_first_response_hours: number | null;
  p90_first_response_hours: number | null;
  resolved: number;
  median_resolution_hours: number | null;
  p90_resolution_hours: number | null;
}

const openedIn = (s: SupportScope, p: Period) =>
  sql`business_id = ${s.businessId} and archived_at is null
      and opened_at >= ${dayStart(p.from, s.timezone)} and opened_at < ${dayEnd(p.to, s.timezone)}`;

/**
 * For tickets opened in the period (local days), per priority and overall (priority null): median and p90
 * (percentile_cont, interpolated) of hours to first response and to resolution; tickets without either are
 * counted apart and left out of that percentile.
 */
export async function responseTimes(db: Db, s: SupportScope, p: Period): Promise<ResponseRow[]> {
  const first = hours(sql`opened_at`, sql`first_response_at`);
  const resolve = hours(sql`opened_at`, sql`resolved_at`);
  const pc = (f: number, x: SQL) =>
    round2(sql`percentile_cont(${sql.raw(String(f))}) within group (order by ${x})`);
  return queryRows<ResponseRow>(
    db,
    sql`select priority, count(*)::int as tickets,
          count(first_response_at)::int as responded,
          count(*) filter (where first_response_at is null)::int as without_response,
          ${pc(0.5, first)} as median_first_response_hours,
          ${pc(0.9, first)} as p90_first_response_hours,
          count(resolved_at)::int as resolved,
          ${pc(0.5, resolve)} as median_resolution_hours,
          ${pc(0.9, resolve)} as p90_resolution_hours
        from tickets where ${openedIn(s, p)}
        group by grouping sets ((priority), ())`,
  );
}

/**
 * Tickets opened in the period still without a first response (oldest first), then the slowest first responses.
 * Ids are picked first and only those rows are formatted, so long periods sort narrow rows.
 */
export async function responseOutliers(
  db: Db,
  s: SupportScope,
  p: Period,
  now: Date,
  limit: number,
): Promise<(TicketRow & { kind: "unanswered" | "slowest"; first_response_hours: number | null })[]> {
  const first = hours(sql`opened_at`, sql`first_response_at`);
  return queryRows(
    db,
    sql`with picked as (
          (select 'unanswered' as kind, id, row_number() over (order by opened_at, number) as rn from tickets
           where ${openedIn(s, p)} and first_response_at is null
           order by opened_at, number limit ${limit})
          union all
          (select 'slowest' as kind, id, row_number() over (order by ${first} desc, number) as rn from tickets
           where ${openedIn(s, p)} and first_response_at is not null
           order by ${first} desc, number limit ${limit})
        )
        select picked.kind, t.id, t.number, left(t.subject, 120) as subject, t.priority, t.status,
          ${isoTimestamp(sql`t.opened_at`)} as opened_at, ${isoTimestamp(sql`t.first_response_at`)} as first_response_at,
          t.assignee_user_id, ${round2(hours(sql`t.opened_at`, tstz(now)))} as age_hours,
          ${round2(hours(sql`t.opened_at`, sql`t.first_response_at`))} as first_response_hours
        from picked join tickets t on t.business_id = ${s.businessId} and t.id = picked.id
        order by picked.kind desc, picked.rn`,
  );
}

export interface FeedbackRow {
  channel: string | null;
  entries: number;
  rated: number;
  average_rating: number | null;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
  low: number;
}

const receivedIn = (s: SupportScope, p: Period, channel?: string) =>
  sql`business_id = ${s.businessId} and archived_at is null
      and received_on between ${p.from}::date and ${p.to}::date
      ${channel ? sql`and channel = ${channel}` : sql``}`;

/**
 * Feedback received in the period, per channel and overall (channel null): count, average, 1–5 counts and low
 * ratings (≤ 2).
 */
export async function feedbackSummary(
  db: Db,
  s: SupportScope,
  p: Period,
  channel?: string,
): Promise<FeedbackRow[]> {
  const r = (n: number) => sql`count(*) filter (where rating = ${sql.raw(String(n))})::int`;
  return queryRows<FeedbackRow>(
    db,
    sql`select channel, count(*)::int as entries, count(rating)::int as rated,
          round(avg(rating), 2)::float8 as average_rating,
          ${r(1)} as r1, ${r(2)} as r2, ${r(3)} as r3, ${r(4)} as r4, ${r(5)} as r5,
          count(*) filter (where rating <= 2)::int as low
        from feedback_entries where ${receivedIn(s, p, channel)}
        group by grouping sets ((channel), ())
        order by channel nulls first`,
  );
}

export interface LowRatingRow {
  id: string;
  rating: number;
  channel: string;
  received_on: string;
  comment: string | null;
  author_name: string | null;
  customer_id: string | null;
  ticket_id: string | null;
}

/** The most recent ratings of 2 or less in the period. */
export async function lowRatings(
  db: Db,
  s: SupportScope,
  p: Period,
  limit: number,
  channel?: string,
): Promise<LowRatingRow[]> {
  return queryRows<LowRatingRow>(
    db,
    sql`select id, rating, channel, received_on::text, left(comment, 200) as comment, author_name, customer_id,
          ticket_id
        from feedback_entries where ${receivedIn(s, p, channel)} and rating <= 2
        order by feedback_entries.received_on desc, feedback_entries.created_at desc, feedback_entries.id desc limit ${limit}`,
  );
}
