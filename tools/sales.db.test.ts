import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, contacts, deals, leads, pipelineStages, pipelines } from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

// FIXED_NOW = 2026-11-25T12:00:00Z, business time zone UTC, currency USD.
const at = (iso: string) => new Date(iso);

describe(`sales analytics (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await toolHarness();
    const b = h.businessId;
    await h.tx(async (tx) => {
      const [p1] = await tx
        .insert(pipelines)
        .values({ businessId: b, name: "New business", isDefault: true })
        .returning();
      const [p2] = await tx.insert(pipelines).values({ businessId: b, name: "Renewals" }).returning();
      id.p1 = p1!.id;
      id.p2 = p2!.id;
      const stage = async (
        key: string,
        pipelineId: string,
        name: string,
        position: number,
        bp: number,
        kind: "open" | "won" | "lost",
      ) => {
        const [s] = await tx
          .insert(pipelineStages)
          .values({ businessId: b, pipelineId, name, position, probabilityBp: bp, kind })
          .returning();
        id[key] = s!.id;
      };
      await stage("s1", id.p1, "Lead in", 0, 1000, "open");
      await stage("s2", id.p1, "Proposal", 1, 5000, "open");
      await stage("s3", id.p1, "Won", 2, 10000, "won");
      await stage("s4", id.p1, "Lost", 3, 0, "lost");
      await stage("r1", id.p2, "Renewal due", 0, 8000, "open");
      await stage("r2", id.p2, "Renewed", 1, 10000, "won");
      const [c1] = await tx
        .insert(contacts)
        .values({ businessId: b, firstName: "Carl", lastName: "Contact" })
        .returning();
      id.c1 = c1!.id;

      type D = Partial<typeof deals.$inferInsert> & { name: string; stageId: string; amountMinor: number };
      const deal = async (key: string, d: D) => {
        const [row] = await tx
          .insert(deals)
          .values({ businessId: b, pipelineId: id.p1!, createdAt: at("2026-10-01T00:00:00Z"), ...d })
          .returning();
        id[key] = row!.id;
      };
      // open deals in the default pipeline
      await deal("d1", { name: "Acme rollout", stageId: id.s1!, amountMinor: 100000 });
      await deal("d2", { name: "Beta pilot", stageId: id.s1!, amountMinor: 50000, probabilityBp: 3000 });
      await deal("d3", { name: "Gamma expansion", stageId: id.s2!, amountMinor: 200000 });
      await deal("d4", { name: "Delta (EUR)", stageId: id.s2!, amountMinor: 90000, currency: "EUR" });
      await deal("d5", {
        name: "Archived",
        stageId: id.s2!,
        amountMinor: 100000,
        archivedAt: at("2026-11-01T00:00:00Z"),
      });
      // closed deals
      const won = { stageId: id.s3!, status: "won" as const };
      const lost = { stageId: id.s4!, status: "lost" as const };
      await deal("w1", {
        ...won,
        name: "Won big",
        amountMinor: 300000,
        createdAt: at("2026-10-01T09:00:00Z"),
        closedOn: "2026-11-10",
      });
      await deal("w2", {
        ...won,
        name: "Won small",
        amountMinor: 100000,
        createdAt: at("2026-11-01T09:00:00Z"),
        closedOn: "2026-11-21",
      });
      await deal("l1", {
        ...lost,
        name: "Lost A",
        amountMinor: 80000,
        lostReason: "Price",
        createdAt: at("2026-09-15T09:00:00Z"),
        closedOn: "2026-10-15",
      });
      await deal("l2", {
        ...lost,
        name: "Lost B",
        amountMinor: 20000,
        lostReason: " price ",
        createdAt: at("2026-11-05T09:00:00Z"),
        closedOn: "2026-11-20",
      });
      await deal("l3", {
        ...lost,
        name: "Lost C",
        amountMinor: 50000,
        lostReason: "Timing",
        createdAt: at("2026-08-01T09:00:00Z"),
        closedOn: "2026-09-10",
      });
      await deal("l4", {
        ...lost,
        name: "Lost long ago",
        amountMinor: 99900,
        lostReason: "Timing",
        createdAt: at("2026-01-01T09:00:00Z"),
        closedOn: "2026-06-01",
      });
      // the renewals pipeline
      await deal("rw", {
        pipelineId: id.p2!,
        stageId: id.r2!,
        status: "won",
        name: "Renewal X",
        amountMinor: 40000,
        createdAt: at("2026-11-01T09:00:00Z"),
        closedOn: "2026-11-11",
      });
      await deal("ro", {
        pipelineId: id.p2!,
        stageId: id.r1!,
        name: "Renewal open",
        amountMinor: 30000,
        createdAt: at("2026-11-20T09:00:00Z"),
      });

      type L = Partial<typeof leads.$inferInsert> & { name: string };
      const lead = async (key: string, l: L) => {
        const [row] = await tx
          .insert(leads)
          .values({ businessId: b, ...l })
          .returning();
        id[key] = row!.id;
      };
      await lead("la", {
        name: "Ana Alpha",
        status: "qualified",
        sourceChannel: "referral",
        estimatedValueMinor: 200000,
        lastContactedAt: at("2026-11-22T09:00:00Z"),
      });
      await lead("lb", {
        name: "Ben Beta",
        status: "contacted",
        sourceChannel: "web",
        estimatedValueMinor: 80000,
      });
      await lead("lc", { name: "Cy Gamma", status: "new", sourceChannel: "other" });
      await lead("ld", {
        name: "Di Delta",
        status: "qualified",
        sourceChannel: "ads",
        estimatedValueMinor: 10000,
        lastContactedAt: at("2026-09-01T00:00:00Z"),
      });
      await lead("lh", {
        name: "Eve Euro",
        status: "contacted",
        sourceChannel: "event",
        estimatedValueMinor: 500000,
        currency: "EUR",
      });
      // same score (10), ordered by value: 500.00 before 90.00
      await lead("t1", {
        name: "Tie small",
        status: "new",
        sourceChannel: "other",
        estimatedValueMinor: 9000,
      });
      await lead("t2", {
        name: "Tie large",
        status: "new",
        sourceChannel: "other",
        estimatedValueMinor: 50000,
      });
      await lead("le", { name: "Converted", status: "converted", sourceChannel: "referral" });
      await lead("lf", { name: "Unqualified", status: "unqualified", sourceChannel: "referral" });
      await lead("lg", {
        name: "Archived lead",
        status: "new",
        sourceChannel: "referral",
        archivedAt: at("2026-11-01T00:00:00Z"),
      });

      type A = Partial<typeof activities.$inferInsert> & {
        kind: "call" | "email" | "meeting" | "note" | "task";
        occurredAt: Date;
      };
      const act = (a: A) => tx.insert(activities).values({ businessId: b, subject: `${a.kind} log`, ...a });
      const staff = h.users.staff;
      const manager = h.users.manager;
      const laKinds = ["call", "call", "email", "email", "meeting"] as const;
      for (const [i, kind] of laKinds.entries())
        await act({ kind, leadId: id.la, userId: staff, occurredAt: at(`2026-11-0${i + 1}T10:00:00Z`) });
      await act({ kind: "email", leadId: id.lb, userId: manager, occurredAt: at("2026-11-05T10:00:00Z") });
      await act({ kind: "call", leadId: id.ld, userId: staff, occurredAt: at("2026-08-01T10:00:00Z") });
      for (const day of ["2026-11-20T10:00:00Z", "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z"])
        await act({ kind: "note", leadId: id.lh, occurredAt: at(day) });
      await act({
        kind: "call",
        dealId: id.d1,
        contactId: id.c1,
        userId: staff,
        occurredAt: at("2026-11-20T10:00:00Z"),
      });
      await act({
        kind: "meeting",
        dealId: id.d3,
        contactId: id.c1,
        userId: manager,
        occurredAt: at("2026-11-01T10:00:00Z"),
      });
      await act({ kind: "email", dealId: id.d1, userId: staff, occurredAt: at("2026-10-01T10:00:00Z") });
      await act({ kind: "task", dealId: id.d2, userId: staff, occurredAt: at("2026-11-26T09:00:00Z") }); // tomorrow
      await act({
        kind: "call",
        dealId: id.d2,
        userId: staff,
        occurredAt: at("2026-11-10T10:00:00Z"),
        archivedAt: at("2026-11-11T00:00:00Z"),
      });
    });
  });
  afterAll(() => h.db.dispose());

  it("sales_pipeline: open deals by stage of the default pipeline, weighted by deal or stage probability", async () => {
    const out = await h.ok("staff", "sales_pipeline", {});
    expect(out.pipeline).toEqual({ id: id.p1, name: "New business" });
    // Lead in: 1000.00 × 10% + 500.00 × 30% (deal override) = 250.00; Proposal: 2000.00 × 50% = 1000.00
    expect(out.stages).toEqual([
      {
        stageId: id.s1,
        name: "Lead in",
        kind: "open",
        probabilityPct: 10,
        deals: 2,
        value: "1500.00",
        weightedValue: "250.00",
      },
      {
        stageId: id.s2,
        name: "Proposal",
        kind: "open",
        probabilityPct: 50,
        deals: 1,
        value: "2000.00",
        weightedValue: "1000.00",
      },
    ]);
    expect(out.totals).toEqual({ deals: 3, value: "3500.00", weightedValue: "1250.00" });
    expect(out.otherCurrencyDeals).toBe(1);
    expect((out.refs as { id: string }[]).map((r) => r.id)).toEqual([id.p1, id.d3, id.d1, id.d4, id.d2]);
    expect((out.refs as { label: string }[])[1]!.label).toBe("Gamma expansion");

    const renewals = await h.ok("accountant", "sales_pipeline", { pipelineId: id.p2 });
    expect(renewals.stages).toEqual([
      {
        stageId: id.r1,
        name: "Renewal due",
        kind: "open",
        probabilityPct: 80,
        deals: 1,
        value: "300.00",
        weightedValue: "240.00",
      },
    ]);
    expect(renewals.totals).toEqual({ deals: 1, value: "300.00", weightedValue: "240.00" });
  });

  it("sales_won_lost: counts, values, win rate, cycle and lost reasons over the last 90 days", async () => {
    const out = await h.ok("manager", "sales_won_lost", {});
    expect(out.period).toEqual({ from: "2026-08-28", to: "2026-11-25" });
    expect(out.won).toEqual({ deals: 3, value: "4400.00" });
    expect(out.lost).toEqual({ deals: 3, value: "1500.00" });
    expect(out.winRatePct).toBe(50);
    // won cycles 40, 20, 10; lost 30, 15, 40
    expect(out.avgCycleDays).toEqual({ won: 23.3, lost: 28.3, all: 25.8 });
    expect(out.topLostReasons).toEqual([
      { reason: "Price", deals: 2, value: "1000.00" },
      { reason: "Timing", deals: 1, value: "500.00" },
    ]);
    expect(out.otherCurrencyDeals).toBe(0);
    expect((out.refs as { id: string }[]).map((r) => r.id)).toEqual([
      id.w1,
      id.w2,
      id.l1,
      id.l3,
      id.rw,
      id.l2,
    ]);

    const renewals = await h.ok("owner", "sales_won_lost", {
      pipelineId: id.p2,
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(renewals).toMatchObject({
      won: { deals: 1, value: "400.00" },
      lost: { deals: 0, value: "0.00" },
      winRatePct: 100,
      avgCycleDays: { won: 10, lost: null, all: 10 },
      topLostReasons: [],
    });
    const none = await h.ok("owner", "sales_won_lost", { from: "2025-01-01", to: "2025-01-31" });
    expect(none).toMatchObject({ winRatePct: null, won: { deals: 0 }, refs: [] });
  });

  it("sales_lead_scores: explainable factor points per open lead, best first", async () => {
    const out = await h.ok("staff", "sales_lead_scores", {});
    // benchmark: average won in the last 365 days = (3000 + 1000 + 400) / 3 = 1466.67
    expect(out.valueBenchmark).toBe("1466.67");
    expect(out.openLeads).toBe(7);
    expect(out.averageScore).toBe(39.3); // (100 + 55 + 50 + 45 + 10 + 10 + 5) / 7
    const leadsOut = out.leads as { leadId: string; score: number; points: Record<string, number> }[];
    expect(leadsOut.map((l) => [l.leadId, l.score])).toEqual([
      [id.la, 100],
      [id.lh, 55],
      [id.lb, 50],
      [id.ld, 45],
      [id.t2, 10],
      [id.t1, 10],
      [id.lc, 5],
    ]);
    expect(leadsOut[0]).toMatchObject({
      name: "Ana Alpha",
      estimatedValue: "2000.00",
      leadCurrency: "USD",
      activities90d: 5,
      lastTouchAt: "2026-11-22T09:00:00Z",
      points: { status: 30, recency: 20, value: 20, source: 15, activity: 15 },
    });
    // EUR value cannot be compared with the USD benchmark: 0 value points
    expect(leadsOut[1]!.points).toEqual({ status: 15, recency: 20, value: 0, source: 10, activity: 10 });
    // last touch = the activity on Nov 5 (20 days ago); 800.00 ≥ half the benchmark
    expect(leadsOut[2]).toMatchObject({
      lastTouchAt: "2026-11-05T10:00:00Z",
      points: { status: 15, recency: 10, value: 10, source: 10, activity: 5 },
    });
    // contacted 85 days ago; the Aug 1 activity is older than 90 days
    expect(leadsOut[3]!.points).toEqual({ status: 30, recency: 5, value: 5, source: 5, activity: 0 });
    expect(leadsOut[4]!.points).toEqual({ status: 5, recency: 0, value: 5, source: 0, activity: 0 });
    expect(leadsOut[6]!.points).toEqual({ status: 5, recency: 0, value: 0, source: 0, activity: 0 });
    expect((out.refs as { id: string; label: string }[])[0]).toEqual({
      type: "lead",
      id: id.la,
      label: "Ana Alpha",
    });

    const top2 = await h.ok("staff", "sales_lead_scores", { limit: 2 });
    expect((top2.leads as unknown[]).length).toBe(2);
    expect(top2.openLeads).toBe(7);
    const qualified = await h.ok("staff", "sales_lead_scores", { status: "qualified" });
    expect((qualified.leads as { leadId: string }[]).map((l) => l.leadId)).toEqual([id.la, id.ld]);
  });

  it("sales_activity_summary: by kind, by user, touched records and stale open deals", async () => {
    const out = await h.ok("staff", "sales_activity_summary", {});
    expect(out.period).toEqual({ from: "2026-10-27", to: "2026-11-25" });
    expect(out.activities).toBe(11);
    expect(out.byKind).toEqual({ call: 3, email: 3, meeting: 2, note: 3, task: 0 });
    expect(out.byUser).toEqual([
      {
        userId: h.users.staff,
        name: "staff user",
        activities: 6,
        byKind: { call: 3, email: 2, meeting: 1, note: 0, task: 0 },
        deals: 1,
      },
      {
        userId: null,
        name: null,
        activities: 3,
        byKind: { call: 0, email: 0, meeting: 0, note: 3, task: 0 },
        deals: 0,
      },
      {
        userId: h.users.manager,
        name: "manager user",
        activities: 2,
        byKind: { call: 0, email: 1, meeting: 1, note: 0, task: 0 },
        deals: 1,
      },
    ]);
    expect(out.touched).toEqual({ deals: 2, contacts: 1, leads: 3, customers: 0 });
    // D1 had a call 5 days ago; D3's last activity was Nov 1; D2 and D4 never had one (archived and future don't count)
    expect(out.staleDeals).toEqual({
      staleDays: 14,
      count: 3,
      value: "2500.00",
      deals: [
        {
          dealId: id.d3,
          name: "Gamma expansion",
          stage: "Proposal",
          value: "2000.00",
          dealCurrency: "USD",
          lastActivityAt: "2026-11-01T10:00:00Z",
          daysSinceActivity: 24,
        },
        {
          dealId: id.d4,
          name: "Delta (EUR)",
          stage: "Proposal",
          value: "900.00",
          dealCurrency: "EUR",
          lastActivityAt: null,
          daysSinceActivity: 55,
        },
        {
          dealId: id.d2,
          name: "Beta pilot",
          stage: "Lead in",
          value: "500.00",
          dealCurrency: "USD",
          lastActivityAt: null,
          daysSinceActivity: 55,
        },
      ],
    });
    expect((out.refs as { id: string }[]).map((r) => r.id)).toEqual([id.d3, id.d4, id.d2]);

    const week = await h.ok("staff", "sales_activity_summary", {
      from: "2026-11-19",
      to: "2026-11-25",
      staleDays: 30,
    });
    expect(week.activities).toBe(4); // 3 notes + the D1 call
    expect((week.staleDeals as { count: number }).count).toBe(2); // D2 and D4 (created 55 days ago)
  });

  it("every role may read sales figures (the permission table refuses no one)", async () => {
    for (const role of ["owner", "manager", "staff", "accountant"] as const) {
      const r = await h.call(role, "sales_pipeline", {});
      expect(r.ok, role).toBe(true);
    }
  });

  it("rejects bad input with invalid_input and unknown pipelines with not_found", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["sales_won_lost", { from: "2026-11-10", to: "2026-11-01" }, /to: must be on or after 2026-11-10/],
      ["sales_activity_summary", { from: "2026-13-01" }, /from: must be a date/],
      ["sales_pipeline", { pipelineId: "deal_1" }, /pipelineId: must be a pip_ id/],
      ["sales_lead_scores", { limit: 500 }, /limit/],
      ["sales_lead_scores", { status: "converted" }, /status: expected one of new, contacted, qualified/],
      ["sales_pipeline", { colour: "red" }, /unknown field 'colour'/],
    ];
    for (const [tool, input, re] of cases) {
      const r = await h.call("owner", tool, input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("invalid_input");
        expect(`${r.error.message} ${(r.error.issues ?? []).join(" ")}`).toMatch(re);
      }
    }
    const missing = await h.call("owner", "sales_pipeline", { pipelineId: "pip_01JZZZZZZZZZZZZZZZZZZZZZZZ" });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe("not_found");
  });
});
