import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackEntries, tickets } from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

// FIXED_NOW = 2026-11-25T12:00:00Z, business time zone UTC.
const at = (iso: string) => new Date(iso);
const ids = (xs: unknown) =>
  (xs as { feedbackId?: string; ticketId?: string; id?: string }[]).map(
    (x) => x.feedbackId ?? x.ticketId ?? x.id,
  );
const zero = { under1d: 0, d1to3: 0, d3to7: 0, over7d: 0 };

describe(`support analytics (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await toolHarness();
    const b = h.businessId;
    const { staff, manager } = h.users;
    await h.tx(async (tx) => {
      type T = Partial<typeof tickets.$inferInsert> & { number: number; openedAt: Date };
      const ticket = async (t: T) => {
        const [row] = await tx
          .insert(tickets)
          .values({ businessId: b, subject: `Ticket ${t.number}`, ...t })
          .returning();
        id[`t${t.number}`] = row!.id;
      };
      await ticket({ number: 1, priority: "urgent", openedAt: at("2026-11-25T06:00:00Z") });
      await ticket({
        number: 2,
        priority: "urgent",
        status: "pending",
        openedAt: at("2026-11-20T12:00:00Z"),
        firstResponseAt: at("2026-11-20T14:00:00Z"),
        assigneeUserId: staff,
      });
      await ticket({
        number: 3,
        priority: "high",
        openedAt: at("2026-11-10T12:00:00Z"),
        assigneeUserId: staff,
      });
      await ticket({
        number: 4,
        priority: "high",
        openedAt: at("2026-11-24T12:00:00Z"),
        firstResponseAt: at("2026-11-24T13:00:00Z"),
        assigneeUserId: manager,
      });
      await ticket({
        number: 5,
        priority: "normal",
        openedAt: at("2026-11-22T12:00:00Z"),
        firstResponseAt: at("2026-11-22T20:00:00Z"),
      });
      await ticket({
        number: 6,
        priority: "low",
        status: "pending",
        openedAt: at("2026-11-23T00:00:00Z"),
        firstResponseAt: at("2026-11-23T04:00:00Z"),
        assigneeUserId: staff,
      });
      await ticket({
        number: 7,
        priority: "normal",
        status: "resolved",
        openedAt: at("2026-11-01T10:00:00Z"),
        firstResponseAt: at("2026-11-01T12:00:00Z"),
        resolvedAt: at("2026-11-02T10:00:00Z"),
      });
      await ticket({
        number: 8,
        priority: "high",
        status: "closed",
        openedAt: at("2026-11-05T09:00:00Z"),
        firstResponseAt: at("2026-11-05T10:00:00Z"),
        resolvedAt: at("2026-11-05T17:00:00Z"),
      });
      await ticket({
        number: 9,
        priority: "urgent",
        openedAt: at("2026-11-24T00:00:00Z"),
        archivedAt: at("2026-11-24T01:00:00Z"),
      });
      await ticket({
        number: 10,
        priority: "low",
        status: "resolved",
        openedAt: at("2026-10-01T10:00:00Z"),
        firstResponseAt: at("2026-10-02T10:00:00Z"),
        resolvedAt: at("2026-10-03T10:00:00Z"),
      });

      type F = Partial<typeof feedbackEntries.$inferInsert> & { receivedOn: string };
      const fb = async (key: string, f: F) => {
        const [row] = await tx
          .insert(feedbackEntries)
          .values({ businessId: b, createdAt: at(`${f.receivedOn}T10:00:00Z`), ...f })
          .returning();
        id[key] = row!.id;
      };
      await fb("f1", { receivedOn: "2026-11-24", rating: 1, channel: "review", comment: "Cold coffee" });
      await fb("f2", {
        receivedOn: "2026-11-20",
        rating: 2,
        channel: "survey",
        comment: "Slow service",
        authorName: "Sam",
      });
      await fb("f3", { receivedOn: "2026-11-18", rating: 5, channel: "survey", comment: "Great" });
      await fb("f4", { receivedOn: "2026-11-10", rating: 4, channel: "review" });
      await fb("f5", { receivedOn: "2026-11-01", rating: 5, channel: "review", comment: "Love it" });
      await fb("f6", { receivedOn: "2026-11-05", channel: "social", comment: "Could you open earlier?" });
      await fb("f7", { receivedOn: "2026-10-01", rating: 1, channel: "review", comment: "Too old to count" });
      await fb("f8", {
        receivedOn: "2026-11-15",
        rating: 1,
        channel: "review",
        comment: "Archived",
        archivedAt: at("2026-11-16T00:00:00Z"),
      });
      await fb("f9", {
        receivedOn: "2026-11-24",
        rating: 2,
        channel: "ticket",
        comment: "Refund took long",
        ticketId: id.t7,
        createdAt: at("2026-11-24T15:00:00Z"),
      });
    });
  });
  afterAll(() => h.db.dispose());

  it("support_open_tickets: the queue by priority and age, oldest urgent/high first", async () => {
    const out = await h.ok("staff", "support_open_tickets", {});
    expect(out).toMatchObject({
      asOf: "2026-11-25T12:00:00.000Z",
      total: 6,
      open: 4,
      pending: 2,
      unassigned: 2,
      awaitingFirstResponse: 2,
      // #4 is exactly 1 day old and #5 exactly 3 days: lower bounds are inclusive
      age: { under1d: 1, d1to3: 2, d3to7: 2, over7d: 1 },
    });
    expect(out.byPriority).toEqual([
      { priority: "urgent", total: 2, open: 1, pending: 1, age: { ...zero, under1d: 1, d3to7: 1 } },
      { priority: "high", total: 2, open: 2, pending: 0, age: { ...zero, d1to3: 1, over7d: 1 } },
      { priority: "normal", total: 1, open: 1, pending: 0, age: { ...zero, d3to7: 1 } },
      { priority: "low", total: 1, open: 0, pending: 1, age: { ...zero, d1to3: 1 } },
    ]);
    const oldest = out.oldestUrgentHigh as Record<string, unknown>[];
    expect(ids(oldest)).toEqual([id.t3, id.t2, id.t4, id.t1]);
    expect(oldest[0]).toEqual({
      ticketId: id.t3,
      number: 3,
      subject: "Ticket 3",
      priority: "high",
      status: "open",
      openedAt: "2026-11-10T12:00:00Z",
      ageHours: 360,
      firstResponseAt: null,
      assigneeUserId: h.users.staff,
    });
    expect((out.refs as { label: string }[]).map((r) => r.label)).toEqual([
      "#3 Ticket 3",
      "#2 Ticket 2",
      "#4 Ticket 4",
      "#1 Ticket 1",
    ]);
    const two = await h.ok("accountant", "support_open_tickets", { limit: 2 });
    expect(ids(two.oldestUrgentHigh)).toEqual([id.t3, id.t2]);
  });

  it("support_response_times: median and p90 first-response and resolution hours", async () => {
    const out = await h.ok("manager", "support_response_times", {});
    expect(out.period).toEqual({ from: "2026-10-27", to: "2026-11-25" });
    // first responses (h): 1, 1, 2, 2, 4, 8 → median 2, p90 4 + 0.5 × 4 = 6; resolutions 8, 24 → 16 and 22.4
    expect(out.overall).toEqual({
      tickets: 8,
      responded: 6,
      withoutResponse: 2,
      firstResponseHours: { median: 2, p90: 6 },
      resolved: 2,
      resolutionHours: { median: 16, p90: 22.4 },
    });
    expect(out.byPriority).toEqual([
      {
        priority: "urgent",
        tickets: 2,
        responded: 1,
        withoutResponse: 1,
        firstResponseHours: { median: 2, p90: 2 },
        resolved: 0,
        resolutionHours: { median: null, p90: null },
      },
      {
        priority: "high",
        tickets: 3,
        responded: 2,
        withoutResponse: 1,
        firstResponseHours: { median: 1, p90: 1 },
        resolved: 1,
        resolutionHours: { median: 8, p90: 8 },
      },
      {
        priority: "normal",
        tickets: 2,
        responded: 2,
        withoutResponse: 0,
        firstResponseHours: { median: 5, p90: 7.4 },
        resolved: 1,
        resolutionHours: { median: 24, p90: 24 },
      },
      {
        priority: "low",
        tickets: 1,
        responded: 1,
        withoutResponse: 0,
        firstResponseHours: { median: 4, p90: 4 },
        resolved: 0,
        resolutionHours: { median: null, p90: null },
      },
    ]);
    expect(ids(out.unanswered)).toEqual([id.t3, id.t1]);
    const slowest = out.slowest as { ticketId: string; firstResponseHours: number }[];
    expect(slowest.map((t) => [t.ticketId, t.firstResponseHours])).toEqual([
      [id.t5, 8],
      [id.t6, 4],
      [id.t2, 2],
      [id.t7, 2],
      [id.t4, 1],
      [id.t8, 1],
    ]);
    const few = await h.ok("manager", "support_response_times", { limit: 3 });
    expect(ids(few.refs)).toEqual([id.t3, id.t1, id.t5, id.t6, id.t2]);

    const november5 = await h.ok("manager", "support_response_times", {
      from: "2026-11-05",
      to: "2026-11-05",
    });
    expect(november5.overall).toMatchObject({
      tickets: 1,
      firstResponseHours: { median: 1, p90: 1 },
      resolutionHours: { median: 8 },
    });
  });

  it("support_feedback_summary: count, average, distribution, channels and recent low ratings", async () => {
    const out = await h.ok("staff", "support_feedback_summary", {});
    expect(out).toMatchObject({
      period: { from: "2026-10-27", to: "2026-11-25" },
      entries: 7,
      rated: 6,
      averageRating: 3.17,
    });
    expect(out.distribution).toEqual([
      { rating: 1, count: 1 },
      { rating: 2, count: 2 },
      { rating: 3, count: 0 },
      { rating: 4, count: 1 },
      { rating: 5, count: 2 },
    ]);
    expect(out.byChannel).toEqual([
      { channel: "review", entries: 3, rated: 3, averageRating: 3.33 },
      { channel: "social", entries: 1, rated: 0, averageRating: null },
      { channel: "survey", entries: 2, rated: 2, averageRating: 3.5 },
      { channel: "ticket", entries: 1, rated: 1, averageRating: 2 },
    ]);
    const low = out.lowRatings as { count: number; recent: Record<string, unknown>[] };
    expect(low.count).toBe(3);
    expect(ids(low.recent)).toEqual([id.f9, id.f1, id.f2]);
    expect(low.recent[0]).toEqual({
      feedbackId: id.f9,
      rating: 2,
      channel: "ticket",
      receivedOn: "2026-11-24",
      comment: "Refund took long",
      authorName: null,
      customerId: null,
      ticketId: id.t7,
    });
    expect(out.refs).toEqual([
      { type: "feedback", id: id.f9, label: "Refund took long" },
      { type: "feedback", id: id.f1, label: "Cold coffee" },
      { type: "feedback", id: id.f2, label: "Slow service" },
    ]);

    const survey = await h.ok("staff", "support_feedback_summary", { channel: "survey" });
    expect(survey).toMatchObject({ entries: 2, averageRating: 3.5, lowRatings: { count: 1 } });
    expect(ids((survey.lowRatings as { recent: unknown }).recent)).toEqual([id.f2]);
  });

  it("every role may read support figures (the permission table refuses no one)", async () => {
    for (const role of ["owner", "manager", "staff", "accountant"] as const) {
      expect((await h.call(role, "support_open_tickets", {})).ok, role).toBe(true);
    }
  });

  it("rejects bad input with invalid_input", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      [
        "support_response_times",
        { from: "2026-11-10", to: "2026-11-01" },
        /to: must be on or after 2026-11-10/,
      ],
      ["support_feedback_summary", { channel: "fax" }, /channel: expected one of/],
      ["support_open_tickets", { limit: 0 }, /limit/],
      ["support_feedback_summary", { to: "yesterday" }, /to: must be a date/],
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
