/**
 * Tenant isolation: with two demo businesses loaded, every tenant table is probed from inside business A
 * through the ORM and raw SQL; none of B's rows can be read, updated, deleted or written from A.
 */
import { count, eq, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantTables } from "../../db/catalog.js";
import { queryRows } from "../../db/client.js";
import { seedDemo } from "../../db/seed/demo.js";
import { withBusiness } from "../../db/tenancy.js";
import { backend, createTestDb, type TestDb } from "../helpers/db.js";
import { failureOf } from "../helpers/errors.js";

describe(`tenant isolation on every business table (${backend})`, () => {
  let db: TestDb;
  let a: string;
  let b: string;
  /** Rows of B per table, counted as the superuser (no RLS). */
  let bCounts: Map<string, number>;

  const countsOf = async (businessId: string) => {
    const parts = tenantTables().map(
      (t) =>
        sql`select ${t.name} as name, count(*)::int as n from ${sql.identifier(t.name)} where business_id = ${businessId}`,
    );
    const rows = await queryRows<{ name: string; n: number }>(db.db, sql.join(parts, sql` union all `));
    return new Map(rows.map((r) => [r.name, r.n]));
  };

  beforeAll(async () => {
    db = await createTestDb();
    const today = "2026-11-25";
    a = (await seedDemo(db.db, { scale: 0.05, seed: 1, today, name: "Alpha Roasters" })).businessId;
    b = (await seedDemo(db.db, { scale: 0.05, seed: 2, today, name: "Beta Bakery" })).businessId;
    bCounts = await countsOf(b);
  });
  afterAll(() => db.dispose());

  it("both businesses have rows in every tenant table", async () => {
    const aCounts = await countsOf(a);
    for (const t of tenantTables()) {
      expect(aCounts.get(t.name), `${t.name} rows of A`).toBeGreaterThan(0);
      expect(bCounts.get(t.name), `${t.name} rows of B`).toBeGreaterThan(0);
    }
  });

  for (const t of tenantTables()) {
    it(`${t.name}: B is invisible and untouchable from A`, async () => {
      const businessIdCol = (t.table as unknown as { businessId: PgColumn }).businessId;
      await withBusiness(db.db, { businessId: a }, async (tx) => {
        // ORM: an unfiltered select and one asking for B by name both see A only.
        const all = (await tx.select().from(t.table)) as { businessId: string }[];
        expect(all.length).toBeGreaterThan(0);
        expect(all.every((r) => r.businessId === a)).toBe(true);
        const [asked] = await tx.select({ n: count() }).from(t.table).where(eq(businessIdCol, b));
        expect(asked!.n).toBe(0);
        // Raw SQL: reads, updates and deletes aimed at B touch nothing.
        const id = sql.identifier(t.name);
        const raw = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from ${id} where business_id = ${b}`,
        );
        expect(raw[0]!.n).toBe(0);
        const updated = await queryRows(
          tx,
          sql`update ${id} set business_id = business_id where business_id = ${b} returning 1`,
        );
        expect(updated).toHaveLength(0);
        const deleted = await queryRows(tx, sql`delete from ${id} where business_id = ${b} returning 1`);
        expect(deleted).toHaveLength(0);
      });
      // Moving one of A's rows into B is refused by the policy's WITH CHECK (events refuse any update).
      const moved = await failureOf(
        withBusiness(db.db, { businessId: a }, (tx) =>
          tx.execute(
            sql`update ${sql.identifier(t.name)} set business_id = ${b} where ctid = (select ctid from ${sql.identifier(t.name)} limit 1)`,
          ),
        ),
      );
      expect(moved).toMatch(/row-level security|append-only|violates/);
      expect((await countsOf(b)).get(t.name)).toBe(bCounts.get(t.name));
    });
  }

  it("inserting a row for B from inside A is refused", async () => {
    const failure = await failureOf(
      withBusiness(db.db, { businessId: a }, (tx) =>
        tx.execute(
          sql`insert into tags (id, business_id, name) values ('tag_01JZZZZZZZZZZZZZZZZZZZZZZZ', ${b}, 'x')`,
        ),
      ),
    );
    expect(failure).toMatch(/row-level security/);
  });

  it("B's rows are unchanged after everything A tried", async () => {
    expect(await countsOf(b)).toEqual(bCounts);
  });
});
