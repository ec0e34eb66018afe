import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDbError, InputError } from "../../db/errors.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { addMember, createUser } from "../../db/queries/users.js";
import { businesses, inventoryItems, memberships } from "../../db/schema/index.js";
import { TenantError, withBusiness } from "../../db/tenancy.js";
import { backend, createTestDb, type TestDb } from "../helpers/db.js";
import { failureOf } from "../helpers/errors.js";

describe(`bad input writes nothing (${backend})`, () => {
  let db: TestDb;
  let businessId: string;
  beforeAll(async () => {
    db = await createTestDb();
    businessId = (await createBusiness(db.db, { name: "Input Co" })).id;
  });
  afterAll(() => db.dispose());

  const countBusinesses = async () => (await db.db.select({ n: count() }).from(businesses))[0]!.n;

  it("an unknown currency is refused with the field named", async () => {
    const before = await countBusinesses();
    await expect(createBusiness(db.db, { name: "Bad", currency: "XYZ" })).rejects.toThrow(
      /currency: unknown currency/,
    );
    expect(await countBusinesses()).toBe(before);
  });

  it("an unknown time zone and a bad role are refused", async () => {
    await expect(createBusiness(db.db, { name: "Bad", timezone: "Mars/Olympus" })).rejects.toThrow(
      /timezone/,
    );
    const u = await createUser(db.db, { email: "a@example.com", name: "A" });
    await expect(addMember(db.db, { businessId, userId: u.id, role: "emperor" })).rejects.toThrow(
      /role: must be one of owner, manager, staff, accountant/,
    );
    const n = await db.db.select({ n: count() }).from(memberships);
    expect(n[0]!.n).toBe(0);
  });

  it("a negative quantity is refused by the database and explained; nothing is written", async () => {
    const attempt = withBusiness(db.db, { businessId }, async (tx) => {
      await tx.insert(inventoryItems).values({ businessId, sku: "OK-1", name: "Fine item", onHand: 3 });
      await tx.insert(inventoryItems).values({ businessId, sku: "NEG-1", name: "Beans", onHand: -5 });
    });
    const err = await attempt.catch((e: unknown) => e);
    const described = describeDbError(err);
    expect(described).toBeInstanceOf(InputError);
    expect(described!.message).toMatch(/on_hand/);
    const rows = await withBusiness(db.db, { businessId }, (tx) => tx.select().from(inventoryItems));
    expect(rows).toHaveLength(0); // the valid first insert rolled back with the bad one
  });

  it("a malformed business or user id is refused before any query", async () => {
    await expect(withBusiness(db.db, { businessId: "biz_123" }, async () => 1)).rejects.toThrow(TenantError);
    await expect(
      withBusiness(db.db, { businessId: "cus_01J00000000000000000000000" }, async () => 1),
    ).rejects.toThrow(/Malformed business id/);
    await expect(withBusiness(db.db, { businessId, userId: "bob" }, async () => 1)).rejects.toThrow(
      /Malformed user id/,
    );
  });

  it("a query without a business context is an error, not every row", async () => {
    const failure = await failureOf(
      db.db.transaction(async (tx) => {
        await tx.execute(sql`set local role omni_app`);
        await tx.execute(sql`select count(*) from inventory_items`);
      }),
    );
    expect(failure).toMatch(/no business context/);
  });
});
