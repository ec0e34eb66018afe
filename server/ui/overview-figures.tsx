/**
 * business_overview's output as the pages read it (the dashboard and the welcome page's overview card): its
 * shape, money for people, whether the business has any records yet, and the key-figure tiles.
 */
import type { Ref } from "../../tools/define.js";

export type Overview = {
  asOf: string;
  currency: string;
  cash?: { balance: string; accounts: number };
  receivables?: { openCount: number; openTotal: string; overdueCount: number; overdueTotal: string };
  payables?: {
    dueNext14DaysCount: number;
    dueNext14DaysTotal: string;
    overdueCount: number;
    overdueTotal: string;
  };
  pipeline?: { openDeals: number; value: string; weightedValue: string };
  support?: { openTickets: number; urgentOpen: number };
  inventory?: { lowStockCount: number };
  people?: { activeHeadcount: number; outToday: number };
  legal?: { licensesExpiring30Days: number; contractsEnding30Days: number };
  goals?: { atRiskCount: number };
  tasks?: { overdue: number; dueToday: number };
  insights?: { insightId: string; kind: string; severity: string; generatedAt: string }[];
  omitted?: string[];
  refs: Ref[];
};

/** A whole amount in the currency, e.g. $12,300; an unknown currency code is written after the number. */
export const money = (amount: string | undefined, currency: string) => {
  const n = Number(amount ?? 0);
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 }).format(n);
  } catch {
    return `${n.toFixed(0)} ${currency}`;
  }
};

/** No records the overview can see yet: nothing cited, no accounts, deals or people (a new business). */
export const isEmptyOverview = (o: Overview) =>
  o.refs.length === 0 && !o.cash?.accounts && !o.pipeline?.openDeals && !o.people?.activeHeadcount;

export interface Tile {
  label: string;
  value: string;
  href?: string;
}

/** The key figures the viewer's role may read, each linking to the records behind it. */
export function overviewTiles(o: Overview, base: string): Tile[] {
  const cur = o.currency;
  const tiles: Tile[] = [];
  if (o.cash) tiles.push({ label: "Cash", value: money(o.cash.balance, cur), href: `${base}/e/accounts` });
  if (o.receivables)
    tiles.push({
      label: "Receivables open",
      value: money(o.receivables.openTotal, cur),
      href: `${base}/e/invoices`,
    });
  if (o.pipeline)
    tiles.push({
      label: "Pipeline (weighted)",
      value: money(o.pipeline.weightedValue, cur),
      href: `${base}/e/deals`,
    });
  if (o.support)
    tiles.push({ label: "Open tickets", value: String(o.support.openTickets), href: `${base}/e/tickets` });
  if (o.people)
    tiles.push({
      label: "Headcount",
      value: String(o.people.activeHeadcount),
      href: `${base}/e/employees`,
    });
  return tiles;
}

export const Tiles = ({ tiles }: { tiles: Tile[] }) => (
  <ul class="tiles">
    {tiles.map((t) => (
      <li class="tile">
        <div class="label">{t.label}</div>
        <div class="value">{t.href ? <a href={t.href}>{t.value}</a> : t.value}</div>
      </li>
    ))}
  </ul>
);
