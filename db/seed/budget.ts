/**
 * Plans and obligations: budget lines per category per month for the current year (from the actuals), and
 * tax records per quarter (sales tax and estimated income tax as paid on the ledger, payroll taxes via Gusto).
 */
import { budgetLines, taxRecords } from "../schema/finance.js";
import { at, type Day, iso, monthKey, monthStart, type NewRow, type SeedContext } from "./context.js";
import type { TaxPlan, World } from "./world.js";

const CATEGORIES = [
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

export async function seedBudgetAndTax(ctx: SeedContext, world: World): Promise<void> {
  const { today, start } = ctx;
  // Averages over the complete months of history, rounded to $100, with 4% growth on revenue.
  const complete: string[] = [];
  for (let m = start; monthStart(m, 1) <= monthStart(today); m = monthStart(m, 1)) complete.push(monthKey(m));
  const avg = (cat: string) =>
    Math.abs(
      complete.reduce((s, k) => s + (world.monthly.get(k)?.[cat] ?? 0), 0) / Math.max(1, complete.length),
    );
  const year = new Date(today * 86_400_000).getUTCFullYear();
  const jan = Math.floor(Date.UTC(year, 0, 1) / 86_400_000);
  const rows: NewRow<typeof budgetLines>[] = [];
  for (let i = 0; i < 12; i++) {
    const from = monthStart(jan, i);
    for (const cat of CATEGORIES) {
      const base = avg(cat) * (cat === "revenue" ? 1.04 : 1);
      rows.push({
        id: ctx.id("bud"),
        periodStart: iso(from),
        periodEnd: iso(monthStart(from, 1) - 1),
        kind: cat === "revenue" ? "income" : "expense",
        category: cat,
        amountMinor: Math.round(base / 10_000) * 10_000,
        notes:
          cat === "other"
            ? "Includes bank and card fees, insurance, bookkeeping and owner distributions."
            : null,
        createdAt: at(jan - 20, 10),
      });
    }
  }
  await ctx.insert(budgetLines, rows, "budget lines");

  // Payroll taxes per calendar quarter, withheld and paid with each Gusto run.
  const plans: TaxPlan[] = [...world.taxes];
  const quarterStart = (d: Day) => {
    const dt = new Date(d * 86_400_000);
    return Math.floor(
      Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() - (dt.getUTCMonth() % 3), 1) / 86_400_000,
    );
  };
  for (let q = quarterStart(start); q <= today; q = monthStart(q, 3)) {
    let gross = 0;
    let tax = 0;
    for (let k = 0; k < 3; k++) {
      const m = world.monthly.get(monthKey(monthStart(q, k)));
      gross += m?.payroll_gross ?? 0;
      tax += m?.payroll_tax ?? 0;
    }
    const end = monthStart(q, 3) - 1;
    plans.push({
      kind: "payroll",
      periodStart: q,
      periodEnd: end,
      taxable: gross,
      tax,
      dueDay: monthStart(end, 1) + 30,
      paidDay: end < today ? end : undefined,
    });
  }
  // This quarter's sales tax so far, not yet due.
  const q = quarterStart(today);
  let takings = 0;
  for (let d = Math.max(q, start); d <= today; d++) takings += world.cafeDaily[d - start] ?? 0;
  const taxable = Math.round((takings / 1.0875) * 0.9);
  plans.push({
    kind: "sales_tax",
    periodStart: q,
    periodEnd: monthStart(q, 3) - 1,
    taxable,
    tax: Math.round(taxable * 0.0875),
    dueDay: monthStart(q, 4) - 1,
  });

  const label = {
    sales_tax: "State sales and use tax return",
    income: "Federal estimated tax (1120-S / 1040-ES)",
    payroll: "Form 941 payroll taxes (filed by Gusto)",
  } as const;
  await ctx.insert(
    taxRecords,
    plans
      .sort((x, y) => x.periodStart - y.periodStart || x.kind.localeCompare(y.kind))
      .map((t) => ({
        id: ctx.id("tax"),
        kind: t.kind,
        periodStart: iso(t.periodStart),
        periodEnd: iso(t.periodEnd),
        jurisdiction: t.kind === "sales_tax" ? "US-CA" : "US",
        taxableMinor: t.taxable,
        taxMinor: t.tax,
        status: t.paidDay !== undefined ? "paid" : "estimated",
        dueOn: iso(t.dueDay),
        filedOn: t.paidDay !== undefined ? iso(t.paidDay - (t.kind === "sales_tax" ? 2 : 0)) : null,
        paidOn: t.paidDay !== undefined ? iso(t.paidDay) : null,
        reference: label[t.kind],
        notes:
          t.paidDay === undefined && t.periodEnd < today ? "Quarter closed; return not filed yet." : null,
        createdAt: at(Math.min(today, t.periodEnd + 1), 9),
      })),
    "tax records",
  );
}
