/** Sales analytics tools (pipeline, won/lost, lead scores, activity); figures come from db/queries/sales.ts. */

import { z } from "zod";
import { idPattern } from "../db/ids.js";
import {
  ACTIVITY_KIND_KEYS,
  activityByUser,
  activityTotals,
  closedDeals,
  findPipeline,
  LEAD_SCORE_MAX,
  leadScores,
  type Period,
  pipelineByStage,
  type SalesScope,
  staleDeals,
  topLostReasons,
  topOpenDeals,
  wonDealBenchmark,
  wonLost,
} from "../db/queries/sales.js";
import { LEAD_STATUSES } from "../db/schema/sales.js";
import { addDays, checkPeriod, isoDate, today } from "./dates.js";
import { type AnyTool, defineTool, type Ref, type ToolContext, withRefs } from "./define.js";
import { entityByType } from "./entities.js";
import { ToolNotFound } from "./errors.js";
import { money, moneyOrNull } from "./money.js";
import { refOf } from "./records.js";

// ── helpers shared by the sales, marketing and support analytics tools ──────────────────────────────────

/** Optional period fields; the handler fills the defaults with `resolvePeriod`. */
export const optionalPeriod = (defaultFrom: string) => ({
  from: isoDate.optional().describe(`first day, YYYY-MM-DD (default ${defaultFrom})`),
  to: isoDate.optional().describe("last day, YYYY-MM-DD, inclusive (default today)"),
});

/** The period asked for, defaulting to the `defaultDays` days ending today (business time zone). */
export function resolvePeriod(
  ctx: ToolContext,
  input: { from?: string; to?: string },
  defaultDays: number,
): Period {
  const t = today(ctx);
  const to = input.to ?? (input.from && input.from > t ? addDays(input.from, defaultDays - 1) : t);
  const from = input.from ?? addDays(to, -(defaultDays - 1));
  return checkPeriod({ from, to });
}

export const scopeOf = (ctx: ToolContext): SalesScope => ({
  businessId: ctx.business.id,
  currency: ctx.business.currency,
  timezone: ctx.business.timezone,
});

/** A ref for a row of the given record type (the row carries the label columns). */
export const ref = (type: string, row: object): Ref =>
  refOf(entityByType(type)!, row as Record<string, unknown>);

export const amount = z.string().describe("decimal amount in `currency`, e.g. 1234.50");
export const periodOut = z
  .object({ from: z.string(), to: z.string() })
  .describe("the period reported, inclusive");
export const limitInput = (def: number, max: number, what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(max)
    .default(def)
    .describe(`how many ${what} to return (default ${def}, max ${max})`);

const pipelineIdInput = z
  .string()
  .regex(idPattern("pip"), "must be a pip_ id")
  .optional()
  .describe("pipeline id (pip_…); default: the default pipeline. Find ids with pipelines_list");

// ── tools ────────────────────────────────────────────────────────────────────────────────────────────

export const salesPipeline = defineTool({
  name: "sales_pipeline",
  module: "sales",
  title: "Sales pipeline by stage",
  description:
    "Open deals by stage of the default (or a given) pipeline: count, value and probability-weighted value, with totals. For closed deals use sales_won_lost; for one deal use deals_get.",
  input: z.strictObject({ pipelineId: pipelineIdInput }),
  output: withRefs({
    pipeline: z.object({ id: z.string(), name: z.string() }),
    currency: z.string(),
    stages: z.array(
      z.object({
        stageId: z.string(),
        name: z.string(),
        kind: z
          .string()
          .describe("open, won or lost (won/lost stages appear only when open deals sit in them)"),
        probabilityPct: z.number().describe("the stage's default win probability"),
        deals: z.number().int(),
        value: amount,
        weightedValue: amount.describe("Σ amount × (deal probability, else the stage's)"),
      }),
    ),
    totals: z.object({ deals: z.number().int(), value: amount, weightedValue: amount }),
    otherCurrencyDeals: z.number().int().describe("open deals in other currencies, left out of the figures"),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const pipeline = await findPipeline(ctx.db, s.businessId, input.pipelineId);
    if (!pipeline) {
      throw new ToolNotFound(
        input.pipelineId
          ? `No pipeline with id ${input.pipelineId} in this business.`
          : "This business has no sales pipeline yet; create one with pipelines_write.",
      );
    }
    const rows = await pipelineByStage(ctx.db, s, pipeline.id);
    const deals = await topOpenDeals(ctx.db, s.businessId, pipeline.id, 49);
    const first = rows[0];
    const c = s.currency;
    return {
      pipeline,
      currency: c,
      stages: rows.map((r) => ({
        stageId: r.id,
        name: r.name,
        kind: r.kind,
        probabilityPct: r.probability_bp / 100,
        deals: r.deals,
        value: money(r.value_minor, c),
        weightedValue: money(r.weighted_minor, c),
      })),
      totals: {
        deals: first?.total_deals ?? 0,
        value: money(first?.total_value_minor, c),
        weightedValue: money(first?.total_weighted_minor, c),
      },
      otherCurrencyDeals: first?.total_other_currency_deals ?? 0,
      refs: [ref("pipeline", pipeline), ...deals.map((d) => ref("deal", d))],
    };
  },
});

export const salesWonLost = defineTool({
  name: "sales_won_lost",
  module: "sales",
  title: "Deals won and lost",
  description:
    "Deals closed in a period (default the last 90 days): won/lost counts and values, win rate, average sales cycle and the top lost reasons. For the open pipeline use sales_pipeline.",
  input: z.strictObject({
    ...optionalPeriod("89 days before `to`"),
    pipelineId: pipelineIdInput.describe("only deals of this pipeline (pip_…); default all pipelines"),
  }),
  output: withRefs({
    period: periodOut,
    currency: z.string(),
    won: z.object({ deals: z.number().int(), value: amount }),
    lost: z.object({ deals: z.number().int(), value: amount }),
    winRatePct: z.number().nullable().describe("won ÷ (won + lost) × 100; null when nothing closed"),
    avgCycleDays: z
      .object({ won: z.number().nullable(), lost: z.number().nullable(), all: z.number().nullable() })
      .describe("average days from a deal's creation to closed_on"),
    topLostReasons: z.array(
      z.object({
        reason: z.string().nullable().describe("null = no reason recorded"),
        deals: z.number().int(),
        value: amount,
      }),
    ),
    otherCurrencyDeals: z.number().int().describe("closed deals in other currencies: counted, not in values"),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const p = resolvePeriod(ctx, input, 90);
    const totals = await wonLost(ctx.db, s, p, input.pipelineId);
    const reasons = await topLostReasons(ctx.db, s, p, 5, input.pipelineId);
    const deals = await closedDeals(ctx.db, s, p, 50, input.pipelineId);
    const c = s.currency;
    return {
      period: p,
      currency: c,
      won: { deals: totals.won, value: money(totals.won_minor, c) },
      lost: { deals: totals.lost, value: money(totals.lost_minor, c) },
      winRatePct: totals.win_rate_pct,
      avgCycleDays: { won: totals.avg_cycle_won, lost: totals.avg_cycle_lost, all: totals.avg_cycle_all },
      topLostReasons: reasons.map((r) => ({
        reason: r.reason,
        deals: r.deals,
        value: money(r.value_minor, c),
      })),
      otherCurrencyDeals: totals.other_currency_deals,
      refs: deals.map((d) => ref("deal", d)),
    };
  },
});

const OPEN_LEAD_STATUSES = LEAD_STATUSES.filter((x) => x !== "unqualified" && x !== "converted") as [
  string,
  ...string[],
];

export const salesLeadScores = defineTool({
  name: "sales_lead_scores",
  module: "sales",
  title: "Lead scores",
  description:
    "Scores open leads 0–100 and lists the most likely to close, with each factor's points: status (qualified 30, contacted 15, new 5), last touch (≤7 d 20, ≤30 d 10, ≤90 d 5), estimated value vs the average deal won in the last year (≥ avg 20, ≥ half 10, less 5; 10 when no deals were won), source (referral 15, event/web 10, outbound/social/ads 5), activities in 90 days (5+ 15, 3–4 10, 1–2 5). For one lead use leads_get.",
  input: z.strictObject({
    limit: limitInput(10, 50, "leads"),
    status: z.enum(OPEN_LEAD_STATUSES).optional().describe("only open leads with this status"),
    ownerUserId: z
      .string()
      .regex(idPattern("usr"), "must be a usr_ id")
      .optional()
      .describe("only leads owned by this user (usr_…)"),
  }),
  output: withRefs({
    currency: z.string(),
    openLeads: z.number().int().describe("open leads scored (before the limit)"),
    averageScore: z.number().nullable(),
    maxPoints: z
      .object({
        status: z.number(),
        recency: z.number(),
        value: z.number(),
        source: z.number(),
        activity: z.number(),
      })
      .describe("the most each factor can add; they sum to 100"),
    valueBenchmark: amount
      .nullable()
      .describe("average amount of deals won in the last 365 days; null when none were won"),
    leads: z.array(
      z.object({
        leadId: z.string(),
        name: z.string(),
        company: z.string().nullable(),
        status: z.string(),
        sourceChannel: z.string(),
        estimatedValue: z.string().nullable().describe("decimal amount in the lead's currency"),
        leadCurrency: z.string(),
        lastTouchAt: z.string().nullable().describe("latest of last contacted and last activity (UTC)"),
        activities90d: z.number().int(),
        score: z.number().int(),
        points: z.object({
          status: z.number().int(),
          recency: z.number().int(),
          value: z.number().int(),
          source: z.number().int(),
          activity: z.number().int(),
        }),
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const asOf = today(ctx);
    const rows = await leadScores(ctx.db, s, { now: ctx.now, today: asOf, ...input });
    const first = rows[0];
    const bench = first ? first.benchmark_minor : await wonDealBenchmark(ctx.db, s, asOf);
    return {
      currency: s.currency,
      openLeads: first?.open_leads ?? 0,
      averageScore: first?.avg_score ?? null,
      maxPoints: { ...LEAD_SCORE_MAX },
      valueBenchmark: moneyOrNull(bench, s.currency),
      leads: rows.map((r) => ({
        leadId: r.id,
        name: r.name,
        company: r.company,
        status: r.status,
        sourceChannel: r.source_channel,
        estimatedValue: moneyOrNull(r.estimated_value_minor, r.currency),
        leadCurrency: r.currency,
        lastTouchAt: r.last_touch_at,
        activities90d: r.activities_90d,
        score: r.score,
        points: {
          status: r.p_status,
          recency: r.p_recency,
          value: r.p_value,
          source: r.p_source,
          activity: r.p_activity,
        },
      })),
      refs: rows.map((r) => ref("lead", r)),
    };
  },
});

const kindShape = Object.fromEntries(ACTIVITY_KIND_KEYS.map((k) => [k, z.number().int()])) as Record<
  (typeof ACTIVITY_KIND_KEYS)[number],
  z.ZodNumber
>;
const pickKinds = (r: Record<(typeof ACTIVITY_KIND_KEYS)[number], number>) =>
  Object.fromEntries(ACTIVITY_KIND_KEYS.map((k) => [k, r[k]])) as Record<
    (typeof ACTIVITY_KIND_KEYS)[number],
    number
  >;

export const salesActivitySummary = defineTool({
  name: "sales_activity_summary",
  module: "sales",
  title: "Sales activity summary",
  description:
    "Sales activities in a period (default the last 30 days) by kind and by user, how many deals/contacts/leads they touched, and open deals with no activity for 14+ days. To read the activities themselves use activities_list.",
  input: z.strictObject({
    ...optionalPeriod("29 days before `to`"),
    staleDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(14)
      .describe("an open deal is stale after this many days without activity (default 14)"),
  }),
  output: withRefs({
    period: periodOut,
    currency: z.string(),
    activities: z.number().int(),
    byKind: z.object(kindShape),
    byUser: z.array(
      z.object({
        userId: z.string().nullable().describe("null = not logged by a user (e.g. synced)"),
        name: z.string().nullable(),
        activities: z.number().int(),
        byKind: z.object(kindShape),
        deals: z.number().int().describe("distinct deals touched"),
      }),
    ),
    touched: z.object({
      deals: z.number().int(),
      contacts: z.number().int(),
      leads: z.number().int(),
      customers: z.number().int(),
    }),
    staleDeals: z.object({
      staleDays: z.number().int(),
      count: z.number().int(),
      value: amount.describe("total value of the stale deals in the business currency"),
      deals: z.array(
        z.object({
          dealId: z.string(),
          name: z.string(),
          stage: z.string(),
          value: z.string().describe("decimal amount in dealCurrency"),
          dealCurrency: z.string(),
          lastActivityAt: z.string().nullable().describe("null = never any activity"),
          daysSinceActivity: z.number().int().describe("days since the last activity, or since creation"),
        }),
      ),
    }),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const p = resolvePeriod(ctx, input, 30);
    const totals = await activityTotals(ctx.db, s, p);
    const users = await activityByUser(ctx.db, s, p, 50);
    const stale = await staleDeals(ctx.db, s, { now: ctx.now, days: input.staleDays, limit: 25 });
    return {
      period: p,
      currency: s.currency,
      activities: totals.total,
      byKind: pickKinds(totals),
      byUser: users.map((u) => ({
        userId: u.user_id,
        name: u.user_name,
        activities: u.total,
        byKind: pickKinds(u),
        deals: u.deals,
      })),
      touched: {
        deals: totals.deals,
        contacts: totals.contacts,
        leads: totals.leads,
        customers: totals.customers,
      },
      staleDeals: {
        staleDays: input.staleDays,
        count: stale[0]?.stale_count ?? 0,
        value: money(stale[0]?.stale_value_minor, s.currency),
        deals: stale.map((d) => ({
          dealId: d.id,
          name: d.name,
          stage: d.stage_name,
          value: money(d.amount_minor, d.currency),
          dealCurrency: d.currency,
          lastActivityAt: d.last_activity_at,
          daysSinceActivity: d.days_since,
        })),
      },
      refs: stale.map((d) => ref("deal", d)),
    };
  },
});

export const salesTools: AnyTool[] = [salesPipeline, salesWonLost, salesLeadScores, salesActivitySummary];
