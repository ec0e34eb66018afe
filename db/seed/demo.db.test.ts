import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../tests/helpers/db.js";
import { allTables } from "../catalog.js";
import { type Db, queryRows } from "../client.js";
import { ConflictError } from "../errors.js";
import { verifyPassword } from "../passwords.js";
import { withBusiness } from "../tenancy.js";
import { DEMO_PASSWORD, type SeedResult, seedDemo } from "./demo.js";

const OPTS = { scale: 0.2, seed: 7, today: "2026-03-15", name: "Test Roasters" };

describe("demo seed", () => {
  let a: TestDb;
  let b: TestDb;
  let first: SeedResult;
  let second: SeedResult;

  /** Rows of a query run as the app role inside the demo business's tenant context. */
  const rows = <T>(db: Db, r: SeedResult, text: string) =>
    withBusiness(db, { businessId: r.businessId }, (tx) => queryRows<T>(tx, sql.raw(text)));

  beforeAll(async () => {
    a = await createTestDb();
    b = await createTestDb();
    first = await seedDemo(a.db, OPTS);
    second = await seedDemo(b.db, OPTS);
  });
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
  });

  it("fills every table of the schema for the business", async () => {
    const tables = allTables();
    expect(tables).toHaveLength(74);
    const counts = await withBusiness(a.db, { businessId: first.businessId }, async (tx) => {
      const out: Record<string, number> = {};
      for (const t of tables) {
        const [row] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from ${sql.identifier(t.name)}`,
        );
        out[t.name] = row!.n;
      }
      return out;
    });
    const empty = Object.entries(counts).filter(([, n]) => n === 0);
    expect(empty).toEqual([]);
    expect(counts.transactions).toBe(first.rows.transactions);
  });

  it("creates four users who sign in with the demo password", async () => {
    expect(first.users.map((u) => u.role)).toEqual(["owner", "manager", "staff", "accountant"]);
    for (const u of first.users) expect(u.email).toBe(`${u.role}@${first.slug}.demo`);
    const [owner] = await rows<{ password_hash: string }>(
      a.db,
      first,
      `select password_hash from users where id = '${first.users[0]!.id}'`,
    );
    expect(await verifyPassword(DEMO_PASSWORD, owner!.password_hash)).toBe(true);
  });

  it("has overdue invoices, and invoice and bill totals that add up", async () => {
    const [overdue] = await rows<{ n: number }>(
      a.db,
      first,
      `select count(*)::int as n from invoices where status = 'overdue' and due_date < '${OPTS.today}'`,
    );
    expect(overdue!.n).toBeGreaterThan(0);
    const bad = await rows(
      a.db,
      first,
      `select i.number from invoices i
        where i.total_minor <> i.subtotal_minor + i.tax_minor
           or i.subtotal_minor <> (select coalesce(sum(l.amount_minor), 0) from invoice_lines l where l.invoice_id = i.id)`,
    );
    expect(bad).toEqual([]);
    const badBills = await rows(
      a.db,
      first,
      `select b.id from bills b
        where b.total_minor <> b.subtotal_minor + b.tax_minor
           or b.subtotal_minor <> (select coalesce(sum(l.amount_minor), 0) from bill_lines l where l.bill_id = b.id)`,
    );
    expect(badBills).toEqual([]);
    const unsettled = await rows(
      a.db,
      first,
      `select i.number from invoices i where i.status = 'paid' and i.paid_on >= (select min(posted_on) from transactions)
         and i.amount_paid_minor <> (select coalesce(sum(t.amount_minor), 0) from transactions t where t.invoice_id = i.id)`,
    );
    expect(unsettled).toEqual([]);
  });

  it("keeps stock equal to its movements with some items below their reorder point", async () => {
    const drift = await rows(
      a.db,
      first,
      `select i.sku from inventory_items i
        where i.on_hand <> (select coalesce(sum(m.quantity), 0) from inventory_movements m where m.item_id = i.id)`,
    );
    expect(drift).toEqual([]);
    const [low] = await rows<{ n: number }>(
      a.db,
      first,
      "select count(*)::int as n from inventory_items where on_hand < reorder_point",
    );
    expect(low!.n).toBeGreaterThanOrEqual(3);
  });

  it("has a license expiring within 14 days and an overdue maintenance", async () => {
    const expiring = await rows(
      a.db,
      first,
      `select name from licenses_permits where expires_on between date '${OPTS.today}' and date '${OPTS.today}' + 14`,
    );
    expect(expiring.length).toBeGreaterThan(0);
    const [overdue] = await rows<{ n: number }>(
      a.db,
      first,
      `select count(*)::int as n from equipment where next_maintenance_on < '${OPTS.today}'`,
    );
    expect(overdue!.n).toBeGreaterThan(0);
  });

  it("keeps account balances equal to opening balance plus transactions", async () => {
    const accounts = await rows<{ name: string; current: number; computed: number }>(
      a.db,
      first,
      `select a.name, a.current_balance_minor::float8 as current,
              (a.opening_balance_minor + coalesce((select sum(t.amount_minor) from transactions t where t.account_id = a.id), 0))::float8 as computed
         from accounts a order by a.name`,
    );
    expect(accounts).toHaveLength(3);
    for (const acc of accounts) expect(acc.current).toBe(acc.computed);
  });

  it("is deterministic: the same options give the same rows in a fresh database", async () => {
    expect(second.businessId).toBe(first.businessId);
    expect(second.rows).toEqual(first.rows);
    const invoices = "select number, total_minor::text as total, status from invoices order by number";
    expect(await rows(b.db, second, invoices)).toEqual(await rows(a.db, first, invoices));
    const ledger =
      "select md5(string_agg(id || ':' || amount_minor || ':' || posted_on, ',' order by id)) as h from transactions";
    expect(await rows(b.db, second, ledger)).toEqual(await rows(a.db, first, ledger));
  });

  it("refuses to seed the same demo business twice", async () => {
    await expect(seedDemo(a.db, OPTS)).rejects.toBeInstanceOf(ConflictError);
  });
});
