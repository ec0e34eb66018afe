/**
 * Legal analytics in SQL: licenses and permits by expiry, contracts by end date and notice deadline, policies
 * by review date. Each list carries window totals; money leaves as text minor units.
 */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";

export interface ExpiringWindow {
  businessId: string;
  today: string;
  /** Last date included (today + N days). */
  horizon: string;
  /** Earliest past date included (today − lookback days). */
  since: string;
  limit: number;
}

interface WindowTotals {
  total: number;
  past: number;
}

export interface ExpiringLicenseRow extends WindowTotals {
  id: string;
  name: string;
  kind: string;
  issuer: string | null;
  number: string | null;
  status: string;
  expiresOn: string;
  daysLeft: number;
  renewalCost: string | null;
  currency: string;
}

/** Licenses and permits (not revoked or archived) expiring between `since` and `horizon`, soonest first. */
export async function expiringLicenses(db: Db, p: ExpiringWindow): Promise<ExpiringLicenseRow[]> {
  return queryRows<ExpiringLicenseRow>(
    db,
    sql`select l.id, l.name, l.kind, l.issuer, l.number, l.status, l.expires_on::text as "expiresOn",
          (l.expires_on - ${p.today}::date)::int as "daysLeft",
          l.renewal_cost_minor::text as "renewalCost", l.currency,
          count(*) over ()::int as total,
          count(*) filter (where l.expires_on < ${p.today}::date) over ()::int as past
        from licenses_permits l
        where l.business_id = ${p.businessId} and l.archived_at is null and l.status <> 'revoked'
          and l.expires_on between ${p.since} and ${p.horizon}
        order by l.expires_on, l.name
        limit ${p.limit}`,
  );
}

export interface ExpiringContractRow extends WindowTotals {
  id: string;
  title: string;
  kind: string;
  counterparty: string | null;
  customerId: string | null;
  vendorId: string | null;
  status: string;
  renewal: string;
  noticeDays: number | null;
  endsOn: string;
  daysLeft: number;
  noticeDeadline: string | null;
  daysToNoticeDeadline: number | null;
  value: string | null;
  currency: string;
  noticeInWindow: number;
}

/**
 * Active (or already expired) contracts whose end date, or notice deadline (ends_on − notice_days), falls on or
 * before `horizon`, ending no earlier than `since`; ordered by the first of the two dates.
 */
export async function expiringContracts(db: Db, p: ExpiringWindow): Promise<ExpiringContractRow[]> {
  const deadline = sql`(c.ends_on - c.notice_days)`;
  return queryRows<ExpiringContractRow>(
    db,
    sql`select c.id, c.title, c.kind, c.counterparty, c.customer_id as "customerId", c.vendor_id as "vendorId",
          c.status, c.renewal, c.notice_days as "noticeDays", c.ends_on::text as "endsOn",
          (c.ends_on - ${p.today}::date)::int as "daysLeft",
          ${deadline}::text as "noticeDeadline",
          (${deadline} - ${p.today}::date)::int as "daysToNoticeDeadline",
          c.value_minor::text as value, c.currency,
          count(*) over ()::int as total,
          count(*) filter (where c.ends_on < ${p.today}::date) over ()::int as past,
          count(*) filter (where ${deadline} between ${p.today}::date and ${p.horizon}::date
            and c.ends_on >= ${p.today}::date) over ()::int as "noticeInWindow"
        from contracts c
        where c.business_id = ${p.businessId} and c.archived_at is null and c.status in ('active', 'expired')
          and c.ends_on >= ${p.since} and c.ends_on - coalesce(c.notice_days, 0) <= ${p.horizon}::date
        order by c.ends_on - coalesce(c.notice_days, 0), c.ends_on, c.title
        limit ${p.limit}`,
  );
}

export interface PolicyReviewRow extends WindowTotals {
  id: string;
  title: string;
  kind: string;
  version: string | null;
  status: string;
  reviewOn: string;
  daysLeft: number;
}

/** Active policies whose review date falls between `since` and `horizon`, soonest first. */
export async function policiesForReview(db: Db, p: ExpiringWindow): Promise<PolicyReviewRow[]> {
  return queryRows<PolicyReviewRow>(
    db,
    sql`select p.id, p.title, p.kind, p.version, p.status, p.review_on::text as "reviewOn",
          (p.review_on - ${p.today}::date)::int as "daysLeft",
          count(*) over ()::int as total,
          count(*) filter (where p.review_on < ${p.today}::date) over ()::int as past
        from policies p
        where p.business_id = ${p.businessId} and p.archived_at is null and p.status = 'active'
          and p.review_on between ${p.since} and ${p.horizon}
        order by p.review_on, p.title
        limit ${p.limit}`,
  );
}
