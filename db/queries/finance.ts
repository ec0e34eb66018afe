/**
 * Finance analytics in SQL: P&L, cash position / flow / forecast, AR and AP aging, top customers and vendors,
 * budget vs actual and tax. Every aggregate runs in the database over (business_id, <date>) index ranges;
 * amounts stay integer minor units (bigint, returned as string or number by the driver) in one currency.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";
import type { DateRange } from "./sql-dates.js";

/** Whose money, in which currency: every query filters business_id explicitly and sums one currency. */
export interface FinanceScope {
  businessId: string;
  currency: string;
}

/** A bigint from either driver (postgres.js gives strings, PGlite numbers). */
export type Minor = string | number | bigint;

export type { DateRange };

/** Category key used everywhere: trimmed, lower-case; '' for uncategorized. */
const categoryKey = (col: SQL) => sql`lower(trim(coalesce(${col}, '')))`;
/** Cash basis leaves transfers between own accounts out of income and expenses. */
const notTransfer = (col: SQL) => sql`${categoryKey(col)} <> 'transfer'`;
/** Accounts that hold cash (cards and "other" are reported apart). */
const cashAccounts = (s: FinanceScope) => sql`select a.id, a.current_balance_minor as balance, a.balance_as_of
  from accounts a where a.business_id = ${s.businessId} and a.kind in ('bank', 'cash') and a.currency = ${s.currency}
  and a.is_active and a.archived_at is null`;

export interface PnlRow {
  kind: "income" | "expense";
  category: string | null;
  current_amount: Minor;
  comparison_amount: Minor;
  current_count: number;
  comparison_count: number;
  total_current: Minor;
  total_comparison: Minor;
}

/**
 * Cash-basis P&L: posted transactions in the business currency, positive amounts income and negative
 * expenses (shown positive), by category, for the period and its comparison; per-kind totals repeat on
 * every row of the kind.
 */
export async function profitAndLoss(db: Db, s: FinanceScope, cur: DateRange, cmp: DateRange) {
  return queryRows<PnlRow>(
    db,
    sql`with cats as (
          select kind, nullif(min(category collate "C"), '') as category,
            coalesce(sum(amount) filter (where in_current), 0) as current_amount,
            coalesce(sum(amount) filter (where in_comparison), 0) as comparison_amount,
            count(*) filter (where in_current)::int as current_count,
            count(*) filter (where in_comparison)::int as comparison_count
          from (
            select case when t.amount_minor > 0 then 'income' else 'expense' end as kind,
              ${categoryKey(sql`t.category`)} as key, trim(t.category) as category, abs(t.amount_minor) as amount,
              t.posted_on between ${cur.from}::date and ${cur.to}::date as in_current,
              t.posted_on between ${cmp.from}::date and ${cmp.to}::date as in_comparison
            from transactions t
            where t.business_id = ${s.businessId} and t.status = 'posted' and t.currency = ${s.currency}
              and t.amount_minor <> 0 and ${notTransfer(sql`t.category`)}
              and (t.posted_on between ${cur.from}::date and ${cur.to}::date
                or t.posted_on between ${cmp.from}::date and ${cmp.to}::date)
          ) x
          group by kind, key
        )
        select kind, category, current_amount::bigint as current_amount,
          comparison_amount::bigint as comparison_amount, current_count, comparison_count,
          (sum(current_amount) over k)::bigint as total_current,
          (sum(comparison_amount) over k)::bigint as total_comparison
        from cats
        window k as (partition by kind)
        order by kind desc, current_amount desc, comparison_amount desc, category`,
  );
}

export interface TxnRefRow {
  id: string;
  posted_on: string;
  description: string;
  amount: Minor;
}

/** The largest income and expense transactions of a P&L period (up to `perSide` each), for citations. */
export async function largestTransactions(db: Db, s: FinanceScope, r: DateRange, perSide: number) {
  const side = (cond: SQL, order: SQL) => sql`(select t.id, t.posted_on::text as posted_on, t.description,
      t.amount_minor as amount
    from transactions t
    where t.business_id = ${s.businessId} and t.status = 'posted' and t.currency = ${s.currency}
      and ${cond} and ${notTransfer(sql`t.category`)} and t.posted_on between ${r.from}::date and ${r.to}::date
    order by ${order}, t.id limit ${perSide})`;
  return queryRows<TxnRefRow>(
    db,
    sql`select * from (${side(sql`t.amount_minor > 0`, sql`t.amount_minor desc`)}
        union all ${side(sql`t.amount_minor < 0`, sql`t.amount_minor asc`)}) x
        order by amount > 0 desc, abs(amount) desc, id`,
  );
}

export interface AccountPositionRow {
  id: string;
  name: string;
  kind: "bank" | "credit" | "cash" | "other";
  institution: string | null;
  mask: string | null;
  currency: string;
  balance: Minor;
  balance_as_of: string | null;
  change: Minor;
  transactions: number;
  cash_total: Minor | null;
  credit_total: Minor | null;
  other_total: Minor | null;
  cash_change: Minor | null;
  other_currency_accounts: number;
}

/**
 * Active accounts with their stored balance and the net of posted transactions since `since`; the totals
 * (business currency only) repeat on every row: cash (bank + cash), credit card balances, other.
 */
export async function cashPosition(db: Db, s: FinanceScope, since: string, today: string) {
  return queryRows<AccountPositionRow>(
    db,
    sql`with acc as (
          select a.id, a.name, a.kind, a.institution, a.mask, a.currency, a.current_balance_minor as balance,
            to_char(a.balance_as_of at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as balance_as_of,
            coalesce(t.change, 0) as change, coalesce(t.n, 0)::int as transactions
          from accounts a
          left join (
            select account_id, sum(amount_minor) as change, count(*) as n from transactions
            where business_id = ${s.businessId} and status = 'posted'
              and posted_on between ${since}::date and ${today}::date
            group by account_id
          ) t on t.account_id = a.id
          where a.business_id = ${s.businessId} and a.is_active and a.archived_at is null
        )
        select acc.*,
          sum(balance) filter (where kind in ('bank', 'cash') and currency = ${s.currency}) over () as cash_total,
          sum(balance) filter (where kind = 'credit' and currency = ${s.currency}) over () as credit_total,
          sum(balance) filter (where kind = 'other' and currency = ${s.currency}) over () as other_total,
          sum(change) filter (where kind in ('bank', 'cash') and currency = ${s.currency}) over () as cash_change,
          (count(*) filter (where currency <> ${s.currency}) over ())::int as other_currency_accounts
        from acc
        order by case kind when 'bank' then 0 when 'cash' then 1 when 'credit' then 2 else 3 end, name, id`,
  );
}

/** The accounts counted as cash (bank and cash, business currency, active). */
export async function cashAccountList(db: Db, s: FinanceScope) {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select a.id, a.name from accounts a where a.id in (select id from (${cashAccounts(s)}) c)
        and a.business_id = ${s.businessId} order by a.name, a.id limit 50`,
  );
}

export interface CashFlowRow {
  start: string;
  end: string;
  inflow: Minor;
  outflow: Minor;
  transfers: Minor;
  net: Minor;
  transactions: number;
  opening: Minor;
  closing: Minor;
  total_inflow: Minor;
  total_outflow: Minor;
  total_transfers: Minor;
  total_net: Minor;
  total_transactions: number;
}

/**
 * Cash flow of bank and cash accounts per week (ISO, Monday) or month, with a running balance. The opening
 * balance is rebuilt from each account's stored balance (as of balance_as_of, else today) minus the
 * transactions posted between the period start and that date. Transfers are outside inflow/outflow but in net.
 */
export async function cashFlow(
  db: Db,
  s: FinanceScope,
  r: DateRange,
  unit: "week" | "month",
  today: string,
  timeZone: string,
) {
  const step = `1 ${unit}`;
  const anchorOf = sql`coalesce((a.balance_as_of at time zone ${timeZone})::date, ${today}::date)`;
  // The date range to read, as constants so the planner can size the (business_id, posted_on) range scan.
  const [bounds] = await queryRows<{ lo: string; hi: string }>(
    db,
    sql`select least(${r.from}::date, min(${anchorOf}) + 1)::text as lo,
          greatest(${r.to}::date, max(${anchorOf}))::text as hi
        from (${cashAccounts(s)}) a`,
  );
  return queryRows<CashFlowRow>(
    db,
    sql`with acc as (
          select a.id, a.balance, ${anchorOf} as anchor from (${cashAccounts(s)}) a
        ),
        days as (
          select t.posted_on, acc.anchor, ${categoryKey(sql`t.category`)} = 'transfer' as transfer,
            sum(t.amount_minor) filter (where t.amount_minor > 0) as pos,
            sum(t.amount_minor) filter (where t.amount_minor < 0) as neg, count(*)::int as n
          from acc join transactions t on t.business_id = ${s.businessId} and t.account_id = acc.id
          where t.status = 'posted' and t.posted_on between ${bounds!.lo}::date and ${bounds!.hi}::date
          group by 1, 2, 3
        ),
        agg as (
          select case when posted_on between ${r.from}::date and ${r.to}::date
              then date_trunc(${unit}, posted_on::timestamp)::date end as bucket,
            coalesce(sum(pos) filter (where not transfer), 0) as inflow,
            coalesce(-sum(neg) filter (where not transfer), 0) as outflow,
            coalesce(sum(coalesce(pos, 0) + coalesce(neg, 0)) filter (where transfer), 0) as transfers,
            coalesce(sum(coalesce(pos, 0) + coalesce(neg, 0)), 0) as net, sum(n)::int as n,
            sum(case when posted_on < ${r.from}::date and posted_on > anchor then coalesce(pos, 0) + coalesce(neg, 0)
              when posted_on >= ${r.from}::date and posted_on <= anchor then -(coalesce(pos, 0) + coalesce(neg, 0))
              else 0 end) as adjust
          from days group by 1
        ),
        opening as (
          select (select coalesce(sum(balance), 0) from acc) + (select coalesce(sum(adjust), 0) from agg) as amount
        ),
        buckets as (
          select g::date as bucket from generate_series(
            date_trunc(${unit}, ${r.from}::date::timestamp), ${r.to}::date::timestamp, ${step}::interval) g
        )
        select greatest(b.bucket, ${r.from}::date)::text as start,
          least((b.bucket + ${step}::interval - interval '1 day')::date, ${r.to}::date)::text as "end",
          coalesce(f.inflow, 0)::bigint as inflow, coalesce(f.outflow, 0)::bigint as outflow,
          coalesce(f.transfers, 0)::bigint as transfers, coalesce(f.net, 0)::bigint as net,
          coalesce(f.n, 0) as transactions,
          (o.amount + sum(coalesce(f.net, 0)) over w - coalesce(f.net, 0))::bigint as opening,
          (o.amount + sum(coalesce(f.net, 0)) over w)::bigint as closing,
          (sum(coalesce(f.inflow, 0)) over ())::bigint as total_inflow,
          (sum(coalesce(f.outflow, 0)) over ())::bigint as total_outflow,
          (sum(coalesce(f.transfers, 0)) over ())::bigint as total_transfers,
          (sum(coalesce(f.net, 0)) over ())::bigint as total_net,
          (sum(coalesce(f.n, 0)) over ())::int as total_transactions
        from buckets b cross join opening o left join agg f on f.bucket = b.bucket
        window w as (order by b.bucket)
        order by b.bucket`,
  );
}

export interface ForecastInput {
  today: string;
  /** Last day of the window (today + days). */
  end: string;
  days: number;
  /** First day of the history the average daily net is taken over (today − historyDays + 1). */
  historyFrom: string;
  historyDays: number;
}

export interface ForecastRow {
  day: number;
  date: string;
  balance: Minor;
  receivables: Minor;
  payables: Minor;
  is_low: boolean;
  cash: Minor;
  history_net: Minor;
  average_daily_net: Minor;
  ar_amount: Minor;
  ar_count: number;
  ap_amount: Minor;
  ap_count: number;
  ap_overdue_amount: Minor;
  ap_overdue_count: number;
  ar_overdue_amount: Minor;
  ar_overdue_count: number;
}

/** Open AR due in the window and open AP due by its end, placed on max(due date, first day of the window). */
const forecastItems = (s: FinanceScope, f: ForecastInput) => sql`
  select 'ar' as side, i.id, i.number, i.due_date, greatest(i.due_date, ${f.today}::date + 1) as on_day,
    i.total_minor - i.amount_paid_minor as open
  from invoices i
  where i.business_id = ${s.businessId} and i.status in ('sent', 'overdue') and i.archived_at is null
    and i.currency = ${s.currency} and i.total_minor - i.amount_paid_minor > 0
    and i.due_date between ${f.today}::date and ${f.end}::date
  union all
  select 'ap', b.id, b.number, b.due_date, greatest(b.due_date, ${f.today}::date + 1),
    b.total_minor - b.amount_paid_minor
  from bills b
  where b.business_id = ${s.businessId} and b.status in ('open', 'overdue') and b.archived_at is null
    and b.currency = ${s.currency} and b.total_minor - b.amount_paid_minor > 0 and b.due_date <= ${f.end}::date`;

/**
 * The cash projection, day by day: cash today (bank + cash accounts) + open AR due by that day − open AP due
 * by that day + day × the average daily net of posted cash transactions over the history window that settle
 * no invoice or bill (rounded to a minor unit). Returns the end of each week, the last day and the low point
 * (the first lowest day); the summary figures repeat on every row.
 */
export async function cashForecast(db: Db, s: FinanceScope, f: ForecastInput) {
  return queryRows<ForecastRow>(
    db,
    sql`with acc as (${cashAccounts(s)}),
        hist as (
          select coalesce(sum(t.amount_minor), 0)::numeric as net from acc
          join transactions t on t.business_id = ${s.businessId} and t.account_id = acc.id
          where t.status = 'posted' and t.invoice_id is null and t.bill_id is null
            and t.posted_on between ${f.historyFrom}::date and ${f.today}::date
        ),
        start as (select coalesce(sum(balance), 0) as cash from acc),
        items as (${forecastItems(s, f)}),
        overdue_ar as (
          select coalesce(sum(i.total_minor - i.amount_paid_minor), 0) as amount, count(*)::int as n
          from invoices i
          where i.business_id = ${s.businessId} and i.status in ('sent', 'overdue') and i.archived_at is null
            and i.currency = ${s.currency} and i.total_minor - i.amount_paid_minor > 0
            and i.due_date < ${f.today}::date
        ),
        per_day as (
          select on_day, coalesce(sum(open) filter (where side = 'ar'), 0) as ar,
            coalesce(sum(open) filter (where side = 'ap'), 0) as ap
          from items group by on_day
        ),
        series as (
          select d as day, (${f.today}::date + d) as date,
            sum(coalesce(p.ar, 0)) over w as receivables, sum(coalesce(p.ap, 0)) over w as payables
          from generate_series(1, ${f.days}) d
          left join per_day p on p.on_day = ${f.today}::date + d
          window w as (order by d)
        ),
        projected as (
          select series.*, start.cash + receivables - payables + round(hist.net * day / ${f.historyDays}) as balance
          from series cross join start cross join hist
        ),
        ranked as (select *, row_number() over (order by balance, day) = 1 as is_low from projected),
        summary as (
          select start.cash, hist.net as history_net, round(hist.net / ${f.historyDays}) as average_daily_net,
            coalesce(sum(open) filter (where side = 'ar'), 0) as ar_amount,
            count(*) filter (where side = 'ar')::int as ar_count,
            coalesce(sum(open) filter (where side = 'ap'), 0) as ap_amount,
            count(*) filter (where side = 'ap')::int as ap_count,
            coalesce(sum(open) filter (where side = 'ap' and due_date < ${f.today}::date), 0) as ap_overdue_amount,
            count(*) filter (where side = 'ap' and due_date < ${f.today}::date)::int as ap_overdue_count,
            overdue_ar.amount as ar_overdue_amount, overdue_ar.n as ar_overdue_count
          from start cross join hist cross join overdue_ar left join items on true
          group by start.cash, hist.net, overdue_ar.amount, overdue_ar.n
        )
        select r.day, r.date::text as date, r.balance::bigint as balance, r.receivables::bigint as receivables,
          r.payables::bigint as payables, r.is_low, m.cash::bigint as cash, m.history_net::bigint as history_net,
          m.average_daily_net::bigint as average_daily_net, m.ar_amount::bigint as ar_amount, m.ar_count,
          m.ap_amount::bigint as ap_amount, m.ap_count, m.ap_overdue_amount::bigint as ap_overdue_amount,
          m.ap_overdue_count, m.ar_overdue_amount::bigint as ar_overdue_amount, m.ar_overdue_count
        from ranked r cross join summary m
        where r.is_low or r.day % 7 = 0 or r.day = ${f.days}
        order by r.day`,
  );
}

export interface ForecastItemRow {
  side: "ar" | "ap";
  id: string;
  number: string | null;
  due_date: string;
  open: Minor;
}

/** The invoices and bills the forecast counts, by due date (for citations). */
export async function forecastItemRefs(db: Db, s: FinanceScope, f: ForecastInput, limit: number) {
  return queryRows<ForecastItemRow>(
    db,
    sql`select side, id, number, due_date::text as due_date, open from (${forecastItems(s, f)}) x
        order by due_date, open desc, id limit ${limit}`,
  );
}

const AGING = {
  ar: {
    docs: sql.raw("invoices"),
    parties: sql.raw("customers"),
    partyId: sql.raw("customer_id"),
    open: sql.raw("('sent', 'overdue')"),
  },
  ap: {
    docs: sql.raw("bills"),
    parties: sql.raw("vendors"),
    partyId: sql.raw("vendor_id"),
    open: sql.raw("('open', 'overdue')"),
  },
} as const;

export type AgingSide = keyof typeof AGING;

const openDocs = (side: AgingSide, s: FinanceScope, today: string) => {
  const a = AGING[side];
  return sql`select d.id, d.number, d.${a.partyId} as party_id, d.due_date,
      d.total_minor - d.amount_paid_minor as open, ${today}::date - d.due_date as days
    from ${a.docs} d
    where d.business_id = ${s.businessId} and d.status in ${a.open} and d.archived_at is null
      and d.currency = ${s.currency} and d.total_minor - d.amount_paid_minor > 0`;
};

export interface AgingRow {
  party_id: string | null;
  name: string | null;
  is_total: boolean;
  documents: number;
  total: Minor | null;
  not_due: Minor;
  d1_30: Minor;
  d31_60: Minor;
  d61_90: Minor;
  d90_plus: Minor;
  oldest_due: string | null;
  parties: number;
  other_currency: number;
}

/**
 * Open invoices (ar) or bills (ap) in the business currency bucketed by days past due as of `today`:
 * current (not yet due), 1–30, 31–60, 61–90, 90+. The first row is the total; then up to `limit` parties
 * by open amount.
 */
export async function aging(db: Db, side: AgingSide, s: FinanceScope, today: string, limit: number) {
  const a = AGING[side];
  const b = (cond: SQL) => sql`coalesce(sum(o.open) filter (where ${cond}), 0)::bigint`;
  return queryRows<AgingRow>(
    db,
    sql`select o.party_id, p.name, grouping(o.party_id) = 1 as is_total, count(o.id)::int as documents,
          sum(o.open)::bigint as total,
          ${b(sql`o.days <= 0`)} as not_due, ${b(sql`o.days between 1 and 30`)} as d1_30,
          ${b(sql`o.days between 31 and 60`)} as d31_60, ${b(sql`o.days between 61 and 90`)} as d61_90,
          ${b(sql`o.days > 90`)} as d90_plus, min(o.due_date)::text as oldest_due,
          (count(*) over () - 1)::int as parties,
          (select count(*) from ${a.docs} d where d.business_id = ${s.businessId} and d.status in ${a.open}
            and d.archived_at is null and d.currency <> ${s.currency}
            and d.total_minor - d.amount_paid_minor > 0)::int as other_currency
        from (${openDocs(side, s, today)}) o
        join ${a.parties} p on p.business_id = ${s.businessId} and p.id = o.party_id
        group by grouping sets ((o.party_id, p.name), ())
        order by grouping(o.party_id) desc, sum(o.open) desc, p.name, o.party_id
        limit ${limit + 1}`,
  );
}

export interface OverdueRow {
  id: string;
  number: string | null;
  party_id: string;
  name: string;
  due_date: string;
  days: number;
  open: Minor;
}

/** The overdue documents, oldest due date first. */
export async function overdueDocuments(
  db: Db,
  side: AgingSide,
  s: FinanceScope,
  today: string,
  limit: number,
) {
  const a = AGING[side];
  return queryRows<OverdueRow>(
    db,
    sql`select o.id, o.number, o.party_id, p.name, o.due_date::text as due_date, o.days::int as days, o.open
        from (${openDocs(side, s, today)}) o
        join ${a.parties} p on p.business_id = ${s.businessId} and p.id = o.party_id
        where o.days > 0 order by o.due_date, o.number, o.id limit ${limit}`,
  );
}

export interface TopPartyRow {
  party_id: string;
  name: string;
  amount: Minor;
  transactions: number;
  documents: number;
  total: Minor;
  parties: number;
}

/**
 * Money received from customers / paid to vendors in a period: posted transactions naming the party (or its
 * invoice / bill), plus invoices / bills marked paid in the period that no transaction points at. Net of
 * refunds; parties whose net is not positive are left out.
 */
export async function topParties(
  db: Db,
  side: "customer" | "vendor",
  s: FinanceScope,
  r: DateRange,
  limit: number,
) {
  const c = side === "customer";
  const docs = sql.raw(c ? "invoices" : "bills");
  const link = sql.raw(c ? "invoice_id" : "bill_id");
  const partyCol = sql.raw(c ? "customer_id" : "vendor_id");
  const parties = sql.raw(c ? "customers" : "vendors");
  const sign = c ? sql`` : sql`-`;
  return queryRows<TopPartyRow>(
    db,
    sql`with flows as materialized (
          select coalesce(t.${partyCol}, (select d.${partyCol} from ${docs} d
              where d.business_id = ${s.businessId} and d.id = t.${link})) as party_id,
            ${sign}t.amount_minor as amount, 1 as txn, 0 as doc
          from transactions t
          where t.business_id = ${s.businessId} and t.status = 'posted' and t.currency = ${s.currency}
            and t.posted_on between ${r.from}::date and ${r.to}::date
            and (t.${partyCol} is not null or t.${link} is not null)
          union all
          select d.${partyCol}, d.amount_paid_minor, 0, 1
          from ${docs} d
          where d.business_id = ${s.businessId} and d.currency = ${s.currency} and d.status <> 'void'
            and d.amount_paid_minor > 0 and d.paid_on between ${r.from}::date and ${r.to}::date
            and not exists (select 1 from transactions t
              where t.business_id = ${s.businessId} and t.${link} = d.id)
        ),
        per as (
          select party_id, sum(amount) as amount, sum(txn)::int as transactions, sum(doc)::int as documents
          from flows where party_id is not null group by party_id having sum(amount) > 0
        )
        select per.party_id, p.name, per.amount::bigint as amount, per.transactions, per.documents,
          (sum(per.amount) over ())::bigint as total, (count(*) over ())::int as parties
        from per join ${parties} p on p.business_id = ${s.businessId} and p.id = per.party_id
        order by per.amount desc, p.name, per.party_id
        limit ${limit}`,
  );
}

export interface BudgetRow {
  kind: "expense" | "income";
  category: string | null;
  budgeted: boolean;
  budget: Minor;
  actual: Minor;
  budget_lines: number;
  transactions: number;
  variance: Minor;
  percent_used: number | null;
  total_budget: Minor;
  total_actual: Minor;
  total_variance: Minor;
  total_percent_used: number | null;
}

/**
 * Budget vs actual per (kind, category) for a period. Budget lines overlapping the period count pro rata by
 * overlapping days (a quarterly line contributes a month's share to one month). Actual is the net of posted
 * transactions in the category (expenses shown positive); categories with spending but no budget appear
 * with budgeted = false. Per-kind totals repeat on every row.
 */
export async function budgetVsActual(db: Db, s: FinanceScope, r: DateRange) {
  return queryRows<BudgetRow>(
    db,
    sql`with budget as (
          select kind, lower(trim(category)) as key, min(trim(category) collate "C") as category, count(*)::int as lines,
            sum(round(amount_minor::numeric
              * (least(period_end, ${r.to}::date) - greatest(period_start, ${r.from}::date) + 1)
              / (period_end - period_start + 1))) as budget
          from budget_lines
          where business_id = ${s.businessId} and currency = ${s.currency}
            and period_start <= ${r.to}::date and period_end >= ${r.from}::date
          group by kind, lower(trim(category))
        ),
        actual as (
          select ${categoryKey(sql`category`)} as key, nullif(min(trim(category) collate "C"), '') as category,
            sum(amount_minor) as net, count(*)::int as n
          from transactions
          where business_id = ${s.businessId} and status = 'posted' and currency = ${s.currency}
            and posted_on between ${r.from}::date and ${r.to}::date and ${notTransfer(sql`category`)}
          group by 1
        ),
        joined as (
          select coalesce(b.kind, case when a.net < 0 then 'expense' else 'income' end) as kind,
            coalesce(b.category, a.category) as category, b.key is not null as budgeted,
            coalesce(b.budget, 0) as budget, coalesce(b.lines, 0) as budget_lines,
            coalesce(a.net, 0) as net, coalesce(a.n, 0) as transactions
          from budget b full join actual a on a.key = b.key
          where b.key is not null or a.net <> 0
        ),
        signed as (
          select kind, category, budgeted, budget, budget_lines, transactions,
            case when kind = 'expense' then -net else net end as actual
          from joined
        )
        select kind, category, budgeted, budget::bigint as budget, actual::bigint as actual, budget_lines,
          transactions, (actual - budget)::bigint as variance,
          case when budget > 0 then round(actual * 100.0 / budget, 1)::float8 end as percent_used,
          (sum(budget) over k)::bigint as total_budget, (sum(actual) over k)::bigint as total_actual,
          (sum(actual) over k - sum(budget) over k)::bigint as total_variance,
          case when sum(budget) over k > 0
            then round(sum(actual) over k * 100.0 / sum(budget) over k, 1)::float8 end as total_percent_used
        from signed
        window k as (partition by kind)
        order by kind, budgeted desc, budget desc, actual desc, category`,
  );
}

export interface BudgetLineRefRow {
  id: string;
  category: string;
  period_start: string;
}

export async function budgetLineRefs(db: Db, s: FinanceScope, r: DateRange, limit: number) {
  return queryRows<BudgetLineRefRow>(
    db,
    sql`select id, category, period_start::text as period_start from budget_lines
        where business_id = ${s.businessId} and currency = ${s.currency}
          and period_start <= ${r.to}::date and period_end >= ${r.from}::date
        order by amount_minor desc, category, period_start, id limit ${limit}`,
  );
}

export interface TaxGroupRow {
  kind: string | null;
  status: string | null;
  is_total: boolean;
  records: number;
  tax: Minor;
  taxable: Minor;
}

/** Tax records whose period overlaps the range, by kind and status (the first row is the total). */
export async function taxByKindStatus(db: Db, s: FinanceScope, r: DateRange) {
  return queryRows<TaxGroupRow>(
    db,
    sql`select kind, status, grouping(kind, status) <> 0 as is_total, count(*)::int as records,
          coalesce(sum(tax_minor), 0)::bigint as tax, coalesce(sum(taxable_minor), 0)::bigint as taxable
        from tax_records
        where business_id = ${s.businessId} and currency = ${s.currency} and archived_at is null
          and period_start <= ${r.to}::date and period_end >= ${r.from}::date
        group by grouping sets ((kind, status), ())
        order by is_total desc, kind, status`,
  );
}

export interface TaxRecordRow {
  id: string;
  kind: string;
  status: string;
  jurisdiction: string | null;
  period_start: string;
  period_end: string;
  due_on: string | null;
  tax: Minor;
  overdue: boolean;
}

/**
 * Unpaid tax records (estimated or filed) with a due date: up to `limit` overdue ones (oldest first) and up
 * to `limit` upcoming ones (soonest first).
 */
export async function taxDue(db: Db, s: FinanceScope, today: string, limit: number) {
  return queryRows<TaxRecordRow>(
    db,
    sql`select id, kind, status, jurisdiction, period_start, period_end, due_on, tax, overdue from (
          select id, kind, status, jurisdiction, period_start::text as period_start,
            period_end::text as period_end, due_on::text as due_on, tax_minor as tax,
            due_on < ${today}::date as overdue,
            row_number() over (partition by due_on < ${today}::date order by due_on, id) as rn
          from tax_records
          where business_id = ${s.businessId} and currency = ${s.currency} and archived_at is null
            and status <> 'paid' and due_on is not null
        ) x where rn <= ${limit}
        order by due_on, id`,
  );
}

/** Tax records overlapping the range, for citations. */
export async function taxRecordRefs(db: Db, s: FinanceScope, r: DateRange, limit: number) {
  return queryRows<{ id: string; kind: string; period_start: string }>(
    db,
    sql`select id, kind, period_start::text as period_start from tax_records
        where business_id = ${s.businessId} and currency = ${s.currency} and archived_at is null
          and period_start <= ${r.to}::date and period_end >= ${r.from}::date
        order by period_start, kind, id limit ${limit}`,
  );
}

export interface InvoiceTaxRow {
  invoices: number;
  tax: Minor;
  subtotal: Minor;
  tax_on_paid: Minor;
}

/** Tax charged on invoices issued in the range (not draft or void), and how much of it is on paid invoices. */
export async function invoiceTax(db: Db, s: FinanceScope, r: DateRange) {
  const [row] = await queryRows<InvoiceTaxRow>(
    db,
    sql`select count(*)::int as invoices, coalesce(sum(tax_minor), 0)::bigint as tax,
          coalesce(sum(subtotal_minor), 0)::bigint as subtotal,
          coalesce(sum(tax_minor) filter (where status = 'paid'), 0)::bigint as tax_on_paid
        from invoices
        where business_id = ${s.businessId} and currency = ${s.currency} and archived_at is null
          and status not in ('draft', 'void') and issue_date between ${r.from}::date and ${r.to}::date`,
  );
  return row!;
}
