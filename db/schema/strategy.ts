/** Analytics & Strategy (spec §3.9): KPI definitions and their values per period, goals, AI-generated insights. */
import { sql } from "drizzle-orm";
import { check, date, index, jsonb, numeric, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import {
  businessColumns,
  businessTableExtras,
  enumText,
  oneOf,
  searchVector,
  sourceColumns,
  tenantRef,
  tstz,
} from "./columns.js";
import { businesses, users } from "./core.js";

export const KPI_UNITS = ["currency", "count", "percent", "ratio", "days"] as const;
export const KPI_DIRECTIONS = ["higher_is_better", "lower_is_better"] as const;
export const KPI_FREQUENCIES = ["daily", "weekly", "monthly", "quarterly"] as const;
/**
 * A metric the business tracks. `key` is snake_case and unique per business (`mrr`, `gross_margin`);
 * `formula` says in words or SQL-ish terms how it is computed; `module` names the module it comes from.
 * Currency values are in minor units of the business currency.
 */
export const kpiDefinitions = pgTable(
  "kpi_definitions",
  {
    ...businessColumns("kpi"),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    unit: enumText("unit", KPI_UNITS).notNull().default("count"),
    direction: enumText("direction", KPI_DIRECTIONS).notNull().default("higher_is_better"),
    targetValue: numeric("target_value", { mode: "number" }),
    frequency: enumText("frequency", KPI_FREQUENCIES).notNull().default("monthly"),
    formula: text("formula"),
    module: text("module"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "key", "description", "formula"]),
  },
  (t) => [
    ...businessTableExtras("kpi_definitions", t, businesses.id),
    uniqueIndex("kpi_definitions_key_key").on(t.businessId, t.key),
    check("kpi_definitions_key_check", sql`${t.key} ~ '^[a-z][a-z0-9_]*$'`),
    oneOf("kpi_definitions_unit_check", t.unit, KPI_UNITS),
    oneOf("kpi_definitions_direction_check", t.direction, KPI_DIRECTIONS),
    oneOf("kpi_definitions_frequency_check", t.frequency, KPI_FREQUENCIES),
    index("kpi_definitions_module_idx").on(t.businessId, t.module),
  ],
);

/** A KPI's value for one period, deleted with its definition; one value per KPI per period start. */
export const kpiValues = pgTable(
  "kpi_values",
  {
    ...businessColumns("kpv"),
    ...sourceColumns(),
    kpiId: text("kpi_id").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    value: numeric("value", { mode: "number" }).notNull(),
    note: text("note"),
    computedAt: tstz("computed_at").notNull().defaultNow(),
  },
  (t) => [
    ...businessTableExtras("kpi_values", t, businesses.id),
    tenantRef("kpi_values_kpi_id_fk", t, t.kpiId, kpiDefinitions, "cascade"),
    uniqueIndex("kpi_values_kpi_period_key").on(t.businessId, t.kpiId, t.periodStart),
    check("kpi_values_period_check", sql`${t.periodEnd} >= ${t.periodStart}`),
    index("kpi_values_period_idx").on(t.businessId, t.periodStart),
  ],
);

export const GOAL_STATUSES = [
  "not_started",
  "on_track",
  "at_risk",
  "off_track",
  "achieved",
  "missed",
] as const;
/**
 * Something the business aims for by a date, optionally measured by a KPI (then values are in the KPI's unit,
 * else in `unit`). `current_value` is the latest progress.
 */
export const goals = pgTable(
  "goals",
  {
    ...businessColumns("gol"),
    title: text("title").notNull(),
    description: text("description"),
    kpiId: text("kpi_id"),
    unit: enumText("unit", KPI_UNITS),
    targetValue: numeric("target_value", { mode: "number" }),
    currentValue: numeric("current_value", { mode: "number" }),
    startOn: date("start_on", { mode: "string" }),
    dueOn: date("due_on", { mode: "string" }),
    status: enumText("status", GOAL_STATUSES).notNull().default("not_started"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    archivedAt: tstz("archived_at"),
    search: searchVector(["title", "description"]),
  },
  (t) => [
    ...businessTableExtras("goals", t, businesses.id),
    tenantRef("goals_kpi_id_fk", t, t.kpiId, kpiDefinitions, "no action"),
    oneOf("goals_unit_check", t.unit, KPI_UNITS),
    oneOf("goals_status_check", t.status, GOAL_STATUSES),
    check("goals_dates_check", sql`${t.dueOn} >= ${t.startOn}`),
    index("goals_status_due_idx").on(t.businessId, t.status, t.dueOn),
    index("goals_kpi_idx").on(t.businessId, t.kpiId),
  ],
);

/** A record an insight cites, as tools return them: `{ type: "invoice", id: "inv_…", label: "INV-1042" }`. */
export interface InsightRef {
  type: string;
  id: string;
  label: string;
}

export const INSIGHT_KINDS = ["risk", "opportunity", "summary", "recommendation", "anomaly"] as const;
export const INSIGHT_SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export const INSIGHT_STATUSES = ["new", "acknowledged", "dismissed", "done"] as const;
/**
 * A suggestion or alert generated by the AI ("License expires in 2 weeks"), citing records in `refs`.
 * Past `expires_at` it is no longer shown; `status` records what a person did with it.
 */
export const aiInsights = pgTable(
  "ai_insights",
  {
    ...businessColumns("ins"),
    kind: enumText("kind", INSIGHT_KINDS).notNull(),
    severity: enumText("severity", INSIGHT_SEVERITIES).notNull().default("info"),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    module: text("module"),
    refs: jsonb("refs").$type<InsightRef[]>().notNull().default([]),
    status: enumText("status", INSIGHT_STATUSES).notNull().default("new"),
    generatedAt: tstz("generated_at").notNull().defaultNow(),
    expiresAt: tstz("expires_at"),
    decidedByUserId: text("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: tstz("decided_at"),
    search: searchVector(["title", "body"]),
  },
  (t) => [
    ...businessTableExtras("ai_insights", t, businesses.id),
    oneOf("ai_insights_kind_check", t.kind, INSIGHT_KINDS),
    oneOf("ai_insights_severity_check", t.severity, INSIGHT_SEVERITIES),
    oneOf("ai_insights_status_check", t.status, INSIGHT_STATUSES),
    index("ai_insights_status_generated_idx").on(t.businessId, t.status, t.generatedAt),
    index("ai_insights_module_idx").on(t.businessId, t.module),
  ],
);
