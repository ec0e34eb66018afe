/** What the finance report tools share: the report scope, period fields and their resolution, output pieces. */
import { z } from "zod";
import type * as q from "../db/queries/finance.js";
import { checkPeriod, endOfMonth, isoDate, startOfMonth } from "./dates.js";
import type { Ref, ToolContext } from "./define.js";
import { entityByType } from "./entities.js";
import { refOf } from "./records.js";

const MAX_PERIOD_DAYS = 1096;
export const REF_CAP = 50;

export const scope = (ctx: ToolContext): q.FinanceScope => ({
  businessId: ctx.business.id,
  currency: ctx.business.currency,
});

// ---- periods -----------------------------------------------------------------------------------------

export const periodFields = (defaultText: string) => ({
  from: isoDate.optional().describe(`first day, YYYY-MM-DD; default ${defaultText}`),
  to: isoDate
    .optional()
    .describe(
      "last day, YYYY-MM-DD (inclusive); default as for from (a lone from after it: the end of its month)",
    ),
});

/**
 * Fills missing ends from the default (a lone `to` before the default start starts at its month's 1st; a lone
 * `from` after the default end runs to its month's end) and checks the order and length (at most 3 years).
 */
export function resolvePeriod(input: { from?: string; to?: string }, dflt: q.DateRange): q.DateRange {
  return checkPeriod(
    {
      from: input.from ?? (input.to && input.to < dflt.from ? startOfMonth(input.to) : dflt.from),
      to: input.to ?? (input.from && input.from > dflt.to ? endOfMonth(input.from) : dflt.to),
    },
    {
      maxDays: MAX_PERIOD_DAYS,
      tooLong: ["The period is too long", "to: the period may span at most 3 years"],
    },
  );
}

// ---- output helpers ----------------------------------------------------------------------------------

export const big = (v: q.Minor | null | undefined) => BigInt(v ?? 0);

export const amount = z.string().describe("decimal amount in the report currency");
export const percent = z.number().nullable();
export const period = z.object({ from: z.string(), to: z.string() });
export const refFor = (type: string, row: object): Ref =>
  refOf(entityByType(type)!, row as Record<string, unknown>);
