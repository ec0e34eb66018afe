/** HR / People (spec §3.4): positions, employees, payroll meta, time off, performance notes and training. */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  businessColumns,
  businessTableExtras,
  currency,
  enumText,
  money,
  nonNegative,
  oneOf,
  searchVector,
  sourceColumns,
  tenantRef,
  trigramIndex,
  tstz,
} from "./columns.js";
import { businesses, users } from "./core.js";

/** A role in the organisation (filled or open) with its salary band in minor units per year. */
export const positions = pgTable(
  "positions",
  {
    ...businessColumns("pos"),
    ...sourceColumns(),
    title: text("title").notNull(),
    department: text("department"),
    level: text("level"),
    description: text("description"),
    salaryMinMinor: money("salary_min_minor"),
    salaryMaxMinor: money("salary_max_minor"),
    currency: currency(),
    isOpen: boolean("is_open").notNull().default(false),
    archivedAt: tstz("archived_at"),
    search: searchVector(["title", "department", "description"]),
  },
  (t) => [
    ...businessTableExtras("positions", t, businesses.id),
    nonNegative("positions_salary_min_minor_check", t.salaryMinMinor),
    nonNegative("positions_salary_max_minor_check", t.salaryMaxMinor),
    check("positions_salary_band_check", sql`${t.salaryMaxMinor} >= ${t.salaryMinMinor}`),
    index("positions_department_idx").on(t.businessId, t.department),
    index("positions_open_idx").on(t.businessId, t.isOpen),
  ],
);

export const EMPLOYMENT_TYPES = ["full_time", "part_time", "contractor", "intern"] as const;
export const EMPLOYEE_STATUSES = ["active", "on_leave", "terminated"] as const;
/**
 * A person who works for the business. `salary_minor` is annual, `hourly_rate_minor` per hour (either or both);
 * `user_id` links the employee to their login, at most one employee per user.
 */
export const employees = pgTable(
  "employees",
  {
    ...businessColumns("emp"),
    ...sourceColumns(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name"),
    email: text("email"),
    phone: text("phone"),
    positionId: text("position_id"),
    managerId: text("manager_id"),
    department: text("department"),
    employmentType: enumText("employment_type", EMPLOYMENT_TYPES).notNull().default("full_time"),
    status: enumText("status", EMPLOYEE_STATUSES).notNull().default("active"),
    hiredOn: date("hired_on", { mode: "string" }),
    terminatedOn: date("terminated_on", { mode: "string" }),
    salaryMinor: money("salary_minor"),
    hourlyRateMinor: money("hourly_rate_minor"),
    currency: currency(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    location: text("location"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["first_name", "last_name", "email", "department", "location", "notes"]),
  },
  (t) => [
    ...businessTableExtras("employees", t, businesses.id),
    trigramIndex("employees_first_name_trgm_idx", t.firstName),
    trigramIndex("employees_last_name_trgm_idx", t.lastName),
    tenantRef("employees_position_id_fk", t, t.positionId, positions, "no action"),
    tenantRef("employees_manager_id_fk", t, t.managerId, t, "no action"),
    oneOf("employees_employment_type_check", t.employmentType, EMPLOYMENT_TYPES),
    oneOf("employees_status_check", t.status, EMPLOYEE_STATUSES),
    nonNegative("employees_salary_minor_check", t.salaryMinor),
    nonNegative("employees_hourly_rate_minor_check", t.hourlyRateMinor),
    check("employees_not_own_manager_check", sql`${t.managerId} <> ${t.id}`),
    check("employees_dates_check", sql`${t.terminatedOn} >= ${t.hiredOn}`),
    uniqueIndex("employees_user_key").on(t.businessId, t.userId).where(sql`${t.userId} is not null`),
    index("employees_status_idx").on(t.businessId, t.status),
    index("employees_department_idx").on(t.businessId, t.department),
    index("employees_manager_idx").on(t.businessId, t.managerId),
    index("employees_position_idx").on(t.businessId, t.positionId),
    index("employees_hired_idx").on(t.businessId, t.hiredOn),
    index("employees_name_idx").on(t.businessId, t.lastName, t.firstName),
  ],
);

export const PAYROLL_STATUSES = ["draft", "approved", "paid"] as const;
/**
 * One pay run for one employee — metadata only, no payment is made from here. Kept as history: an employee with
 * payroll records cannot be deleted (terminate or archive instead).
 */
export const payrollRecords = pgTable(
  "payroll_records",
  {
    ...businessColumns("pay"),
    ...sourceColumns(),
    employeeId: text("employee_id").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    payDate: date("pay_date", { mode: "string" }).notNull(),
    grossMinor: money("gross_minor").notNull().default(0),
    taxesMinor: money("taxes_minor").notNull().default(0),
    deductionsMinor: money("deductions_minor").notNull().default(0),
    netMinor: money("net_minor").notNull().default(0),
    employerCostMinor: money("employer_cost_minor").notNull().default(0),
    currency: currency(),
    status: enumText("status", PAYROLL_STATUSES).notNull().default("draft"),
    notes: text("notes"),
  },
  (t) => [
    ...businessTableExtras("payroll_records", t, businesses.id),
    tenantRef("payroll_records_employee_id_fk", t, t.employeeId, employees, "no action"),
    oneOf("payroll_records_status_check", t.status, PAYROLL_STATUSES),
    nonNegative("payroll_records_gross_minor_check", t.grossMinor),
    nonNegative("payroll_records_taxes_minor_check", t.taxesMinor),
    nonNegative("payroll_records_deductions_minor_check", t.deductionsMinor),
    nonNegative("payroll_records_net_minor_check", t.netMinor),
    nonNegative("payroll_records_employer_cost_minor_check", t.employerCostMinor),
    check("payroll_records_period_check", sql`${t.periodEnd} >= ${t.periodStart}`),
    index("payroll_records_pay_date_idx").on(t.businessId, t.payDate),
    index("payroll_records_employee_idx").on(t.businessId, t.employeeId, t.periodStart),
    index("payroll_records_status_idx").on(t.businessId, t.status),
  ],
);

export const TIME_OFF_KINDS = ["vacation", "sick", "personal", "parental", "unpaid", "other"] as const;
export const TIME_OFF_STATUSES = ["pending", "approved", "rejected", "cancelled"] as const;
/** A request for time off over whole dates (inclusive); `days` may be fractional (half days). */
export const timeOffRequests = pgTable(
  "time_off_requests",
  {
    ...businessColumns("tor"),
    ...sourceColumns(),
    employeeId: text("employee_id").notNull(),
    kind: enumText("kind", TIME_OFF_KINDS).notNull().default("vacation"),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    days: numeric("days", { precision: 6, scale: 2, mode: "number" }).notNull(),
    status: enumText("status", TIME_OFF_STATUSES).notNull().default("pending"),
    approverUserId: text("approver_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: tstz("decided_at"),
    reason: text("reason"),
  },
  (t) => [
    ...businessTableExtras("time_off_requests", t, businesses.id),
    tenantRef("time_off_requests_employee_id_fk", t, t.employeeId, employees, "cascade"),
    oneOf("time_off_requests_kind_check", t.kind, TIME_OFF_KINDS),
    oneOf("time_off_requests_status_check", t.status, TIME_OFF_STATUSES),
    check("time_off_requests_days_check", sql`${t.days} > 0`),
    check("time_off_requests_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
    index("time_off_requests_employee_idx").on(t.businessId, t.employeeId, t.startsOn),
    index("time_off_requests_status_idx").on(t.businessId, t.status, t.startsOn),
  ],
);

export const PERFORMANCE_NOTE_KINDS = ["praise", "feedback", "review", "warning", "goal"] as const;
/** A note on an employee's performance, with an optional 1..5 rating. Sensitive: hidden from the Staff role. */
export const performanceNotes = pgTable(
  "performance_notes",
  {
    ...businessColumns("prf"),
    ...sourceColumns(),
    employeeId: text("employee_id").notNull(),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: enumText("kind", PERFORMANCE_NOTE_KINDS).notNull().default("feedback"),
    rating: integer("rating"),
    body: text("body").notNull(),
    notedOn: date("noted_on", { mode: "string" }).notNull().default(sql`current_date`),
    search: searchVector(["body"]),
  },
  (t) => [
    ...businessTableExtras("performance_notes", t, businesses.id),
    tenantRef("performance_notes_employee_id_fk", t, t.employeeId, employees, "cascade"),
    oneOf("performance_notes_kind_check", t.kind, PERFORMANCE_NOTE_KINDS),
    check("performance_notes_rating_check", sql`${t.rating} between 1 and 5`),
    index("performance_notes_employee_idx").on(t.businessId, t.employeeId, t.notedOn),
    index("performance_notes_kind_idx").on(t.businessId, t.kind, t.notedOn),
  ],
);

export const TRAINING_KINDS = ["onboarding", "compliance", "safety", "skill", "certification"] as const;
export const TRAINING_STATUSES = ["assigned", "in_progress", "completed", "overdue"] as const;
/** A training or certification assigned to an employee; `expires_on` is when a completed certification lapses. */
export const trainingItems = pgTable(
  "training_items",
  {
    ...businessColumns("trn"),
    ...sourceColumns(),
    employeeId: text("employee_id").notNull(),
    title: text("title").notNull(),
    kind: enumText("kind", TRAINING_KINDS).notNull().default("skill"),
    assignedOn: date("assigned_on", { mode: "string" }).notNull().default(sql`current_date`),
    dueOn: date("due_on", { mode: "string" }),
    completedOn: date("completed_on", { mode: "string" }),
    status: enumText("status", TRAINING_STATUSES).notNull().default("assigned"),
    expiresOn: date("expires_on", { mode: "string" }),
    notes: text("notes"),
    search: searchVector(["title", "notes"]),
  },
  (t) => [
    ...businessTableExtras("training_items", t, businesses.id),
    tenantRef("training_items_employee_id_fk", t, t.employeeId, employees, "cascade"),
    oneOf("training_items_kind_check", t.kind, TRAINING_KINDS),
    oneOf("training_items_status_check", t.status, TRAINING_STATUSES),
    check("training_items_completed_check", sql`${t.status} <> 'completed' or ${t.completedOn} is not null`),
    index("training_items_employee_idx").on(t.businessId, t.employeeId, t.dueOn),
    index("training_items_status_due_idx").on(t.businessId, t.status, t.dueOn),
    index("training_items_expires_idx").on(t.businessId, t.expiresOn),
  ],
);
