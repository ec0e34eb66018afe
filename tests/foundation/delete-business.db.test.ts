import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../db/audit.js";
import { countBusinessRows, deleteBusiness, findBusiness } from "../../db/queries/businesses.js";
import { seedDemo } from "../../db/seed/demo.js";
import { withBusiness } from "../../db/tenancy.js";
import { backend, createTestDb, type TestDb } from "../helpers/db.js";
import { failureOf } from "../helpers/errors.js";

describe(`delete-business (${backend})`, () => {
  let db: TestDb;
  let a: string;
  let b: string;
  beforeAll(async () => {
    db = await createTestDb();
    a = (await seedDemo(db.db, { scale: 0.05, seed: 3, today: "2026-11-25", name: "Doomed Deli" }))
      .businessId;
    b = (await seedDemo(db.db, { scale: 0.05, seed: 4, today: "2026-11-25", name: "Kept Kitchen" }))
      .businessId;
  });
  afterAll(() => db.dispose());

  it("removes every row of the business from every table and leaves the other untouched", async () => {
    const keptBefore = await countBusinessRows(db.db, b);
    const removed = await deleteBusiness(db.db, a);
    expect(Object.values(removed).reduce((x, n) => x + n, 0)).toBeGreaterThan(1000);
    for (const [table, n] of Object.entries(await countBusinessRows(db.db, a))) expect(n, table).toBe(0);
    expect(await failureOf(findBusiness(db.db, a))).toMatch(/No business/);
    expect(await countBusinessRows(db.db, b)).toEqual(keptBefore);
    const chain = await withBusiness(db.db, { businessId: b }, (tx) => verifyChain(tx, b));
    expect(chain.ok).toBe(true);
  });
});
