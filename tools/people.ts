/** People analytics: headcount and staff changes, time-off overlaps, payroll totals, training due. */

import { z } from "zod";
import { idPattern } from "../db/ids.js";
import {
  expiringCertifications,
  headcountGroups,
  payrollEmployees,
  payrollOtherCurrencyCount,
  payrollTotals,
  staffChanges,
  timeOffOverlapDays,
  timeOffRequestsInWindow,
  trainingDueByEmployee,
} from "../db/queries/people.js";
import { PAYROLL_STATUSES } from "../db/schema/people.js";
import { addDays, checkPeriod, endOfMonth, isoDate, startOfMonth, startOfYear, today } from "./dates.js";
import { type AnyTool, defineTool, type Ref, withRefs } from "./define.js";
import { money } from "./money.js";

const REF_CAP = 50;

/** Checks a from/to pair already filled with its defaults; people tools name the field, not the date. */
const period = (from: string, to: string, maxDays?: number) =>
  checkPeriod({ from, to }, { maxDays, orderIssue: "to: must be on or after from" });

const employeeRef = (id: string, name: string): Ref => ({ type: "employee", id, label: name });
const department = z.string().trim().min(1).max(100);
const employeeId = z
  .string()
  .regex(idPattern("emp"), "must be an employee id (emp_…)")
  .describe("only this employee (find ids with employees_list)");

const counts = z.object({ active: z.number().int(), onLeave: z.number().int(), total: z.number().int() });

export const headcountTool = defineTool({
  name: "people_headcount",
  module: "people",
  title: "Headcount",
  description:
    "Current active and on-leave employees by department and employment type, plus hires and terminations in a period (default this month). For one person use employees_get; for lists use employees_list.",
  input: z.strictObject({
    from: isoDate
      .optional()
      .describe("first day for hires/terminations, YYYY-MM-DD; default first of this month"),
    to: isoDate
      .optional()
      .describe("last day (inclusive) for hires/terminations; default end of the month of from"),
    department: department.optional().describe("only this department (exact name)"),
  }),
  output: withRefs({
    asOf: z.string().describe("today in the business time zone; headcount is as of now"),
    period: z.object({ from: z.string(), to: z.string() }),
    headcount: counts.describe("active + on leave, archived employees excluded"),
    byDepartment: z.array(counts.extend({ department: z.string().nullable() })),
    byEmploymentType: z.array(counts.extend({ employmentType: z.string() })),
    byDepartmentAndType: z.array(
      counts.extend({ department: z.string().nullable(), employmentType: z.string() }),
    ),
    hires: z.number().int(),
    terminations: z.number().int(),
    netChange: z.number().int().describe("hires − terminations in the period"),
    changes: z
      .array(
        z.object({
          kind: z.enum(["hire", "termination"]),
          date: z.string(),
          employeeId: z.string(),
          name: z.string(),
          department: z.string().nullable(),
          employmentType: z.string(),
        }),
      )
      .describe(`the hires and terminations, by date (first ${REF_CAP * 2})`),
  }),
  access: "read",
  async run(ctx, input) {
    const now = today(ctx);
    const { from, to } = period(input.from ?? startOfMonth(now), input.to ?? endOfMonth(input.from ?? now));
    const [groups, changes] = await Promise.all([
      headcountGroups(ctx.db, { businessId: ctx.business.id, department: input.department }),
      staffChanges(ctx.db, {
        businessId: ctx.business.id,
        from,
        to,
        department: input.department,
        limit: REF_CAP * 2,
      }),
    ]);
    const c = (g: { active: number; onLeave: number }) => ({
      active: g.active,
      onLeave: g.onLeave,
      total: g.active + g.onLeave,
    });
    const total = groups.find((g) => g.level === 3);
    const hires = changes[0]?.hires ?? 0;
    const terminations = changes[0]?.terminations ?? 0;
    return {
      asOf: now,
      period: { from, to },
      headcount: c(total ?? { active: 0, onLeave: 0 }),
      byDepartment: groups.filter((g) => g.level === 1).map((g) => ({ department: g.department, ...c(g) })),
      byEmploymentType: groups
        .filter((g) => g.level === 2)
        .map((g) => ({ employmentType: g.employmentType ?? "", ...c(g) })),
      byDepartmentAndType: groups
        .filter((g) => g.level === 0)
        .map((g) => ({ department: g.department, employmentType: g.employmentType ?? "", ...c(g) })),
      hires,
      terminations,
      netChange: hires - terminations,
      changes: changes.map(({ kind, date, employeeId, name, department, employmentType }) => ({
        kind,
        date,
        employeeId,
        name,
        department,
        employmentType,
      })),
      refs: uniqueRefs(changes.map((r) => employeeRef(r.employeeId, r.name))),
    };
  },
});

const person = z.object({
  employeeId: z.string(),
  name: z.string(),
  requestId: z.string(),
  status: z.string(),
  kind: z.string(),
});

export const timeOffOverlapsTool = defineTool({
  name: "people_time_off_overlaps",
  module: "people",
  title: "Time-off overlaps",
  description:
    "Approved and pending time off in a window (default the next 30 days) and the days when two or more people are off at once, with who. To approve or change a request use time_off_requests_write.",
  input: z.strictObject({
    from: isoDate.optional().describe("first day of the window, YYYY-MM-DD; default today"),
    to: isoDate.optional().describe("last day of the window (inclusive); default 29 days after from"),
    department: department.optional().describe("only people in this department (exact name)"),
    minPeople: z
      .number()
      .int()
      .min(2)
      .max(50)
      .default(2)
      .describe("a day is listed when at least this many people are off"),
    limit: z.number().int().min(1).max(200).default(50).describe("most requests to list"),
  }),
  output: withRefs({
    window: z.object({ from: z.string(), to: z.string() }),
    requests: z.array(
      z.object({
        id: z.string(),
        employeeId: z.string(),
        name: z.string(),
        department: z.string().nullable(),
        kind: z.string(),
        status: z.enum(["approved", "pending"]),
        startsOn: z.string(),
        endsOn: z.string(),
        days: z.number().describe("days requested (may be fractional)"),
        daysInWindow: z.number().int().describe("calendar days of the request inside the window"),
      }),
    ),
    totalRequests: z.number().int(),
    approved: z.number().int(),
    pending: z.number().int(),
    overlapDays: z
      .array(z.object({ date: z.string(), count: z.number().int(), people: z.array(person) }))
      .describe("calendar days with at least minPeople different people off"),
    peak: z
      .object({ date: z.string(), count: z.number().int() })
      .nullable()
      .describe("the first day with the most people off, among the overlap days"),
  }),
  access: "read",
  async run(ctx, input) {
    const from = input.from ?? today(ctx);
    const window = period(from, input.to ?? addDays(from, 29), 366);
    const filter = { businessId: ctx.business.id, ...window, department: input.department };
    const [requests, days] = await Promise.all([
      timeOffRequestsInWindow(ctx.db, { ...filter, limit: input.limit }),
      timeOffOverlapDays(ctx.db, { ...filter, minPeople: input.minPeople }),
    ]);
    let peak: { date: string; count: number } | null = null;
    for (const d of days) if (!peak || d.count > peak.count) peak = { date: d.date, count: d.count };
    return {
      window,
      requests: requests.map(({ total: _t, approved: _a, pending: _p, ...r }) => r),
      totalRequests: requests[0]?.total ?? 0,
      approved: requests[0]?.approved ?? 0,
      pending: requests[0]?.pending ?? 0,
      overlapDays: days,
      peak,
      refs: requests
        .slice(0, REF_CAP)
        .map((r) => ({ type: "time_off", id: r.id, label: `${r.name} ${r.startsOn}–${r.endsOn}` })),
    };
  },
});

const moneyOut = z.string().nullable().describe("decimal amount in `currency`");
const payrollFigures = {
  gross: moneyOut,
  taxes: moneyOut,
  deductions: moneyOut,
  net: moneyOut,
  employerCost: moneyOut,
  headcountPaid: z.number().int().describe("distinct employees paid"),
  records: z.number().int().describe("payroll records summed"),
};

export const payrollSummaryTool = defineTool({
  name: "people_payroll_summary",
  module: "people_private",
  title: "Payroll summary",
  description:
    "Payroll gross, taxes, deductions, net and employer cost per pay month or per department for a period (default this year to the end of this month), with headcount paid. For single pay runs use payroll_records_list.",
  input: z.strictObject({
    from: isoDate.optional().describe("first pay date, YYYY-MM-DD; default 1 January of this year"),
    to: isoDate.optional().describe("last pay date (inclusive); default end of this month"),
    groupBy: z
      .enum(["month", "department"])
      .default("month")
      .describe("rows per pay month or per department"),
    statuses: z
      .array(z.enum(PAYROLL_STATUSES))
      .min(1)
      .default(["approved", "paid"])
      .describe("payroll record statuses to include; default approved and paid (drafts left out)"),
  }),
  output: withRefs({
    period: z.object({ from: z.string(), to: z.string() }),
    currency: z.string(),
    groupBy: z.enum(["month", "department"]),
    rows: z.array(
      z.object({
        key: z.string().nullable().describe("pay month YYYY-MM, or department (null = no department)"),
        ...payrollFigures,
      }),
    ),
    total: z.object(payrollFigures),
    otherCurrencyRecords: z
      .number()
      .int()
      .describe("records in another currency than the business's, left out of the sums"),
  }),
  access: "read",
  async run(ctx, input) {
    const now = today(ctx);
    const { from, to } = period(input.from ?? startOfYear(now), input.to ?? endOfMonth(now));
    const filter = {
      businessId: ctx.business.id,
      from,
      to,
      currency: ctx.business.currency,
      statuses: input.statuses,
    };
    const [rows, other, paid] = await Promise.all([
      payrollTotals(ctx.db, { ...filter, groupBy: input.groupBy }),
      payrollOtherCurrencyCount(ctx.db, filter),
      payrollEmployees(ctx.db, { ...filter, limit: REF_CAP }),
    ]);
    const cur = ctx.business.currency;
    const figures = (r: (typeof rows)[number]) => ({
      gross: money(r.gross, cur),
      taxes: money(r.taxes, cur),
      deductions: money(r.deductions, cur),
      net: money(r.net, cur),
      employerCost: money(r.employerCost, cur),
      headcountPaid: r.headcountPaid,
      records: r.records,
    });
    const total = rows.find((r) => r.isTotal);
    return {
      period: { from, to },
      currency: cur,
      groupBy: input.groupBy,
      rows: rows.filter((r) => !r.isTotal).map((r) => ({ key: r.key, ...figures(r) })),
      total: total
        ? figures(total)
        : figures({
            key: null,
            isTotal: true,
            gross: null,
            taxes: null,
            deductions: null,
            net: null,
            employerCost: null,
            headcountPaid: 0,
            records: 0,
          }),
      otherCurrencyRecords: other,
      refs: paid.map((e) => employeeRef(e.id, e.name)),
    };
  },
});

export const trainingDueTool = defineTool({
  name: "people_training_due",
  module: "people",
  title: "Training due",
  description:
    "Uncompleted training due within N days or overdue, by employee, and certifications expiring within N days or already lapsed. For one item use training_items_get; to mark one done use training_items_write.",
  input: z.strictObject({
    withinDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(30)
      .describe("look this many days ahead (overdue items are always included)"),
    employeeId: employeeId.optional(),
    limit: z.number().int().min(1).max(200).default(50).describe("most employees / certifications to list"),
  }),
  output: withRefs({
    asOf: z.string(),
    horizon: z.string().describe("last due/expiry date included"),
    overdue: z.number().int().describe("uncompleted items past their due date"),
    dueSoon: z.number().int().describe("uncompleted items due from today to the horizon"),
    employees: z.array(
      z.object({
        employeeId: z.string(),
        name: z.string(),
        department: z.string().nullable(),
        overdue: z.number().int(),
        dueSoon: z.number().int(),
        items: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            kind: z.string(),
            status: z.string(),
            dueOn: z.string(),
            daysLeft: z.number().int().describe("negative when overdue"),
          }),
        ),
      }),
    ),
    totalEmployees: z.number().int(),
    expired: z.number().int().describe("certifications already lapsed and not renewed"),
    expiringSoon: z.number().int().describe("certifications lapsing from today to the horizon"),
    certifications: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.string(),
        employeeId: z.string(),
        name: z.string(),
        completedOn: z.string().nullable(),
        expiresOn: z.string(),
        daysLeft: z.number().int().describe("negative when already lapsed"),
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const now = today(ctx);
    const horizon = addDays(now, input.withinDays);
    const p = {
      businessId: ctx.business.id,
      today: now,
      horizon,
      employeeId: input.employeeId,
      limit: input.limit,
    };
    const [due, certs] = await Promise.all([
      trainingDueByEmployee(ctx.db, p),
      expiringCertifications(ctx.db, p),
    ]);
    const certTotal = certs[0]?.total ?? 0;
    const expired = certs[0]?.expired ?? 0;
    const refs: Ref[] = [
      ...due.flatMap((e) =>
        e.items.map((i) => ({ type: "training", id: i.id, label: `${i.title} (${e.name})` })),
      ),
      ...certs.map((c) => ({ type: "training", id: c.id, label: `${c.title} (${c.name})` })),
    ];
    return {
      asOf: now,
      horizon,
      overdue: due[0]?.totalOverdue ?? 0,
      dueSoon: due[0]?.totalDueSoon ?? 0,
      employees: due.map(({ totalEmployees: _e, totalOverdue: _o, totalDueSoon: _d, ...e }) => e),
      totalEmployees: due[0]?.totalEmployees ?? 0,
      expired,
      expiringSoon: certTotal - expired,
      certifications: certs.map(({ total: _t, expired: _x, ...c }) => c),
      refs: uniqueRefs(refs),
    };
  },
});

/** Drops repeated ids and caps the list at REF_CAP. */
function uniqueRefs(refs: Ref[]): Ref[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.id) && seen.add(r.id)).slice(0, REF_CAP);
}

export const peopleTools: AnyTool[] = [
  headcountTool,
  timeOffOverlapsTool,
  payrollSummaryTool,
  trainingDueTool,
];
