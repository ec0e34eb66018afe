/**
 * The two cross-module snapshots: business_overview (the state as of today) and period_summary (what happened
 * between two days). Each section is there only when the caller's role may read its module; the others are
 * named in `omitted`. Figures come from db/queries/strategy.ts.
 */
import { z } from "zod";
import * as q from "../db/queries/strategy.js";
import { addDays, checkPeriod, daysBetween, isoDate, startOfMonth, today, weekStart } from "./dates.js";
import { type AnyTool, defineTool, type Ref, type ToolContext, withRefs } from "./define.js";
import { entityByType } from "./entities.js";
import { ToolInputError } from "./errors.js";
import { money } from "./money.js";
import { allowed, MODULES, type Module } from "./permissions.js";
import { refOf } from "./records.js";

const TOP = 5;
export const REFS_MAX = 50;

export const ref = (type: string, row: object): Ref =>
  refOf(entityByType(type)!, row as Record<string, unknown>);
const readable = (ctx: ToolContext, module: Module) => allowed(ctx.role, module, "read");
const moneyOut = z.string().describe("decimal amount in `currency`");
const ids = z.array(z.string());

// ── business_overview ──────────────────────────────────────────────────────────────────────────────────

const OVERVIEW_SECTIONS = {
  cash: "finance",
  receivables: "finance",
  payables: "finance",
  pipeline: "sales",
  support: "support",
  inventory: "operations",
  people: "people",
  legal: "legal",
  goals: "strategy",
  tasks: "core",
  insights: "strategy",
} as const satisfies Record<string, Module>;
type OverviewSection = keyof typeof OVERVIEW_SECTIONS;

export const overviewTool = defineTool({
  name: "business_overview",
  module: "core",
  title: "Business overview",
  description:
    "A snapshot of the whole business as of today: cash, receivables, payables due, pipeline, support, low stock, people out, expiring licenses and contracts, goals at risk, tasks due, latest insights. Start here for 'how are we doing'; for a past period use period_summary.",
  input: z.strictObject({}),
  output: withRefs({
    asOf: z.string(),
    currency: z.string().describe("currency of every amount; other currencies are counted, not summed"),
    cash: z
      .object({ balance: moneyOut, accounts: z.number().int() })
      .optional()
      .describe("bank and cash accounts"),
    receivables: z
      .object({
        openCount: z.number().int(),
        openTotal: moneyOut,
        overdueCount: z.number().int(),
        overdueTotal: moneyOut,
        largestOverdue: z.array(
          z.object({
            invoiceId: z.string(),
            dueDate: z.string(),
            daysOverdue: z.number().int(),
            amountDue: z.string(),
            currency: z.string(),
          }),
        ),
      })
      .optional(),
    payables: z
      .object({
        dueNext14DaysCount: z.number().int(),
        dueNext14DaysTotal: moneyOut,
        overdueCount: z.number().int(),
        overdueTotal: moneyOut,
        billIds: ids.describe("soonest due first"),
      })
      .optional(),
    pipeline: z.object({ openDeals: z.number().int(), value: moneyOut, weightedValue: moneyOut }).optional(),
    support: z
      .object({ openTickets: z.number().int(), urgentOpen: z.number().int(), urgentTicketIds: ids })
      .optional(),
    inventory: z
      .object({
        lowStockCount: z.number().int().describe("active items at or below their reorder point"),
        items: z.array(
          z.object({ itemId: z.string(), onHand: z.number().int(), reorderPoint: z.number().int() }),
        ),
      })
      .optional(),
    people: z
      .object({ activeHeadcount: z.number().int(), outToday: z.number().int(), outEmployeeIds: ids })
      .optional(),
    legal: z
      .object({
        licensesExpiring30Days: z.number().int(),
        contractsEnding30Days: z.number().int(),
        licenses: z.array(z.object({ licenseId: z.string(), expiresOn: z.string() })),
        contracts: z.array(z.object({ contractId: z.string(), endsOn: z.string(), renewal: z.string() })),
      })
      .optional(),
    goals: z
      .object({
        atRiskCount: z.number().int(),
        atRisk: z.array(z.object({ goalId: z.string(), riskReasons: z.array(z.enum(q.GOAL_RISK_REASONS)) })),
      })
      .optional(),
    tasks: z
      .object({
        overdue: z.number().int(),
        dueToday: z.number().int(),
        taskIds: ids.describe("earliest due first"),
      })
      .optional(),
    insights: z
      .array(
        z.object({ insightId: z.string(), kind: z.string(), severity: z.string(), generatedAt: z.string() }),
      )
      .optional()
      .describe("latest not dismissed, newest first"),
    omitted: z.array(z.string()).describe("sections your role may not read"),
  }),
  access: "read",
  async run(ctx) {
    const asOf = today(ctx);
    const cur = ctx.business.currency;
    const b = ctx.business.id;
    const scope = { businessId: b, currency: ctx.business.currency };
    const may = (s: OverviewSection) => readable(ctx, OVERVIEW_SECTIONS[s]);
    const refs: Ref[] = [];
    const out: Record<string, unknown> = {};
    if (may("cash"))
      out.cash = await q.cashPosition(ctx.db, scope).then((c) => ({ ...c, balance: money(c.balance, cur) }));
    if (may("receivables")) {
      const r = await q.receivables(ctx.db, scope, asOf, TOP);
      refs.push(...r.overdue.map((i) => ref("invoice", i)));
      out.receivables = {
        openCount: r.openCount,
        openTotal: money(r.openTotal, cur),
        overdueCount: r.overdueCount,
        overdueTotal: money(r.overdueTotal, cur),
        largestOverdue: r.overdue.map((i) => ({
          invoiceId: i.id,
          dueDate: i.dueDate,
          daysOverdue: i.daysOverdue,
          amountDue: money(i.amountDue, i.currency),
          currency: i.currency,
        })),
      };
    }
    if (may("payables")) {
      const p = await q.payablesDue(ctx.db, scope, asOf, 14, TOP);
      refs.push(...p.bills.map((x) => ref("bill", x)));
      out.payables = {
        dueNext14DaysCount: p.dueSoonCount,
        dueNext14DaysTotal: money(p.dueSoonTotal, cur),
        overdueCount: p.overdueCount,
        overdueTotal: money(p.overdueTotal, cur),
        billIds: p.bills.map((x) => x.id),
      };
    }
    if (may("pipeline")) {
      const p = await q.openPipeline(ctx.db, scope);
      out.pipeline = {
        openDeals: p.openDeals,
        value: money(p.value, cur),
        weightedValue: money(p.weighted, cur),
      };
    }
    if (may("support")) {
      const t = await q.openTickets(ctx.db, b, TOP);
      refs.push(...t.urgentTickets.map((x) => ref("ticket", x)));
      out.support = {
        openTickets: t.open,
        urgentOpen: t.urgent,
        urgentTicketIds: t.urgentTickets.map((x) => x.id),
      };
    }
    if (may("inventory")) {
      const l = await q.lowStock(ctx.db, b, TOP);
      refs.push(...l.items.map((x) => ref("inventory_item", x)));
      out.inventory = {
        lowStockCount: l.count,
        items: l.items.map((x) => ({ itemId: x.id, onHand: x.onHand, reorderPoint: x.reorderPoint })),
      };
    }
    if (may("people")) {
      const p = await q.peopleToday(ctx.db, b, asOf, TOP);
      refs.push(...p.out.map((x) => ref("employee", x)));
      out.people = {
        activeHeadcount: p.activeHeadcount,
        outToday: p.outToday,
        outEmployeeIds: p.out.map((x) => x.id),
      };
    }
    if (may("legal")) {
      const l = await q.legalExpiring(ctx.db, b, asOf, 30, TOP);
      refs.push(
        ...l.licenseList.map((x) => ref("license", x)),
        ...l.contractList.map((x) => ref("contract", x)),
      );
      out.legal = {
        licensesExpiring30Days: l.licenses,
        contractsEnding30Days: l.contracts,
        licenses: l.licenseList.map((x) => ({ licenseId: x.id, expiresOn: x.expiresOn })),
        contracts: l.contractList.map((x) => ({ contractId: x.id, endsOn: x.endsOn, renewal: x.renewal })),
      };
    }
    if (may("goals")) {
      const g = await q.goalProgress(ctx.db, { businessId: b, today: asOf, atRiskOnly: true, limit: TOP });
      refs.push(...g.map((x) => ref("goal", x)));
      out.goals = {
        atRiskCount: g[0]?.total ?? 0,
        atRisk: g.map((x) => ({ goalId: x.id, riskReasons: x.riskReasons })),
      };
    }
    if (may("tasks")) {
      const t = await q.tasksDue(ctx.db, b, asOf, ctx.business.timezone, TOP);
      refs.push(...t.tasks.map((x) => ref("task", x)));
      out.tasks = { overdue: t.overdue, dueToday: t.dueToday, taskIds: t.tasks.map((x) => x.id) };
    }
    if (may("insights")) {
      const modules = MODULES.filter((m) => readable(ctx, m));
      const rows = await q.latestInsights(ctx.db, b, ctx.now, modules, TOP);
      refs.push(...rows.map((x) => ref("insight", x)));
      out.insights = rows.map((x) => ({
        insightId: x.id,
        kind: x.kind,
        severity: x.severity,
        generatedAt: x.generatedAt,
      }));
    }
    const omitted = (Object.keys(OVERVIEW_SECTIONS) as OverviewSection[]).filter((s) => !may(s));
    return { asOf, currency: ctx.business.currency, ...out, omitted, refs: refs.slice(0, REFS_MAX) };
  },
});

// ── period_summary ─────────────────────────────────────────────────────────────────────────────────────

const PRESETS = ["this_week", "last_week", "this_month", "last_month"] as const;
const MAX_DAYS = 366;

/** The period asked for, as inclusive local dates; weeks start on Monday. */
export function resolvePeriod(
  input: { preset?: (typeof PRESETS)[number]; from?: string; to?: string },
  asOf: string,
): { from: string; to: string } {
  if (input.preset && (input.from || input.to)) {
    throw new ToolInputError("Give either a preset or from/to, not both", [
      "preset: cannot be combined with from/to",
    ]);
  }
  const monday = weekStart(asOf);
  const firstOfMonth = startOfMonth(asOf);
  let period: { from: string; to: string };
  switch (input.preset) {
    case "this_week":
      period = { from: monday, to: asOf };
      break;
    case "last_week":
      period = { from: addDays(monday, -7), to: addDays(monday, -1) };
      break;
    case "this_month":
      period = { from: firstOfMonth, to: asOf };
      break;
    case "last_month": {
      const to = addDays(firstOfMonth, -1);
      period = { from: startOfMonth(to), to };
      break;
    }
    default: {
      const to = input.to ?? asOf;
      period = { from: input.from ?? addDays(to, -6), to };
    }
  }
  return checkPeriod(period, {
    maxDays: MAX_DAYS,
    tooLong: [`The period is longer than ${MAX_DAYS} days`, `to: at most ${MAX_DAYS} days after from`],
    orderIssue: "to: must be on or after from",
  });
}

const PERIOD_SECTIONS = {
  transactions: "finance",
  invoices: "finance",
  deals: "sales",
  tickets: "support",
  marketing: "marketing",
  newCustomers: "finance",
  newLeads: "sales",
} as const satisfies Record<string, Module>;
type PeriodSection = keyof typeof PERIOD_SECTIONS;

export const periodSummaryTool = defineTool({
  name: "period_summary",
  module: "core",
  title: "What happened in a period",
  description:
    "What happened between two days (default the last 7): money in and out, invoices issued and paid, deals created/won/lost, tickets, campaigns and posts, new customers and leads. For the state as of today use business_overview.",
  input: z.strictObject({
    preset: z.enum(PRESETS).optional().describe("a named period ending today or before (weeks start Monday)"),
    from: isoDate.optional().describe("first day, YYYY-MM-DD (default: 6 days before `to`)"),
    to: isoDate.optional().describe("last day, inclusive, YYYY-MM-DD (default: today)"),
  }),
  output: withRefs({
    period: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
    currency: z.string().describe("currency of every amount; other currencies are counted, not summed"),
    transactions: z
      .object({
        count: z.number().int().describe("posted transactions"),
        moneyIn: moneyOut,
        moneyOut: moneyOut,
        net: moneyOut,
        biggest: z.array(z.object({ transactionId: z.string(), postedOn: z.string(), amount: moneyOut })),
      })
      .optional(),
    invoices: z
      .object({
        issuedCount: z.number().int(),
        issuedTotal: moneyOut,
        paidCount: z.number().int(),
        paidTotal: moneyOut,
      })
      .optional(),
    deals: z
      .object({
        createdCount: z.number().int(),
        createdValue: moneyOut,
        wonCount: z.number().int(),
        wonValue: moneyOut,
        lostCount: z.number().int(),
        lostValue: moneyOut,
        wonDealIds: ids.describe("largest first"),
      })
      .optional(),
    tickets: z.object({ opened: z.number().int(), resolved: z.number().int() }).optional(),
    marketing: z
      .object({
        activeCampaigns: z.number().int(),
        campaignIds: ids,
        postsPublished: z.number().int(),
        engagements: z.number().int().describe("on the posts published in the period, measured in it"),
      })
      .optional(),
    newCustomers: z.object({ count: z.number().int(), customerIds: ids }).optional(),
    newLeads: z.object({ count: z.number().int(), leadIds: ids }).optional(),
    omitted: z.array(z.string()).describe("sections your role may not read"),
  }),
  access: "read",
  async run(ctx, input) {
    const { from, to } = resolvePeriod(input, today(ctx));
    const cur = ctx.business.currency;
    const p: q.Period = {
      businessId: ctx.business.id,
      currency: ctx.business.currency,
      timezone: ctx.business.timezone,
      from,
      to,
    };
    const may = (s: PeriodSection) => readable(ctx, PERIOD_SECTIONS[s]);
    const refs: Ref[] = [];
    const out: Record<string, unknown> = {};
    if (may("transactions")) {
      const t = await q.periodTransactions(ctx.db, p, TOP);
      refs.push(...t.biggest.map((x) => ref("transaction", x)));
      out.transactions = {
        count: t.count,
        moneyIn: money(t.moneyIn, cur),
        moneyOut: money(t.moneyOut, cur),
        net: money(t.net, cur),
        biggest: t.biggest.map((x) => ({
          transactionId: x.id,
          postedOn: x.postedOn,
          amount: money(x.amount, cur),
        })),
      };
    }
    if (may("invoices")) {
      const i = await q.periodInvoices(ctx.db, p);
      out.invoices = { ...i, issuedTotal: money(i.issuedTotal, cur), paidTotal: money(i.paidTotal, cur) };
    }
    if (may("deals")) {
      const d = await q.periodDeals(ctx.db, p, 10);
      refs.push(...d.won.map((x) => ref("deal", x)));
      out.deals = {
        createdCount: d.createdCount,
        createdValue: money(d.createdValue, cur),
        wonCount: d.wonCount,
        wonValue: money(d.wonValue, cur),
        lostCount: d.lostCount,
        lostValue: money(d.lostValue, cur),
        wonDealIds: d.won.map((x) => x.id),
      };
    }
    if (may("tickets")) out.tickets = await q.periodTickets(ctx.db, p);
    if (may("marketing")) {
      const m = await q.periodMarketing(ctx.db, p, 10);
      refs.push(...m.campaigns.map((x) => ref("campaign", x)));
      out.marketing = {
        activeCampaigns: m.activeCampaigns,
        campaignIds: m.campaigns.map((x) => x.id),
        postsPublished: m.postsPublished,
        engagements: m.engagements,
      };
    }
    if (may("newCustomers")) {
      const c = await q.periodNew(ctx.db, p, "customers", 10);
      refs.push(...c.records.map((x) => ref("customer", x)));
      out.newCustomers = { count: c.count, customerIds: c.records.map((x) => x.id) };
    }
    if (may("newLeads")) {
      const l = await q.periodNew(ctx.db, p, "leads", 10);
      refs.push(...l.records.map((x) => ref("lead", x)));
      out.newLeads = { count: l.count, leadIds: l.records.map((x) => x.id) };
    }
    const omitted = (Object.keys(PERIOD_SECTIONS) as PeriodSection[]).filter((s) => !may(s));
    return {
      period: { from, to, days: daysBetween(from, to) + 1 },
      currency: ctx.business.currency,
      ...out,
      omitted,
      refs: refs.slice(0, REFS_MAX),
    };
  },
});

export const overviewTools: AnyTool[] = [overviewTool, periodSummaryTool];
