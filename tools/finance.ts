/**
 * Finance analytics tools: P&L, cash position, flow and forecast, AR/AP aging, top customers and vendors,
 * budget vs actual and tax. The SQL lives in db/queries/finance.ts; handlers resolve periods and shape output.
 */
import { z } from "zod";
import * as q from "../db/queries/finance.js";
import { addDays, daysBetween, isoDate, localDate } from "./dates.js";
import { type AnyTool, defineTool, type Ref, type ToolContext, withRefs } from "./define.js";
import { entityByType } from "./entities.js";
import { ToolInputError } from "./errors.js";
import { fromMinor, MoneyFormatError, moneyString, toMinor } from "./money.js";
import { refOf } from "./records.js";

const MAX_PERIOD_DAYS = 1096;
const REF_CAP = 50;

// ---- dates and periods -------------------------------------------------------------------------------

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const parts = (d: string) => d.split("-").map(Number) as [number, number, number];
const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const startOfMonth = (d: string) => `${d.slice(0, 8)}01`;
const isMonthEnd = (d: string) => {
  const [y, m, day] = parts(d);
  return day === daysInMonth(y, m);
};
/** The same day n months later (n may be negative), clamped to the month's last day. */
function addMonths(d: string, n: number): string {
  const [y, m, day] = parts(d);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return iso(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}
const endOfMonth = (d: string) => {
  const [y, m] = parts(d);
  return iso(y, m, daysInMonth(y, m));
};
/** Monday of the ISO week containing d. */
const weekStart = (d: string) => addDays(d, -((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7));

const today = (ctx: ToolContext) => localDate(ctx.now, ctx.business.timezone);
const scope = (ctx: ToolContext): q.FinanceScope => ({
  businessId: ctx.business.id,
  currency: ctx.business.currency,
});

const periodFields = (defaultText: string) => ({
  from: isoDate.optional().describe(`first day, YYYY-MM-DD; default ${defaultText}`),
  to: isoDate
    .optional()
    .describe(
      "last day, YYYY-MM-DD (inclusive); default as for from (a lone from after it: the end of its month)",
    ),
});

/**
 * Fills missing ends from the default (a lone `to` before the default start starts at its month's 1st; a lone
 * `from` after the default end runs to its month's end) and checks the order and length.
 */
function resolvePeriod(input: { from?: string; to?: string }, dflt: q.DateRange): q.DateRange {
  const p = {
    from: input.from ?? (input.to && input.to < dflt.from ? startOfMonth(input.to) : dflt.from),
    to: input.to ?? (input.from && input.from > dflt.to ? endOfMonth(input.from) : dflt.to),
  };
  if (p.to < p.from)
    throw new ToolInputError("The period ends before it starts", [`to: must be on or after ${p.from}`]);
  if (daysBetween(p.from, p.to) >= MAX_PERIOD_DAYS)
    throw new ToolInputError("The period is too long", ["to: the period may span at most 3 years"]);
  return p;
}

const monthToDate = (t: string): q.DateRange => ({ from: startOfMonth(t), to: t });

/**
 * The comparison period: one year earlier, or the period before of equal length — in whole months when the
 * period starts on the 1st (Nov 1–25 → Oct 1–25, Q3 → Q2; a month end maps to a month end), else in days.
 */
export function comparisonPeriod(p: q.DateRange, mode: "previous_period" | "previous_year"): q.DateRange {
  const shift = (n: number) => ({
    from: addMonths(p.from, n),
    to: isMonthEnd(p.to) ? endOfMonth(addMonths(startOfMonth(p.to), n)) : addMonths(p.to, n),
  });
  if (mode === "previous_year") return shift(-12);
  if (p.from.endsWith("-01")) {
    const [fy, fm] = parts(p.from);
    const [ty, tm] = parts(p.to);
    return shift(-((ty - fy) * 12 + (tm - fm) + 1));
  }
  const len = daysBetween(p.from, p.to) + 1;
  return { from: addDays(p.from, -len), to: addDays(p.from, -1) };
}

// ---- output helpers ----------------------------------------------------------------------------------

const big = (v: q.Minor | null | undefined) => BigInt(v ?? 0);
const money = (v: q.Minor | bigint | null | undefined, currency: string) =>
  fromMinor(typeof v === "bigint" ? v : big(v), currency)!;
/** Percent change from `base` to `value`, one decimal; null when the base is zero. */
function changePercent(value: bigint, base: bigint): number | null {
  if (base === 0n) return null;
  const abs = base < 0n ? -base : base;
  return Math.round((Number(value - base) * 1000) / Number(abs)) / 10;
}

const amount = z.string().describe("decimal amount in the report currency");
const percent = z.number().nullable();
const period = z.object({ from: z.string(), to: z.string() });
const spec = (type: string) => entityByType(type)!;
const refFor = (type: string, row: object): Ref => refOf(spec(type), row as Record<string, unknown>);

// ---- profit and loss ---------------------------------------------------------------------------------

const pnlCategory = z.object({
  category: z.string().nullable().describe("null = uncategorized"),
  amount,
  comparison: amount,
  change: amount,
  changePercent: percent,
  transactions: z.number().int(),
});
const pnlSide = z.object({
  total: amount,
  comparison: amount,
  change: amount,
  changePercent: percent,
  categories: z.array(pnlCategory).describe("largest first"),
  omittedCategories: z.number().int().describe("smaller categories left out of the list (still in totals)"),
});

export const profitAndLossTool = defineTool({
  name: "finance_profit_and_loss",
  module: "finance",
  title: "Profit and loss",
  description:
    "Cash-basis P&L for a period vs the previous period or the same period last year: income (positive posted transactions) and expenses (negative ones, shown positive) by category, excluding category 'transfer', in the business currency. For money on hand use finance_cash_position; for budgets finance_budget_vs_actual.",
  input: z.strictObject({
    ...periodFields("the 1st of this month to today"),
    compareTo: z
      .enum(["previous_period", "previous_year"])
      .default("previous_period")
      .describe(
        "previous_period: the period before of equal length (whole months when the period starts on the 1st); previous_year: same dates a year earlier",
      ),
  }),
  output: withRefs({
    basis: z.literal("cash"),
    currency: z.string(),
    period,
    comparisonPeriod: period,
    income: pnlSide,
    expenses: pnlSide,
    net: z.object({ amount, comparison: amount, change: amount, changePercent: percent }),
  }),
  access: "read",
  async run(ctx, input) {
    const cur = ctx.business.currency;
    const p = resolvePeriod(input, monthToDate(today(ctx)));
    const cmp = comparisonPeriod(p, input.compareTo);
    const rows = await q.profitAndLoss(ctx.db, scope(ctx), p, cmp);
    const side = (kind: "income" | "expense") => {
      const cats = rows.filter((r) => r.kind === kind);
      const t = big(cats[0]?.total_current);
      const c = big(cats[0]?.total_comparison);
      return {
        t,
        c,
        out: {
          total: money(t, cur),
          comparison: money(c, cur),
          change: money(t - c, cur),
          changePercent: changePercent(t, c),
          categories: cats.slice(0, 40).map((r) => {
            const a = big(r.current_amount);
            const b = big(r.comparison_amount);
            return {
              category: r.category,
              amount: money(a, cur),
              comparison: money(b, cur),
              change: money(a - b, cur),
              changePercent: changePercent(a, b),
              transactions: r.current_count,
            };
          }),
          omittedCategories: Math.max(0, cats.length - 40),
        },
      };
    };
    const inc = side("income");
    const exp = side("expense");
    const net = inc.t - exp.t;
    const netCmp = inc.c - exp.c;
    const largest = await q.largestTransactions(ctx.db, scope(ctx), p, 10);
    return {
      basis: "cash" as const,
      currency: cur,
      period: p,
      comparisonPeriod: cmp,
      income: inc.out,
      expenses: exp.out,
      net: {
        amount: money(net, cur),
        comparison: money(netCmp, cur),
        change: money(net - netCmp, cur),
        changePercent: changePercent(net, netCmp),
      },
      refs: largest.map((r) =>
        refFor("transaction", { id: r.id, postedOn: r.posted_on, description: r.description }),
      ),
    };
  },
});

// ---- cash position -----------------------------------------------------------------------------------

export const cashPositionTool = defineTool({
  name: "finance_cash_position",
  module: "finance",
  title: "Cash position",
  description:
    "Balances of every active account (stored balance and its as-of time), total cash (bank + cash accounts) with credit card debt shown apart, and the net change of the last 30 days from posted transactions. For periods use finance_cash_flow; for the weeks ahead finance_cash_forecast.",
  input: z.strictObject({}),
  output: withRefs({
    asOf: z.string().describe("today in the business time zone"),
    currency: z.string(),
    changeWindow: period.describe("the 30 days the change is measured over"),
    totals: z.object({
      cash: amount.describe("bank + cash accounts"),
      creditCardDebt: amount.describe("owed on credit cards (positive = owing)"),
      netCash: amount.describe("cash − credit card debt"),
      otherAccounts: amount.describe("accounts of kind other, not in cash"),
      cashChange30Days: amount.describe("net of posted transactions on bank + cash accounts in the window"),
      cash30DaysAgo: amount.describe("cash − cashChange30Days"),
    }),
    accounts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(["bank", "credit", "cash", "other"]),
        institution: z.string().nullable(),
        mask: z.string().nullable(),
        currency: z.string(),
        balance: z.string().describe("in the account's currency; a card owing is negative"),
        balanceAsOf: z.string().nullable(),
        change30Days: z.string(),
        transactions30Days: z.number().int(),
      }),
    ),
    accountsInOtherCurrencies: z.number().int().describe("listed but not in the totals"),
  }),
  access: "read",
  async run(ctx) {
    const cur = ctx.business.currency;
    const t = today(ctx);
    const since = addDays(t, -29);
    const rows = await q.cashPosition(ctx.db, scope(ctx), since, t);
    const first = rows[0];
    const cash = big(first?.cash_total);
    const debt = -big(first?.credit_total);
    const change = big(first?.cash_change);
    return {
      asOf: t,
      currency: cur,
      changeWindow: { from: since, to: t },
      totals: {
        cash: money(cash, cur),
        creditCardDebt: money(debt, cur),
        netCash: money(cash - debt, cur),
        otherAccounts: money(first?.other_total, cur),
        cashChange30Days: money(change, cur),
        cash30DaysAgo: money(cash - change, cur),
      },
      accounts: rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        institution: r.institution,
        mask: r.mask,
        currency: r.currency,
        balance: money(r.balance, r.currency),
        balanceAsOf: r.balance_as_of,
        change30Days: money(r.change, r.currency),
        transactions30Days: r.transactions,
      })),
      accountsInOtherCurrencies: first?.other_currency_accounts ?? 0,
      refs: rows.slice(0, REF_CAP).map((r) => refFor("account", r)),
    };
  },
});

// ---- cash flow ---------------------------------------------------------------------------------------

const flowFigures = {
  inflow: amount.describe("money in, excluding transfers"),
  outflow: amount.describe("money out, excluding transfers (positive)"),
  transfers: amount.describe("net of category 'transfer' (e.g. card payments, moves between accounts)"),
  net: amount.describe("inflow − outflow + transfers"),
  transactions: z.number().int(),
};

export const cashFlowTool = defineTool({
  name: "finance_cash_flow",
  module: "finance",
  title: "Cash flow",
  description:
    "Inflow, outflow and net per week or month on bank and cash accounts (business currency), with the running balance rebuilt from today's stored balances. For income and expenses by category use finance_profit_and_loss.",
  input: z.strictObject({
    ...periodFields("this month and the 2 before by month, or the last 12 weeks by week, to today"),
    granularity: z.enum(["week", "month"]).default("month").describe("bucket size; weeks start on Monday"),
  }),
  output: withRefs({
    currency: z.string(),
    period,
    granularity: z.enum(["week", "month"]),
    openingBalance: amount,
    closingBalance: amount,
    totals: z.object(flowFigures),
    buckets: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        ...flowFigures,
        openingBalance: amount,
        closingBalance: amount,
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const cur = ctx.business.currency;
    const t = today(ctx);
    const dflt =
      input.granularity === "month"
        ? { from: addMonths(startOfMonth(t), -2), to: t }
        : { from: addDays(weekStart(t), -77), to: t };
    const p = resolvePeriod(input, dflt);
    const rows = await q.cashFlow(ctx.db, scope(ctx), p, input.granularity, t, ctx.business.timezone);
    const accounts = await q.cashAccountList(ctx.db, scope(ctx));
    const first = rows[0];
    const last = rows[rows.length - 1];
    return {
      currency: cur,
      period: p,
      granularity: input.granularity,
      openingBalance: money(first?.opening, cur),
      closingBalance: money(last?.closing, cur),
      totals: {
        inflow: money(first?.total_inflow, cur),
        outflow: money(first?.total_outflow, cur),
        transfers: money(first?.total_transfers, cur),
        net: money(first?.total_net, cur),
        transactions: first?.total_transactions ?? 0,
      },
      buckets: rows.map((r) => ({
        start: r.start,
        end: r.end,
        inflow: money(r.inflow, cur),
        outflow: money(r.outflow, cur),
        transfers: money(r.transfers, cur),
        net: money(r.net, cur),
        transactions: r.transactions,
        openingBalance: money(r.opening, cur),
        closingBalance: money(r.closing, cur),
      })),
      refs: accounts.map((a) => refFor("account", a)),
    };
  },
});

// ---- cash forecast -----------------------------------------------------------------------------------

const HISTORY_DAYS = 90;

export const cashForecastTool = defineTool({
  name: "finance_cash_forecast",
  module: "finance",
  title: "Cash forecast",
  description:
    "Projects cash (bank + cash accounts) for the next N days: today's cash + open invoices due in the window − open bills due by its end (overdue bills on day 1; overdue invoices are not counted) + the average daily net of the last 90 days of cash transactions not linked to an invoice or bill. Flags risk when the low point falls below zero or the threshold. For what is owed use finance_ar_aging / finance_ap_aging.",
  input: z.strictObject({
    days: z.number().int().min(1).max(365).default(30).describe("days ahead to project"),
    threshold: moneyString
      .optional()
      .describe("minimum comfortable balance in the business currency, e.g. 5000.00; default 0"),
  }),
  output: withRefs({
    currency: z.string(),
    asOf: z.string(),
    window: period,
    startingCash: amount,
    receivablesDue: z.object({ amount, count: z.number().int() }),
    payablesDue: z.object({
      amount,
      count: z.number().int(),
      overdueAmount: amount.describe("part of amount already past due, assumed paid on day 1"),
      overdueCount: z.number().int(),
    }),
    overdueReceivablesNotCounted: z.object({ amount, count: z.number().int() }),
    averageDailyNet: amount.describe("over the last 90 days, excluding invoice and bill payments"),
    endBalance: amount,
    lowPoint: z.object({ date: z.string(), day: z.number().int(), balance: amount }),
    threshold: amount,
    risk: z.boolean().describe("true when the low point is below zero or below the threshold"),
    points: z
      .array(z.object({ date: z.string(), day: z.number().int(), balance: amount }))
      .describe("projected balance at the end of each week and on the last day"),
  }),
  access: "read",
  async run(ctx, input) {
    const cur = ctx.business.currency;
    let threshold = 0n;
    try {
      threshold = BigInt(input.threshold ? toMinor(input.threshold, cur) : 0);
    } catch (err) {
      if (err instanceof MoneyFormatError)
        throw new ToolInputError(err.message, [`threshold: ${err.message}`]);
      throw err;
    }
    const t = today(ctx);
    const f: q.ForecastInput = {
      today: t,
      end: addDays(t, input.days),
      days: input.days,
      historyFrom: addDays(t, -(HISTORY_DAYS - 1)),
      historyDays: HISTORY_DAYS,
    };
    const rows = await q.cashForecast(ctx.db, scope(ctx), f);
    const items = await q.forecastItemRefs(ctx.db, scope(ctx), f, REF_CAP);
    const m = rows[0]!;
    const low = rows.find((r) => r.is_low)!;
    const end = rows[rows.length - 1]!;
    const lowBalance = big(low.balance);
    return {
      currency: cur,
      asOf: t,
      window: { from: addDays(t, 1), to: f.end },
      startingCash: money(m.cash, cur),
      receivablesDue: { amount: money(m.ar_amount, cur), count: m.ar_count },
      payablesDue: {
        amount: money(m.ap_amount, cur),
        count: m.ap_count,
        overdueAmount: money(m.ap_overdue_amount, cur),
        overdueCount: m.ap_overdue_count,
      },
      overdueReceivablesNotCounted: { amount: money(m.ar_overdue_amount, cur), count: m.ar_overdue_count },
      averageDailyNet: money(m.average_daily_net, cur),
      endBalance: money(end.balance, cur),
      lowPoint: { date: low.date, day: low.day, balance: money(lowBalance, cur) },
      threshold: money(threshold, cur),
      risk: lowBalance < 0n || lowBalance < threshold,
      points: rows
        .filter((r) => r.day % 7 === 0 || r.day === input.days)
        .map((r) => ({ date: r.date, day: r.day, balance: money(r.balance, cur) })),
      refs: items.map((i) => refFor(i.side === "ar" ? "invoice" : "bill", i)),
    };
  },
});

// ---- AR / AP aging -----------------------------------------------------------------------------------

const buckets = {
  open: amount.describe("total still owed"),
  notDue: amount.describe("not yet due"),
  days1to30: amount,
  days31to60: amount,
  days61to90: amount,
  days90plus: amount,
};

const agingInput = z.strictObject({
  limit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .describe("how many parties to list, largest balance first"),
});

async function agingReport(ctx: ToolContext, side: q.AgingSide, limit: number) {
  const cur = ctx.business.currency;
  const t = today(ctx);
  const rows = await q.aging(ctx.db, side, scope(ctx), t, limit);
  const overdue = await q.overdueDocuments(ctx.db, side, scope(ctx), t, REF_CAP);
  const figures = (r: q.AgingRow | undefined) => ({
    open: money(r?.total, cur),
    notDue: money(r?.not_due, cur),
    days1to30: money(r?.d1_30, cur),
    days31to60: money(r?.d31_60, cur),
    days61to90: money(r?.d61_90, cur),
    days90plus: money(r?.d90_plus, cur),
  });
  const total = rows.find((r) => r.is_total);
  const overdueTotal = total
    ? big(total.d1_30) + big(total.d31_60) + big(total.d61_90) + big(total.d90_plus)
    : 0n;
  return {
    asOf: t,
    currency: cur,
    totals: { ...figures(total), overdue: money(overdueTotal, cur), documents: total?.documents ?? 0 },
    parties: rows
      .filter((r) => !r.is_total)
      .map((r) => ({
        id: r.party_id!,
        name: r.name!,
        ...figures(r),
        documents: r.documents,
        oldestDueDate: r.oldest_due,
      })),
    partyCount: total?.parties ?? 0,
    otherCurrencyDocuments: total?.other_currency ?? 0,
    overdue: overdue.map((o) => ({
      id: o.id,
      number: o.number,
      partyId: o.party_id,
      partyName: o.name,
      dueDate: o.due_date,
      daysPastDue: o.days,
      open: money(o.open, cur),
    })),
    refs: overdue.map((o) => refFor(side === "ar" ? "invoice" : "bill", o)),
  };
}

const agingTotals = z.object({ ...buckets, overdue: amount, documents: z.number().int() });
const overdueItem = {
  number: z.string().nullable(),
  dueDate: z.string(),
  daysPastDue: z.number().int(),
  open: amount,
};

export const arAgingTool = defineTool({
  name: "finance_ar_aging",
  module: "finance",
  title: "Receivables aging",
  description:
    "Open invoices (sent or overdue, not fully paid) as of today by days past due — not due, 1–30, 31–60, 61–90, 90+ — per customer, with the overdue invoices oldest first. For one invoice use invoices_get; for what is owed to vendors finance_ap_aging.",
  input: agingInput,
  output: withRefs({
    asOf: z.string(),
    currency: z.string(),
    totals: agingTotals,
    customers: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        ...buckets,
        invoices: z.number().int(),
        oldestDueDate: z.string().nullable(),
      }),
    ),
    customersWithOpenInvoices: z.number().int(),
    otherCurrencyInvoices: z.number().int().describe("open invoices in other currencies, not in the figures"),
    overdueInvoices: z
      .array(
        z.object({ invoiceId: z.string(), customerId: z.string(), customer: z.string(), ...overdueItem }),
      )
      .describe("oldest due date first, up to 50"),
  }),
  access: "read",
  async run(ctx, input) {
    const r = await agingReport(ctx, "ar", input.limit);
    return {
      asOf: r.asOf,
      currency: r.currency,
      totals: r.totals,
      customers: r.parties.map(({ id, documents, ...p }) => ({ customerId: id, ...p, invoices: documents })),
      customersWithOpenInvoices: r.partyCount,
      otherCurrencyInvoices: r.otherCurrencyDocuments,
      overdueInvoices: r.overdue.map(({ id, partyId, partyName, ...o }) => ({
        invoiceId: id,
        customerId: partyId,
        customer: partyName,
        ...o,
      })),
      refs: r.refs,
    };
  },
});

export const apAgingTool = defineTool({
  name: "finance_ap_aging",
  module: "finance",
  title: "Payables aging",
  description:
    "Open bills (open or overdue, not fully paid) as of today by days past due — not due, 1–30, 31–60, 61–90, 90+ — per vendor, with the overdue bills oldest first. For one bill use bills_get; for what customers owe finance_ar_aging.",
  input: agingInput,
  output: withRefs({
    asOf: z.string(),
    currency: z.string(),
    totals: agingTotals,
    vendors: z.array(
      z.object({
        vendorId: z.string(),
        name: z.string(),
        ...buckets,
        bills: z.number().int(),
        oldestDueDate: z.string().nullable(),
      }),
    ),
    vendorsWithOpenBills: z.number().int(),
    otherCurrencyBills: z.number().int().describe("open bills in other currencies, not in the figures"),
    overdueBills: z
      .array(z.object({ billId: z.string(), vendorId: z.string(), vendor: z.string(), ...overdueItem }))
      .describe("oldest due date first, up to 50"),
  }),
  access: "read",
  async run(ctx, input) {
    const r = await agingReport(ctx, "ap", input.limit);
    return {
      asOf: r.asOf,
      currency: r.currency,
      totals: r.totals,
      vendors: r.parties.map(({ id, documents, ...p }) => ({ vendorId: id, ...p, bills: documents })),
      vendorsWithOpenBills: r.partyCount,
      otherCurrencyBills: r.otherCurrencyDocuments,
      overdueBills: r.overdue.map(({ id, partyId, partyName, ...o }) => ({
        billId: id,
        vendorId: partyId,
        vendor: partyName,
        ...o,
      })),
      refs: r.refs,
    };
  },
});

// ---- top customers / vendors -------------------------------------------------------------------------

const topInput = z.strictObject({
  ...periodFields("the last 90 days to today"),
  limit: z.number().int().min(1).max(50).default(10).describe("how many to list"),
});

async function topReport(ctx: ToolContext, side: "customer" | "vendor", input: z.output<typeof topInput>) {
  const cur = ctx.business.currency;
  const t = today(ctx);
  const p = resolvePeriod(input, { from: addDays(t, -89), to: t });
  const rows = await q.topParties(ctx.db, side, scope(ctx), p, input.limit);
  const total = big(rows[0]?.total);
  return {
    currency: cur,
    period: p,
    total: money(total, cur),
    count: rows[0]?.parties ?? 0,
    rows: rows.map((r) => ({
      id: r.party_id,
      name: r.name,
      amount: money(r.amount, cur),
      sharePercent: total === 0n ? null : Math.round((Number(big(r.amount)) * 1000) / Number(total)) / 10,
      transactions: r.transactions,
      documents: r.documents,
    })),
    refs: rows.map((r) => refFor(side, { id: r.party_id, name: r.name })),
  };
}

const topRow = {
  name: z.string(),
  amount,
  sharePercent: percent.describe("share of the period total, one decimal"),
  transactions: z.number().int().describe("linked transactions counted"),
};

export const topCustomersTool = defineTool({
  name: "finance_top_customers",
  module: "finance",
  title: "Top customers",
  description:
    "Customers ranked by money received in a period: posted transactions linked to the customer or its invoice, plus invoices paid in the period with no linked transaction; net of refunds. For what customers still owe use finance_ar_aging.",
  input: topInput,
  output: withRefs({
    currency: z.string(),
    period,
    totalReceived: amount.describe("from all customers with a positive net"),
    customersPaying: z.number().int(),
    customers: z.array(z.object({ customerId: z.string(), ...topRow, invoicesPaid: z.number().int() })),
  }),
  access: "read",
  async run(ctx, input) {
    const r = await topReport(ctx, "customer", input);
    return {
      currency: r.currency,
      period: r.period,
      totalReceived: r.total,
      customersPaying: r.count,
      customers: r.rows.map(({ id, documents, ...x }) => ({ customerId: id, ...x, invoicesPaid: documents })),
      refs: r.refs,
    };
  },
});

export const topVendorsTool = defineTool({
  name: "finance_top_vendors",
  module: "finance",
  title: "Top vendors",
  description:
    "Vendors ranked by money paid in a period: posted transactions linked to the vendor or its bill, plus bills paid in the period with no linked transaction; net of refunds. For what is still owed use finance_ap_aging.",
  input: topInput,
  output: withRefs({
    currency: z.string(),
    period,
    totalPaid: amount.describe("to all vendors with a positive net"),
    vendorsPaid: z.number().int(),
    vendors: z.array(z.object({ vendorId: z.string(), ...topRow, billsPaid: z.number().int() })),
  }),
  access: "read",
  async run(ctx, input) {
    const r = await topReport(ctx, "vendor", input);
    return {
      currency: r.currency,
      period: r.period,
      totalPaid: r.total,
      vendorsPaid: r.count,
      vendors: r.rows.map(({ id, documents, ...x }) => ({ vendorId: id, ...x, billsPaid: documents })),
      refs: r.refs,
    };
  },
});

// ---- budget vs actual --------------------------------------------------------------------------------

const budgetFigures = {
  budget: amount,
  actual: amount,
  variance: amount.describe("actual − budget"),
  percentUsed: percent.describe("actual / budget × 100; null without a budget"),
};
const budgetSide = z.object({
  ...budgetFigures,
  categories: z.array(
    z.object({
      category: z.string().nullable().describe("null = uncategorized"),
      ...budgetFigures,
      budgeted: z.boolean().describe("false: activity in a category with no budget line"),
      favorable: z.boolean().describe("expense: actual ≤ budget; income: actual ≥ budget"),
      budgetLines: z.number().int(),
      transactions: z.number().int(),
    }),
  ),
});

export const budgetVsActualTool = defineTool({
  name: "finance_budget_vs_actual",
  module: "finance",
  title: "Budget vs actual",
  description:
    "Per category for a period: budget (budget lines overlapping the period, pro rata by days) vs actual (net of posted transactions, excluding transfers), variance and % used, for expenses and income. For the P&L with comparisons use finance_profit_and_loss.",
  input: z.strictObject({ ...periodFields("this calendar month (1st to last day)") }),
  output: withRefs({
    currency: z.string(),
    period,
    elapsedPercent: z.number().describe("share of the period's days up to today"),
    expense: budgetSide,
    income: budgetSide,
  }),
  access: "read",
  async run(ctx, input) {
    const cur = ctx.business.currency;
    const t = today(ctx);
    const p = resolvePeriod(input, { from: startOfMonth(t), to: endOfMonth(t) });
    const rows = await q.budgetVsActual(ctx.db, scope(ctx), p);
    const lines = await q.budgetLineRefs(ctx.db, scope(ctx), p, REF_CAP);
    const side = (kind: "expense" | "income") => {
      const mine = rows.filter((r) => r.kind === kind);
      const f = mine[0];
      return {
        budget: money(f?.total_budget, cur),
        actual: money(f?.total_actual, cur),
        variance: money(f?.total_variance, cur),
        percentUsed: f?.total_percent_used ?? null,
        categories: mine.map((r) => ({
          category: r.category,
          budget: money(r.budget, cur),
          actual: money(r.actual, cur),
          variance: money(r.variance, cur),
          percentUsed: r.percent_used,
          budgeted: r.budgeted,
          favorable: kind === "expense" ? big(r.actual) <= big(r.budget) : big(r.actual) >= big(r.budget),
          budgetLines: r.budget_lines,
          transactions: r.transactions,
        })),
      };
    };
    const days = daysBetween(p.from, p.to) + 1;
    const elapsed = Math.min(days, Math.max(0, daysBetween(p.from, t) + 1));
    return {
      currency: cur,
      period: p,
      elapsedPercent: Math.round((elapsed * 1000) / days) / 10,
      expense: side("expense"),
      income: side("income"),
      refs: lines.map((l) =>
        refFor("budget_line", { id: l.id, category: l.category, periodStart: l.period_start }),
      ),
    };
  },
});

// ---- tax ---------------------------------------------------------------------------------------------

export const taxSummaryTool = defineTool({
  name: "finance_tax_summary",
  module: "finance",
  title: "Tax summary",
  description:
    "Tax records whose period overlaps the range, by kind and status (estimated, filed, paid), the unpaid ones overdue or coming due, and tax charged on invoices issued in the range. For one record use tax_records_get.",
  input: z.strictObject({ ...periodFields("January 1 of this year to today") }),
  output: withRefs({
    currency: z.string(),
    period,
    asOf: z.string(),
    records: z.object({ count: z.number().int(), tax: amount, taxable: amount }),
    byKindStatus: z.array(
      z.object({
        kind: z.string(),
        status: z.string(),
        records: z.number().int(),
        tax: amount,
        taxable: amount,
      }),
    ),
    due: z
      .array(
        z.object({
          taxRecordId: z.string(),
          kind: z.string(),
          status: z.string(),
          jurisdiction: z.string().nullable(),
          periodStart: z.string(),
          periodEnd: z.string(),
          dueOn: z.string(),
          daysUntilDue: z.number().int().describe("negative when overdue"),
          overdue: z.boolean(),
          tax: amount,
        }),
      )
      .describe("unpaid records with a due date, any period: up to 10 overdue then up to 10 upcoming"),
    invoices: z.object({
      issued: z.number().int().describe("invoices issued in the range, not draft or void"),
      subtotal: amount,
      taxCharged: amount,
      taxOnPaidInvoices: amount,
    }),
  }),
  access: "read",
  async run(ctx, input) {
    const cur = ctx.business.currency;
    const t = today(ctx);
    const p = resolvePeriod(input, { from: `${t.slice(0, 4)}-01-01`, to: t });
    const groups = await q.taxByKindStatus(ctx.db, scope(ctx), p);
    const due = await q.taxDue(ctx.db, scope(ctx), t, 10);
    const inv = await q.invoiceTax(ctx.db, scope(ctx), p);
    const inPeriod = await q.taxRecordRefs(ctx.db, scope(ctx), p, REF_CAP);
    const total = groups.find((g) => g.is_total);
    const seen = new Set<string>();
    const refs = [...due, ...inPeriod]
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .slice(0, REF_CAP)
      .map((r) => refFor("tax_record", { id: r.id, kind: r.kind, periodStart: r.period_start }));
    return {
      currency: cur,
      period: p,
      asOf: t,
      records: {
        count: total?.records ?? 0,
        tax: money(total?.tax, cur),
        taxable: money(total?.taxable, cur),
      },
      byKindStatus: groups
        .filter((g) => !g.is_total)
        .map((g) => ({
          kind: g.kind!,
          status: g.status!,
          records: g.records,
          tax: money(g.tax, cur),
          taxable: money(g.taxable, cur),
        })),
      due: due.map((d) => ({
        taxRecordId: d.id,
        kind: d.kind,
        status: d.status,
        jurisdiction: d.jurisdiction,
        periodStart: d.period_start,
        periodEnd: d.period_end,
        dueOn: d.due_on!,
        daysUntilDue: daysBetween(t, d.due_on!),
        overdue: d.overdue,
        tax: money(d.tax, cur),
      })),
      invoices: {
        issued: inv.invoices,
        subtotal: money(inv.subtotal, cur),
        taxCharged: money(inv.tax, cur),
        taxOnPaidInvoices: money(inv.tax_on_paid, cur),
      },
      refs,
    };
  },
});

export const financeTools: AnyTool[] = [
  profitAndLossTool,
  cashPositionTool,
  cashFlowTool,
  cashForecastTool,
  arAgingTool,
  apAgingTool,
  topCustomersTool,
  topVendorsTool,
  budgetVsActualTool,
  taxSummaryTool,
];
