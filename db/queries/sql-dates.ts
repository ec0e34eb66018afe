/** SQL fragments for calendar days in a business's time zone and for timestamps both drivers return alike. */
import { type SQL, sql } from "drizzle-orm";

/** A range of calendar days, both ends inclusive (YYYY-MM-DD). */
export interface DateRange {
  from: string;
  to: string;
}

/** Start of a local calendar day in the time zone, as timestamptz. */
export const dayStart = (date: string, tz: string) => sql`((${date}::date)::timestamp at time zone ${tz})`;
/** Start of the following local day: the exclusive end of `date`. */
export const dayEnd = (date: string, tz: string) => sql`((${date}::date + 1)::timestamp at time zone ${tz})`;
/** A timestamptz as an ISO string in UTC (PGlite and postgres.js then return the same text). */
export const isoTimestamp = (col: SQL): SQL =>
  sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
/** The local calendar day of a timestamptz. */
export const localDay = (col: SQL, tz: string) => sql`to_char(${col} at time zone ${tz}, 'YYYY-MM-DD')`;
/** A JS Date as a timestamptz parameter. */
export const tstz = (d: Date) => sql`${d.toISOString()}::timestamptz`;
