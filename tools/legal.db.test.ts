import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts, licensesPermits, policies } from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

// FIXED_NOW is 2026-11-25T12:00:00Z on UTC: default horizon 2027-01-24 (60 days), lookback to 2025-11-25.
describe(`legal analytics tools (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await toolHarness();
    await h.tx(async (tx) => {
      const businessId = h.businessId;
      const lic = async (key: string, f: Omit<typeof licensesPermits.$inferInsert, "businessId">) => {
        const [r] = await tx
          .insert(licensesPermits)
          .values({ businessId, ...f })
          .returning({ id: licensesPermits.id });
        id[key] = r!.id;
      };
      await lic("l1", {
        name: "Food service permit",
        kind: "permit",
        issuer: "City Health Dept",
        number: "FSP-77",
        expiresOn: "2026-12-10",
        renewalCostMinor: 25000,
      });
      await lic("l2", { name: "Liquor license", status: "expired", expiresOn: "2026-11-20" });
      await lic("l3", { name: "Business license", expiresOn: "2027-03-01" });
      await lic("l4", { name: "Revoked permit", kind: "permit", status: "revoked", expiresOn: "2026-12-01" });
      await lic("l5", { name: "Ancient certificate", expiresOn: "2024-01-01" });
      await lic("l6", { name: "Archived license", expiresOn: "2026-12-05", archivedAt: new Date() });

      const con = async (key: string, f: Omit<typeof contracts.$inferInsert, "businessId">) => {
        const [r] = await tx
          .insert(contracts)
          .values({ businessId, ...f })
          .returning({ id: contracts.id });
        id[key] = r!.id;
      };
      await con("c1", {
        title: "Shop lease",
        kind: "lease",
        counterparty: "Main St Properties",
        status: "active",
        startsOn: "2024-04-01",
        endsOn: "2027-03-31",
        renewal: "auto",
        noticeDays: 90,
        valueMinor: 1200000,
      });
      await con("c2", {
        title: "Coffee supply",
        kind: "vendor",
        status: "active",
        endsOn: "2026-12-15",
        renewal: "manual",
        noticeDays: 30,
      });
      await con("c3", { title: "Catering client", kind: "client", status: "expired", endsOn: "2026-10-31" });
      await con("c4", { title: "Draft NDA", kind: "nda", status: "draft", endsOn: "2026-12-01" });
      await con("c5", {
        title: "Cleaning",
        kind: "vendor",
        status: "active",
        endsOn: "2027-06-30",
        noticeDays: 30,
      });
      await con("c6", { title: "Open-ended", kind: "other", status: "active" });

      const pol = async (key: string, f: Omit<typeof policies.$inferInsert, "businessId">) => {
        const [r] = await tx
          .insert(policies)
          .values({ businessId, ...f })
          .returning({ id: policies.id });
        id[key] = r!.id;
      };
      await pol("p1", {
        title: "Employee handbook",
        kind: "handbook",
        version: "3",
        status: "active",
        reviewOn: "2026-11-01",
      });
      await pol("p2", { title: "Privacy policy", kind: "privacy", status: "active", reviewOn: "2027-01-15" });
      await pol("p3", { title: "Draft safety", kind: "safety", status: "draft", reviewOn: "2026-12-01" });
      await pol("p4", { title: "Security", kind: "security", status: "active", reviewOn: "2027-05-01" });
    });
  });
  afterAll(() => h.db.dispose());

  const ids = (rows: unknown) => (rows as { id: string }[]).map((r) => r.id);

  it("legal_expiring: licenses, contracts (with notice deadlines) and policy reviews in the next 60 days or past", async () => {
    const out = await h.ok("staff", "legal_expiring", {});
    expect(out).toMatchObject({ asOf: "2026-11-25", horizon: "2027-01-24", since: "2025-11-25" });
    expect(out.summary).toEqual({
      licenses: { total: 2, past: 1, upcoming: 1 },
      contracts: { total: 3, past: 1, upcoming: 2 },
      policies: { total: 2, past: 1, upcoming: 1 },
    });
    expect(out.licenses).toEqual([
      {
        id: id.l2,
        name: "Liquor license",
        kind: "business_license",
        issuer: null,
        number: null,
        status: "expired",
        expiresOn: "2026-11-20",
        daysLeft: -5,
        expired: true,
        renewalCost: null,
        currency: "USD",
      },
      {
        id: id.l1,
        name: "Food service permit",
        kind: "permit",
        issuer: "City Health Dept",
        number: "FSP-77",
        status: "active",
        expiresOn: "2026-12-10",
        daysLeft: 15,
        expired: false,
        renewalCost: "250.00",
        currency: "USD",
      },
    ]);
    // Ordered by the first of notice deadline and end: catering ended 10-31, coffee notice 11-15, lease notice 12-31.
    const cons = out.contracts as Record<string, unknown>[];
    expect(ids(cons)).toEqual([id.c3, id.c2, id.c1]);
    expect(cons[0]).toMatchObject({
      endsOn: "2026-10-31",
      daysLeft: -25,
      ended: true,
      noticeDays: null,
      noticeDeadline: null,
      daysToNoticeDeadline: null,
      noticePassed: null,
      renewal: "none",
    });
    expect(cons[1]).toMatchObject({
      endsOn: "2026-12-15",
      daysLeft: 20,
      ended: false,
      noticeDeadline: "2026-11-15",
      daysToNoticeDeadline: -10,
      noticePassed: true,
      renewal: "manual",
    });
    expect(cons[2]).toEqual({
      id: id.c1,
      title: "Shop lease",
      kind: "lease",
      counterparty: "Main St Properties",
      customerId: null,
      vendorId: null,
      status: "active",
      renewal: "auto",
      endsOn: "2027-03-31",
      daysLeft: 126,
      ended: false,
      noticeDays: 90,
      noticeDeadline: "2026-12-31",
      daysToNoticeDeadline: 36,
      noticePassed: false,
      value: "12000.00",
      currency: "USD",
    });
    expect(out.noticeDeadlinesInWindow).toBe(1);
    expect(out.policies).toEqual([
      {
        id: id.p1,
        title: "Employee handbook",
        kind: "handbook",
        version: "3",
        status: "active",
        reviewOn: "2026-11-01",
        daysLeft: -24,
        overdue: true,
      },
      {
        id: id.p2,
        title: "Privacy policy",
        kind: "privacy",
        version: null,
        status: "active",
        reviewOn: "2027-01-15",
        daysLeft: 51,
        overdue: false,
      },
    ]);
    // Most urgent first across kinds: c3 −25, p1 −24, c2 notice −10, l2 −5, l1 15, c1 notice 36, p2 51.
    expect(out.refs).toEqual([
      { type: "contract", id: id.c3, label: "Catering client" },
      { type: "policy", id: id.p1, label: "Employee handbook" },
      { type: "contract", id: id.c2, label: "Coffee supply" },
      { type: "license", id: id.l2, label: "Liquor license" },
      { type: "license", id: id.l1, label: "Food service permit" },
      { type: "contract", id: id.c1, label: "Shop lease" },
      { type: "policy", id: id.p2, label: "Privacy policy" },
    ]);
  });

  it("legal_expiring: window, lookback and kinds", async () => {
    // Nothing is dated today, but the coffee contract's notice deadline has passed while it still runs.
    const now = await h.ok("manager", "legal_expiring", { withinDays: 0, pastDays: 0 });
    expect([ids(now.licenses), ids(now.contracts), ids(now.policies)]).toEqual([[], [id.c2], []]);
    const wide = await h.ok("accountant", "legal_expiring", { withinDays: 200, pastDays: 3650 });
    expect(ids(wide.licenses)).toEqual([id.l5, id.l2, id.l1, id.l3]);
    expect(ids(wide.contracts)).toEqual([id.c3, id.c2, id.c1, id.c5]);
    expect(ids(wide.policies)).toEqual([id.p1, id.p2, id.p4]);
    const onlyPolicies = await h.ok("owner", "legal_expiring", { include: ["policies"] });
    expect(onlyPolicies.summary).toMatchObject({ licenses: { total: 0 }, contracts: { total: 0 } });
    expect(ids(onlyPolicies.refs)).toEqual([id.p1, id.p2]);
  });

  it("legal_expiring: explains bad input (legal reads are open to every role, so no refusal)", async () => {
    const neg = await h.call("staff", "legal_expiring", { withinDays: -1 });
    expect(!neg.ok && neg.error.code).toBe("invalid_input");
    const none = await h.call("staff", "legal_expiring", { include: [] });
    expect(!none.ok && none.error.code).toBe("invalid_input");
    const kind = await h.call("staff", "legal_expiring", { include: ["leases"] });
    expect(!kind.ok && kind.error.issues?.[0]).toMatch(
      /include\.0: expected one of licenses, contracts, policies/,
    );
  });
});
