/**
 * Strategy tools: KPIs with their trend and goal progress. The module's list also carries the cross-module
 * snapshots business_overview and period_summary (tools/overview.ts), which read the same queries.
 */
import { z } from "zod";
import * as q from "../db/queries/strategy.js";
import { GOAL_STATUSES, KPI_DIRECTIONS, KPI_UNITS } from "../db/schema/strategy.js";
import { today } from "./dates.js";
import { type AnyTool, defineTool, refSchema, type ToolContext, withRefs } from "./define.js";
import { fromMinor } from "./money.js";
import { overviewTools, REFS_MAX, ref } from "./overview.js";

/** A KPI or goal figure as decimal text in its unit; currency figures are stored in minor units. */
const figure = (ctx: ToolContext, unit: string | null, v: string | null) =>
  v === null || unit !== "currency" ? v : fromMinor(Math.round(Number(v)), ctx.business.currency);

const decimal = z.string().nullable();

// ── strategy_kpis ──────────────────────────────────────────────────────────────────────────────────────

export const kpisTool = defineTool({
  name: "strategy_kpis",
  module: "strategy",
  title: "KPIs with trend",
  description:
    "Every KPI with its latest and previous value, change, target, trend over recent periods and whether it is on track. For one KPI's full history use kpi_values_list; for goals use strategy_goal_progress.",
  input: z.strictObject({
    keys: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a snake_case KPI key"))
      .min(1)
      .max(50)
      .optional()
      .describe('only these KPI keys, e.g. ["mrr", "gross_margin"]'),
    module: z.string().max(40).optional().describe("only KPIs of this module, e.g. finance"),
    periods: z.number().int().min(2).max(36).default(6).describe("periods in each trend (2–36, default 6)"),
  }),
  output: withRefs({
    asOf: z.string(),
    kpis: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        unit: z.enum(KPI_UNITS),
        currency: z.string().nullable().describe("set for currency KPIs; their figures are decimal amounts"),
        direction: z.enum(KPI_DIRECTIONS),
        frequency: z.string(),
        module: z.string().nullable(),
        target: decimal.describe("decimal text in the KPI's unit"),
        latest: decimal,
        latestPeriodStart: z.string().nullable(),
        previous: decimal,
        change: decimal.describe("latest − previous"),
        changePct: z.number().nullable().describe("change as % of |previous|"),
        onTrack: z
          .boolean()
          .nullable()
          .describe("latest meets the target in the KPI's direction; null without one"),
        improving: z.boolean().nullable().describe("moved the good way since the previous period"),
        trendDirection: z
          .enum(["up", "down", "flat"])
          .nullable()
          .describe("sign of the slope over the trend"),
        trend: z.array(z.object({ periodStart: z.string(), periodEnd: z.string(), value: z.string() })),
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const asOf = today(ctx);
    const rows = await q.kpiSnapshot(ctx.db, { businessId: ctx.business.id, today: asOf, ...input });
    const kpis = rows.map((k) => {
      const f = (v: string | null) => figure(ctx, k.unit, v);
      return {
        ...k,
        unit: k.unit as (typeof KPI_UNITS)[number],
        currency: k.unit === "currency" ? ctx.business.currency : null,
        target: f(k.target),
        latest: f(k.latest),
        previous: f(k.previous),
        change: f(k.change),
        trend: k.trend.map((t) => ({ ...t, value: f(t.value)! })),
      };
    });
    return { asOf, kpis, refs: rows.slice(0, REFS_MAX).map((k) => ref("kpi", k)) };
  },
});

// ── strategy_goal_progress ─────────────────────────────────────────────────────────────────────────────

const goalOut = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(GOAL_STATUSES),
  unit: z.enum(KPI_UNITS).nullable(),
  currency: z.string().nullable(),
  target: decimal,
  current: decimal.describe("the goal's current value, else its KPI's latest"),
  progressPct: z.number().nullable().describe("current ÷ target (target ÷ current for lower-is-better KPIs)"),
  startOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  daysLeft: z.number().int().nullable().describe("negative when past due"),
  timeElapsedPct: z.number().nullable(),
  kpi: refSchema.nullable(),
  riskReasons: z.array(z.enum(q.GOAL_RISK_REASONS)),
});

function goalFacts(ctx: ToolContext, g: q.GoalRow): z.input<typeof goalOut> {
  return {
    id: g.id,
    title: g.title,
    status: g.status as (typeof GOAL_STATUSES)[number],
    unit: g.unit as (typeof KPI_UNITS)[number] | null,
    currency: g.unit === "currency" ? ctx.business.currency : null,
    target: figure(ctx, g.unit, g.target),
    current: figure(ctx, g.unit, g.current),
    progressPct: g.progressPct,
    startOn: g.startOn,
    dueOn: g.dueOn,
    daysLeft: g.daysLeft,
    timeElapsedPct: g.timeElapsedPct,
    kpi: g.kpiId ? { type: "kpi", id: g.kpiId, label: g.kpiName ?? g.kpiId } : null,
    riskReasons: g.riskReasons,
  };
}

export const goalProgressTool = defineTool({
  name: "strategy_goal_progress",
  module: "strategy",
  title: "Goal progress",
  description:
    "Goals with target, current value, % progress, days left and which are at risk (flagged, overdue or behind pace). For KPI trends use strategy_kpis; to edit a goal use goals_write.",
  input: z.strictObject({
    status: z
      .array(z.enum(GOAL_STATUSES))
      .min(1)
      .optional()
      .describe("only goals in these statuses (default: all but achieved and missed)"),
    includeClosed: z.boolean().default(false).describe("also include achieved and missed goals"),
    atRiskOnly: z.boolean().default(false).describe("only goals at risk"),
    limit: z.number().int().min(1).max(100).default(50).describe("most goals listed (1–100, default 50)"),
  }),
  output: withRefs({
    asOf: z.string(),
    total: z.number().int().describe("goals matched"),
    atRiskCount: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    behindPacePoints: z
      .number()
      .describe("behind_pace: progress trails elapsed time by more than this many points"),
    goals: z.array(goalOut).describe("at-risk goals first, then by due date"),
    atRisk: z.array(refSchema).describe("the at-risk goals among those listed"),
  }),
  access: "read",
  async run(ctx, input) {
    const asOf = today(ctx);
    const rows = await q.goalProgress(ctx.db, {
      businessId: ctx.business.id,
      today: asOf,
      statuses: input.status,
      includeClosed: input.includeClosed,
      atRiskOnly: input.atRiskOnly,
      limit: input.limit,
    });
    const refs = rows.map((g) => ref("goal", g));
    return {
      asOf,
      total: rows[0]?.total ?? 0,
      atRiskCount: rows[0]?.atRiskTotal ?? 0,
      byStatus: rows[0]?.byStatus ?? {},
      behindPacePoints: q.BEHIND_PACE_POINTS,
      goals: rows.map((g) => goalFacts(ctx, g)),
      atRisk: refs.filter((_, i) => rows[i]!.atRisk),
      refs: refs.slice(0, REFS_MAX),
    };
  },
});

export const strategyTools: AnyTool[] = [kpisTool, goalProgressTool, ...overviewTools];
