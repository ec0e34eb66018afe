import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adAccounts, adSets, campaigns, posts, socialAccounts, socialMetrics } from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

// FIXED_NOW = 2026-11-25T12:00:00Z, business time zone UTC (one test switches to Pacific/Auckland), USD.
const at = (iso: string) => new Date(iso);
const ids = (xs: unknown) =>
  (xs as { postId?: string; campaignId?: string; id?: string }[]).map(
    (x) => x.postId ?? x.campaignId ?? x.id,
  );

describe(`marketing analytics (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await toolHarness();
    const b = h.businessId;
    await h.tx(async (tx) => {
      type C = Partial<typeof campaigns.$inferInsert> & { name: string };
      const campaign = async (key: string, c: C) => {
        const [row] = await tx
          .insert(campaigns)
          .values({ businessId: b, createdAt: at("2026-05-01T00:00:00Z"), ...c })
          .returning();
        id[key] = row!.id;
      };
      await campaign("c1", {
        name: "Holiday push",
        channel: "social",
        status: "active",
        startsOn: "2026-11-01",
        endsOn: "2026-12-31",
        budgetMinor: 500000,
        spentMinor: 120000,
      });
      await campaign("c2", {
        name: "Autumn email",
        channel: "email",
        status: "completed",
        startsOn: "2026-09-01",
        endsOn: "2026-10-31",
        budgetMinor: 100000,
        spentMinor: 30000,
      });
      await campaign("c3", {
        name: "Summer",
        status: "completed",
        startsOn: "2026-06-01",
        endsOn: "2026-07-31",
        budgetMinor: 100000,
        spentMinor: 100000,
      });
      await campaign("c4", {
        name: "Spring planned",
        status: "planned",
        startsOn: "2027-01-01",
        budgetMinor: 100000,
      });
      await campaign("c5", {
        name: "Euro launch",
        channel: "ads",
        status: "active",
        budgetMinor: 200000,
        spentMinor: 50000,
        currency: "EUR",
        createdAt: at("2026-11-02T00:00:00Z"),
      });
      await campaign("c6", {
        name: "Archived",
        status: "active",
        startsOn: "2026-11-01",
        spentMinor: 999999,
        archivedAt: at("2026-11-03T00:00:00Z"),
      });

      const [acct] = await tx
        .insert(adAccounts)
        .values({ businessId: b, platform: "meta", name: "Meta ads" })
        .returning();
      await tx.insert(adSets).values([
        {
          businessId: b,
          adAccountId: acct!.id,
          campaignId: id.c1,
          name: "Lookalikes",
          impressions: 10000,
          clicks: 200,
          conversions: 5,
        },
        {
          businessId: b,
          adAccountId: acct!.id,
          campaignId: id.c1,
          name: "Retargeting",
          impressions: 5000,
          clicks: 100,
          conversions: 1,
        },
      ]);

      const [ig] = await tx
        .insert(socialAccounts)
        .values({ businessId: b, platform: "instagram", handle: "@cafe" })
        .returning();
      const [x] = await tx
        .insert(socialAccounts)
        .values({ businessId: b, platform: "x", handle: "@cafe_x" })
        .returning();
      id.ig = ig!.id;
      id.x = x!.id;
      type P = Partial<typeof posts.$inferInsert> & { body: string };
      const post = async (key: string, p: P) => {
        const [row] = await tx
          .insert(posts)
          .values({ businessId: b, createdAt: at("2026-10-01T00:00:00Z"), ...p })
          .returning();
        id[key] = row!.id;
      };
      const published = (when: string) => ({ status: "published" as const, publishedAt: at(when) });
      await post("p1", {
        body: "Holiday menu is here",
        socialAccountId: id.ig,
        campaignId: id.c1,
        ...published("2026-11-03T15:00:00Z"),
      });
      await post("p2", {
        body: "Gift cards on sale",
        socialAccountId: id.ig,
        campaignId: id.c1,
        ...published("2026-11-10T15:00:00Z"),
      });
      await post("p3", {
        body: "Teaser",
        socialAccountId: id.x,
        campaignId: id.c1,
        ...published("2026-10-20T15:00:00Z"),
      });
      await post("p4", {
        body: "Autumn newsletter out",
        socialAccountId: id.x,
        campaignId: id.c2,
        ...published("2026-10-28T15:00:00Z"),
      });
      await post("p5", { body: "Latte art", socialAccountId: id.ig, ...published("2026-11-20T15:00:00Z") });
      await post("p6", {
        body: "Archived post",
        socialAccountId: id.ig,
        campaignId: id.c1,
        ...published("2026-11-12T15:00:00Z"),
        archivedAt: at("2026-11-13T00:00:00Z"),
      });

      type M = {
        post?: string;
        account: string;
        on: string;
        i: number;
        e: number;
        c: number;
        l?: number;
        s?: number;
        co?: number;
      };
      const metric = (m: M) =>
        tx.insert(socialMetrics).values({
          businessId: b,
          postId: m.post ? id[m.post] : null,
          socialAccountId: m.account,
          measuredOn: m.on,
          impressions: m.i,
          engagements: m.e,
          clicks: m.c,
          likes: m.l ?? 0,
          shares: m.s ?? 0,
          comments: m.co ?? 0,
        });
      await metric({
        post: "p1",
        account: id.ig,
        on: "2026-11-03",
        i: 1000,
        e: 100,
        c: 20,
        l: 80,
        s: 10,
        co: 10,
      });
      await metric({
        post: "p1",
        account: id.ig,
        on: "2026-11-04",
        i: 500,
        e: 50,
        c: 10,
        l: 40,
        s: 5,
        co: 5,
      });
      await metric({
        post: "p2",
        account: id.ig,
        on: "2026-11-10",
        i: 2000,
        e: 120,
        c: 40,
        l: 100,
        s: 10,
        co: 10,
      });
      await metric({ post: "p3", account: id.x, on: "2026-10-20", i: 800, e: 80, c: 8 });
      await metric({ post: "p3", account: id.x, on: "2026-10-28", i: 200, e: 10, c: 2 });
      await metric({ post: "p4", account: id.x, on: "2026-10-28", i: 400, e: 40, c: 4 });
      await metric({ post: "p5", account: id.ig, on: "2026-11-20", i: 300, e: 60, c: 6 });
      await metric({ post: "p6", account: id.ig, on: "2026-11-12", i: 999, e: 999, c: 99 });
      await metric({ account: id.ig, on: "2026-11-20", i: 5000, e: 500, c: 50 }); // account-level row

      // the calendar
      await post("q1", {
        body: "Tonight's special",
        socialAccountId: id.ig,
        status: "scheduled",
        scheduledAt: at("2026-11-25T18:00:00Z"),
      });
      await post("q2", {
        body: "Morning post that never went out",
        socialAccountId: id.ig,
        status: "scheduled",
        scheduledAt: at("2026-11-25T08:00:00Z"),
      });
      await post("q3", {
        body: "Weekend teaser draft",
        socialAccountId: id.x,
        status: "draft",
        scheduledAt: at("2026-11-27T10:00:00Z"),
      });
      await post("q4", { body: "December idea", status: "idea", scheduledAt: at("2026-12-08T23:00:00Z") });
      await post("q5", {
        body: "Too far ahead",
        socialAccountId: id.ig,
        status: "scheduled",
        scheduledAt: at("2026-12-09T09:00:00Z"),
      });
      await post("q6", { body: "Undated idea", status: "idea", createdAt: at("2026-11-01T00:00:00Z") });
      await post("q7", { body: "Undated draft", status: "draft", createdAt: at("2026-11-02T00:00:00Z") });
      await post("q8", {
        body: "Failed one",
        socialAccountId: id.ig,
        status: "failed",
        scheduledAt: at("2026-11-22T09:00:00Z"),
      });
      await post("q9", {
        body: "Yesterday's post",
        socialAccountId: id.x,
        ...published("2026-11-24T09:00:00Z"),
      });
      await post("q10", {
        body: "Tomorrow morning",
        socialAccountId: id.ig,
        status: "scheduled",
        scheduledAt: at("2026-11-26T09:00:00Z"),
      });
    });
  });
  afterAll(() => h.db.dispose());

  it("marketing_campaign_performance: per campaign and totals for the last 30 days", async () => {
    const out = await h.ok("staff", "marketing_campaign_performance", {});
    expect(out.period).toEqual({ from: "2026-10-27", to: "2026-11-25" });
    const rows = out.campaigns as Record<string, unknown>[];
    expect(ids(rows)).toEqual([id.c1, id.c5, id.c2]); // highest spend first; summer, planned and archived left out
    // Holiday push: P1 1500/150/30 + P2 2000/120/40 + P3's Oct 28 day 200/10/2 (P3 was published before the period)
    expect(rows[0]).toEqual({
      campaignId: id.c1,
      name: "Holiday push",
      channel: "social",
      status: "active",
      startsOn: "2026-11-01",
      endsOn: "2026-12-31",
      campaignCurrency: "USD",
      budget: "5000.00",
      spent: "1200.00",
      posts: 2,
      impressions: 3700,
      engagements: 280,
      clicks: 72,
      engagementRatePct: 7.57,
      ads: { impressions: 15000, clicks: 300, conversions: 6 },
      costPerClick: "3.23", // 1200.00 / (72 + 300)
    });
    expect(rows[1]).toMatchObject({
      campaignCurrency: "EUR",
      budget: "2000.00",
      spent: "500.00",
      startsOn: null,
      posts: 0,
      impressions: 0,
      engagementRatePct: null,
      costPerClick: null,
    });
    expect(rows[2]).toMatchObject({
      posts: 1,
      impressions: 400,
      engagements: 40,
      clicks: 4,
      engagementRatePct: 10,
      costPerClick: "75.00",
    });
    expect(out.totals).toEqual({
      campaigns: 3,
      budget: "6000.00", // USD campaigns only
      spent: "1500.00",
      posts: 3,
      impressions: 4100,
      engagements: 320,
      clicks: 76,
      adClicks: 300,
      engagementRatePct: 7.8,
      costPerClick: "3.99", // 1500.00 / 376 clicks of USD campaigns with spend
    });
    expect((out.refs as { label: string }[]).map((r) => r.label)).toEqual([
      "Holiday push",
      "Euro launch",
      "Autumn email",
    ]);

    const active = await h.ok("accountant", "marketing_campaign_performance", { status: "active", limit: 1 });
    expect(ids(active.campaigns)).toEqual([id.c1]);
    expect((active.totals as { campaigns: number }).campaigns).toBe(2);
  });

  it("marketing_post_performance: top posts by engagements per platform", async () => {
    const out = await h.ok("staff", "marketing_post_performance", {});
    const platforms = out.platforms as { platform: string; top: Record<string, unknown>[] }[];
    expect(platforms.map((p) => ({ ...p, top: ids(p.top) }))).toEqual([
      {
        platform: "instagram",
        posts: 3,
        impressions: 3800,
        engagements: 330,
        clicks: 76,
        engagementRatePct: 8.68,
        top: [id.p1, id.p2, id.p5],
      },
      {
        platform: "x",
        posts: 2,
        impressions: 600,
        engagements: 50,
        clicks: 6,
        engagementRatePct: 8.33,
        top: [id.p4, id.p3],
      },
    ]);
    expect(platforms[0]!.top[0]).toEqual({
      postId: id.p1,
      rank: 1,
      excerpt: "Holiday menu is here",
      handle: "@cafe",
      publishedAt: "2026-11-03T15:00:00Z",
      campaignId: id.c1,
      url: null,
      impressions: 1500,
      engagements: 150,
      clicks: 30,
      likes: 120,
      shares: 15,
      comments: 15,
      engagementRatePct: 10,
    });
    expect(ids(out.refs)).toEqual([id.p1, id.p2, id.p5, id.p4, id.p3]);

    const top1 = await h.ok("staff", "marketing_post_performance", { limit: 1, platform: "x" });
    expect(top1.platforms).toMatchObject([
      { platform: "x", posts: 2, engagements: 50, top: [{ postId: id.p4, rank: 1 }] },
    ]);
  });

  it("marketing_content_calendar: the next 14 days and the last 7, grouped by day", async () => {
    const out = await h.ok("staff", "marketing_content_calendar", {});
    expect(out.window).toEqual({ from: "2026-11-25", to: "2026-12-08" });
    expect(out.recentFrom).toBe("2026-11-19");
    expect(out.counts).toEqual({
      scheduled: 2,
      draft: 1,
      idea: 1,
      published: 2,
      failed: 1,
      missed: 1,
      undatedIdeas: 1,
      undatedDrafts: 1,
    });
    const days = (g: unknown) =>
      (g as { date: string; posts: unknown[] }[]).map((d) => [d.date, ids(d.posts)]);
    expect(days(out.upcoming)).toEqual([
      ["2026-11-25", [id.q1]],
      ["2026-11-26", [id.q10]],
      ["2026-11-27", [id.q3]],
      ["2026-12-08", [id.q4]],
    ]);
    expect(days(out.recent)).toEqual([
      ["2026-11-24", [id.q9]],
      ["2026-11-22", [id.q8]],
      ["2026-11-20", [id.p5]],
    ]);
    expect((out.upcoming as { posts: unknown[] }[])[0]!.posts[0]).toEqual({
      postId: id.q1,
      status: "scheduled",
      at: "2026-11-25T18:00:00Z",
      platform: "instagram",
      handle: "@cafe",
      excerpt: "Tonight's special",
      campaignId: null,
    });
    expect(ids(out.missed)).toEqual([id.q2]);
    expect(ids(out.undated)).toEqual([id.q7, id.q6]);
    expect(ids(out.refs)).toEqual([id.q1, id.q10, id.q3, id.q4, id.q9, id.q8, id.p5, id.q2, id.q7, id.q6]);

    const short = await h.ok("staff", "marketing_content_calendar", { days: 2, recentDays: 0 });
    expect(short.counts).toMatchObject({ scheduled: 2, draft: 0, idea: 0, published: 0 });
    expect(short.recent).toEqual([]);
  });

  it("marketing_content_calendar: days are the business's local days", async () => {
    // 2026-11-25T12:00Z is 2026-11-26 01:00 in Auckland (UTC+13)
    await h.db.db.execute(
      sql`update businesses set timezone = 'Pacific/Auckland' where id = ${h.businessId}`,
    );
    try {
      const out = await h.ok("staff", "marketing_content_calendar", {});
      expect(out.window).toEqual({ from: "2026-11-26", to: "2026-12-09" });
      const days = (out.upcoming as { date: string; posts: unknown[] }[]).map((d) => [d.date, ids(d.posts)]);
      expect(days).toEqual([
        ["2026-11-26", [id.q1, id.q10]],
        ["2026-11-27", [id.q3]],
        ["2026-12-09", [id.q4, id.q5]],
      ]);
      expect((out.counts as { scheduled: number }).scheduled).toBe(3);
    } finally {
      await h.db.db.execute(sql`update businesses set timezone = 'UTC' where id = ${h.businessId}`);
    }
  });

  it("every role may read marketing figures (the permission table refuses no one)", async () => {
    for (const role of ["owner", "manager", "staff", "accountant"] as const) {
      expect((await h.call(role, "marketing_content_calendar", {})).ok, role).toBe(true);
    }
  });

  it("rejects bad input with invalid_input", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      [
        "marketing_campaign_performance",
        { from: "2026-11-10", to: "2026-11-01" },
        /to: must be on or after 2026-11-10/,
      ],
      ["marketing_post_performance", { platform: "myspace" }, /platform: expected one of/],
      ["marketing_content_calendar", { days: 0 }, /days/],
      ["marketing_content_calendar", { days: 365 }, /days/],
    ];
    for (const [tool, input, re] of cases) {
      const r = await h.call("owner", tool, input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("invalid_input");
        expect(`${r.error.message} ${(r.error.issues ?? []).join(" ")}`).toMatch(re);
      }
    }
  });
});
