/**
 * The daily brief's content: today's alerts — overdue invoices, cash against the bills coming due, renewals, low
 * stock — from finance_ar_aging, business_overview, legal_expiring and operations_low_stock, called through the
 * registry as one user (their role decides what it shows), with suggested actions, rendered as Block Kit. Figures
 * are the tools' own (amounts compared in minor units, never as floats). Posting, the schedule and the buttons
 * are in brief-post.ts.
 */
import { formatMoney } from "../../agent/command-render.js";
import type { Ref } from "../../tools/define.js";
import { fromMinor, toMinor } from "../../tools/money.js";
import type { CallEnv, Registry } from "../../tools/registry.js";
import { escapeText, type KnownBlock } from "./render.js";

export const SUGGEST = "omni_suggest";
export const briefBlockId = (businessId: string) => `omni_brief:${businessId}`;
const TOP = 3;
const MAX_SUGGESTIONS = 5;
/** tasks_create takes titles up to this long. */
const TITLE_MAX = 300;

export type Suggestion =
  | { kind: "ask"; label: string; prompt: string }
  | { kind: "task"; label: string; title: string; relatedId?: string };

export interface Brief {
  asOf: string;
  /** mrkdwn lines; a line starting with "• " belongs to the heading line before it. */
  lines: string[];
  suggestions: Suggestion[];
  /** Sections left out: the role may not read them, or a tool failed. */
  omitted: string[];
  refs: Ref[];
}

/** One section's part of the brief. */
interface Section {
  lines: string[];
  suggestions: Suggestion[];
  refs: Ref[];
}
const none = (): Section => ({ lines: [], suggestions: [], refs: [] });

/** Builds today's brief as `env.userId` sees the business. */
export async function buildBrief(registry: Registry, env: CallEnv, currency: string): Promise<Brief> {
  const omitted: string[] = [];
  const call = async <T>(tool: string, input: Record<string, unknown>, section: string) => {
    const r = await registry.call(env, tool, input);
    if (r.ok) return r.output as T & { refs: Ref[]; asOf?: string };
    omitted.push(
      r.error.code === "forbidden" ? `${section} (not for your role)` : `${section} (${r.error.message})`,
    );
    return undefined;
  };
  const m = (amount: string) => formatMoney(amount, currency);
  const aging = await call<Aging>("finance_ar_aging", { limit: 25 }, "invoices");
  const overview = await call<Overview>("business_overview", {}, "cash");
  const legal = await call<Expiring>(
    "legal_expiring",
    { withinDays: 30, pastDays: 0, include: ["licenses", "contracts"], limit: 5 },
    "renewals",
  );
  const stock = await call<LowStock>("operations_low_stock", { limit: 5 }, "low stock");
  if (overview && !overview.cash && overview.omitted.includes("cash"))
    omitted.unshift("cash (not for your role)");
  const sections = [
    aging ? invoices(aging, m) : none(),
    overview ? cash(overview, currency, m) : none(),
    legal ? renewals(legal) : none(),
    stock ? lowStock(stock) : none(),
  ];
  return {
    asOf: String(overview?.asOf ?? aging?.asOf ?? env.now?.toISOString().slice(0, 10) ?? ""),
    lines: sections.flatMap((s) => s.lines),
    suggestions: sections.flatMap((s) => s.suggestions).slice(0, MAX_SUGGESTIONS),
    omitted,
    refs: sections.flatMap((s) => s.refs),
  };
}

interface Aging {
  asOf: string;
  totals: { overdue: string };
  overdueInvoices: Array<{
    invoiceId: string;
    number: string | null;
    customer: string;
    daysPastDue: number;
    open: string;
  }>;
}

function invoices(o: Aging, m: (a: string) => string): Section {
  const late = [...o.overdueInvoices].sort((a, b) => b.daysPastDue - a.daysPastDue);
  if (!late.length) return { ...none(), lines: [":receipt: *Invoices*: nothing overdue."] };
  const s = none();
  s.lines.push(`:receipt: *Invoices*: ${late.length} overdue, ${m(o.totals.overdue)} in total`);
  for (const i of late.slice(0, TOP)) {
    s.refs.push({ type: "invoice", id: i.invoiceId, label: i.number ?? i.invoiceId });
    s.lines.push(
      `• ${ref(i.invoiceId)} · ${escapeText(i.customer)} · ${m(i.open)} · ${i.daysPastDue} days late`,
    );
  }
  const worst = late[0]!;
  const name = worst.number ?? worst.invoiceId;
  s.suggestions.push({
    kind: "ask",
    label: `Draft reminder: ${name}`,
    prompt: `Draft a payment reminder email for invoice ${name} (${worst.invoiceId}) to ${worst.customer}, ${worst.daysPastDue} days late.`,
  });
  return s;
}

interface Overview {
  asOf: string;
  cash?: { balance: string };
  payables?: { dueNext14DaysTotal: string; overdueTotal: string };
  omitted: string[];
}

function cash(o: Overview, currency: string, m: (a: string) => string): Section {
  if (!o.cash) return none();
  if (!o.payables) return { ...none(), lines: [`:bank: *Cash*: ${m(o.cash.balance)}`] };
  const due = toMinor(o.payables.dueNext14DaysTotal, currency) + toMinor(o.payables.overdueTotal, currency);
  const dueText = m(fromMinor(due, currency) ?? "0");
  if (toMinor(o.cash.balance, currency) >= due)
    return {
      ...none(),
      lines: [`:bank: *Cash*: ${m(o.cash.balance)} covers the ${dueText} of bills due within 14 days`],
    };
  return {
    lines: [
      `:warning: *Cash risk*: ${m(o.cash.balance)} in the bank, ${dueText} of bills due within 14 days or overdue`,
    ],
    refs: [],
    suggestions: [
      {
        kind: "ask",
        label: "Plan the next 14 days of cash",
        prompt:
          "Cash is below the bills due in the next 14 days. Which bills can wait, and which invoices should we chase first?",
      },
    ],
  };
}

interface Expiring {
  asOf: string;
  licenses: Array<{ id: string; name: string; expiresOn: string; daysLeft: number }>;
  contracts: Array<{
    id: string;
    title: string;
    endsOn: string;
    daysLeft: number;
    renewal: string;
    noticeDeadline: string | null;
    noticePassed: boolean | null;
  }>;
}

function renewals(o: Expiring): Section {
  const notice = (c: Expiring["contracts"][number]) =>
    c.noticeDeadline ? `, notice ${c.noticePassed ? "deadline passed on" : "by"} ${c.noticeDeadline}` : "";
  const items = [
    ...o.licenses.map((l) => ({
      id: l.id,
      type: "license",
      name: l.name,
      days: l.daysLeft,
      what: `expires ${l.expiresOn}`,
    })),
    ...o.contracts.map((c) => ({
      id: c.id,
      type: "contract",
      name: c.title,
      days: c.daysLeft,
      what: `ends ${c.endsOn} (${c.renewal} renewal${notice(c)})`,
    })),
  ].sort((a, b) => a.days - b.days);
  if (!items.length) return none();
  const s = none();
  s.lines.push(`:date: *Renewals*: ${items.length} within 30 days`);
  for (const i of items.slice(0, TOP)) {
    s.refs.push({ type: i.type, id: i.id, label: i.name });
    s.lines.push(`• ${ref(i.id)} ${i.what} · ${i.days} days left`);
  }
  const first = items[0]!;
  s.suggestions.push({
    kind: "task",
    label: `Task: renew ${short(first.name)}`,
    title: `Renew ${first.name} (${first.what})`.slice(0, TITLE_MAX),
    relatedId: first.id,
  });
  return s;
}

interface LowStock {
  lowItems: number;
  items: Array<{
    id: string;
    name: string;
    sku: string;
    unit: string;
    onHand: number;
    reorderPoint: number;
    suggestedQuantity: number;
    vendor: { name: string } | null;
  }>;
}

function lowStock(o: LowStock): Section {
  if (!o.lowItems) return { ...none(), lines: [":package: *Low stock*: nothing below its reorder point."] };
  const s = none();
  s.lines.push(
    `:package: *Low stock*: ${o.lowItems} item${o.lowItems === 1 ? "" : "s"} at or below the reorder point`,
  );
  const from = (i: LowStock["items"][number]) => (i.vendor ? ` from ${i.vendor.name}` : "");
  for (const i of o.items.slice(0, TOP)) {
    s.refs.push({ type: "inventory_item", id: i.id, label: `${i.name} (${i.sku})` });
    s.lines.push(
      `• ${ref(i.id)}: ${i.onHand} on hand, reorder at ${i.reorderPoint}; order ${i.suggestedQuantity} ${escapeText(`${i.unit}${from(i)}`)}`,
    );
  }
  const first = o.items[0];
  if (first)
    s.suggestions.push({
      kind: "task",
      label: `Task: reorder ${short(first.name)}`,
      title: `Reorder ${first.suggestedQuantity} ${first.unit} of ${first.name}${from(first)}`.slice(
        0,
        TITLE_MAX,
      ),
      relatedId: first.id,
    });
  return s;
}

/** `{{ref:id}}` placeholders are filled with record links once the business's link base is known. */
const ref = (id: string) => `{{ref:${id}}}`;
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** The brief as Block Kit: title, one section per alert group, suggested actions as buttons. */
export function briefBlocks(
  brief: Brief,
  opts: { businessId: string; businessName: string; link: (r: Ref) => string },
): KnownBlock[] {
  const byId = new Map(brief.refs.map((r) => [r.id, r]));
  const fill = (s: string) =>
    s.replace(/\{\{ref:([^}]+)\}\}/g, (_m, id: string) => {
      const r = byId.get(id);
      return r ? `<${opts.link(r)}|${escapeText(r.label)}>` : id;
    });
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: `Daily brief · ${opts.businessName}`.slice(0, 150) },
    },
  ];
  const groups: string[][] = [];
  for (const line of brief.lines) {
    if (line.startsWith("• ") && groups.length) groups.at(-1)!.push(line);
    else groups.push([line]);
  }
  if (!groups.length) groups.push(["Nothing to report today."]);
  for (const g of groups)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: fill(g.join("\n")).slice(0, 2_900) } });
  if (brief.suggestions.length) {
    blocks.push({
      type: "actions",
      block_id: briefBlockId(opts.businessId),
      elements: brief.suggestions.map((s, i) => ({
        type: "button",
        action_id: `${SUGGEST}_${i}`,
        text: { type: "plain_text", text: s.label.slice(0, 75) },
        value: JSON.stringify(s),
      })),
    });
  }
  const notes = [`As of ${brief.asOf} · reply in the thread to ask more`];
  if (brief.omitted.length) notes.push(`Left out: ${brief.omitted.join(", ")}`);
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escapeText(notes.join(" · ")) }] });
  return blocks;
}
