import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBusiness } from "../db/queries/businesses.js";
import { ROLES } from "../db/schema/core.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

type Profile = Record<string, unknown>;
const profileOf = (out: Record<string, unknown>) => out.business as Profile;

describe(`business profile tools (${backend})`, () => {
  let h: ToolHarness;
  let other: ToolHarness;

  beforeAll(async () => {
    h = await toolHarness({ businessName: "Corner Bakery" });
    other = await toolHarness({ db: h.db, businessName: "Someone Else Ltd" });
  });
  afterAll(() => h.db.dispose());

  it("lets every role read the profile, citing the business", async () => {
    for (const role of ROLES) {
      const out = await h.ok(role, "business_get");
      expect(profileOf(out)).toMatchObject({
        id: h.businessId,
        name: "Corner Bakery",
        currency: "USD",
        timezone: "UTC",
        country: "US",
        fiscalYearStartMonth: 1,
        legalName: null,
      });
      expect(out.refs).toEqual([{ type: "business", id: h.businessId, label: "Corner Bakery" }]);
    }
  });

  it("lets only owners change it", async () => {
    for (const role of ["manager", "staff", "accountant"] as const) {
      const r = await h.call(role, "business_update", { industry: "bakery" });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("forbidden");
    }
    expect(profileOf(await h.ok("owner", "business_get")).industry).toBeNull();
  });

  it("names the field and what was expected for bad input, and changes nothing", async () => {
    const before = profileOf(await h.ok("owner", "business_get"));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ currency: "dollars" }, /^currency: unknown currency: use an ISO 4217 code/],
      [{ timezone: "Mars/Olympus" }, /^timezone: unknown time zone: use an IANA name/],
      [{ country: "QQ" }, /^country: must be a two-letter ISO 3166 country code/],
      [{ country: "USA" }, /^country: must be a two-letter ISO 3166 country code/],
      [{ fiscalYearStartMonth: 13 }, /^fiscalYearStartMonth: must be a month number from 1/],
      [{ fiscalYearStartMonth: 0 }, /^fiscalYearStartMonth: must be a month number from 1/],
      [{ email: "not-an-email" }, /^email: must be an email address/],
      [{ name: "  " }, /^name: is required/],
      [{ slug: "new-address" }, /unknown field 'slug'/],
    ];
    for (const [input, issue] of cases) {
      // A valid name alongside: one bad field fails the whole call, so the name is not saved either.
      const r = await h.call("owner", "business_update", { name: "Changed", ...input });
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("invalid_input");
        expect(
          r.error.issues?.some((i) => issue.test(i)),
          r.error.issues?.join("; "),
        ).toBe(true);
      }
    }
    const empty = await h.call("owner", "business_update", {});
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.issues).toEqual(["(input): give at least one field to change"]);
    expect(profileOf(await h.ok("owner", "business_get"))).toEqual(before);
  });

  it("saves the changes, normalises codes, clears with null, and keeps the slug", async () => {
    const slug = (await findBusiness(h.db.db, h.businessId)).slug;
    const now = new Date("2026-11-26T09:30:00Z");
    const out = await h.ok(
      "owner",
      "business_update",
      {
        legalName: "Corner Bakery LLC",
        industry: "bakery",
        country: "de",
        timezone: "europe/berlin",
        currency: "eur",
        fiscalYearStartMonth: 4,
        email: "hello@corner.test",
        website: "https://corner.test",
        address: "Hauptstraße 1\n10115 Berlin",
      },
      { now },
    );
    expect(out.refs).toEqual([{ type: "business", id: h.businessId, label: "Corner Bakery" }]);
    const got = profileOf(await h.ok("staff", "business_get"));
    expect(got).toMatchObject({
      slug,
      name: "Corner Bakery",
      legalName: "Corner Bakery LLC",
      industry: "bakery",
      country: "DE",
      timezone: "Europe/Berlin",
      currency: "EUR",
      fiscalYearStartMonth: 4,
      email: "hello@corner.test",
      phone: null,
      address: "Hauptstraße 1\n10115 Berlin",
      updatedAt: now.toISOString(),
    });
    // Tools read the business per call: the new currency and time zone apply at once.
    const overview = await h.ok("owner", "business_overview");
    expect(overview.currency).toBe("EUR");

    await h.ok("owner", "business_update", { legalName: null, website: "" });
    const cleared = profileOf(await h.ok("owner", "business_get"));
    expect(cleared.legalName).toBeNull();
    expect(cleared.website).toBeNull();
    expect(cleared.industry).toBe("bakery");
  });

  it("changes only the caller's business", async () => {
    await h.ok("owner", "business_update", { name: "Corner Bakery & Café" });
    expect(profileOf(await other.ok("owner", "business_get")).name).toBe("Someone Else Ltd");
    expect((await findBusiness(h.db.db, other.businessId)).name).toBe("Someone Else Ltd");
    expect((await findBusiness(h.db.db, h.businessId)).name).toBe("Corner Bakery & Café");
  });

  it("writes an audit event for each change, and none for reads", async () => {
    const events = (
      await h.ok("owner", "events_list", {
        q: "business_update",
        sort: "occurredAt",
        order: "desc",
        limit: 50,
      })
    ).items as Record<string, unknown>[];
    const updates = events.filter((e) => e.action === "tool.business_update");
    expect(updates.length).toBe(3);
    expect(updates[0]).toMatchObject({
      actorType: "user",
      actorId: h.users.owner,
      tool: "business_update",
      entityType: "business",
      entityId: h.businessId,
    });
    const reads = (await h.ok("owner", "events_list", { q: "business_get", limit: 50 })).items as unknown[];
    expect(reads).toEqual([]);
  });

  it("turns the AI's change into a proposal for an owner to approve", async () => {
    const r = await h.registry.call(
      { db: h.db.db, businessId: h.businessId, userId: h.users.owner, actor: "ai" },
      "business_update",
      { industry: "patisserie" },
    );
    expect(r.ok && r.pending?.approverRoles).toEqual(["owner"]);
    expect(profileOf(await h.ok("owner", "business_get")).industry).toBe("bakery");
  });
});
