/**
 * Plain-text renderers for command mode: one per routed analytics tool, plus a generic fallback for any
 * other tool. They only restate tool output (figures exactly as the tool returned them), never compute.
 */
import type { z } from "zod";
import type { Ref } from "../tools/define.js";
import type { apAgingTool, arAgingTool } from "../tools/finance-aging.js";
import type { cashPositionTool } from "../tools/finance-cash.js";
import type { expiringTool } from "../tools/legal.js";
import type { lowStockTool } from "../tools/operations.js";
import type { overviewTool, periodSummaryTool } from "../tools/overview.js";
import type { salesPipeline } from "../tools/sales.js";

type Out<T extends { output: z.ZodType }> = z.output<T["output"]>;
export type Render = (output: Record<string, unknown> & { refs: Ref[] }) => string;

/** How many items a renderer lists. */
const TOP = 3;

/** "28131.5" + "USD" → "28,131.5 USD"; digits are grouped as text, never through floating point. */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return "n/a";
  const [whole = "", frac] = amount.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const grouped = whole.replace(/^-/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${frac === undefined ? "" : `.${frac}`} ${currency}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const labelOf = (refs: Ref[], id: string) => refs.find((r) => r.id === id)?.label ?? id;
const list = (lines: string[]) => lines.map((l) => `- ${l}`);
const omitted = (sections: string[]) =>
  sections.length ? [`Not shown for your role: ${sections.join(", ")}.`] : [];

/** The top few items, "; "-separated, after a dash; empty when there are none. */
const top = <T>(xs: readonly T[], fn: (x: T) => string, lead = "") =>
  xs.length ? ` — ${lead}${xs.slice(0, TOP).map(fn).join("; ")}` : "";
const section = (head: string, lines: (string | false | undefined)[], hidden: string[]) =>
  [head, ...list(lines.filter((l): l is string => !!l)), ...omitted(hidden)].join("\n");

type Overview = Out<typeof overviewTool>;

function overviewMoney(o: Overview): (string | undefined)[] {
  const m = (a: string) => formatMoney(a, o.currency);
  const { receivables: ar, payables: ap, pipeline: p } = o;
  const late = (i: Overview["receivables"] & {}) =>
    top(
      i.largestOverdue,
      (x) => `${labelOf(o.refs, x.invoiceId)} ${formatMoney(x.amountDue, x.currency)}`,
      "largest: ",
    );
  return [
    o.cash && `Cash: ${m(o.cash.balance)} across ${plural(o.cash.accounts, "account")}`,
    ar &&
      `Receivables: ${m(ar.openTotal)} open, ${m(ar.overdueTotal)} overdue (${ar.overdueCount})${late(ar)}`,
    ap &&
      `Bills: ${m(ap.dueNext14DaysTotal)} due in 14 days (${ap.dueNext14DaysCount}), ${m(ap.overdueTotal)} overdue (${ap.overdueCount})`,
    p && `Pipeline: ${plural(p.openDeals, "open deal")}, ${m(p.value)} (weighted ${m(p.weightedValue)})`,
  ];
}

export function renderOverview(o: Overview): string {
  const { support, inventory: inv, tasks, goals, legal, people } = o;
  return section(
    `Business overview as of ${o.asOf}:`,
    [
      ...overviewMoney(o),
      tasks && `Tasks: ${tasks.overdue} overdue, ${tasks.dueToday} due today`,
      support && `Support: ${plural(support.openTickets, "open ticket")}, ${support.urgentOpen} urgent`,
      inv &&
        `Low stock: ${plural(inv.lowStockCount, "item")}${top(inv.items, (i) => labelOf(o.refs, i.itemId))}`,
      legal &&
        `Legal: ${plural(legal.licensesExpiring30Days, "license")} expiring, ${plural(legal.contractsEnding30Days, "contract")} ending in 30 days`,
      goals && `Goals at risk: ${goals.atRiskCount}${top(goals.atRisk, (g) => labelOf(o.refs, g.goalId))}`,
      people && `People: ${people.activeHeadcount} active, ${people.outToday} out today`,
    ],
    o.omitted,
  );
}

export function renderPeriodSummary(o: Out<typeof periodSummaryTool>): string {
  const m = (a: string) => formatMoney(a, o.currency);
  const { transactions: t, invoices: i, deals: d, tickets, marketing: mk } = o;
  return section(
    `What happened ${o.period.from} to ${o.period.to} (${plural(o.period.days, "day")}):`,
    [
      t &&
        `Money in ${m(t.moneyIn)}, out ${m(t.moneyOut)}, net ${m(t.net)} (${plural(t.count, "transaction")})${top(t.biggest, (b) => `${labelOf(o.refs, b.transactionId)} ${m(b.amount)}`)}`,
      i && `Invoices: ${i.issuedCount} issued (${m(i.issuedTotal)}), ${i.paidCount} paid (${m(i.paidTotal)})`,
      d &&
        `Deals: ${d.createdCount} created (${m(d.createdValue)}), ${d.wonCount} won (${m(d.wonValue)}), ${d.lostCount} lost (${m(d.lostValue)})`,
      tickets && `Tickets: ${tickets.opened} opened, ${tickets.resolved} resolved`,
      mk && `Marketing: ${plural(mk.postsPublished, "post")} published, ${mk.engagements} engagements`,
      o.newCustomers && `New customers: ${o.newCustomers.count}`,
      o.newLeads && `New leads: ${o.newLeads.count}`,
    ],
    o.omitted,
  );
}

export function renderCashPosition(o: Out<typeof cashPositionTool>): string {
  const m = (a: string) => formatMoney(a, o.currency);
  const t = o.totals;
  return [
    `Cash position as of ${o.asOf}: ${m(t.cash)} in bank and cash accounts, ${m(t.creditCardDebt)} owed on cards, net ${m(t.netCash)}; ${m(t.cashChange30Days)} change over 30 days`,
    ...list(
      o.accounts.slice(0, 5).map((a) => `${a.name} (${a.kind}): ${formatMoney(a.balance, a.currency)}`),
    ),
  ].join("\n");
}

export function renderArAging(o: Out<typeof arAgingTool>): string {
  const m = (a: string) => formatMoney(a, o.currency);
  const late = o.overdueInvoices;
  const count = `${plural(late.length, "invoice")}${late.length >= 50 ? " or more" : ""}`;
  const oldest = (i: (typeof late)[number]) =>
    `Invoice ${i.number ?? i.invoiceId} (${i.customer}) ${m(i.open)}, ${plural(i.daysPastDue, "day")} late`;
  return [
    `Accounts receivable: ${m(o.totals.open)} open, ${m(o.totals.overdue)} overdue (${count})${top(late, oldest, "oldest: ")}`,
    ...list(
      o.customers.slice(0, TOP).map((c) => `${c.name}: ${m(c.open)} open (${plural(c.invoices, "invoice")})`),
    ),
  ].join("\n");
}

export function renderApAging(o: Out<typeof apAgingTool>): string {
  const m = (a: string) => formatMoney(a, o.currency);
  const late = o.overdueBills;
  const count = `${plural(late.length, "bill")}${late.length >= 50 ? " or more" : ""}`;
  const oldest = (b: (typeof late)[number]) =>
    `Bill ${b.number ?? b.billId} (${b.vendor}) ${m(b.open)}, ${plural(b.daysPastDue, "day")} late`;
  return [
    `Accounts payable: ${m(o.totals.open)} open, ${m(o.totals.overdue)} overdue (${count})${top(late, oldest, "oldest: ")}`,
    ...list(o.vendors.slice(0, TOP).map((v) => `${v.name}: ${m(v.open)} open (${plural(v.bills, "bill")})`)),
  ].join("\n");
}

export function renderPipeline(o: Out<typeof salesPipeline>): string {
  const m = (a: string) => formatMoney(a, o.currency);
  return [
    `Pipeline ${o.pipeline.name}: ${plural(o.totals.deals, "open deal")} worth ${m(o.totals.value)} (weighted ${m(o.totals.weightedValue)})`,
    ...list(o.stages.map((s) => `${s.name}: ${plural(s.deals, "deal")}, ${m(s.value)}`)),
  ].join("\n");
}

export function renderLowStock(o: Out<typeof lowStockTool>): string {
  const items = o.items.slice(0, 5).map((i) => {
    const cover = i.daysOfCover === null ? "" : `, ${i.daysOfCover} days of cover`;
    const from = i.vendor ? ` from ${i.vendor.name}` : "";
    const cost = i.suggestedCost === null ? "" : ` (${formatMoney(i.suggestedCost, i.currency)})`;
    return `${i.name}: ${i.onHand} ${i.unit} on hand, reorder at ${i.reorderPoint}${cover}; order ${i.suggestedQuantity}${cost}${from}${i.onOrder ? `, ${i.onOrder} already on order` : ""}`;
  });
  return [`Low stock: ${plural(o.lowItems, "item")} at or below the reorder point`, ...list(items)].join(
    "\n",
  );
}

/** One dated line: "License X: expires 2026-12-04 (in 9 days)" or "…: expired 2026-11-05 (20 days ago)". */
const due = (what: string, days: number, date: string, past: string, future: string, extra = "") => ({
  days,
  text: `${what}: ${days < 0 ? `${past} ${date} (${-days} days ago)` : `${future} ${date} (in ${plural(days, "day")})`}${extra}`,
});

export function renderExpiring(o: Out<typeof expiringTool>): string {
  const { licenses: l, contracts: c, policies: p } = o.summary;
  const notice = (x: (typeof o.contracts)[number]) =>
    x.noticePassed && !x.ended ? `, notice deadline ${x.noticeDeadline} passed` : "";
  const dated = [
    ...o.licenses.map((x) => due(`License ${x.name}`, x.daysLeft, x.expiresOn, "expired", "expires")),
    ...o.contracts.map((x) => due(`Contract ${x.title}`, x.daysLeft, x.endsOn, "ended", "ends", notice(x))),
    ...o.policies.map((x) =>
      due(`Policy ${x.title}`, x.daysLeft, x.reviewOn, "review was due", "review due"),
    ),
  ].sort((a, b) => Math.abs(a.days) - Math.abs(b.days)); // nearest to today first, either side
  const head = `Due by ${o.horizon}: ${plural(l.total, "license")} (${l.past} expired), ${plural(c.total, "contract")} (${c.past} ended), ${plural(p.total, "policy review")} (${p.past} overdue)`;
  return [head, ...list(dated.slice(0, 5).map((x) => x.text))].join("\n");
}

const scalar = (v: unknown) => v === null || typeof v !== "object";
const show = (v: unknown) => (v === null ? "none" : String(v));

/** Any other tool: its top-level scalars, list lengths, one level of nested scalars, and the records it cites. */
export const renderGeneric: Render = (o) => {
  const lines = Object.entries(o).flatMap(([k, v]) => {
    if (k === "refs") return [];
    if (Array.isArray(v)) return [`${k}: ${plural(v.length, "item")}`];
    if (scalar(v)) return [`${k}: ${show(v)}`];
    const inner = Object.entries(v as object).filter(([, x]) => scalar(x));
    return inner.length ? [`${k}: ${inner.map(([ik, x]) => `${ik} ${show(x)}`).join(", ")}`] : [];
  });
  const labels = o.refs.slice(0, 10).map((r) => r.label);
  const more = o.refs.length > labels.length ? ` (and ${o.refs.length - labels.length} more)` : "";
  return [...list(lines), ...(labels.length ? [`Records: ${labels.join("; ")}${more}`] : [])].join("\n");
};

const typed = <T>(fn: (o: T) => string) => fn as unknown as Render;

/** The renderer per routed tool; anything else uses renderGeneric. */
export const RENDERERS: Readonly<Record<string, Render>> = {
  business_overview: typed(renderOverview),
  period_summary: typed(renderPeriodSummary),
  finance_cash_position: typed(renderCashPosition),
  finance_ar_aging: typed(renderArAging),
  finance_ap_aging: typed(renderApAging),
  sales_pipeline: typed(renderPipeline),
  operations_low_stock: typed(renderLowStock),
  legal_expiring: typed(renderExpiring),
};

export const renderOutput = (tool: string, output: Parameters<Render>[0]): string =>
  (RENDERERS[tool] ?? renderGeneric)(output);
