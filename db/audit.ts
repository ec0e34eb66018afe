/**
 * The audit chain: every write appends an event whose hash covers the previous event's hash and the
 * event's canonical JSON (RFC 8785), per business. `verifyChain` recomputes it and names the first break.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { newId } from "./ids.js";
import { events } from "./schema/core.js";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditInput {
  actorType: (typeof events.$inferInsert)["actorType"];
  actorId?: string | null;
  action: string;
  tool?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  /** The tool input or request; only its SHA-256 is stored. */
  input?: unknown;
  data?: Record<string, unknown>;
}

type EventRow = typeof events.$inferSelect;

/** The fields a hash covers, in a fixed shape; timestamps as ISO strings so both drivers agree. */
function canonicalEvent(e: Omit<EventRow, "hash" | "prevHash">): string {
  const out = canonicalize({
    id: e.id,
    businessId: e.businessId,
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId ?? null,
    action: e.action,
    tool: e.tool ?? null,
    entityType: e.entityType ?? null,
    entityId: e.entityId ?? null,
    inputDigest: e.inputDigest ?? null,
    data: e.data ?? {},
  });
  if (out === undefined) throw new Error("event is not serialisable");
  return out;
}

export function hashEvent(prevHash: string, e: Omit<EventRow, "hash" | "prevHash">): string {
  return createHash("sha256").update(prevHash).update(canonicalEvent(e)).digest("hex");
}

export function digest(value: unknown): string {
  return createHash("sha256")
    .update(canonicalize(value ?? null) ?? "null")
    .digest("hex");
}

/**
 * Appends one event to the business's chain. Call inside withBusiness(): the advisory lock serialises
 * appenders of the same business until the transaction ends, so seq and prev_hash never fork.
 */
export async function appendEvent(tx: Db, businessId: string, input: AuditInput): Promise<EventRow> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${businessId}`}, 0))`);
  const [last] = await tx
    .select({ seq: events.seq, hash: events.hash })
    .from(events)
    .where(eq(events.businessId, businessId))
    .orderBy(desc(events.seq))
    .limit(1);
  const base = {
    id: newId("evt"),
    businessId,
    seq: (last?.seq ?? 0) + 1,
    occurredAt: new Date(),
    actorType: input.actorType,
    actorId: input.actorId ?? null,
    action: input.action,
    tool: input.tool ?? null,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    inputDigest: input.input === undefined ? null : digest(input.input),
    data: input.data ?? {},
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = { ...base, prevHash, hash: hashEvent(prevHash, base) };
  await tx.insert(events).values(row);
  return row;
}

export type ChainBreak =
  | { kind: "missing"; expectedSeq: number; foundSeq: number; eventId: string }
  | { kind: "modified"; seq: number; eventId: string }
  | { kind: "relinked"; seq: number; eventId: string };

export interface ChainReport {
  ok: boolean;
  events: number;
  headSeq: number;
  headHash: string;
  firstBreak?: ChainBreak;
}

/** Walks the chain in seq order (keyset batches) and reports the first event that does not verify. */
export async function verifyChain(tx: Db, businessId: string, batchSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const batch = await tx
      .select()
      .from(events)
      .where(and(eq(events.businessId, businessId), gt(events.seq, expectedSeq - 1)))
      .orderBy(asc(events.seq))
      .limit(batchSize);
    for (const e of batch) {
      if (e.seq !== expectedSeq) {
        return report(false, { kind: "missing", expectedSeq, foundSeq: e.seq, eventId: e.id });
      }
      if (e.prevHash !== prevHash) return report(false, { kind: "relinked", seq: e.seq, eventId: e.id });
      if (hashEvent(prevHash, e) !== e.hash)
        return report(false, { kind: "modified", seq: e.seq, eventId: e.id });
      prevHash = e.hash;
      expectedSeq++;
      count++;
    }
    if (batch.length < batchSize) return report(true);
  }
  function report(ok: boolean, firstBreak?: ChainBreak): ChainReport {
    return {
      ok,
      events: count,
      headSeq: expectedSeq - 1,
      headHash: prevHash,
      ...(firstBreak ? { firstBreak } : {}),
    };
  }
}

export function describeBreak(b: ChainBreak): string {
  switch (b.kind) {
    case "missing":
      return `event #${b.expectedSeq} is missing (the chain jumps to #${b.foundSeq}, ${b.eventId}): an event was deleted`;
    case "modified":
      return `event #${b.seq} (${b.eventId}) was modified: its hash does not match its contents`;
    case "relinked":
      return `event #${b.seq} (${b.eventId}) does not link to the event before it: the chain was rewritten`;
  }
}
