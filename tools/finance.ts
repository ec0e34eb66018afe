/**
 * Finance analytics tools: P&L, top customers and vendors, budget vs actual and tax, plus the one ordered list
 * of every finance tool (cash tools in tools/finance-cash.ts, aging in tools/finance-aging.ts). The SQL lives
 * in db/queries/finance.ts; handlers resolve periods and shape output.
 */
import { z } from "zod";
import * as q from "../db/queries/finance.js";
import {
  addDays,
  addMonths,
  dateParts,
  daysBetween,
  endOfMonth,
  isMonthEnd,
  startOfMonth,
  startOfYear,
  today,
} from "./dates.js";
import { type AnyTool, defineTool, type ToolContext, withRefs } from "./define.js";
import { apAgingTool, arAgingTool } from "./finance-aging.js";
import { cashFlowTool, cashForecastTool, cashPositionTool } from "./finance-cash.js";
import {
  amount,
  big,
  percent,
  period,
  periodFields,
  REF_CAP,
  refFor,
  resolvePeriod,
  scope,
} from "./finance-common.js";
import { money } from "./money.js";

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
    const [fy, fm] = dateParts(p.from);
    const [ty, tm] = dateParts(p.to);
    return shift(-((ty - fy) * 12 + (tm - fm) + 1));
  }
  const len = daysBetween(p.from, p.to) + 1;
  return { from: addDays(p.from, -len), to: addDays(p.from, -1) };
}

/** Percent change from `base` to `value`, one decimal; null when the base is zero. */
function changePercent(value: bigint, base: bigint): number | null {
  if (base === 0n) return null;
  const abs = base < 0n ? -base : base;
  return Math.round((Number(value - base) * 1000) / Number(abs)) / 10;
}

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
    const p = resolvePeriod(input, { from: startOfYear(t), to: t });
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
/** Every finance tool, in the order clients list them. */
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
