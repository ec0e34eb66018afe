/** Legal analytics: what expires, ends or is due for review soon (licenses, contracts with notice, policies). */
import { z } from "zod";
import { expiringContracts, expiringLicenses, policiesForReview } from "../db/queries/legal.js";
import { addDays, today } from "./dates.js";
import { type AnyTool, defineTool, type Ref, withRefs } from "./define.js";
import { moneyOrNull } from "./money.js";

const REF_CAP = 50;
const KINDS = ["licenses", "contracts", "policies"] as const;

const totals = z.object({
  total: z.number().int().describe("items in the window (lists may be cut to limit)"),
  past: z.number().int().describe("of them already past their date"),
  upcoming: z.number().int().describe("of them from today to the horizon"),
});
const summary = (rows: { total: number; past: number }[]) => {
  const total = rows[0]?.total ?? 0;
  const past = rows[0]?.past ?? 0;
  return { total, past, upcoming: total - past };
};

export const expiringTool = defineTool({
  name: "legal_expiring",
  module: "legal",
  title: "Expiring licenses, contracts and policy reviews",
  description:
    "Licenses and permits by expiry, contracts by end date and notice deadline (with renewal type), and policies due for review, within N days (default 60) or already past, each with days left. For one record use licenses_permits_get, contracts_get or policies_get.",
  input: z.strictObject({
    withinDays: z.number().int().min(0).max(730).default(60).describe("look this many days ahead"),
    pastDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(365)
      .describe("also list items whose date passed up to this many days ago (0 = none)"),
    include: z
      .array(z.enum(KINDS))
      .min(1)
      .default([...KINDS])
      .describe("which kinds of record to check"),
    limit: z.number().int().min(1).max(200).default(50).describe("most items per kind"),
  }),
  output: withRefs({
    asOf: z.string(),
    horizon: z.string().describe("last date included"),
    since: z.string().describe("earliest past date included"),
    summary: z.object({ licenses: totals, contracts: totals, policies: totals }),
    licenses: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        issuer: z.string().nullable(),
        number: z.string().nullable(),
        status: z.string(),
        expiresOn: z.string(),
        daysLeft: z.number().int().describe("negative when already expired"),
        expired: z.boolean(),
        renewalCost: z.string().nullable().describe("decimal amount in `currency`"),
        currency: z.string(),
      }),
    ),
    contracts: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.string(),
        counterparty: z.string().nullable(),
        customerId: z.string().nullable(),
        vendorId: z.string().nullable(),
        status: z.string(),
        renewal: z.string().describe("auto, manual or none"),
        endsOn: z.string(),
        daysLeft: z.number().int().describe("negative when already ended"),
        ended: z.boolean(),
        noticeDays: z.number().int().nullable(),
        noticeDeadline: z.string().nullable().describe("endsOn − noticeDays: last day to give notice"),
        daysToNoticeDeadline: z.number().int().nullable(),
        noticePassed: z.boolean().nullable(),
        value: z.string().nullable().describe("decimal amount in `currency`"),
        currency: z.string(),
      }),
    ),
    noticeDeadlinesInWindow: z
      .number()
      .int()
      .describe("contracts not yet ended whose notice deadline is from today to the horizon"),
    policies: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.string(),
        version: z.string().nullable(),
        status: z.string(),
        reviewOn: z.string(),
        daysLeft: z.number().int().describe("negative when the review is overdue"),
        overdue: z.boolean(),
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const asOf = today(ctx);
    const p = {
      businessId: ctx.business.id,
      today: asOf,
      horizon: addDays(asOf, input.withinDays),
      since: addDays(asOf, -input.pastDays),
      limit: input.limit,
    };
    const want = new Set(input.include);
    const [licenses, contracts, policies] = await Promise.all([
      want.has("licenses") ? expiringLicenses(ctx.db, p) : [],
      want.has("contracts") ? expiringContracts(ctx.db, p) : [],
      want.has("policies") ? policiesForReview(ctx.db, p) : [],
    ]);
    // Cite the most urgent records first, whatever their kind.
    const refs: Array<Ref & { days: number }> = [
      ...licenses.map((l) => ({ type: "license", id: l.id, label: l.name, days: l.daysLeft })),
      ...contracts.map((c) => ({
        type: "contract",
        id: c.id,
        label: c.title,
        days: Math.min(c.daysLeft, c.daysToNoticeDeadline ?? c.daysLeft),
      })),
      ...policies.map((x) => ({ type: "policy", id: x.id, label: x.title, days: x.daysLeft })),
    ];
    refs.sort((a, b) => a.days - b.days);
    return {
      asOf,
      horizon: p.horizon,
      since: p.since,
      summary: { licenses: summary(licenses), contracts: summary(contracts), policies: summary(policies) },
      licenses: licenses.map(({ total: _t, past: _p, renewalCost, ...l }) => ({
        ...l,
        expired: l.daysLeft < 0,
        renewalCost: moneyOrNull(renewalCost, l.currency),
      })),
      contracts: contracts.map(({ total: _t, past: _p, noticeInWindow: _n, value, ...c }) => ({
        id: c.id,
        title: c.title,
        kind: c.kind,
        counterparty: c.counterparty,
        customerId: c.customerId,
        vendorId: c.vendorId,
        status: c.status,
        renewal: c.renewal,
        endsOn: c.endsOn,
        daysLeft: c.daysLeft,
        ended: c.daysLeft < 0,
        noticeDays: c.noticeDays,
        noticeDeadline: c.noticeDeadline,
        daysToNoticeDeadline: c.daysToNoticeDeadline,
        noticePassed: c.daysToNoticeDeadline === null ? null : c.daysToNoticeDeadline < 0,
        value: moneyOrNull(value, c.currency),
        currency: c.currency,
      })),
      noticeDeadlinesInWindow: contracts[0]?.noticeInWindow ?? 0,
      policies: policies.map(({ total: _t, past: _p, ...x }) => ({ ...x, overdue: x.daysLeft < 0 })),
      refs: refs.slice(0, REF_CAP).map(({ days: _d, ...r }) => r),
    };
  },
});

export const legalTools: AnyTool[] = [expiringTool];
