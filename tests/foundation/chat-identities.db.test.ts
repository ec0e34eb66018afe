/** Who is who on Slack/Discord: workspaces → businesses, verified emails and link codes → users, `/omni use`. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBusiness } from "../../db/queries/businesses.js";
import {
  type ChatAccount,
  connectWorkspace,
  createLinkCode,
  redeemLinkCode,
  resolveChatUser,
  useBusiness,
} from "../../db/queries/chat.js";
import { addMember, createUser } from "../../db/queries/users.js";
import { createTestDb, type TestDb } from "../helpers/db.js";

let t: TestDb;
let cafe: { id: string };
let bakery: { id: string };
let other: { id: string };
let ana: { id: string };
let ben: { id: string };
const acct = (platformUserId: string, teamId = "T1"): ChatAccount => ({
  platform: "slack",
  teamId,
  platformUserId,
});

beforeAll(async () => {
  t = await createTestDb();
  cafe = await createBusiness(t.db, { name: "Agency Cafe" });
  bakery = await createBusiness(t.db, { name: "Agency Bakery" });
  other = await createBusiness(t.db, { name: "Elsewhere" });
  ana = await createUser(t.db, { email: "ana@agency.test", name: "Ana" });
  ben = await createUser(t.db, { email: "ben@agency.test", name: "Ben" });
  await addMember(t.db, { businessId: cafe.id, userId: ana.id, role: "manager" });
  await addMember(t.db, { businessId: bakery.id, userId: ana.id, role: "staff" });
  await addMember(t.db, { businessId: other.id, userId: ben.id, role: "owner" });
  await connectWorkspace(t.db, { platform: "slack", teamId: "T1", businessId: cafe.id });
  await connectWorkspace(t.db, { platform: "slack", teamId: "T1", businessId: bakery.id });
}, 60_000);
afterAll(() => t.dispose());

describe("chat identities", () => {
  it("an unconnected workspace and an unknown person get a message, nothing else", async () => {
    expect(await resolveChatUser(t.db, acct("U1", "T9"), "ana@agency.test")).toMatchObject({
      ok: false,
      reason: "unknown_workspace",
    });
    const stranger = await resolveChatUser(t.db, acct("U404"), "nobody@else.test");
    expect(stranger).toMatchObject({ ok: false, reason: "unknown_user" });
    if (!stranger.ok) expect(stranger.message).toMatch(/invite/);
  });

  it("a verified email of a member links the account; the first connected business is the default", async () => {
    const r = await resolveChatUser(t.db, acct("UANA"), "ANA@agency.test");
    expect(r).toMatchObject({ ok: true, userId: ana.id, businessId: cafe.id, role: "manager" });
    // Linked now: no email needed any more.
    expect(await resolveChatUser(t.db, acct("UANA"))).toMatchObject({ ok: true, userId: ana.id });
  });

  it("/omni use switches the business (and the role with it), only among the workspace's businesses", async () => {
    await useBusiness(t.db, acct("UANA"), "agency-bakery");
    expect(await resolveChatUser(t.db, acct("UANA"))).toMatchObject({ businessId: bakery.id, role: "staff" });
    await expect(useBusiness(t.db, acct("UANA"), "elsewhere")).rejects.toThrow(/not one of them/);
  });

  it("a member of none of the workspace's businesses is told so", async () => {
    const r = await resolveChatUser(t.db, acct("UBEN"), "ben@agency.test");
    expect(r).toMatchObject({ ok: false, reason: "unknown_user" });
    const { code } = await createLinkCode(t.db, { businessId: other.id, userId: ben.id });
    await expect(redeemLinkCode(t.db, acct("UBEN"), code)).rejects.toThrow(/not connected/);
  });

  it("a link code links once, case-insensitively, and not after it expired", async () => {
    const { code } = await createLinkCode(t.db, { businessId: cafe.id, userId: ana.id });
    await redeemLinkCode(t.db, acct("UANA2"), code.toLowerCase());
    expect(await resolveChatUser(t.db, acct("UANA2"))).toMatchObject({ ok: true, userId: ana.id });
    await expect(redeemLinkCode(t.db, acct("UANA3"), code)).rejects.toThrow(/unknown, used or expired/);
    const old = await createLinkCode(t.db, {
      businessId: cafe.id,
      userId: ana.id,
      now: new Date("2026-01-01"),
    });
    await expect(redeemLinkCode(t.db, acct("UANA4"), old.code)).rejects.toThrow(/expired/);
  });
});
