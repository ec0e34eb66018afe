/**
 * What every demo-seed module shares: the transaction, seeded randomness (faker for text, a fast PRNG for
 * volume), a deterministic id factory, day arithmetic relative to `today`, and a batched, counted insert.
 */
import { en, Faker } from "@faker-js/faker";
import { getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { type AuditInput, appendEvent } from "../audit.js";
import { bulkInsert } from "../bulk.js";
import type { Db } from "../client.js";
import { deterministicIds } from "../ids.js";
import type { Role } from "../schema/core.js";

export const BATCH = 5000;
const DAY_MS = 86_400_000;

/** A day as a whole number of days since 1970-01-01 (UTC); every seed module does date maths on these. */
export type Day = number;

export function dayOf(iso: string): Day {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`Invalid date ${JSON.stringify(iso)}: expected YYYY-MM-DD`);
  return Math.floor(ms / DAY_MS);
}

export function iso(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A timestamp on `day` at hh:mm UTC. */
export function at(day: Day, hour = 9, minute = 0): Date {
  return new Date(day * DAY_MS + (hour * 60 + minute) * 60_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: Day): number {
  return (day + 4) % 7;
}

/** The first day of the month `offset` months after the month of `day`. */
export function monthStart(day: Day, offset = 0): Day {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1) / DAY_MS);
}

/** "YYYY-MM" of a day: the key monthly aggregates use. */
export function monthKey(day: Day): string {
  return iso(day).slice(0, 7);
}

/** A small, fast, seedable PRNG (mulberry32) for the high-volume rows, where faker would be slow. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** A value around 1 with the given spread (triangular), for noise on amounts. */
  jitter(spread: number): number {
    return 1 + (this.next() + this.next() - 1) * spread;
  }
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly T[], weight: (t: T) => number): T {
    let total = 0;
    for (const t of items) total += weight(t);
    let r = this.next() * total;
    for (const t of items) {
      r -= weight(t);
      if (r < 0) return t;
    }
    return items[items.length - 1]!;
  }
}

/** A row for `table` as the modules build it: business_id is filled in by SeedContext.insert. */
export type NewRow<T extends PgTable> = Omit<T["$inferInsert"], "businessId"> & { businessId?: string };

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export interface SeedContextInit {
  tx: Db;
  businessId: string;
  today: string;
  scale: number;
  seed: number;
  users: Record<Role, SeedUser>;
  slug: string;
  name: string;
  expectedRows: number;
  onProgress?: (p: Progress) => void;
}

/** Carried through every module; mutable only in its counters. */
export class SeedContext {
  readonly tx: Db;
  readonly businessId: string;
  readonly today: Day;
  /** First day of history: the first of the month 13 months before today's month. */
  readonly start: Day;
  readonly scale: number;
  readonly seed: number;
  readonly faker: Faker;
  readonly rng: Rng;
  readonly id: (prefix: string) => string;
  readonly users: Record<Role, SeedUser>;
  readonly slug: string;
  readonly name: string;
  /** Rows written per table. */
  readonly rows: Record<string, number> = {};
  private done = 0;
  private expected: number;
  private readonly onProgress?: (p: Progress) => void;

  constructor(init: SeedContextInit) {
    this.tx = init.tx;
    this.businessId = init.businessId;
    this.today = dayOf(init.today);
    this.start = monthStart(this.today, -13);
    this.scale = init.scale;
    this.seed = init.seed;
    this.users = init.users;
    this.slug = init.slug;
    this.name = init.name;
    this.expected = init.expectedRows;
    this.onProgress = init.onProgress;
    this.faker = new Faker({ locale: [en] });
    this.faker.seed(init.seed);
    this.rng = new Rng(init.seed * 2654435761 + 17);
    this.id = seedIds(init.seed, init.today);
  }

  /** Today at hh:mm UTC: "now" for rows the demo pretends were just written. */
  now(hour = 8, minute = 0): Date {
    return at(this.today, hour, minute);
  }

  /**
   * Inserts rows in batches with bulkInsert, counting them and reporting progress after each batch.
   * Rows without created_at get one deterministic timestamp (today 08:00), and updated_at follows created_at.
   */
  async insert<T extends PgTable>(
    table: T,
    input: NewRow<T>[],
    phase?: string,
    tx: Db = this.tx,
  ): Promise<void> {
    const name = getTableName(table);
    const fallback = this.now();
    const rows = input as T["$inferInsert"][];
    for (const row of rows) {
      const r = row as Record<string, unknown>;
      r.businessId ??= this.businessId;
      r.createdAt ??= fallback;
      r.updatedAt ??= r.createdAt;
    }
    this.rows[name] ??= 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await bulkInsert(tx, table, batch, BATCH);
      // Read after the await: concurrent writers (PostgreSQL café stream) share these counters.
      this.rows[name] = (this.rows[name] ?? 0) + batch.length;
      this.done += batch.length;
      this.expected = Math.max(this.expected, this.done);
      this.onProgress?.({ phase: phase ?? name, done: this.done, total: this.expected });
    }
  }

  /** Appends an audit event to the business's chain (in `tx`, the main transaction by default) and counts it. */
  async event(input: AuditInput, tx: Db = this.tx): Promise<void> {
    await appendEvent(tx, this.businessId, input);
    this.rows.events = (this.rows.events ?? 0) + 1;
  }

  /** Reports the end: done equals total. */
  finish(): void {
    this.expected = this.done;
    this.onProgress?.({ phase: "done", done: this.done, total: this.done });
  }
}

/**
 * The id factory: ULIDs from a seeded PRNG and a clock that starts 400 days before `today` and ticks 1 ms
 * per id, so the same seed and today always give the same ids (and they sort in creation order).
 */
export function seedIds(seed: number, today: string): (prefix: string) => string {
  const rng = new Rng(seed ^ 0x5eed1d5);
  return deterministicIds(() => rng.next(), (dayOf(today) - 400) * DAY_MS);
}

/** Whole cents from a dollar figure (only for constants written in dollars). */
export function cents(dollars: number): number {
  return Math.round(dollars * 100);
}

/** Splits `total` (integer) into `parts` positive integers with random weights; sums exactly to total. */
export function splitInteger(rng: Rng, total: number, parts: number): number[] {
  parts = Math.min(parts, Math.max(1, total));
  if (parts <= 1) return [total];
  const weights: number[] = [];
  let sum = 0;
  for (let i = 0; i < parts; i++) {
    const w = 0.5 + rng.next();
    weights.push(w);
    sum += w;
  }
  const out: number[] = [];
  let given = 0;
  for (let i = 0; i < parts - 1; i++) {
    const v = Math.max(1, Math.floor((total * weights[i]!) / sum));
    out.push(v);
    given += v;
  }
  out.push(total - given);
  if (total - given < 1) {
    // Rounding ate the last share (only when parts ≈ total): fall back to an even split.
    const even = Math.floor(total / parts);
    return Array.from({ length: parts }, (_, i) => (i < total - even * parts ? even + 1 : even));
  }
  return out;
}

/** Lower-case, dash-separated, for emails and handles. */
export function kebab(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
