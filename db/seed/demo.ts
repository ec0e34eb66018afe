/**
 * The demo business: a coffee roaster with a café and a wholesale book, 13 months of coherent, linked
 * records in every module. Same seed + today + scale ⇒ the same rows (ids included).
 */

import { PGlite } from "@electric-sql/pglite";
import { en, Faker } from "@faker-js/faker";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { ConflictError, InputError } from "../errors.js";
import { createBusiness, deleteBusiness } from "../queries/businesses.js";
import { addMember, createUser, findUserByEmail } from "../queries/users.js";
import { businesses, type Role } from "../schema/core.js";
import { withBusiness } from "../tenancy.js";
import { seedBudgetAndTax } from "./budget.js";
import { planLedger } from "./cashflow.js";
import { iso, SeedContext, type SeedUser, seedIds } from "./context.js";
import { seedContracts } from "./contracts.js";
import { seedAssistant, seedTasks } from "./core.js";
import { seedDocuments } from "./documents.js";
import { planAccounts, planCafe, seedCustomers, seedVendors } from "./finance.js";
import { seedHr } from "./hr.js";
import { planItems, seedInventory } from "./inventory.js";
import { seedInvoices } from "./invoices.js";
import { type CafeStream, writeLedger } from "./ledger.js";
import { seedLegal } from "./legal.js";
import { seedTagsAndLinks } from "./links.js";
import { seedMarketing } from "./marketing.js";
import { seedEquipment } from "./operations.js";
import { seedPeople } from "./people.js";
import { type BillPlan, planRecurringBills, seedBills, seedPurchaseOrders } from "./purchasing.js";
import { seedSales } from "./sales.js";
import { seedSocial } from "./social.js";
import { seedSops } from "./sops.js";
import { seedStrategy } from "./strategy.js";
import { seedSupport } from "./support.js";
import { emptyWorld } from "./world.js";

export interface SeedOptions {
  scale: number;
  seed: number;
  today: string /* YYYY-MM-DD */;
  name: string;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface SeedResult {
  businessId: string;
  slug: string;
  name: string;
  password: string;
  users: { id: string; email: string; name: string; role: "owner" | "manager" | "staff" | "accountant" }[];
  rows: Record<string, number> /* rows written per table */;
}

export const DEMO_PASSWORD = "omni-demo-password";

const ROLE_ORDER: Role[] = ["owner", "manager", "staff", "accountant"];

/**
 * Creates the demo business, its four users and every module's records. Rows go in through bulkInsert
 * inside withBusiness: one transaction on PGlite; on PostgreSQL the main one plus a few concurrent ones
 * for the café deposits. If anything fails the half-made business is deleted again.
 */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedResult> {
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale)) {
    throw new InputError("Invalid seed options", [{ field: "scale", message: "must be a positive number" }]);
  }
  if (!Number.isInteger(opts.seed)) {
    throw new InputError("Invalid seed options", [{ field: "seed", message: "must be a whole number" }]);
  }
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(opts.today) ||
    iso(Math.floor(Date.parse(`${opts.today}T00:00:00Z`) / 86_400_000)) !== opts.today
  ) {
    throw new InputError("Invalid seed options", [
      { field: "today", message: "must be a date as YYYY-MM-DD" },
    ]);
  }
  // The business id is the first id of the seeded factory: deterministic from seed and today.
  const businessId = seedIds(opts.seed, opts.today)("biz");
  const [existing] = await db
    .select({ slug: businesses.slug })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  if (existing) {
    throw new ConflictError(
      `The demo business for seed ${opts.seed} and ${opts.today} already exists (${businessId}, slug ${existing.slug}): delete it with "omni delete-business --business ${existing.slug} --confirm ${existing.slug}" or pick another --seed`,
    );
  }
  const business = await createBusiness(
    db,
    {
      name: opts.name,
      legalName: `${opts.name.replace(/\.$/, "")} LLC`,
      industry: "Coffee roasting, café and wholesale",
      description:
        "Specialty coffee roaster with a café on Harbor St and a wholesale book of cafés, restaurants, grocers and offices.",
      country: "US",
      timezone: "America/Los_Angeles",
      currency: "USD",
      phone: "(415) 555-0142",
      address: "212 Harbor St, Harbor Bay, CA 94000",
    },
    { id: businessId },
  );

  try {
    const result = await seedBusiness(db, opts, businessId, business.slug, business.name);
    // Fresh statistics after a bulk load, so the planner sees a million rows rather than none.
    await db.execute(sql`analyze`);
    return result;
  } catch (err) {
    // Nothing half-written: the business row cascades to everything seeded for it.
    await deleteBusiness(db, businessId).catch(() => undefined);
    throw err;
  }
}

async function seedBusiness(
  db: Db,
  opts: SeedOptions,
  businessId: string,
  slug: string,
  name: string,
): Promise<SeedResult> {
  // Users: deterministic names and ids from their own seeded stream; an existing email is reused.
  const people = new Faker({ locale: [en] });
  people.seed(opts.seed + 7);
  const userIds = seedIds(opts.seed + 1_000_003, opts.today);
  const users = {} as Record<Role, SeedUser>;
  let createdUsers = 0;
  for (const role of ROLE_ORDER) {
    const email = `${role}@${slug}.demo`;
    const fullName = `${people.person.firstName()} ${people.person.lastName()}`;
    let user = await findUserByEmail(db, email);
    if (!user) {
      user = await createUser(db, { email, name: fullName, password: DEMO_PASSWORD }, { id: userIds("usr") });
      createdUsers++;
    }
    await addMember(db, { businessId, userId: user.id, role });
    users[role] = { id: user.id, email: user.email, name: user.name, role };
  }

  // PGlite runs everything in one transaction; PostgreSQL writes the café deposits (the volume) in a few
  // concurrent transactions, one connection each, after the main one has committed.
  const workers = streamWorkers(db);
  const tenant = { businessId, userId: users.owner.id };
  const main = await withBusiness(db, tenant, async (tx) => {
    const c = new SeedContext({
      tx,
      businessId,
      today: opts.today,
      scale: opts.scale,
      seed: opts.seed,
      users,
      slug,
      name,
      expectedRows: Math.round(10_000 * opts.scale) + 30_000,
      onProgress: opts.onProgress,
    });
    c.id("biz"); // the business id's slot in the stream, so record ids never repeat it
    const stream = await seedAll(c);
    if (workers === 1) {
      await stream.write(tx, 0, 1);
      await seeded(tx, c, opts);
    }
    return { c, stream };
  });
  const ctx = main.c;
  if (workers > 1) {
    const results = await Promise.allSettled(
      Array.from({ length: workers }, (_, part) =>
        withBusiness(db, tenant, (tx) => main.stream.write(tx, part, workers)),
      ),
    );
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    await withBusiness(db, tenant, (tx) => seeded(tx, ctx, opts));
  }
  ctx.finish();
  const rows: Record<string, number> = {
    businesses: 1,
    users: createdUsers,
    memberships: ROLE_ORDER.length,
    ...ctx.rows,
    // business.created and member.added, written by createBusiness and addMember, plus the seed's own.
    events: 1 + ROLE_ORDER.length + (ctx.rows.events ?? 0),
  };
  return {
    businessId,
    slug,
    name,
    password: DEMO_PASSWORD,
    users: ROLE_ORDER.map((r) => users[r]),
    rows: Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** How many concurrent transactions write the café deposits: 1 on PGlite, up to 4 on a PostgreSQL pool. */
function streamWorkers(db: Db): number {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof PGlite) return 1;
  const max = (client as { options?: { max?: number } } | undefined)?.options?.max ?? 1;
  return Math.max(1, Math.min(4, max));
}

/** The closing audit event, with the row counts. */
async function seeded(tx: Db, c: SeedContext, opts: SeedOptions): Promise<void> {
  await c.event(
    {
      actorType: "system",
      action: "demo.seeded",
      entityType: "business",
      entityId: c.businessId,
      input: { scale: opts.scale, seed: opts.seed, today: opts.today },
      data: { rows: { ...c.rows } },
    },
    tx,
  );
}

/** Every module in dependency order: parties → documents → legal → people → stock → sales → bills → ledger → rest. */
async function seedAll(ctx: SeedContext): Promise<CafeStream> {
  const world = emptyWorld();
  await seedVendors(ctx, world);
  await seedCustomers(ctx, world);
  planAccounts(ctx, world);
  planCafe(ctx, world);
  planItems(ctx, world);
  await seedDocuments(ctx, world);
  await seedPeople(ctx, world);
  await seedHr(ctx, world);
  await seedLegal(ctx, world);
  await seedContracts(ctx, world);
  await seedInvoices(ctx, world);
  const pos = await seedInventory(ctx, world);
  const bills: BillPlan[] = [];
  await seedPurchaseOrders(ctx, world, pos, bills);
  await seedEquipment(ctx, world, bills);
  await seedSops(ctx);
  planRecurringBills(ctx, world, bills);
  await seedBills(ctx, world, bills);
  await seedSales(ctx, world);
  await seedSocial(ctx, world, await seedMarketing(ctx, world));
  await seedSupport(ctx, world);
  planLedger(ctx, world);
  const stream = await writeLedger(ctx, world);
  await seedBudgetAndTax(ctx, world);
  await seedStrategy(ctx, world);
  await seedTagsAndLinks(ctx, world);
  await seedTasks(ctx, world);
  await seedAssistant(ctx, world);
  return stream;
}
