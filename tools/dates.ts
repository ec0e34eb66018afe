/** Calendar dates in the business's time zone: "today" for a business in Tokyo is not UTC's today. */
import { z } from "zod";
import type { ToolContext } from "./define.js";
import { ToolInputError } from "./errors.js";

/** YYYY-MM-DD of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** Today (YYYY-MM-DD) in the business's time zone, as of the request's `now`. */
export const today = (ctx: ToolContext): string => localDate(ctx.now, ctx.business.timezone);

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ---- months and weeks --------------------------------------------------------------------------------

/** [year, month (1–12), day] of a YYYY-MM-DD date. */
export const dateParts = (d: string) => d.split("-").map(Number) as [number, number, number];
const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** Days in month `m` (1–12) of year `y`, proleptic Gregorian (no Date.UTC two-digit-year shift). */
export function daysInMonth(y: number, m: number): number {
  const d = new Date(0);
  d.setUTCFullYear(y, m, 0);
  return d.getUTCDate();
}
export const startOfMonth = (d: string) => `${d.slice(0, 8)}01`;
export const endOfMonth = (d: string) => {
  const [y, m] = dateParts(d);
  return iso(y, m, daysInMonth(y, m));
};
export const isMonthEnd = (d: string) => {
  const [y, m, day] = dateParts(d);
  return day === daysInMonth(y, m);
};
export const startOfYear = (d: string) => `${d.slice(0, 4)}-01-01`;
/** The same day n months later (n may be negative), clamped to the month's last day. */
export function addMonths(d: string, n: number): string {
  const [y, m, day] = dateParts(d);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return iso(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}
/** Monday of the ISO week containing d. */
export const weekStart = (d: string) => addDays(d, -((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7));

// ---- periods -----------------------------------------------------------------------------------------

export const isoDate = z.iso.date({ message: "must be a date in YYYY-MM-DD form" });

/** A date range input; both ends inclusive. */
export const periodInput = {
  from: isoDate.describe("first day, YYYY-MM-DD"),
  to: isoDate.describe("last day, YYYY-MM-DD (inclusive)"),
};

/** An inclusive range of YYYY-MM-DD dates. */
export interface DateRange {
  from: string;
  to: string;
}

/**
 * How `checkPeriod` words its refusals. Each tool family's wording is part of what its callers (and tests)
 * see, so it is passed in rather than unified.
 */
export interface PeriodRules {
  /** Longest period allowed, counting both ends; no cap when absent. */
  maxDays?: number;
  /** Message and issue when longer than maxDays (default "The period is longer than N days"). */
  tooLong?: readonly [message: string, issue: string];
  /** The issue for an inverted range (default "to: must be on or after <from date>"). */
  orderIssue?: string;
}

/**
 * Refuses, as an invalid_input tool error, a period that ends before it starts or spans more than
 * `rules.maxDays` days; returns it unchanged otherwise. Every period resolver ends here.
 */
export function checkPeriod<P extends DateRange>(p: P, rules: PeriodRules = {}): P {
  if (p.to < p.from)
    throw new ToolInputError("The period ends before it starts", [
      rules.orderIssue ?? `to: must be on or after ${p.from}`,
    ]);
  const max = rules.maxDays;
  if (max !== undefined && daysBetween(p.from, p.to) + 1 > max) {
    const [message, issue] = rules.tooLong ?? [
      `The period is longer than ${max} days`,
      `to: must be at most ${max - 1} days after from`,
    ];
    throw new ToolInputError(message, [issue]);
  }
  return p;
}
