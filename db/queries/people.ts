/**
 * People analytics in SQL: headcount, time-off overlaps, payroll totals and training due. Every aggregate is
 * computed by the database; dates come in as YYYY-MM-DD strings ("today" is the caller's business-local date).
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";

/** Money sums leave SQL as text (bigint-safe on both drivers); convert with BigInt at the edge. */
export type MinorText = string | null;

const fullName = (e: string) => sql.raw(`trim(${e}.first_name || coalesce(' ' || ${e}.last_name, ''))`);

export interface HeadcountGroupRow {
  department: string | null;
  employmentType: string | null;
  /** grouping(department, employment_type): 0 both, 1 per department, 2 per employment type, 3 total. */
  level: number;
  active: number;
  onLeave: number;
}

/** Current active / on-leave employees by department × employment type, with subtotals and a total. */
export async function headcountGroups(
  db: Db,
  p: { businessId: string; department?: string },
): Promise<HeadcountGroupRow[]> {
  return queryRows<HeadcountGroupRow>(
    db,
    sql`select department, employment_type as "employmentType",
          grouping(department, employment_type)::int as level,
          count(*) filter (where status = 'active')::int as active,
          count(*) filter (where status = 'on_leave')::int as "onLeave"
        from employees
        where business_id = ${p.businessId} and archived_at is null and status in ('active', 'on_leave')
          ${p.department === undefined ? sql`` : sql`and department = ${p.department}`}
        group by grouping sets ((department, employment_type), (department), (employment_type), ())
        order by level, department nulls last, employment_type`,
  );
}

export interface StaffChangeRow {
  kind: "hire" | "termination";
  date: string;
  employeeId: string;
  name: string;
  department: string | null;
  employmentType: string;
  hires: number;
  terminations: number;
}

/** Hires (hired_on) and terminations (terminated_on) dated within [from, to], with the totals on every row. */
export async function staffChanges(
  db: Db,
  p: { businessId: string; from: string; to: string; department?: string; limit: number },
): Promise<StaffChangeRow[]> {
  return queryRows<StaffChangeRow>(
    db,
    sql`select ev.kind, ev.event_on::text as date, e.id as "employeeId", ${fullName("e")} as name,
          e.department, e.employment_type as "employmentType",
          count(*) filter (where ev.kind = 'hire') over ()::int as hires,
          count(*) filter (where ev.kind = 'termination') over ()::int as terminations
        from employees e
        cross join lateral (values ('hire', e.hired_on), ('termination', e.terminated_on)) as ev(kind, event_on)
        where e.business_id = ${p.businessId}
          and (e.hired_on between ${p.from} and ${p.to} or e.terminated_on between ${p.from} and ${p.to})
          and ev.event_on between ${p.from} and ${p.to}
          ${p.department === undefined ? sql`` : sql`and e.department = ${p.department}`}
        order by ev.event_on, ev.kind, name
        limit ${p.limit}`,
  );
}

interface TimeOffFilter {
  businessId: string;
  from: string;
  to: string;
  department?: string;
}

/** Approved and pending requests that touch [from, to], joined to their employee. */
const openRequests = (p: TimeOffFilter): SQL =>
  sql`select r.id, r.employee_id, ${fullName("e")} as name, e.department, r.kind, r.status,
        r.starts_on, r.ends_on, r.days
      from time_off_requests r
      join employees e on e.business_id = r.business_id and e.id = r.employee_id
      where r.business_id = ${p.businessId} and r.status in ('approved', 'pending')
        and r.starts_on <= ${p.to} and r.ends_on >= ${p.from}
        ${p.department === undefined ? sql`` : sql`and e.department = ${p.department}`}`;

export interface TimeOffRequestRow {
  id: string;
  employeeId: string;
  name: string;
  department: string | null;
  kind: string;
  status: "approved" | "pending";
  startsOn: string;
  endsOn: string;
  days: number;
  /** Days of the request that fall inside the window. */
  daysInWindow: number;
  total: number;
  approved: number;
  pending: number;
}

export async function timeOffRequestsInWindow(
  db: Db,
  p: TimeOffFilter & { limit: number },
): Promise<TimeOffRequestRow[]> {
  return queryRows<TimeOffRequestRow>(
    db,
    sql`select r.id, r.employee_id as "employeeId", r.name, r.department, r.kind, r.status,
          r.starts_on::text as "startsOn", r.ends_on::text as "endsOn", r.days::float8 as days,
          (least(r.ends_on, ${p.to}::date) - greatest(r.starts_on, ${p.from}::date) + 1)::int as "daysInWindow",
          count(*) over ()::int as total,
          count(*) filter (where r.status = 'approved') over ()::int as approved,
          count(*) filter (where r.status = 'pending') over ()::int as pending
        from (${openRequests(p)}) r
        order by r.starts_on, r.ends_on, r.name
        limit ${p.limit}`,
  );
}

export interface OverlapDayRow {
  date: string;
  count: number;
  people: { employeeId: string; name: string; requestId: string; status: string; kind: string }[];
}

/** Calendar days in [from, to] on which at least `minPeople` different employees are off (approved or pending). */
export async function timeOffOverlapDays(
  db: Db,
  p: TimeOffFilter & { minPeople: number },
): Promise<OverlapDayRow[]> {
  return queryRows<OverlapDayRow>(
    db,
    sql`with off as (
          select distinct on (d.day, r.employee_id) d.day, r.employee_id, r.name, r.id, r.status, r.kind
          from (${openRequests(p)}) r
          cross join lateral (
            select greatest(r.starts_on, ${p.from}::date) + i as day
            from generate_series(0, least(r.ends_on, ${p.to}::date) - greatest(r.starts_on, ${p.from}::date)) as i
          ) d
          order by d.day, r.employee_id, r.status, r.id
        )
        select day::text as date, count(*)::int as count,
          json_agg(json_build_object('employeeId', employee_id, 'name', name, 'requestId', id,
            'status', status, 'kind', kind) order by name, employee_id) as people
        from off
        group by day
        having count(*) >= ${p.minPeople}
        order by day`,
  );
}

export interface PayrollTotalsRow {
  key: string | null;
  isTotal: boolean;
  gross: MinorText;
  taxes: MinorText;
  deductions: MinorText;
  net: MinorText;
  employerCost: MinorText;
  headcountPaid: number;
  records: number;
}

interface PayrollFilter {
  businessId: string;
  from: string;
  to: string;
  currency: string;
  statuses: readonly string[];
}

const payrollWhere = (p: PayrollFilter) =>
  sql`p.business_id = ${p.businessId} and p.pay_date between ${p.from} and ${p.to}
      and p.status in (${sql.join(
        p.statuses.map((s) => sql`${s}`),
        sql`, `,
      )})`;

/** Payroll totals by pay month (YYYY-MM) or by the employee's department, plus a grand total row. */
export async function payrollTotals(
  db: Db,
  p: PayrollFilter & { groupBy: "month" | "department" },
): Promise<PayrollTotalsRow[]> {
  const key = p.groupBy === "month" ? sql`to_char(p.pay_date, 'YYYY-MM')` : sql`e.department`;
  return queryRows<PayrollTotalsRow>(
    db,
    sql`select ${key} as key, grouping(${key}) = 1 as "isTotal",
          sum(p.gross_minor)::text as gross, sum(p.taxes_minor)::text as taxes,
          sum(p.deductions_minor)::text as deductions, sum(p.net_minor)::text as net,
          sum(p.employer_cost_minor)::text as "employerCost",
          count(distinct p.employee_id)::int as "headcountPaid", count(*)::int as records
        from payroll_records p
        join employees e on e.business_id = p.business_id and e.id = p.employee_id
        where ${payrollWhere(p)} and p.currency = ${p.currency}
        group by grouping sets ((${key}), ())
        order by "isTotal", key nulls last`,
  );
}

/** Payroll records in the period in a currency other than `currency` (left out of the totals). */
export async function payrollOtherCurrencyCount(db: Db, p: PayrollFilter): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from payroll_records p where ${payrollWhere(p)} and p.currency <> ${p.currency}`,
  );
  return row?.n ?? 0;
}

/** The employees paid in the period, largest gross first (for citations). */
export async function payrollEmployees(
  db: Db,
  p: PayrollFilter & { limit: number },
): Promise<{ id: string; name: string }[]> {
  return queryRows(
    db,
    sql`select e.id, ${fullName("e")} as name
        from payroll_records p
        join employees e on e.business_id = p.business_id and e.id = p.employee_id
        where ${payrollWhere(p)} and p.currency = ${p.currency}
        group by e.id, e.first_name, e.last_name
        order by sum(p.gross_minor) desc, name
        limit ${p.limit}`,
  );
}

export interface TrainingDueRow {
  employeeId: string;
  name: string;
  department: string | null;
  overdue: number;
  dueSoon: number;
  items: {
    id: string;
    title: string;
    kind: string;
    status: string;
    dueOn: string;
    daysLeft: number;
  }[];
  totalEmployees: number;
  totalOverdue: number;
  totalDueSoon: number;
}

/**
 * Uncompleted training due on or before `horizon` (overdue included), grouped by current employee, employees
 * with the earliest due item first.
 */
export async function trainingDueByEmployee(
  db: Db,
  p: { businessId: string; today: string; horizon: string; employeeId?: string; limit: number },
): Promise<TrainingDueRow[]> {
  return queryRows<TrainingDueRow>(
    db,
    sql`select e.id as "employeeId", ${fullName("e")} as name, e.department,
          count(*) filter (where t.due_on < ${p.today})::int as overdue,
          count(*) filter (where t.due_on >= ${p.today})::int as "dueSoon",
          json_agg(json_build_object('id', t.id, 'title', t.title, 'kind', t.kind, 'status', t.status,
            'dueOn', t.due_on, 'daysLeft', t.due_on - ${p.today}::date) order by t.due_on, t.title) as items,
          count(*) over ()::int as "totalEmployees",
          sum(count(*) filter (where t.due_on < ${p.today})) over ()::int as "totalOverdue",
          sum(count(*) filter (where t.due_on >= ${p.today})) over ()::int as "totalDueSoon"
        from training_items t
        join employees e on e.business_id = t.business_id and e.id = t.employee_id
        where t.business_id = ${p.businessId} and t.completed_on is null and t.status <> 'completed'
          and t.due_on <= ${p.horizon} and e.status <> 'terminated' and e.archived_at is null
          ${p.employeeId === undefined ? sql`` : sql`and t.employee_id = ${p.employeeId}`}
        group by e.id, e.first_name, e.last_name, e.department
        order by min(t.due_on), name
        limit ${p.limit}`,
  );
}

export interface ExpiringCertificationRow {
  id: string;
  title: string;
  kind: string;
  employeeId: string;
  name: string;
  completedOn: string | null;
  expiresOn: string;
  daysLeft: number;
  total: number;
  expired: number;
}

/**
 * Completed trainings whose `expires_on` is on or before `horizon` (already lapsed included) for current
 * employees, unless the same employee holds a later-expiring completion of the same title (renewed).
 */
export async function expiringCertifications(
  db: Db,
  p: { businessId: string; today: string; horizon: string; employeeId?: string; limit: number },
): Promise<ExpiringCertificationRow[]> {
  return queryRows<ExpiringCertificationRow>(
    db,
    sql`select c.id, c.title, c.kind, c.employee_id as "employeeId", c.name,
          c.completed_on::text as "completedOn", c.expires_on::text as "expiresOn",
          (c.expires_on - ${p.today}::date)::int as "daysLeft",
          count(*) over ()::int as total,
          count(*) filter (where c.expires_on < ${p.today}) over ()::int as expired
        from (
          select t.id, t.title, t.kind, t.employee_id, ${fullName("e")} as name, t.completed_on, t.expires_on,
            max(t.expires_on) over (partition by t.employee_id, lower(t.title)) as latest
          from training_items t
          join employees e on e.business_id = t.business_id and e.id = t.employee_id
          where t.business_id = ${p.businessId} and t.expires_on is not null
            and (t.completed_on is not null or t.status = 'completed')
            and e.status <> 'terminated' and e.archived_at is null
            ${p.employeeId === undefined ? sql`` : sql`and t.employee_id = ${p.employeeId}`}
        ) c
        where c.expires_on = c.latest and c.expires_on <= ${p.horizon}
        order by c.expires_on, c.name, c.title
        limit ${p.limit}`,
  );
}
