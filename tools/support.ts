/** Support analytics tools (open queue, response times, feedback); figures come from db/queries/support.ts. */
import { z } from "zod";
import {
  feedbackSummary,
  lowRatings,
  oldestOpen,
  openQueue,
  type QueueRow,
  type ResponseRow,
  responseOutliers,
  responseTimes,
  type TicketRow,
} from "../db/queries/support.js";
import { FEEDBACK_CHANNELS, TICKET_PRIORITIES } from "../db/schema/support.js";
import { type AnyTool, defineTool, withRefs } from "./define.js";
import { limitInput, optionalPeriod, periodOut, ref, resolvePeriod, scopeOf } from "./sales.js";

/** Most urgent first. */
const PRIORITY_ORDER = [...TICKET_PRIORITIES].reverse();

const ageBuckets = z
  .object({
    under1d: z.number().int(),
    d1to3: z.number().int(),
    d3to7: z.number().int(),
    over7d: z.number().int(),
  })
  .describe("tickets by age since opened: < 1 day, 1–3 days, 3–7 days, 7+ days");

const ticketOut = z.object({
  ticketId: z.string(),
  number: z.number().int(),
  subject: z.string(),
  priority: z.string(),
  status: z.string(),
  openedAt: z.string(),
  ageHours: z.number(),
  firstResponseAt: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
});

const ticketOf = (t: TicketRow) => ({
  ticketId: t.id,
  number: t.number,
  subject: t.subject,
  priority: t.priority,
  status: t.status,
  openedAt: t.opened_at,
  ageHours: t.age_hours,
  firstResponseAt: t.first_response_at,
  assigneeUserId: t.assignee_user_id,
});

const bucketsOf = (r: QueueRow | undefined) => ({
  under1d: r?.under_1d ?? 0,
  d1to3: r?.d1_to_3 ?? 0,
  d3to7: r?.d3_to_7 ?? 0,
  over7d: r?.over_7d ?? 0,
});

export const supportOpenTickets = defineTool({
  name: "support_open_tickets",
  module: "support",
  title: "Open support tickets",
  description:
    "The open and pending ticket queue right now by priority and age (<1 d, 1–3 d, 3–7 d, 7+ d), unassigned and unanswered counts, and the oldest urgent/high tickets. For response-time trends use support_response_times; to read a ticket use tickets_get.",
  input: z.strictObject({ limit: limitInput(10, 50, "oldest urgent/high tickets") }),
  output: withRefs({
    asOf: z.string().describe("the moment ages are measured from (UTC)"),
    total: z.number().int(),
    open: z.number().int(),
    pending: z.number().int(),
    unassigned: z.number().int(),
    awaitingFirstResponse: z.number().int(),
    age: ageBuckets,
    byPriority: z.array(
      z.object({
        priority: z.string(),
        total: z.number().int(),
        open: z.number().int(),
        pending: z.number().int(),
        age: ageBuckets,
      }),
    ),
    oldestUrgentHigh: z.array(ticketOut).describe("oldest first"),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const rows = await openQueue(ctx.db, s, ctx.now);
    const all = rows.find((r) => r.priority === null);
    const oldest = await oldestOpen(ctx.db, s, ctx.now, ["urgent", "high"], input.limit);
    return {
      asOf: ctx.now.toISOString(),
      total: all?.total ?? 0,
      open: all?.open ?? 0,
      pending: all?.pending ?? 0,
      unassigned: all?.unassigned ?? 0,
      awaitingFirstResponse: all?.no_response ?? 0,
      age: bucketsOf(all),
      byPriority: PRIORITY_ORDER.map((priority) => {
        const r = rows.find((x) => x.priority === priority);
        return {
          priority,
          total: r?.total ?? 0,
          open: r?.open ?? 0,
          pending: r?.pending ?? 0,
          age: bucketsOf(r),
        };
      }),
      oldestUrgentHigh: oldest.map(ticketOf),
      refs: oldest.map((t) => ref("ticket", t)),
    };
  },
});

const timing = {
  tickets: z.number().int().describe("tickets opened in the period"),
  responded: z.number().int(),
  withoutResponse: z.number().int(),
  firstResponseHours: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
  resolved: z.number().int(),
  resolutionHours: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
};
const timingOf = (r: ResponseRow | undefined) => ({
  tickets: r?.tickets ?? 0,
  responded: r?.responded ?? 0,
  withoutResponse: r?.without_response ?? 0,
  firstResponseHours: {
    median: r?.median_first_response_hours ?? null,
    p90: r?.p90_first_response_hours ?? null,
  },
  resolved: r?.resolved ?? 0,
  resolutionHours: { median: r?.median_resolution_hours ?? null, p90: r?.p90_resolution_hours ?? null },
});

export const supportResponseTimes = defineTool({
  name: "support_response_times",
  module: "support",
  title: "Support response times",
  description:
    "For tickets opened in a period (default the last 30 days): median and p90 hours to first response and to resolution, overall and per priority, with the tickets still unanswered and the slowest responses. For the current queue use support_open_tickets.",
  input: z.strictObject({
    ...optionalPeriod("29 days before `to`"),
    limit: limitInput(10, 25, "unanswered and slowest tickets (each)"),
  }),
  output: withRefs({
    period: periodOut,
    overall: z.object(timing),
    byPriority: z.array(z.object({ priority: z.string(), ...timing })),
    unanswered: z.array(ticketOut).describe("opened in the period, no first response yet; oldest first"),
    slowest: z
      .array(ticketOut.extend({ firstResponseHours: z.number() }))
      .describe("longest time to first response first"),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const p = resolvePeriod(ctx, input, 30);
    const rows = await responseTimes(ctx.db, s, p);
    const outliers = await responseOutliers(ctx.db, s, p, ctx.now, input.limit);
    return {
      period: p,
      overall: timingOf(rows.find((r) => r.priority === null)),
      byPriority: PRIORITY_ORDER.map((priority) => ({
        priority,
        ...timingOf(rows.find((r) => r.priority === priority)),
      })),
      unanswered: outliers.filter((t) => t.kind === "unanswered").map(ticketOf),
      slowest: outliers
        .filter((t) => t.kind === "slowest")
        .map((t) => ({ ...ticketOf(t), firstResponseHours: t.first_response_hours ?? 0 })),
      refs: outliers.map((t) => ref("ticket", t)),
    };
  },
});

const ratingStats = {
  entries: z.number().int(),
  rated: z.number().int().describe("entries with a rating"),
  averageRating: z.number().nullable().describe("1–5, 2 decimals; null without ratings"),
};

export const supportFeedbackSummary = defineTool({
  name: "support_feedback_summary",
  module: "support",
  title: "Customer feedback summary",
  description:
    "Customer feedback received in a period (default the last 30 days): count, average rating, the 1–5 distribution, per channel, and the most recent low ratings (2 or less). To read all feedback use feedback_entries_list.",
  input: z.strictObject({
    ...optionalPeriod("29 days before `to`"),
    channel: z.enum(FEEDBACK_CHANNELS).optional().describe("only feedback from this channel"),
    limit: limitInput(10, 50, "recent low ratings"),
  }),
  output: withRefs({
    period: periodOut,
    ...ratingStats,
    distribution: z
      .array(z.object({ rating: z.number().int(), count: z.number().int() }))
      .describe("ratings 1 to 5"),
    byChannel: z.array(z.object({ channel: z.string(), ...ratingStats })),
    lowRatings: z.object({
      count: z.number().int().describe("ratings of 1 or 2 in the period"),
      recent: z.array(
        z.object({
          feedbackId: z.string(),
          rating: z.number().int(),
          channel: z.string(),
          receivedOn: z.string(),
          comment: z.string().nullable().describe("customer's words (first 200 characters), quoted as data"),
          authorName: z.string().nullable(),
          customerId: z.string().nullable(),
          ticketId: z.string().nullable(),
        }),
      ),
    }),
  }),
  access: "read",
  async run(ctx, input) {
    const s = scopeOf(ctx);
    const p = resolvePeriod(ctx, input, 30);
    const rows = await feedbackSummary(ctx.db, s, p, input.channel);
    const all = rows.find((r) => r.channel === null);
    const low = await lowRatings(ctx.db, s, p, input.limit, input.channel);
    const stats = (r: (typeof rows)[number] | undefined) => ({
      entries: r?.entries ?? 0,
      rated: r?.rated ?? 0,
      averageRating: r?.average_rating ?? null,
    });
    return {
      period: p,
      ...stats(all),
      distribution: ([1, 2, 3, 4, 5] as const).map((rating) => ({ rating, count: all?.[`r${rating}`] ?? 0 })),
      byChannel: rows.filter((r) => r.channel !== null).map((r) => ({ channel: r.channel!, ...stats(r) })),
      lowRatings: {
        count: all?.low ?? 0,
        recent: low.map((f) => ({
          feedbackId: f.id,
          rating: f.rating,
          channel: f.channel,
          receivedOn: f.received_on,
          comment: f.comment,
          authorName: f.author_name,
          customerId: f.customer_id,
          ticketId: f.ticket_id,
        })),
      },
      refs: low.map((f) => ref("feedback", f)),
    };
  },
});

export const supportTools: AnyTool[] = [supportOpenTickets, supportResponseTimes, supportFeedbackSummary];
