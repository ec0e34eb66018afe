/**
 * Strategy: KPI definitions with 13 monthly values computed from the generated records, goals (one at
 * risk) and a few AI insights that cite the records behind them.
 */
import { aiInsights, goals, kpiDefinitions, kpiValues } from "../schema/strategy.js";
import { at, type Day, iso, monthKey, monthStart, type NewRow, type SeedContext } from "./context.js";
import { DIP_DAYS } from "./finance.js";
import { named, type World } from "./world.js";

type Unit = NonNullable<(typeof kpiDefinitions.$inferInsert)["unit"]>;
interface Kpi {
  key: string;
  name: string;
  unit: Unit;
  direction?: "lower_is_better";
  target?: number;
  module: string;
  formula: string;
  value: (m: Record<string, number>, monthEnd: Day, month: string) => number | null;
}

/** The categories whose signed monthly sums make up net cash flow (transfers excluded). */
const CASH_KEYS = [
  "revenue",
  "cogs",
  "payroll",
  "rent",
  "utilities",
  "marketing",
  "software",
  "equipment",
  "taxes",
  "other",
];
const round = (v: number, dp = 1) => Math.round(v * 10 ** dp) / 10 ** dp;

export async function seedStrategy(ctx: SeedContext, world: World): Promise<void> {
  const { today, start } = ctx;
  const months: { start: Day; end: Day; key: string }[] = [];
  for (let m = monthStart(start); monthStart(m, 1) <= monthStart(today); m = monthStart(m, 1)) {
    months.push({ start: m, end: monthStart(m, 1) - 1, key: monthKey(m) });
  }
  const get = (k: string, key: string) => world.monthly.get(k)?.[key] ?? 0;
  const trailingOutflow = (idx: number) => {
    const slice = months.slice(Math.max(0, idx - 2), idx + 1);
    const days = slice.reduce((s, m) => s + (m.end - m.start + 1), 0);
    return slice.reduce((s, m) => s + get(m.key, "outflow"), 0) / days;
  };
  const arAt = (end: Day) => {
    let open = 0;
    for (const inv of world.invoices) {
      if (inv.status === "draft" || inv.status === "void" || inv.issueDay > end) continue;
      const paid = inv.paidDay !== undefined && inv.paidDay <= end ? inv.amountPaid : 0;
      open += inv.total - paid;
    }
    return open;
  };
  const billedIn = (from: Day, to: Day) =>
    world.invoices
      .filter((i) => i.status !== "draft" && i.status !== "void" && i.issueDay >= from && i.issueDay <= to)
      .reduce((s, i) => s + i.total, 0);

  const KPIS: Kpi[] = [
    {
      key: "monthly_revenue",
      name: "Monthly revenue",
      unit: "currency",
      target: 13_000_000,
      module: "finance",
      formula: "Σ transactions in category revenue posted in the month (café deposits + wholesale payments)",
      value: (m) => m.revenue ?? 0,
    },
    {
      key: "wholesale_revenue",
      name: "Wholesale revenue collected",
      unit: "currency",
      module: "finance",
      formula: "Σ customer payments settling invoices in the month",
      value: (m) => (m.revenue ?? 0) - (m.cafe ?? 0),
    },
    {
      key: "gross_margin",
      name: "Gross margin",
      unit: "percent",
      target: 65,
      module: "finance",
      formula: "(revenue − cogs) ÷ revenue × 100, cash basis",
      value: (m) => (m.revenue ? round((100 * (m.revenue + (m.cogs ?? 0))) / m.revenue) : null),
    },
    {
      key: "net_cash_flow",
      name: "Net cash flow",
      unit: "currency",
      module: "finance",
      formula: "Σ all non-transfer transactions in the month",
      value: (m) => CASH_KEYS.reduce((s, k) => s + (m[k] ?? 0), 0),
    },
    {
      key: "cash_runway_days",
      name: "Cash runway (days of cash on hand)",
      unit: "days",
      target: 30,
      module: "finance",
      formula: "cash across accounts at month end ÷ average daily outflows over the trailing 3 months",
      value: (m, _e, key) =>
        round((m.cash_end ?? 0) / trailingOutflow(months.findIndex((x) => x.key === key))),
    },
    {
      key: "ar_days",
      name: "AR days (DSO)",
      unit: "days",
      direction: "lower_is_better",
      target: 35,
      module: "finance",
      formula: "open receivables at month end ÷ (invoiced in the trailing 90 days ÷ 90)",
      value: (_m, end) => {
        const b = billedIn(end - 89, end);
        return b ? round(arAt(end) / (b / 90)) : null;
      },
    },
    {
      key: "payroll_pct_revenue",
      name: "Payroll as % of revenue",
      unit: "percent",
      direction: "lower_is_better",
      target: 38,
      module: "people",
      formula: "payroll transactions ÷ revenue × 100",
      value: (m) => (m.revenue ? round((100 * -(m.payroll ?? 0)) / m.revenue) : null),
    },
    {
      key: "avg_rating",
      name: "Average customer rating",
      unit: "ratio",
      target: 4.5,
      module: "support",
      formula: "mean rating of feedback received in the month (1–5)",
      value: (m) => (m.rating_count ? round(m.rating_sum! / m.rating_count, 2) : null),
    },
    {
      key: "first_response_hours",
      name: "Ticket first response (hours)",
      unit: "count",
      direction: "lower_is_better",
      target: 4,
      module: "support",
      formula: "mean hours from ticket opened to first agent reply, tickets opened in the month",
      value: (m) => (m.tickets_replied ? round(m.first_response_minutes! / m.tickets_replied / 60) : null),
    },
    {
      key: "tickets_opened",
      name: "Support tickets opened",
      unit: "count",
      direction: "lower_is_better",
      module: "support",
      formula: "count of tickets opened in the month",
      value: (m) => m.tickets ?? 0,
    },
    {
      key: "inventory_turnover",
      name: "Inventory turnover (monthly)",
      unit: "ratio",
      target: 2,
      module: "operations",
      formula: "stock used or sold at cost in the month ÷ stock value at month end",
      value: (m) => (m.inv_stock_value ? round((m.inv_usage_value ?? 0) / m.inv_stock_value, 2) : null),
    },
    {
      key: "new_wholesale_accounts",
      name: "New wholesale accounts won",
      unit: "count",
      target: 2,
      module: "sales",
      formula: "deals moved to Won in the month",
      value: (_m, _end, key) =>
        world.deals.filter(
          (d) => d.status === "won" && d.closedDay !== undefined && monthKey(d.closedDay) === key,
        ).length,
    },
  ];
  const defRows: NewRow<typeof kpiDefinitions>[] = [];
  const valRows: NewRow<typeof kpiValues>[] = [];
  const latest = new Map<string, number>();
  for (const k of KPIS) {
    const id = ctx.id("kpi");
    world.named.set(`kpi.${k.key}`, id);
    defRows.push({
      id,
      key: k.key,
      name: k.name,
      description: k.formula,
      unit: k.unit,
      direction: k.direction ?? "higher_is_better",
      targetValue: k.target ?? null,
      frequency: "monthly",
      formula: k.formula,
      module: k.module,
      ownerUserId: k.module === "finance" ? ctx.users.accountant.id : ctx.users.manager.id,
      createdAt: at(start - 20),
    });
    for (const m of months) {
      const v = k.value(world.monthly.get(m.key) ?? {}, m.end, m.key);
      if (v === null || !Number.isFinite(v)) continue;
      latest.set(k.key, v);
      valRows.push({
        id: ctx.id("kpv"),
        kpiId: id,
        periodStart: iso(m.start),
        periodEnd: iso(m.end),
        value: v,
        source: "computed",
        computedAt: at(m.end + 1, 6),
        createdAt: at(m.end + 1, 6),
      });
    }
  }
  await ctx.insert(kpiDefinitions, defRows, "kpi definitions");
  await ctx.insert(kpiValues, valRows, "kpi values");

  const yearEnd = iso(monthStart(today, 12 - new Date(today * 86_400_000).getUTCMonth()) - 1);
  const won = world.deals.filter((d) => d.status === "won" && (d.closedDay ?? 0) > today - 365).length;
  type G = NewRow<typeof goals>;
  const goalRows: G[] = [
    {
      title: "Grow monthly revenue to $130k",
      kpiId: named(world, "kpi.monthly_revenue"),
      targetValue: 13_000_000,
      currentValue: latest.get("monthly_revenue") ?? 0,
      startOn: iso(start),
      dueOn: yearEnd,
      status: "on_track",
      description: "Café growth plus grocery accounts.",
    },
    {
      title: "Keep at least 30 days of cash on hand",
      kpiId: named(world, "kpi.cash_runway_days"),
      targetValue: 30,
      currentValue: latest.get("cash_runway_days") ?? 0,
      startOn: iso(start),
      dueOn: yearEnd,
      status: "at_risk",
      description: `Slow patch since the road works (${DIP_DAYS} days), the roaster repair and slow payers have eaten into the buffer.`,
    },
    {
      title: "Average rating 4.5 or better",
      kpiId: named(world, "kpi.avg_rating"),
      targetValue: 4.5,
      currentValue: latest.get("avg_rating") ?? 0,
      startOn: iso(start),
      dueOn: yearEnd,
      status: "on_track",
    },
    {
      title: "First reply to tickets within 4 hours",
      kpiId: named(world, "kpi.first_response_hours"),
      targetValue: 4,
      currentValue: latest.get("first_response_hours") ?? 0,
      startOn: iso(start),
      dueOn: iso(today - 10),
      status: "achieved",
    },
    {
      title: "Sign 15 new wholesale accounts in 12 months",
      unit: "count",
      targetValue: 15,
      currentValue: won,
      startOn: iso(today - 365),
      dueOn: iso(today + 30),
      status: won >= 12 ? "on_track" : "off_track",
    },
    {
      title: "Cut milk waste by 20%",
      unit: "percent",
      targetValue: 20,
      currentValue: 0,
      startOn: iso(today + 14),
      dueOn: iso(today + 180),
      status: "not_started",
      description: "Smaller pitchers, FIFO labels, daily par levels.",
    },
  ];
  await ctx.insert(
    goals,
    goalRows.map((g, i) => ({
      ...g,
      id: ctx.id("gol"),
      ownerUserId: i % 2 ? ctx.users.manager.id : ctx.users.owner.id,
      createdAt: at(start + i),
    })),
    "goals",
  );

  const invoiceRefs = world.invoices.filter((i) => i.status === "overdue");
  const overdueTotal = invoiceRefs.reduce((s, i) => s + i.total - i.amountPaid, 0);
  const usd = (c: number) => `$${Math.round(c / 100).toLocaleString("en-US")}`;
  type I = NewRow<typeof aiInsights>;
  const insights: I[] = [
    {
      kind: "risk",
      severity: "high",
      title: `Cash on hand is down to ${Math.round(latest.get("cash_runway_days") ?? 0)} days`,
      body: `Takings are down about 20% over the last ${DIP_DAYS} days, the roaster repair cost ${usd(940_000)} and ${usd(overdueTotal)} of invoices are overdue. Chase the overdue invoices and hold non-essential spend.`,
      module: "finance",
      refs: [
        { type: "account", id: named(world, "account.checking"), label: "Operating checking" },
        ...invoiceRefs.slice(0, 3).map((i) => ({ type: "invoice", id: i.id, label: i.number })),
      ],
    },
    {
      kind: "risk",
      severity: "high",
      title: "Food facility permit expires in 9 days",
      body: "The county retail food facility permit for the café expires soon and the renewal inspection is not booked.",
      module: "legal",
      refs: [
        {
          type: "license",
          id: named(world, "license.expiring"),
          label: "Retail food facility permit (café)",
        },
      ],
      expiresAt: at(today + 9, 23),
    },
    {
      kind: "recommendation",
      severity: "medium",
      title: `${world.lowStock.length} items are at or below their reorder point`,
      body: `Reorder ${world.lowStock
        .slice(0, 3)
        .map((i) => i.name)
        .join(", ")} — two already have orders on the way.`,
      module: "operations",
      refs: world.lowStock.slice(0, 5).map((i) => ({ type: "inventory_item", id: i.id, label: i.name })),
    },
    {
      kind: "risk",
      severity: "medium",
      title: "Green coffee contract renews automatically in 21 days",
      body: "The 30-day notice window has already passed; review pricing before it renews.",
      module: "legal",
      refs: [
        { type: "contract", id: named(world, "contract.supply"), label: "Green coffee supply agreement" },
      ],
    },
    {
      kind: "opportunity",
      severity: "info",
      title: "Private-label deal with Coastal Foods could add ~$48k a year",
      body: "Samples were approved and the pricing proposal is out; a follow-up this week keeps it moving.",
      module: "sales",
      refs: [
        { type: "deal", id: named(world, "deal.bigOpen"), label: "Private label – Coastal Foods Markets" },
      ],
      status: "acknowledged",
      decidedByUserId: ctx.users.owner.id,
      decidedAt: at(today - 1, 10),
    },
    {
      kind: "summary",
      severity: "info",
      title: "Last month in one line",
      body: `Revenue ${usd(latest.get("monthly_revenue") ?? 0)}, gross margin ${latest.get("gross_margin") ?? 0}%, rating ${latest.get("avg_rating") ?? 0}.`,
      module: "strategy",
      refs: [],
      status: "done",
      generatedAt: at(monthStart(today), 6),
      expiresAt: at(monthStart(today) + 30, 6),
    },
  ];
  await ctx.insert(
    aiInsights,
    insights.map((r, i) => ({
      ...r,
      id: ctx.id("ins"),
      generatedAt: r.generatedAt ?? at(today, 6, i),
      createdAt: r.generatedAt ?? at(today, 6, i),
    })),
    "ai insights",
  );
}
