/** Finance cash tools: cash position, cash flow by week or month, and the cash forecast. */
import { z } from "zod";
import * as q from "../db/queries/finance.js";
import { addDays, addMonths, startOfMonth, today, weekStart } from "./dates.js";
import { defineTool, withRefs } from "./define.js";
import { ToolInputError } from "./errors.js";
import {
  amount,
  big,
  period,
  periodFields,
  REF_CAP,
  refFor,
  resolvePeriod,
  scope,
} from "./finance-common.js";
import { MoneyFormatError, money, moneyString, toMinor } from "./money.js";

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
