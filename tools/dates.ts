/** Calendar dates in the business's time zone: "today" for a business in Tokyo is not UTC's today. */
import { z } from "zod";

/** YYYY-MM-DD of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const isoDate = z.iso.date({ message: "must be a date in YYYY-MM-DD form" });

/** A date range input; both ends inclusive. */
export const periodInput = {
  from: isoDate.describe("first day, YYYY-MM-DD"),
  to: isoDate.describe("last day, YYYY-MM-DD (inclusive)"),
};
