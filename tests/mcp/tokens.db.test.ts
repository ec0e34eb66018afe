/** API tokens: shown once, stored as SHA-256 only, and refused once revoked, expired, disabled or not a member. */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { createBusiness } from "../../db/queries/businesses.js";
import {
  authenticateToken,
  createToken,
  hashToken,
  listTokens,
  revokeToken,
} from "../../db/queries/tokens.js";
import { addMember, createUser } from "../../db/queries/users.js";
import { apiTokens, memberships, users } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import { createTestDb, type TestDb } from "../helpers/db.js";

let db: TestDb;
let businessId: string;
let userId: string;

beforeAll(async () => {
  db = await createTestDb();
  businessId = (await createBusiness(db.db, { name: "Token Co" })).id;
  userId = (await createUser(db.db, { email: "tina@token.test", name: "Tina" })).id;
  await addMember(db.db, { businessId, userId, role: "manager" });
});
afterAll(() => db.dispose());

describe("API tokens", () => {
  it("creates a token shown once and stores only its SHA-256 and a display prefix", async () => {
    const { token, info } = await createToken(db.db, {
      businessId,
      userId,
      name: "laptop",
      toolsets: ["finance", "sales"],
    });
    expect(token).toMatch(/^omni_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: "laptop", readOnly: false, toolsets: ["finance", "sales"] });
    const [row] = await db.db.select().from(apiTokens).where(eq(apiTokens.id, info.id));
    expect(row!.tokenHash).toBe(hashToken(token));
    expect(row!.displayPrefix).toBe(token.slice(0, 11));
    const dump = JSON.stringify(await queryRows(db.db, sql`select * from api_tokens`));
    expect(dump).not.toContain(token);
    expect(JSON.stringify(await listTokens(db.db, businessId))).not.toContain(row!.tokenHash);
  });

  it("authenticates to the user, business, current role and limits, and stamps last_used_at", async () => {
    const { token, info } = await createToken(db.db, { businessId, userId, readOnly: true });
    const auth = await authenticateToken(db.db, token);
    expect(auth).toEqual({
      tokenId: info.id,
      businessId,
      userId,
      role: "manager",
      readOnly: true,
      toolsets: undefined,
    });
    const [row] = await db.db.select().from(apiTokens).where(eq(apiTokens.id, info.id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
    await addMember(db.db, { businessId, userId, role: "staff" });
    expect((await authenticateToken(db.db, token))?.role).toBe("staff");
    await addMember(db.db, { businessId, userId, role: "manager" });
  });

  it("refuses malformed and unknown tokens", async () => {
    expect(await authenticateToken(db.db, "")).toBeUndefined();
    expect(await authenticateToken(db.db, "omni_short")).toBeUndefined();
    expect(await authenticateToken(db.db, `omni_${"A".repeat(43)}`)).toBeUndefined();
  });

  it("refuses a revoked token; revoking twice changes nothing", async () => {
    const { token, info } = await createToken(db.db, { businessId, userId });
    expect(await authenticateToken(db.db, token)).toBeDefined();
    expect((await revokeToken(db.db, info.id)).alreadyRevoked).toBe(false);
    expect(await authenticateToken(db.db, token)).toBeUndefined();
    expect((await revokeToken(db.db, info.id)).alreadyRevoked).toBe(true);
    await expect(revokeToken(db.db, "tok_nope")).rejects.toThrow(/No API token/);
  });

  it("refuses an expired token", async () => {
    const { token } = await createToken(db.db, {
      businessId,
      userId,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await authenticateToken(db.db, token)).toBeDefined();
    expect(await authenticateToken(db.db, token, new Date(Date.now() + 120_000))).toBeUndefined();
  });

  it("refuses the token of a disabled user or a user who left the business", async () => {
    const u = await createUser(db.db, { email: "gone@token.test", name: "Gone" });
    await addMember(db.db, { businessId, userId: u.id, role: "staff" });
    const a = await createToken(db.db, { businessId, userId: u.id });
    await db.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.id));
    expect(await authenticateToken(db.db, a.token)).toBeUndefined();
    await db.db.update(users).set({ disabledAt: null }).where(eq(users.id, u.id));
    expect(await authenticateToken(db.db, a.token)).toBeDefined();
    await db.db.delete(memberships).where(eq(memberships.userId, u.id));
    expect(await authenticateToken(db.db, a.token)).toBeUndefined();
  });

  it("is only created for members", async () => {
    const outsider = await createUser(db.db, { email: "out@token.test", name: "Out" });
    await expect(createToken(db.db, { businessId, userId: outsider.id })).rejects.toThrow(/member/);
  });

  it("audits creation and revocation without the secret", async () => {
    const rows = await withBusiness(db.db, { businessId }, (tx) =>
      queryRows<{ action: string; data: unknown }>(
        tx,
        sql`select action, data from events where business_id = ${businessId} and action like 'token.%'`,
      ),
    );
    expect(rows.map((r) => r.action)).toContain("token.created");
    expect(rows.map((r) => r.action)).toContain("token.revoked");
  });
});
