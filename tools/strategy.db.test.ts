import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.js";
import * as s from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

// FIXED_NOW is 2026-11-25T12:00:00Z, a Wednesday; the business is in UTC until the last test.
const at = (iso: string) => new Date(iso);
// biome-ignore lint/suspicious/noExplicitAny: tests read nested output fields directly
type Out = Record<string, any>;

describe(`strategy, business_overview and period_summary (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await toolHarness();
    await h.tx(async (tx: Db) => {
      const add = async (
        key: string,
        table: Parameters<typeof tx.insert>[0],
        values: Record<string, unknown>,
      ) => {
        const [row] = await tx
          .insert(table)
          .values({ businessId: h.businessId, ...values } as never)
          .returning();
        id[key] = (row as { id: string }).id;
        return id[key]!;
      };

      // KPIs: mrr in minor units (7 past values and one future), churn in percent, nps without values, one archived.
      await add("mrr", s.kpiDefinitions, {
        key: "mrr",
        name: "MRR",
        unit: "currency",
        targetValue: 1_000_000,
        module: "finance",
      });
      const mrr = [700_000, 750_000, 800_000, 820_000, 900_000, 950_000, 1_000_000];
      for (const [i, value] of mrr.entries()) {
        const m = String(5 + i).padStart(2, "0");
        await add(`mrr${m}`, s.kpiValues, {
          kpiId: id.mrr,
          periodStart: `2026-${m}-01`,
          periodEnd: `2026-${m}-28`,
          value,
        });
      }
      await add("mrrFuture", s.kpiValues, {
        kpiId: id.mrr,
        periodStart: "2026-12-01",
        periodEnd: "2026-12-31",
        value: 2_000_000,
      });
      await add("churn", s.kpiDefinitions, {
        key: "churn_rate",
        name: "Churn rate",
        unit: "percent",
        direction: "lower_is_better",
        targetValue: 2,
        module: "sales",
      });
      for (const [m, value] of [
        ["09", 3.5],
        ["10", 3],
        ["11", 2.5],
      ] as const) {
        await add(`churn${m}`, s.kpiValues, {
          kpiId: id.churn,
          periodStart: `2026-${m}-01`,
          periodEnd: `2026-${m}-28`,
          value,
        });
      }
      await add("nps", s.kpiDefinitions, { key: "nps", name: "NPS", unit: "count" });
      await add("oldKpi", s.kpiDefinitions, {
        key: "old",
        name: "Old",
        archivedAt: at("2026-01-01T00:00:00Z"),
      });

      // Goals
      await add("g1", s.goals, {
        title: "Reach $12k MRR",
        kpiId: id.mrr,
        targetValue: 1_200_000,
        startOn: "2026-01-01",
        dueOn: "2026-12-31",
        status: "on_track",
      });
      await add("g2", s.goals, {
        title: "Hire 3 baristas",
        unit: "count",
        targetValue: 3,
        currentValue: 1,
        startOn: "2026-10-01",
        dueOn: "2026-11-20",
        status: "on_track",
      });
      await add("g3", s.goals, {
        title: "Cut churn to 2%",
        kpiId: id.churn,
        targetValue: 2,
        startOn: "2026-09-01",
        dueOn: "2027-03-31",
        status: "at_risk",
      });
      await add("g4", s.goals, { title: "Launch website", status: "achieved", dueOn: "2026-06-30" });
      await add("g5", s.goals, { title: "Open second shop", dueOn: "2027-06-30" });

      // Cash
      await add("checking", s.accounts, { name: "Checking", kind: "bank", currentBalanceMinor: 1_250_000 });
      await add("savings", s.accounts, { name: "Savings", kind: "bank", currentBalanceMinor: 500_000 });
      await add("till", s.accounts, { name: "Till", kind: "cash", currentBalanceMinor: 20_000 });
      await add("card", s.accounts, { name: "Card", kind: "credit", currentBalanceMinor: -30_000 });
      await add("closed", s.accounts, {
        name: "Old",
        kind: "bank",
        currentBalanceMinor: 999_999,
        isActive: false,
      });
      await add("eur", s.accounts, {
        name: "Euro",
        kind: "bank",
        currency: "EUR",
        currentBalanceMinor: 100_000,
      });

      // Receivables
      await add("blueDoor", s.customers, { name: "Blue Door Café", createdAt: at("2026-11-20T10:00:00Z") });
      await add("greenleaf", s.customers, { name: "Greenleaf", createdAt: at("2026-09-01T10:00:00Z") });
      const inv = (key: string, v: Record<string, unknown>) =>
        add(key, s.invoices, { number: key.toUpperCase(), customerId: id.blueDoor, ...v });
      await inv("inv1", {
        status: "sent",
        issueDate: "2026-10-11",
        dueDate: "2026-11-10",
        totalMinor: 100_000,
        amountPaidMinor: 20_000,
      });
      await inv("inv2", {
        status: "overdue",
        issueDate: "2026-09-26",
        dueDate: "2026-10-26",
        totalMinor: 250_000,
      });
      await inv("inv3", {
        status: "sent",
        issueDate: "2026-11-20",
        dueDate: "2026-12-10",
        totalMinor: 50_000,
      });
      await inv("inv4", {
        status: "paid",
        issueDate: "2026-11-01",
        dueDate: "2026-12-01",
        totalMinor: 70_000,
        amountPaidMinor: 70_000,
        paidOn: "2026-11-20",
      });
      await inv("inv5", {
        status: "draft",
        issueDate: "2026-11-21",
        dueDate: "2026-11-30",
        totalMinor: 9_000,
      });
      await inv("inv6", {
        status: "sent",
        currency: "EUR",
        issueDate: "2026-11-01",
        dueDate: "2026-11-15",
        totalMinor: 40_000,
      });
      await inv("inv7", {
        status: "void",
        issueDate: "2026-11-23",
        dueDate: "2026-12-23",
        totalMinor: 8_000,
      });

      // Payables (today + 14 = 2026-12-09)
      await add("roasters", s.vendors, { name: "Bluebird Roasters" });
      const bill = (key: string, v: Record<string, unknown>) =>
        add(key, s.bills, {
          number: key.toUpperCase(),
          vendorId: id.roasters,
          issueDate: "2026-11-01",
          ...v,
        });
      await bill("b1", { dueDate: "2026-11-30", totalMinor: 60_000 });
      await bill("b2", { dueDate: "2026-12-09", totalMinor: 40_000, amountPaidMinor: 10_000 });
      await bill("b3", { dueDate: "2026-12-10", totalMinor: 70_000 });
      await bill("b4", { status: "overdue", dueDate: "2026-11-20", totalMinor: 25_000 });
      await bill("b5", { status: "paid", dueDate: "2026-11-28", totalMinor: 5_000, amountPaidMinor: 5_000 });

      // Pipeline
      await add("pipe", s.pipelines, { name: "New business", isDefault: true });
      const stage = (key: string, kind: string, probabilityBp: number, position: number) =>
        add(key, s.pipelineStages, { pipelineId: id.pipe, name: key, kind, probabilityBp, position });
      await stage("lead", "open", 2000, 0);
      await stage("proposal", "open", 5000, 1);
      await stage("won", "won", 10000, 2);
      await stage("lost", "lost", 0, 3);
      const deal = (key: string, stageKey: string, v: Record<string, unknown>) =>
        add(key, s.deals, { name: key, pipelineId: id.pipe, stageId: id[stageKey], ...v });
      await deal("d1", "lead", { amountMinor: 100_000, createdAt: at("2026-11-19T08:00:00Z") });
      await deal("d2", "proposal", {
        amountMinor: 300_000,
        probabilityBp: 8000,
        createdAt: at("2026-11-18T23:59:00Z"),
      });
      await deal("d3", "won", {
        status: "won",
        amountMinor: 500_000,
        closedOn: "2026-11-20",
        createdAt: at("2026-11-01T00:00:00Z"),
      });
      await deal("d4", "lost", {
        status: "lost",
        amountMinor: 80_000,
        closedOn: "2026-11-22",
        createdAt: at("2026-11-21T09:00:00Z"),
      });
      await deal("d5", "won", {
        status: "won",
        amountMinor: 10_000,
        closedOn: "2026-10-15",
        createdAt: at("2026-10-01T00:00:00Z"),
      });

      // Support
      const ticket = (key: string, number: number, v: Record<string, unknown>) =>
        add(key, s.tickets, { number, subject: `Ticket ${number}`, ...v });
      await ticket("t1", 1, { priority: "urgent", openedAt: at("2026-11-24T09:00:00Z") });
      await ticket("t2", 2, { status: "pending", openedAt: at("2026-11-20T05:00:00Z") });
      await ticket("t3", 3, {
        status: "resolved",
        openedAt: at("2026-11-18T10:00:00Z"),
        resolvedAt: at("2026-11-21T10:00:00Z"),
      });
      await ticket("t4", 4, {
        priority: "urgent",
        openedAt: at("2026-11-24T10:00:00Z"),
        archivedAt: at("2026-11-24T11:00:00Z"),
      });
      await ticket("t5", 5, {
        status: "closed",
        openedAt: at("2026-11-10T10:00:00Z"),
        resolvedAt: at("2026-11-12T10:00:00Z"),
      });

      // Inventory
      await add("beans", s.inventoryItems, { sku: "BEAN", name: "Beans", onHand: 5, reorderPoint: 10 });
      await add("milk", s.inventoryItems, { sku: "MILK", name: "Milk", onHand: 20, reorderPoint: 20 });
      await add("cups", s.inventoryItems, { sku: "CUP", name: "Cups", onHand: 100, reorderPoint: 50 });
      await add("mugs", s.inventoryItems, {
        sku: "MUG",
        name: "Mugs",
        onHand: 0,
        reorderPoint: 10,
        isActive: false,
      });

      // People
      await add("ana", s.employees, { firstName: "Ana", lastName: "Ruiz" });
      await add("ben", s.employees, { firstName: "Ben", lastName: "Ode" });
      await add("cy", s.employees, { firstName: "Cy", status: "terminated" });
      await add("dee", s.employees, { firstName: "Dee", status: "on_leave" });
      const off = (key: string, emp: string, v: Record<string, unknown>) =>
        add(key, s.timeOffRequests, { employeeId: id[emp], days: 1, ...v });
      await off("off1", "ana", { status: "approved", startsOn: "2026-11-24", endsOn: "2026-11-26", days: 3 });
      await off("off2", "ben", { status: "pending", startsOn: "2026-11-25", endsOn: "2026-11-25" });
      await off("off3", "dee", {
        status: "approved",
        kind: "sick",
        startsOn: "2026-11-01",
        endsOn: "2026-11-05",
      });

      // Legal (today + 30 = 2026-12-25)
      await add("lic1", s.licensesPermits, { name: "Food permit", expiresOn: "2026-12-10" });
      await add("lic2", s.licensesPermits, { name: "Music license", expiresOn: "2027-01-10" });
      await add("lic3", s.licensesPermits, {
        name: "Old permit",
        status: "expired",
        expiresOn: "2026-11-30",
      });
      await add("lic4", s.licensesPermits, { name: "Sign permit", expiresOn: "2026-11-20" });
      await add("con1", s.contracts, {
        title: "Lease",
        kind: "lease",
        status: "active",
        endsOn: "2026-12-20",
        renewal: "auto",
      });
      await add("con2", s.contracts, { title: "Draft NDA", kind: "nda", endsOn: "2026-12-01" });
      await add("con3", s.contracts, {
        title: "Supply",
        kind: "vendor",
        status: "active",
        endsOn: "2027-02-01",
      });

      // Tasks
      await add("k1", s.tasks, { title: "File sales tax", dueAt: at("2026-11-20T10:00:00Z") });
      await add("k2", s.tasks, {
        title: "Call landlord",
        status: "in_progress",
        dueAt: at("2026-11-25T18:00:00Z"),
      });
      await add("k3", s.tasks, { title: "Order cups", dueAt: at("2026-11-26T09:00:00Z") });
      await add("k4", s.tasks, { title: "Done thing", status: "done", dueAt: at("2026-11-20T10:00:00Z") });
      await add("k5", s.tasks, { title: "Pay rent", dueAt: at("2026-11-25T00:00:00Z") });

      // Insights
      const insight = (key: string, v: Record<string, unknown>) =>
        add(key, s.aiInsights, { kind: "risk", title: key, ...v });
      await insight("n1", { severity: "high", module: "finance", generatedAt: at("2026-11-24T08:00:00Z") });
      await insight("n2", {
        kind: "recommendation",
        severity: "medium",
        module: "operations",
        status: "acknowledged",
        generatedAt: at("2026-11-23T08:00:00Z"),
      });
      await insight("n3", { status: "dismissed", generatedAt: at("2026-11-24T09:00:00Z") });
      await insight("n4", { generatedAt: at("2026-11-24T10:00:00Z"), expiresAt: at("2026-11-24T12:00:00Z") });
      await insight("n5", { kind: "summary", generatedAt: at("2026-11-22T08:00:00Z") });

      // Period activity (default period 2026-11-19 .. 2026-11-25)
      const txn = (key: string, postedOn: string, amountMinor: number, v: Record<string, unknown> = {}) =>
        add(key, s.transactions, { accountId: id.checking, postedOn, amountMinor, description: key, ...v });
      await txn("x1", "2026-11-19", 150_000);
      await txn("x2", "2026-11-20", -45_000);
      await txn("x3", "2026-11-22", 30_000);
      await txn("x4", "2026-11-25", -200_000);
      await txn("x5", "2026-11-18", 999_999);
      await txn("x6", "2026-11-21", -5_000, { status: "pending" });
      await txn("x7", "2026-11-23", 10_000, { accountId: id.eur, currency: "EUR" });

      const campaign = (key: string, v: Record<string, unknown>) =>
        add(key, s.campaigns, { name: key, ...v });
      await campaign("cm1", { status: "active", startsOn: "2026-11-01", endsOn: "2026-12-31" });
      await campaign("cm2", { status: "completed", startsOn: "2026-10-01", endsOn: "2026-11-19" });
      await campaign("cm3", { status: "planned", startsOn: "2026-11-20" });
      await campaign("cm4", { status: "completed", startsOn: "2026-10-01", endsOn: "2026-11-10" });
      await add("sa", s.socialAccounts, { platform: "instagram", handle: "bluecafe" });
      await add("p1", s.posts, {
        socialAccountId: id.sa,
        status: "published",
        publishedAt: at("2026-11-20T15:00:00Z"),
      });
      await add("p2", s.posts, {
        socialAccountId: id.sa,
        status: "published",
        publishedAt: at("2026-11-10T15:00:00Z"),
      });
      await add("p3", s.posts, {
        socialAccountId: id.sa,
        status: "scheduled",
        scheduledAt: at("2026-11-28T15:00:00Z"),
      });
      const metric = (postKey: string | null, measuredOn: string, engagements: number) =>
        add(`m${postKey}${measuredOn}`, s.socialMetrics, {
          socialAccountId: id.sa,
          postId: postKey ? id[postKey] : null,
          measuredOn,
          engagements,
        });
      await metric("p1", "2026-11-20", 30);
      await metric("p1", "2026-11-21", 12);
      await metric("p2", "2026-11-20", 100);
      await metric(null, "2026-11-21", 500);

      await add("leadA", s.leads, { name: "Corner Deli", createdAt: at("2026-11-24T10:00:00Z") });
      await add("leadB", s.leads, { name: "Gym Bar", createdAt: at("2026-11-25T08:00:00Z") });
      await add("leadC", s.leads, { name: "Old Lead", createdAt: at("2026-11-10T08:00:00Z") });
    });
  });
  afterAll(() => h.db.dispose());

  it("strategy_kpis: latest, previous, change, on-track by direction and the trend", async () => {
    const out = (await h.ok("staff", "strategy_kpis", {})) as Out;
    expect(out.asOf).toBe("2026-11-25");
    expect(out.kpis.map((k: Out) => k.key)).toEqual(["mrr", "churn_rate", "nps"]);
    const [mrr, churn, nps] = out.kpis;
    expect(mrr).toMatchObject({
      currency: "USD",
      target: "10000.00",
      latest: "10000.00",
      latestPeriodStart: "2026-11-01",
      previous: "9500.00",
      change: "500.00",
      changePct: 5.3,
      onTrack: true,
      improving: true,
      trendDirection: "up",
    });
    // the last 6 periods up to today; December's value is in the future
    expect(mrr.trend.map((t: Out) => [t.periodStart, t.value])).toEqual([
      ["2026-06-01", "7500.00"],
      ["2026-07-01", "8000.00"],
      ["2026-08-01", "8200.00"],
      ["2026-09-01", "9000.00"],
      ["2026-10-01", "9500.00"],
      ["2026-11-01", "10000.00"],
    ]);
    expect(churn).toMatchObject({
      currency: null,
      direction: "lower_is_better",
      target: "2",
      latest: "2.5",
      previous: "3",
      change: "-0.5",
      changePct: -16.7,
      onTrack: false,
      improving: true,
      trendDirection: "down",
    });
    expect(nps).toMatchObject({
      latest: null,
      previous: null,
      onTrack: null,
      trendDirection: null,
      trend: [],
    });
    expect(out.refs).toEqual([
      { type: "kpi", id: id.mrr, label: "MRR" },
      { type: "kpi", id: id.churn, label: "Churn rate" },
      { type: "kpi", id: id.nps, label: "NPS" },
    ]);

    const short = (await h.ok("owner", "strategy_kpis", { keys: ["mrr"], periods: 3 })) as Out;
    expect(short.kpis).toHaveLength(1);
    expect(short.kpis[0].trend.map((t: Out) => t.value)).toEqual(["9000.00", "9500.00", "10000.00"]);
    const sales = (await h.ok("owner", "strategy_kpis", { module: "sales" })) as Out;
    expect(sales.kpis.map((k: Out) => k.key)).toEqual(["churn_rate"]);
  });

  it("strategy_goal_progress: progress, days left, at-risk reasons", async () => {
    const out = (await h.ok("staff", "strategy_goal_progress", {})) as Out;
    expect(out).toMatchObject({
      asOf: "2026-11-25",
      total: 4,
      atRiskCount: 2,
      byStatus: { on_track: 2, at_risk: 1, not_started: 1 },
      behindPacePoints: 20,
    });
    expect(out.goals).toEqual([
      {
        id: id.g2,
        title: "Hire 3 baristas",
        status: "on_track",
        unit: "count",
        currency: null,
        target: "3",
        current: "1",
        progressPct: 33.3,
        startOn: "2026-10-01",
        dueOn: "2026-11-20",
        daysLeft: -5,
        timeElapsedPct: 100,
        kpi: null,
        riskReasons: ["overdue", "behind_pace"],
      },
      {
        id: id.g3,
        title: "Cut churn to 2%",
        status: "at_risk",
        unit: "percent",
        currency: null,
        target: "2",
        current: "2.5", // from the KPI; lower is better, so progress = 2 / 2.5
        progressPct: 80,
        startOn: "2026-09-01",
        dueOn: "2027-03-31",
        daysLeft: 126,
        timeElapsedPct: 40.3, // 85 of 211 days
        kpi: { type: "kpi", id: id.churn, label: "Churn rate" },
        riskReasons: ["status_at_risk"],
      },
      {
        id: id.g1,
        title: "Reach $12k MRR",
        status: "on_track",
        unit: "currency",
        currency: "USD",
        target: "12000.00",
        current: "10000.00",
        progressPct: 83.3,
        startOn: "2026-01-01",
        dueOn: "2026-12-31",
        daysLeft: 36,
        timeElapsedPct: 90.1, // 328 of 364 days; 83.3 is within 20 points
        kpi: { type: "kpi", id: id.mrr, label: "MRR" },
        riskReasons: [],
      },
      {
        id: id.g5,
        title: "Open second shop",
        status: "not_started",
        unit: null,
        currency: null,
        target: null,
        current: null,
        progressPct: null,
        startOn: null,
        dueOn: "2027-06-30",
        daysLeft: 217,
        timeElapsedPct: null,
        kpi: null,
        riskReasons: [],
      },
    ]);
    expect(out.atRisk).toEqual([
      { type: "goal", id: id.g2, label: "Hire 3 baristas" },
      { type: "goal", id: id.g3, label: "Cut churn to 2%" },
    ]);
    expect(out.refs.map((r: Out) => r.id)).toEqual([id.g2, id.g3, id.g1, id.g5]);

    const all = (await h.ok("owner", "strategy_goal_progress", { includeClosed: true })) as Out;
    expect(all.total).toBe(5);
    const achieved = (await h.ok("owner", "strategy_goal_progress", { status: ["achieved"] })) as Out;
    expect(achieved.goals.map((g: Out) => g.id)).toEqual([id.g4]);
    const risky = (await h.ok("owner", "strategy_goal_progress", { atRiskOnly: true, limit: 1 })) as Out;
    expect(risky.goals.map((g: Out) => g.id)).toEqual([id.g2]);
    expect(risky.total).toBe(2);
  });

  it("business_overview: every section for the owner, with exact figures and refs", async () => {
    const out = (await h.ok("owner", "business_overview", {})) as Out;
    expect(out.asOf).toBe("2026-11-25");
    expect(out.omitted).toEqual([]);
    expect(out.cash).toEqual({ balance: "17700.00", accounts: 3 });
    expect(out.receivables).toEqual({
      openCount: 4,
      openTotal: "3800.00",
      overdueCount: 3,
      overdueTotal: "3300.00",
      largestOverdue: [
        { invoiceId: id.inv2, dueDate: "2026-10-26", daysOverdue: 30, amountDue: "2500.00", currency: "USD" },
        { invoiceId: id.inv1, dueDate: "2026-11-10", daysOverdue: 15, amountDue: "800.00", currency: "USD" },
        { invoiceId: id.inv6, dueDate: "2026-11-15", daysOverdue: 10, amountDue: "400.00", currency: "EUR" },
      ],
    });
    expect(out.payables).toEqual({
      dueNext14DaysCount: 2,
      dueNext14DaysTotal: "900.00",
      overdueCount: 1,
      overdueTotal: "250.00",
      billIds: [id.b4, id.b1, id.b2],
    });
    expect(out.pipeline).toEqual({ openDeals: 2, value: "4000.00", weightedValue: "2600.00" });
    expect(out.support).toEqual({ openTickets: 2, urgentOpen: 1, urgentTicketIds: [id.t1] });
    expect(out.inventory).toEqual({
      lowStockCount: 2,
      items: [
        { itemId: id.beans, onHand: 5, reorderPoint: 10 },
        { itemId: id.milk, onHand: 20, reorderPoint: 20 },
      ],
    });
    expect(out.people).toEqual({ activeHeadcount: 2, outToday: 1, outEmployeeIds: [id.ana] });
    expect(out.legal).toEqual({
      licensesExpiring30Days: 1,
      contractsEnding30Days: 1,
      licenses: [{ licenseId: id.lic1, expiresOn: "2026-12-10" }],
      contracts: [{ contractId: id.con1, endsOn: "2026-12-20", renewal: "auto" }],
    });
    expect(out.goals).toEqual({
      atRiskCount: 2,
      atRisk: [
        { goalId: id.g2, riskReasons: ["overdue", "behind_pace"] },
        { goalId: id.g3, riskReasons: ["status_at_risk"] },
      ],
    });
    expect(out.tasks).toEqual({ overdue: 1, dueToday: 2, taskIds: [id.k1, id.k5, id.k2] });
    expect(out.insights.map((i: Out) => i.insightId)).toEqual([id.n1, id.n2, id.n5]);
    expect(out.insights[0]).toEqual({
      insightId: id.n1,
      kind: "risk",
      severity: "high",
      generatedAt: "2026-11-24T08:00:00Z",
    });
    expect(out.refs).toEqual(
      expect.arrayContaining([
        { type: "invoice", id: id.inv2, label: "Invoice INV2" },
        { type: "bill", id: id.b4, label: "Bill B4" },
        { type: "inventory_item", id: id.beans, label: "Beans (BEAN)" },
        { type: "employee", id: id.ana, label: "Ana Ruiz" },
        { type: "license", id: id.lic1, label: "Food permit" },
        { type: "contract", id: id.con1, label: "Lease" },
        { type: "ticket", id: id.t1, label: "#1 Ticket 1" },
        { type: "task", id: id.k1, label: "File sales tax" },
        { type: "goal", id: id.g2, label: "Hire 3 baristas" },
        { type: "insight", id: id.n1, label: "n1" },
      ]),
    );
    expect(out.refs).toHaveLength(3 + 3 + 1 + 2 + 1 + 2 + 2 + 3 + 3);
  });

  it("business_overview: staff get no finance sections and no finance insights", async () => {
    const out = (await h.ok("staff", "business_overview", {})) as Out;
    expect(out.omitted).toEqual(["cash", "receivables", "payables"]);
    expect(out).not.toHaveProperty("cash");
    expect(out).not.toHaveProperty("receivables");
    expect(out).not.toHaveProperty("payables");
    expect(out.pipeline).toEqual({ openDeals: 2, value: "4000.00", weightedValue: "2600.00" });
    expect(out.insights.map((i: Out) => i.insightId)).toEqual([id.n2, id.n5]);
    expect(out.refs.some((r: Out) => ["invoice", "bill"].includes(r.type))).toBe(false);
    const accountant = (await h.ok("accountant", "business_overview", {})) as Out;
    expect(accountant.omitted).toEqual([]);
  });

  it("ai_insights_list, _get and search hide insights about a module the role may not read", async () => {
    const ids = (out: Out) => out.items.map((i: Out) => i.id);
    const staffList = (await h.ok("staff", "ai_insights_list", { limit: 100 })) as Out;
    expect(ids(staffList)).toContain(id.n2);
    expect(ids(staffList)).not.toContain(id.n1);
    expect(ids((await h.ok("accountant", "ai_insights_list", { limit: 100 })) as Out)).toContain(id.n1);
    const got = await h.call("staff", "ai_insights_get", { id: id.n1 });
    expect(got.ok ? "ok" : got.error.code).toBe("not_found");
    const found = (await h.ok("staff", "search", { q: "n1", types: ["insight"] })) as Out;
    expect(found.results.map((r: Out) => r.id)).not.toContain(id.n1);
    const owner = (await h.ok("owner", "search", { q: "n1", types: ["insight"] })) as Out;
    expect(owner.results.map((r: Out) => r.id)).toContain(id.n1);
  });

  it("period_summary: the last 7 days by default", async () => {
    const out = (await h.ok("owner", "period_summary", {})) as Out;
    expect(out.period).toEqual({ from: "2026-11-19", to: "2026-11-25", days: 7 });
    expect(out.currency).toBe("USD");
    expect(out.omitted).toEqual([]);
    expect(out.transactions).toEqual({
      count: 5,
      moneyIn: "1800.00",
      moneyOut: "2450.00",
      net: "-650.00",
      biggest: [
        { transactionId: id.x4, postedOn: "2026-11-25", amount: "-2000.00" },
        { transactionId: id.x1, postedOn: "2026-11-19", amount: "1500.00" },
        { transactionId: id.x2, postedOn: "2026-11-20", amount: "-450.00" },
        { transactionId: id.x3, postedOn: "2026-11-22", amount: "300.00" },
      ],
    });
    expect(out.invoices).toEqual({
      issuedCount: 1,
      issuedTotal: "500.00",
      paidCount: 1,
      paidTotal: "700.00",
    });
    expect(out.deals).toEqual({
      createdCount: 2,
      createdValue: "1800.00",
      wonCount: 1,
      wonValue: "5000.00",
      lostCount: 1,
      lostValue: "800.00",
      wonDealIds: [id.d3],
    });
    expect(out.tickets).toEqual({ opened: 2, resolved: 1 });
    expect(out.marketing).toEqual({
      activeCampaigns: 2,
      campaignIds: [id.cm2, id.cm1],
      postsPublished: 1,
      engagements: 42,
    });
    expect(out.newCustomers).toEqual({ count: 1, customerIds: [id.blueDoor] });
    expect(out.newLeads).toEqual({ count: 2, leadIds: [id.leadB, id.leadA] });
    expect(out.refs).toEqual(
      expect.arrayContaining([
        { type: "transaction", id: id.x4, label: "2026-11-25 x4" },
        { type: "deal", id: id.d3, label: "d3" },
        { type: "campaign", id: id.cm1, label: "cm1" },
        { type: "customer", id: id.blueDoor, label: "Blue Door Café" },
        { type: "lead", id: id.leadA, label: "Corner Deli" },
      ]),
    );
    expect(out.refs).toHaveLength(4 + 1 + 2 + 1 + 2);

    const staff = (await h.ok("staff", "period_summary", {})) as Out;
    expect(staff.omitted).toEqual(["transactions", "invoices", "newCustomers"]);
    expect(staff).not.toHaveProperty("transactions");
    expect(staff.deals.wonCount).toBe(1);
  });

  it("period_summary: presets and explicit ranges", async () => {
    const period = async (input: Record<string, unknown>) =>
      ((await h.ok("owner", "period_summary", input)) as Out).period;
    expect(await period({ preset: "this_week" })).toEqual({ from: "2026-11-23", to: "2026-11-25", days: 3 });
    expect(await period({ preset: "last_week" })).toEqual({ from: "2026-11-16", to: "2026-11-22", days: 7 });
    expect(await period({ preset: "this_month" })).toEqual({
      from: "2026-11-01",
      to: "2026-11-25",
      days: 25,
    });
    expect(await period({ preset: "last_month" })).toEqual({
      from: "2026-10-01",
      to: "2026-10-31",
      days: 31,
    });
    expect(await period({ from: "2026-11-20" })).toEqual({ from: "2026-11-20", to: "2026-11-25", days: 6 });

    const lastWeek = (await h.ok("owner", "period_summary", { preset: "last_week" })) as Out;
    // x5 + x1 + x3 in, x2 out; x6 is pending, x7 (EUR) falls on the 23rd
    expect(lastWeek.transactions).toMatchObject({
      count: 4,
      moneyIn: "11799.99",
      moneyOut: "450.00",
      net: "11349.99",
    });
    const october = (await h.ok("owner", "period_summary", { preset: "last_month" })) as Out;
    expect(october.deals).toMatchObject({
      wonCount: 1,
      wonValue: "100.00",
      wonDealIds: [id.d5],
      createdCount: 1,
    });
    expect(october.marketing).toMatchObject({ activeCampaigns: 2, postsPublished: 0, engagements: 0 });
  });

  it("rejects bad input with invalid_input", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["period_summary", { from: "2026-11-25", to: "2026-11-01" }, /to: must be on or after from/],
      ["period_summary", { preset: "this_week", from: "2026-11-01" }, /preset: cannot be combined/],
      ["period_summary", { from: "2025-01-01", to: "2026-11-25" }, /at most 366 days/],
      ["period_summary", { from: "2026-13-01" }, /from/],
      ["period_summary", { preset: "yesterday" }, /preset: expected one of/],
      ["strategy_kpis", { periods: 1 }, /periods/],
      ["strategy_kpis", { keys: ["MRR"] }, /snake_case/],
      ["strategy_goal_progress", { status: ["done"] }, /status/],
      ["business_overview", { extra: 1 }, /unknown field 'extra'/],
    ];
    for (const [tool, input, re] of cases) {
      const r = await h.call("staff", tool, input);
      expect(r.ok, `${tool} ${JSON.stringify(input)}`).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("invalid_input");
        expect(`${r.error.message} ${(r.error.issues ?? []).join(" ")}`).toMatch(re);
      }
    }
  });

  it("uses the business's time zone for today and for day boundaries", async () => {
    // UTC+14: at 2026-11-25T12:00Z it is already 02:00 on the 26th.
    await h.db.db.execute(
      sql`update businesses set timezone = 'Pacific/Kiritimati' where id = ${h.businessId}`,
    );
    const out = (await h.ok("owner", "business_overview", {})) as Out;
    expect(out.asOf).toBe("2026-11-26");
    // k5 (25th 14:00 local) is now overdue; k2 (26th 08:00) and k3 (26th 23:00) are due today
    expect(out.tasks).toEqual({ overdue: 2, dueToday: 2, taskIds: [id.k1, id.k5, id.k2, id.k3] });
    const period = (await h.ok("owner", "period_summary", {})) as Out;
    expect(period.period).toEqual({ from: "2026-11-20", to: "2026-11-26", days: 7 });
    // d1 was created on the 19th 22:00 local: out; d4 on the 21st 23:00 local: in
    expect(period.deals).toMatchObject({ createdCount: 1, createdValue: "800.00" });
  });
});
