import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { employees, payrollRecords, timeOffRequests, trainingItems } from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

// FIXED_NOW is 2026-11-25T12:00:00Z and the business is on UTC, so "today" is 2026-11-25.
describe(`people analytics tools (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await toolHarness();
    await h.tx(async (tx) => {
      const businessId = h.businessId;
      const emp = async (
        key: string,
        firstName: string,
        lastName: string,
        f: Partial<typeof employees.$inferInsert>,
      ) => {
        const [row] = await tx
          .insert(employees)
          .values({ businessId, firstName, lastName, ...f })
          .returning({ id: employees.id });
        id[key] = row!.id;
      };
      await emp("ana", "Ana", "Lopez", { department: "Kitchen", hiredOn: "2024-03-01" });
      await emp("ben", "Ben", "Kim", {
        department: "Kitchen",
        employmentType: "part_time",
        hiredOn: "2026-11-03",
      });
      await emp("cara", "Cara", "Diaz", { department: "Front", status: "on_leave", hiredOn: "2025-01-10" });
      await emp("dan", "Dan", "Moss", {
        department: "Front",
        employmentType: "contractor",
        hiredOn: "2026-10-15",
      });
      await emp("eve", "Eve", "Stone", {
        department: "Kitchen",
        status: "terminated",
        hiredOn: "2023-05-01",
        terminatedOn: "2026-11-10",
      });
      await emp("fay", "Fay", "Wu", { employmentType: "intern", hiredOn: "2026-11-20" });
      await emp("gus", "Gus", "Park", {
        department: "Kitchen",
        hiredOn: "2020-01-01",
        archivedAt: new Date(),
      });

      const off = async (
        key: string,
        who: string,
        f: Omit<typeof timeOffRequests.$inferInsert, "businessId" | "employeeId">,
      ) => {
        const [row] = await tx
          .insert(timeOffRequests)
          .values({ businessId, employeeId: id[who]!, ...f })
          .returning({ id: timeOffRequests.id });
        id[key] = row!.id;
      };
      await off("r1", "ana", { startsOn: "2026-11-28", endsOn: "2026-12-02", days: 3, status: "approved" });
      await off("r2", "ben", {
        kind: "personal",
        startsOn: "2026-12-01",
        endsOn: "2026-12-03",
        days: 3,
        status: "pending",
      });
      await off("r3", "cara", {
        kind: "sick",
        startsOn: "2026-12-02",
        endsOn: "2026-12-02",
        days: 1,
        status: "approved",
      });
      await off("r4", "dan", { startsOn: "2026-12-01", endsOn: "2026-12-05", days: 5, status: "rejected" });
      await off("r5", "fay", { startsOn: "2026-11-20", endsOn: "2026-11-26", days: 5, status: "approved" });
      await off("r6", "ana", { startsOn: "2027-01-05", endsOn: "2027-01-06", days: 2, status: "approved" });
      await off("r7", "dan", { startsOn: "2026-12-24", endsOn: "2026-12-31", days: 5.5, status: "pending" });

      const pay = (who: string, payDate: string, f: Partial<typeof payrollRecords.$inferInsert>) =>
        tx.insert(payrollRecords).values({
          businessId,
          employeeId: id[who]!,
          periodStart: `${payDate.slice(0, 8)}01`,
          periodEnd: payDate,
          payDate,
          ...f,
        });
      const ana = {
        grossMinor: 500000,
        taxesMinor: 100000,
        deductionsMinor: 20000,
        netMinor: 380000,
        employerCostMinor: 550000,
      };
      await pay("ana", "2026-10-31", { ...ana, status: "paid" });
      await pay("cara", "2026-10-31", {
        grossMinor: 400000,
        taxesMinor: 80000,
        deductionsMinor: 10000,
        netMinor: 310000,
        employerCostMinor: 440000,
        status: "paid",
      });
      await pay("ana", "2026-11-30", { ...ana, status: "approved" });
      await pay("ben", "2026-11-30", {
        grossMinor: 150000,
        taxesMinor: 15000,
        netMinor: 135000,
        employerCostMinor: 160000,
        status: "draft",
      });
      await pay("dan", "2026-11-15", {
        grossMinor: 300000,
        netMinor: 300000,
        currency: "EUR",
        status: "paid",
      });
      await pay("eve", "2025-12-31", { grossMinor: 999900, netMinor: 999900, status: "paid" });

      const trn = async (
        key: string,
        who: string,
        title: string,
        f: Partial<typeof trainingItems.$inferInsert>,
      ) => {
        const [row] = await tx
          .insert(trainingItems)
          .values({ businessId, employeeId: id[who]!, title, assignedOn: "2026-01-01", ...f })
          .returning({ id: trainingItems.id });
        id[key] = row!.id;
      };
      await trn("t1", "ana", "Food safety", { kind: "compliance", dueOn: "2026-11-20" });
      await trn("t2", "ana", "Knife skills", { dueOn: "2026-12-10", status: "in_progress" });
      await trn("t3", "ben", "Onboarding", { kind: "onboarding", dueOn: "2026-12-30" });
      await trn("t4", "cara", "Allergen training", { kind: "compliance", dueOn: "2026-11-25" });
      await trn("t5", "ben", "POS basics", {
        dueOn: "2026-11-01",
        status: "completed",
        completedOn: "2026-10-30",
      });
      await trn("t6", "eve", "Fire safety", { kind: "safety", dueOn: "2026-11-01" });
      await trn("t7", "dan", "Bar licence", {
        kind: "certification",
        dueOn: "2026-10-26",
        status: "overdue",
      });
      const cert = { kind: "certification" as const, status: "completed" as const };
      await trn("c1", "ana", "Food handler certificate", {
        ...cert,
        completedOn: "2025-12-01",
        expiresOn: "2026-12-15",
      });
      await trn("c2", "cara", "First aid", { ...cert, completedOn: "2024-11-01", expiresOn: "2026-11-01" });
      await trn("c3", "cara", "First Aid", { ...cert, completedOn: "2026-11-05", expiresOn: "2028-11-05" });
      await trn("c4", "dan", "Forklift", { ...cert, completedOn: "2024-01-10", expiresOn: "2026-11-15" });
      await trn("c5", "ben", "CPR", { ...cert, completedOn: "2026-01-01", expiresOn: "2027-06-01" });
    });
  });
  afterAll(() => h.db.dispose());

  const counts = (active: number, onLeave: number) => ({ active, onLeave, total: active + onLeave });
  const ids = (refs: unknown) => (refs as { id: string }[]).map((r) => r.id);

  it("people_headcount: current headcount by department and type, hires and terminations this month", async () => {
    const out = await h.ok("staff", "people_headcount", {});
    expect(out.asOf).toBe("2026-11-25");
    expect(out.period).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    // Gus is archived and Eve terminated: Ana, Ben, Dan, Fay active; Cara on leave.
    expect(out.headcount).toEqual(counts(4, 1));
    expect(out.byDepartment).toEqual([
      { department: "Front", ...counts(1, 1) },
      { department: "Kitchen", ...counts(2, 0) },
      { department: null, ...counts(1, 0) },
    ]);
    expect(out.byEmploymentType).toEqual([
      { employmentType: "contractor", ...counts(1, 0) },
      { employmentType: "full_time", ...counts(1, 1) },
      { employmentType: "intern", ...counts(1, 0) },
      { employmentType: "part_time", ...counts(1, 0) },
    ]);
    expect(out.byDepartmentAndType).toEqual([
      { department: "Front", employmentType: "contractor", ...counts(1, 0) },
      { department: "Front", employmentType: "full_time", ...counts(0, 1) },
      { department: "Kitchen", employmentType: "full_time", ...counts(1, 0) },
      { department: "Kitchen", employmentType: "part_time", ...counts(1, 0) },
      { department: null, employmentType: "intern", ...counts(1, 0) },
    ]);
    expect(out).toMatchObject({ hires: 2, terminations: 1, netChange: 1 });
    expect(out.changes).toEqual([
      {
        kind: "hire",
        date: "2026-11-03",
        employeeId: id.ben,
        name: "Ben Kim",
        department: "Kitchen",
        employmentType: "part_time",
      },
      {
        kind: "termination",
        date: "2026-11-10",
        employeeId: id.eve,
        name: "Eve Stone",
        department: "Kitchen",
        employmentType: "full_time",
      },
      {
        kind: "hire",
        date: "2026-11-20",
        employeeId: id.fay,
        name: "Fay Wu",
        department: null,
        employmentType: "intern",
      },
    ]);
    expect(out.refs).toEqual([
      { type: "employee", id: id.ben, label: "Ben Kim" },
      { type: "employee", id: id.eve, label: "Eve Stone" },
      { type: "employee", id: id.fay, label: "Fay Wu" },
    ]);
  });

  it("people_headcount: filters by department; `to` defaults to the end of from's month", async () => {
    const kitchen = await h.ok("manager", "people_headcount", { department: "Kitchen" });
    expect(kitchen.headcount).toEqual(counts(2, 0));
    expect(kitchen).toMatchObject({ hires: 1, terminations: 1, netChange: 0 });
    const october = await h.ok("owner", "people_headcount", { from: "2026-10-01" });
    expect(october.period).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(october).toMatchObject({ hires: 1, terminations: 0 });
    expect(ids(october.refs)).toEqual([id.dan]);
  });

  it("people_time_off_overlaps: requests in the next 30 days and the days with 2+ people off", async () => {
    const out = await h.ok("staff", "people_time_off_overlaps", {});
    expect(out.window).toEqual({ from: "2026-11-25", to: "2026-12-24" });
    expect(out).toMatchObject({ totalRequests: 5, approved: 3, pending: 2 });
    const reqs = out.requests as Record<string, unknown>[];
    expect(reqs.map((r) => [r.id, r.daysInWindow])).toEqual([
      [id.r5, 2],
      [id.r1, 5],
      [id.r2, 3],
      [id.r3, 1],
      [id.r7, 1],
    ]);
    expect(reqs[4]).toEqual({
      id: id.r7,
      employeeId: id.dan,
      name: "Dan Moss",
      department: "Front",
      kind: "vacation",
      status: "pending",
      startsOn: "2026-12-24",
      endsOn: "2026-12-31",
      days: 5.5,
      daysInWindow: 1,
    });
    const ana = {
      employeeId: id.ana,
      name: "Ana Lopez",
      requestId: id.r1,
      status: "approved",
      kind: "vacation",
    };
    const ben = {
      employeeId: id.ben,
      name: "Ben Kim",
      requestId: id.r2,
      status: "pending",
      kind: "personal",
    };
    const cara = {
      employeeId: id.cara,
      name: "Cara Diaz",
      requestId: id.r3,
      status: "approved",
      kind: "sick",
    };
    expect(out.overlapDays).toEqual([
      { date: "2026-12-01", count: 2, people: [ana, ben] },
      { date: "2026-12-02", count: 3, people: [ana, ben, cara] },
    ]);
    expect(out.peak).toEqual({ date: "2026-12-02", count: 3 });
    expect(ids(out.refs)).toEqual([id.r5, id.r1, id.r2, id.r3, id.r7]);
    expect((out.refs as { label: string }[])[0]!.label).toBe("Fay Wu 2026-11-20–2026-11-26");
  });

  it("people_time_off_overlaps: minPeople and an explicit window", async () => {
    const three = await h.ok("manager", "people_time_off_overlaps", { minPeople: 3 });
    expect((three.overlapDays as { date: string }[]).map((d) => d.date)).toEqual(["2026-12-02"]);
    const jan = await h.ok("manager", "people_time_off_overlaps", { from: "2027-01-01", to: "2027-01-31" });
    expect(jan).toMatchObject({ totalRequests: 1, approved: 1, pending: 0, overlapDays: [], peak: null });
    const bad = await h.call("manager", "people_time_off_overlaps", { from: "2026-12-10", to: "2026-12-01" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe("invalid_input");
      expect(bad.error.issues).toEqual(["to: must be on or after from"]);
    }
    const long = await h.call("manager", "people_time_off_overlaps", {
      from: "2026-01-01",
      to: "2027-06-01",
    });
    expect(!long.ok && long.error.code).toBe("invalid_input");
  });

  it("people_payroll_summary: per month this year, approved and paid, business currency only", async () => {
    const out = await h.ok("accountant", "people_payroll_summary", {});
    expect(out).toMatchObject({
      period: { from: "2026-01-01", to: "2026-11-30" },
      currency: "USD",
      groupBy: "month",
      otherCurrencyRecords: 1,
    });
    expect(out.rows).toEqual([
      {
        key: "2026-10",
        gross: "9000.00",
        taxes: "1800.00",
        deductions: "300.00",
        net: "6900.00",
        employerCost: "9900.00",
        headcountPaid: 2,
        records: 2,
      },
      {
        key: "2026-11",
        gross: "5000.00",
        taxes: "1000.00",
        deductions: "200.00",
        net: "3800.00",
        employerCost: "5500.00",
        headcountPaid: 1,
        records: 1,
      },
    ]);
    expect(out.total).toEqual({
      gross: "14000.00",
      taxes: "2800.00",
      deductions: "500.00",
      net: "10700.00",
      employerCost: "15400.00",
      headcountPaid: 2,
      records: 3,
    });
    expect(out.refs).toEqual([
      { type: "employee", id: id.ana, label: "Ana Lopez" },
      { type: "employee", id: id.cara, label: "Cara Diaz" },
    ]);
  });

  it("people_payroll_summary: per department with drafts; refused to staff", async () => {
    const out = await h.ok("owner", "people_payroll_summary", {
      groupBy: "department",
      statuses: ["draft", "approved", "paid"],
    });
    const rows = out.rows as { key: string; gross: string; headcountPaid: number }[];
    expect(rows.map((r) => [r.key, r.gross, r.headcountPaid])).toEqual([
      ["Front", "4000.00", 1],
      ["Kitchen", "11500.00", 2],
    ]);
    expect(out.total).toMatchObject({ gross: "15500.00", net: "12050.00", headcountPaid: 3, records: 4 });
    const empty = await h.ok("owner", "people_payroll_summary", { from: "2027-01-01", to: "2027-01-31" });
    expect(empty).toMatchObject({ rows: [], total: { gross: "0.00", records: 0 }, refs: [] });
    const staff = await h.call("staff", "people_payroll_summary", {});
    expect(!staff.ok && staff.error.code).toBe("forbidden");
    const bad = await h.call("owner", "people_payroll_summary", { groupBy: "week" });
    expect(!bad.ok && bad.error.code).toBe("invalid_input");
  });

  it("people_training_due: overdue and due-soon training by employee, expiring certifications", async () => {
    const out = await h.ok("staff", "people_training_due", {});
    expect(out).toMatchObject({
      asOf: "2026-11-25",
      horizon: "2026-12-25",
      overdue: 2,
      dueSoon: 2,
      totalEmployees: 3,
      expired: 1,
      expiringSoon: 1,
    });
    expect(out.employees).toEqual([
      {
        employeeId: id.dan,
        name: "Dan Moss",
        department: "Front",
        overdue: 1,
        dueSoon: 0,
        items: [
          {
            id: id.t7,
            title: "Bar licence",
            kind: "certification",
            status: "overdue",
            dueOn: "2026-10-26",
            daysLeft: -30,
          },
        ],
      },
      {
        employeeId: id.ana,
        name: "Ana Lopez",
        department: "Kitchen",
        overdue: 1,
        dueSoon: 1,
        items: [
          {
            id: id.t1,
            title: "Food safety",
            kind: "compliance",
            status: "assigned",
            dueOn: "2026-11-20",
            daysLeft: -5,
          },
          {
            id: id.t2,
            title: "Knife skills",
            kind: "skill",
            status: "in_progress",
            dueOn: "2026-12-10",
            daysLeft: 15,
          },
        ],
      },
      {
        employeeId: id.cara,
        name: "Cara Diaz",
        department: "Front",
        overdue: 0,
        dueSoon: 1,
        items: [
          {
            id: id.t4,
            title: "Allergen training",
            kind: "compliance",
            status: "assigned",
            dueOn: "2026-11-25",
            daysLeft: 0,
          },
        ],
      },
    ]);
    // Cara's lapsed First aid (c2) was renewed by c3, so it is not listed.
    expect(out.certifications).toEqual([
      {
        id: id.c4,
        title: "Forklift",
        kind: "certification",
        employeeId: id.dan,
        name: "Dan Moss",
        completedOn: "2024-01-10",
        expiresOn: "2026-11-15",
        daysLeft: -10,
      },
      {
        id: id.c1,
        title: "Food handler certificate",
        kind: "certification",
        employeeId: id.ana,
        name: "Ana Lopez",
        completedOn: "2025-12-01",
        expiresOn: "2026-12-15",
        daysLeft: 20,
      },
    ]);
    expect(ids(out.refs)).toEqual([id.t7, id.t1, id.t2, id.t4, id.c4, id.c1]);
    expect((out.refs as { label: string }[])[0]!.label).toBe("Bar licence (Dan Moss)");
  });

  it("people_training_due: withinDays 0 and one employee; rejects a bad id", async () => {
    const now = await h.ok("staff", "people_training_due", { withinDays: 0 });
    expect(now).toMatchObject({ overdue: 2, dueSoon: 1, expired: 1, expiringSoon: 0 });
    const ana = await h.ok("staff", "people_training_due", { employeeId: id.ana, withinDays: 60 });
    expect(ids(ana.refs)).toEqual([id.t1, id.t2, id.c1]);
    const bad = await h.call("staff", "people_training_due", { employeeId: "cus_1", withinDays: -1 });
    expect(!bad.ok && bad.error.code).toBe("invalid_input");
  });
});
