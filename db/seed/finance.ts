/** Finance parties: vendors, wholesale customers, the three accounts, and the café's daily takings. */
import { customers, vendors } from "../schema/finance.js";
import { VENDORS } from "./catalog.js";
import { at, type Day, kebab, type NewRow, type SeedContext } from "./context.js";
import type { CustomerRef, World } from "./world.js";

/** Days before the end of history when the slow patch (road works outside the café) starts. */
export const DIP_DAYS = 42;

export async function seedVendors(ctx: SeedContext, world: World): Promise<void> {
  const { faker } = ctx;
  const rows: NewRow<typeof vendors>[] = [];
  for (const v of VENDORS) {
    const id = ctx.id("ven");
    world.vendors.set(v.key, { id, key: v.key, name: v.name, terms: v.terms, category: v.category });
    const domain = v.website;
    rows.push({
      id,
      name: v.name,
      contactName: v.contact,
      email: `${v.key === "payroll" ? "support" : "billing"}@${domain}`,
      phone: faker.phone.number({ style: "national" }),
      website: `https://${domain}`,
      address: `${faker.location.streetAddress()}, ${faker.location.city()}, ${faker.location.state({ abbreviated: true })} ${faker.location.zipCode("#####")}`,
      category: v.category,
      paymentTermsDays: v.terms,
      notes: v.leadDays ? `Typical lead time ${v.leadDays} days.` : null,
      createdAt: at(ctx.start - faker.number.int({ min: 60, max: 700 })),
    });
  }
  await ctx.insert(vendors, rows, "vendors");
}

const CAFE = ["Coffee House", "Café", "Espresso Bar", "Coffee Co.", "Kitchen & Coffee"];
const RESTAURANT = ["Bistro", "Diner", "Brasserie", "Eatery", "Osteria", "Supper Club"];
const GROCERY = ["Co-op Market", "Grocers", "Fine Foods", "Market Hall", "Provisions"];

function customerName(ctx: SeedContext, kind: CustomerRef["kind"]): string {
  const { faker } = ctx;
  switch (kind) {
    case "cafe":
      return faker.helpers.arrayElement([
        `${faker.location.street()} ${faker.helpers.arrayElement(CAFE)}`,
        `The ${faker.word.adjective({ length: { min: 4, max: 8 } }).replace(/^./, (s) => s.toUpperCase())} Bean`,
        `${faker.person.lastName()}'s ${faker.helpers.arrayElement(CAFE)}`,
      ]);
    case "restaurant":
      return faker.helpers.arrayElement([
        `${faker.location.city()} ${faker.helpers.arrayElement(RESTAURANT)}`,
        `${faker.person.lastName()} & Sons ${faker.helpers.arrayElement(RESTAURANT)}`,
      ]);
    case "grocery":
      return `${faker.location.city()} ${faker.helpers.arrayElement(GROCERY)}`;
    case "office":
      return `${faker.company.name()} (office pantry)`;
    case "event":
      return `${faker.location.city()} ${faker.helpers.arrayElement(["Arts Festival", "Film Society", "Marathon", "Makers Fair"])}`;
  }
}

/** ~40 × √scale wholesale accounts plus a few event and office clients. */
export async function seedCustomers(ctx: SeedContext, world: World): Promise<void> {
  const { faker } = ctx;
  const wholesale = Math.max(8, Math.round(40 * Math.sqrt(ctx.scale)));
  const kinds: CustomerRef["kind"][] = [];
  for (let i = 0; i < wholesale; i++) {
    kinds.push(
      faker.helpers.weightedArrayElement([
        { value: "cafe" as const, weight: 5 },
        { value: "restaurant" as const, weight: 3 },
        { value: "grocery" as const, weight: 2 },
        { value: "office" as const, weight: 1 },
      ]),
    );
  }
  kinds.push("event", "event", "office", "office");
  const used = new Set<string>();
  const rows: NewRow<typeof customers>[] = [];
  kinds.forEach((kind, i) => {
    let name = customerName(ctx, kind);
    while (used.has(name)) name = `${name} – ${faker.location.city()}`;
    used.add(name);
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const domain = `${kebab(name.replace(/\(.*\)/, "")).slice(0, 40)}.example`;
    const email = `${kind === "grocery" ? "purchasing" : "orders"}@${domain}`;
    const terms = kind === "grocery" ? 45 : kind === "event" ? 15 : faker.helpers.arrayElement([15, 30, 30]);
    // A third of the wholesale book was won during the year (the sales module records those deals).
    const newThisYear = i < wholesale && i % 3 === 2;
    const sinceDay: Day = newThisYear
      ? ctx.start + faker.number.int({ min: 20, max: ctx.today - ctx.start - 45 })
      : ctx.start - faker.number.int({ min: 30, max: 1100 });
    const weight =
      kind === "event"
        ? 0.15
        : kind === "grocery"
          ? 1.6
          : kind === "office"
            ? 0.6
            : faker.number.float({ min: 0.6, max: 1.8 });
    const ref: CustomerRef = {
      id: ctx.id("cus"),
      name,
      email,
      kind,
      terms,
      weight,
      sinceDay,
      contactFirst: first,
      contactLast: last,
      phone: faker.phone.number({ style: "national" }),
      tags: kind === "event" ? [] : ["wholesale"],
    };
    world.customers.push(ref);
    rows.push({
      id: ref.id,
      name,
      email,
      phone: ref.phone,
      company: name.replace(/ \(office pantry\)$/, ""),
      website: `https://${domain}`,
      billingAddress: `${faker.location.streetAddress()}, ${faker.location.city()}, ${faker.location.state({ abbreviated: true })} ${faker.location.zipCode("#####")}`,
      taxId: kind === "grocery" || kind === "restaurant" ? `SR-${faker.string.numeric(8)}` : null,
      paymentTermsDays: terms,
      notes: customerNote(kind, first, last),
      createdAt: at(sinceDay, 15),
    });
  });
  // The biggest accounts are VIPs; one restaurant is slow to pay (its invoices go overdue).
  const ranked = world.customers
    .slice(0, wholesale)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.weight - a.c.weight || a.i - b.i);
  for (const { c } of ranked.slice(0, 4)) c.tags.push("vip");
  const risky = world.customers.find(
    (c) => c.kind === "restaurant" && !c.tags.includes("vip") && c.sinceDay < ctx.start,
  );
  if (risky) {
    risky.tags.push("at-risk");
    world.named.set("customer.atRisk", risky.id);
  }
  world.named.set("customer.vip", ranked[0]!.c.id);
  await ctx.insert(customers, rows, "customers");
}

function customerNote(kind: CustomerRef["kind"], first: string, last: string): string {
  switch (kind) {
    case "cafe":
      return `Espresso program on House Espresso; ${first} ${last} places orders, usually Mondays.`;
    case "restaurant":
      return `Brunch and after-dinner coffee. Orders go to ${first} ${last} (GM).`;
    case "grocery":
      return `Retail 12 oz bags on shelf plus 5 lb bulk bin. Buyer: ${first} ${last}. Net 45.`;
    case "office":
      return `Office pantry subscription, delivered every other week. Facilities contact ${first} ${last}.`;
    case "event":
      return `Event coffee service and gift boxes; invoices due on receipt. Contact ${first} ${last}.`;
  }
}

/** Opening balances (cents) on the first day of history; the ledger inserts the accounts with their balances. */
export function planAccounts(ctx: SeedContext, world: World): void {
  world.accounts.checking = { id: ctx.id("acc"), opening: 4_180_000 };
  world.accounts.savings = { id: ctx.id("acc"), opening: 2_500_000 };
  world.accounts.card = { id: ctx.id("acc"), opening: -312_450 };
}

const WEEKDAY = [1.14, 0.9, 0.92, 0.95, 1.0, 1.12, 1.3];
const SEASON = [0.88, 0.9, 0.97, 1.0, 1.03, 1.05, 1.06, 1.04, 1.0, 1.02, 1.05, 1.15];

/** Café takings per day (tax included): weekday and season shape, slow growth, a slow patch at the end. */
export function planCafe(ctx: SeedContext, world: World): void {
  const { rng } = ctx;
  const days = ctx.today - ctx.start + 1;
  for (let i = 0; i < days; i++) {
    const day = ctx.start + i;
    const date = new Date(day * 86_400_000);
    const month = date.getUTCMonth();
    const dom = date.getUTCDate();
    if (month === 11 && dom === 25) {
      world.cafeDaily.push(0);
      continue;
    }
    let v = 305_000 * WEEKDAY[(day + 4) % 7]! * SEASON[month]! * (1 + (0.05 * i) / 365) * rng.jitter(0.12);
    if (month === 0 && dom === 1) v *= 0.5;
    if (ctx.today - day < DIP_DAYS) v *= 0.8;
    world.cafeDaily.push(Math.round(v));
  }
}
