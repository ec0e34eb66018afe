/**
 * The year's cash movements no other module owns: rent, subscriptions, fees, taxes, card spend, transfers,
 * owner draws and card payments. Draws keep the result mildly positive before the recent slow patch.
 */
import { cents, type Day, iso, monthKey, monthStart, type SeedContext } from "./context.js";
import { DIP_DAYS } from "./finance.js";
import type { LedgerEntry, World } from "./world.js";

const SUBSCRIPTIONS: [number, string, string, number][] = [
  [1, "Google Workspace", "software", 8_640],
  [2, "Gusto (payroll software)", "software", 15_200],
  [3, "Shopify", "software", 7_900],
  [5, "Square for Restaurants", "software", 6_000],
  [8, "Mailchimp", "marketing", 6_000],
  [12, "QuickBooks Online", "software", 9_000],
  [15, "7shifts scheduling", "software", 6_999],
  [20, "Canva", "software", 1_500],
];
const CARD_MERCHANTS: { name: string; category: string; min: number; max: number; weight: number }[] = [
  { name: "WebstaurantStore", category: "equipment", min: 30, max: 400, weight: 3 },
  { name: "Amazon Business", category: "equipment", min: 15, max: 250, weight: 4 },
  { name: "Home Depot", category: "equipment", min: 10, max: 180, weight: 2 },
  { name: "Costco Wholesale", category: "cogs", min: 60, max: 450, weight: 4 },
  { name: "Restaurant Depot", category: "cogs", min: 40, max: 300, weight: 3 },
  { name: "Vistaprint", category: "marketing", min: 40, max: 250, weight: 1 },
  { name: "Eventbrite", category: "marketing", min: 10, max: 60, weight: 1 },
  { name: "Shell", category: "other", min: 40, max: 90, weight: 3 },
  { name: "City of Harbor Bay Parking", category: "other", min: 3, max: 20, weight: 2 },
  { name: "UPS", category: "other", min: 10, max: 60, weight: 2 },
  { name: "USPS", category: "other", min: 5, max: 40, weight: 2 },
  { name: "Harbor Pizza (staff meal)", category: "other", min: 40, max: 120, weight: 1 },
];

/** Adds the movements no other module owns. Call after every module has pushed its own entries. */
export function planLedger(ctx: SeedContext, world: World): void {
  const { rng, today, start } = ctx;
  const L = world.ledger;
  const landlord = world.vendors.get("landlord")!;
  const owner = ctx.users.owner.name;
  for (let m = start; m <= today; m = monthStart(m, 1)) {
    const on = (d: number) => m + d - 1;
    const push = (d: number, e: Omit<LedgerEntry, "day">) => {
      if (on(d) <= today && on(d) >= start) L.push({ day: on(d), ...e });
    };
    push(1, {
      account: "checking",
      amount: -820_000,
      description: "Rent – 212 Harbor St (café)",
      counterparty: landlord.name,
      category: "rent",
      vendorId: landlord.id,
    });
    push(1, {
      account: "checking",
      amount: -160_000,
      description: "Rent – 14 Dockside Way (roastery)",
      counterparty: landlord.name,
      category: "rent",
      vendorId: landlord.id,
    });
    push(28, {
      account: "checking",
      amount: -3_500,
      description: "Monthly account fee",
      counterparty: "First Harbor Bank",
      category: "other",
    });
    push(28, {
      account: "savings",
      amount: 6_000 + rng.int(0, 3_000),
      description: "Interest",
      counterparty: "First Harbor Bank",
      category: "other",
    });
    for (const [d, name, category, amount] of SUBSCRIPTIONS) {
      push(d, {
        account: "card",
        amount: -amount,
        description: name.toUpperCase(),
        counterparty: name,
        category,
      });
    }
    // Card processing fees on last month's takings, charged on the 2nd.
    const prev = monthStart(m, -1);
    let takings = 0;
    for (let d = Math.max(prev, start); d < m; d++) takings += world.cafeDaily[d - start]!;
    if (takings > 0)
      push(2, {
        account: "checking",
        amount: -Math.round(takings * 0.88 * 0.0275),
        description: "Square processing fees",
        counterparty: "Square",
        category: "other",
      });
    const month = new Date(m * 86_400_000).getUTCMonth();
    if ([0, 3, 5, 8].includes(month)) {
      if (on(15) <= today) {
        // Each estimated payment covers the three months before it.
        world.taxes.push({
          kind: "income",
          periodStart: monthStart(m, -3),
          periodEnd: m - 1,
          taxable: null,
          tax: 450_000,
          dueDay: on(15),
          paidDay: on(15) >= start ? on(15) : undefined,
        });
      }
      push(15, {
        account: "checking",
        amount: -450_000,
        description: "IRS USATAXPYMT estimated tax",
        counterparty: "IRS",
        category: "taxes",
      });
    }
    if ([0, 3, 6, 9].includes(month)) {
      // Sales tax for the quarter that just ended, due the last day of this month (paid on the 25th).
      const q0 = monthStart(m, -3);
      let q = 0;
      let n = 0;
      for (let d = q0; d < m; d++) {
        if (d >= start) {
          q += world.cafeDaily[d - start]!;
          n++;
        }
      }
      if (n > 0) {
        const taxable = Math.round((((q / n) * (m - q0)) / 1.0875) * 0.9);
        const tax = Math.round(taxable * 0.0875);
        world.taxes.push({
          kind: "sales_tax",
          periodStart: q0,
          periodEnd: m - 1,
          taxable,
          tax,
          dueDay: monthStart(m, 1) - 1,
          paidDay: on(25) <= today ? on(25) : undefined,
        });
        push(25, {
          account: "checking",
          amount: -tax,
          description: `Sales tax return ${iso(q0).slice(0, 7)} quarter`,
          counterparty: "State Dept. of Tax and Fee Administration",
          category: "taxes",
        });
      }
      if (today - on(28) > DIP_DAYS)
        push(28, {
          account: "checking",
          amount: -200_000,
          description: "Transfer to savings",
          counterparty: "First Harbor Bank",
          category: "transfer",
          memo: "Quarterly reserve",
        });
      if (today - on(28) > DIP_DAYS)
        push(28, {
          account: "savings",
          amount: 200_000,
          description: "Transfer from checking",
          counterparty: "First Harbor Bank",
          category: "transfer",
          memo: "Quarterly reserve",
        });
    }
  }

  // Variable card spend: a share of the transaction budget, amounts scaled to ~$2,600 a month.
  const target = Math.round(10_000 * ctx.scale);
  const variable = Math.max(120, Math.min(4_000, Math.round(target * 0.12)));
  const days = today - start + 1;
  const byMonth = new Map<string, LedgerEntry[]>();
  for (let i = 0; i < variable; i++) {
    const day = start + Math.floor((days * i) / variable);
    const m = rng.weighted(CARD_MERCHANTS, (x) => x.weight);
    const e: LedgerEntry = {
      day,
      account: "card",
      amount: -cents(m.min + rng.next() * (m.max - m.min)),
      description: `${m.name.toUpperCase()} #${rng.int(100, 9999)}`,
      counterparty: m.name,
      category: m.category,
    };
    const list = byMonth.get(monthKey(day)) ?? [];
    list.push(e);
    byMonth.set(monthKey(day), list);
  }
  for (const list of byMonth.values()) {
    const budget = 260_000 * (list.length / (variable / (days / 30.4)));
    const sum = list.reduce((s, e) => s - e.amount, 0);
    for (const e of list) e.amount = -Math.max(100, Math.round((-e.amount * budget) / sum));
    L.push(...list);
  }

  // Owner draws: whatever the year earned above a mildly positive result (about +$15k over the whole history)
  // is distributed in equal monthly draws before the slow patch, so the dip shows at the end.
  let total = 0;
  for (const e of L) if (e.category !== "transfer" && e.day >= start && e.day <= today) total += e.amount;
  for (const v of world.cafeDaily) total += v;
  const months: Day[] = [];
  for (let m = start; monthStart(m, 1) - 1 < today - DIP_DAYS; m = monthStart(m, 1)) months.push(m);
  const pool = Math.max(0, total - (1_500_000 + rng.int(-400_000, 400_000)));
  const each = months.length ? Math.floor(pool / months.length / 10_000) * 10_000 : 0;
  months.forEach((m, i) => {
    const draw = i === months.length - 1 ? pool - each * (months.length - 1) : each;
    if (draw > 0)
      L.push({
        day: monthStart(m, 1) - 2,
        account: "checking",
        amount: -draw,
        description: "Owner distribution",
        counterparty: owner,
        category: "other",
        memo: "Owner draw",
      });
  });

  // Records dated before the history (invoices and bills from the weeks before) settle outside it.
  world.ledger = L.filter((e) => e.day >= start && e.day <= today);
  planCardPayments(ctx, world);
}

/** Card statements close at month end and are paid from checking on the 6th. */
function planCardPayments(ctx: SeedContext, world: World): void {
  const { today, start } = ctx;
  const L = world.ledger;
  // Card statements close at month end and are paid from checking on the 6th.
  L.sort((a, b) => a.day - b.day);
  let card = world.accounts.card.opening;
  let i = 0;
  for (let m = monthStart(start, 1); m <= today; m = monthStart(m, 1)) {
    while (i < L.length && L[i]!.day < m) {
      if (L[i]!.account === "card") card += L[i]!.amount;
      i++;
    }
    const pay = -card;
    if (pay > 0 && m + 5 <= today) {
      L.push({
        day: m + 5,
        account: "checking",
        amount: -pay,
        description: "Credit card payment",
        counterparty: "Amex Business",
        category: "transfer",
      });
      L.push({
        day: m + 5,
        account: "card",
        amount: pay,
        description: "Payment received – thank you",
        counterparty: "First Harbor Bank",
        category: "transfer",
      });
      card += pay;
    }
  }
  L.sort((a, b) => a.day - b.day);
}
