/**
 * Integration rows and their sync runs, inside the caller's withBusiness transaction (RLS is forced). A
 * business has at most one integration of each type; saves of one type are serialized with an advisory lock.
 */
import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { integrations, syncRuns } from "../schema/core.js";

export type IntegrationRow = typeof integrations.$inferSelect;
export type SyncRunRow = typeof syncRuns.$inferSelect;
export type IntegrationStatus = IntegrationRow["status"];

/** Holds until the transaction ends: two saves or two sync starts of one integration queue up. */
export async function lockIntegrationType(tx: Db, businessId: string, type: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`integration:${type}:${businessId}`}, 0))`,
  );
}

/** The business's integration of this type (the oldest, should there ever be two). */
export async function findIntegration(
  tx: Db,
  businessId: string,
  type: string,
): Promise<IntegrationRow | undefined> {
  const [row] = await tx
    .select()
    .from(integrations)
    .where(and(eq(integrations.businessId, businessId), eq(integrations.type, type)))
    .orderBy(asc(integrations.createdAt), asc(integrations.id))
    .limit(1);
  return row;
}

export async function listIntegrationRows(tx: Db, businessId: string): Promise<IntegrationRow[]> {
  return tx
    .select()
    .from(integrations)
    .where(eq(integrations.businessId, businessId))
    .orderBy(asc(integrations.createdAt), asc(integrations.id));
}

export async function insertIntegration(
  tx: Db,
  values: Pick<IntegrationRow, "businessId" | "type" | "name" | "status" | "config" | "secretsEncrypted">,
): Promise<IntegrationRow> {
  const [row] = await tx.insert(integrations).values(values).returning();
  return row!;
}

export async function updateIntegration(
  tx: Db,
  businessId: string,
  id: string,
  values: Partial<Pick<IntegrationRow, "name" | "status" | "config" | "secretsEncrypted" | "lastSyncAt">>,
): Promise<void> {
  await tx
    .update(integrations)
    .set(values)
    .where(and(eq(integrations.businessId, businessId), eq(integrations.id, id)));
}

/** Runs of one integration (or all), newest first. */
export async function listSyncRuns(
  tx: Db,
  businessId: string,
  opts: { integrationId?: string; limit?: number } = {},
): Promise<SyncRunRow[]> {
  return tx
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.businessId, businessId),
        opts.integrationId ? eq(syncRuns.integrationId, opts.integrationId) : undefined,
      ),
    )
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(opts.limit ?? 20);
}

export async function runningSyncs(tx: Db, businessId: string, integrationId: string): Promise<SyncRunRow[]> {
  return tx
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.businessId, businessId),
        eq(syncRuns.integrationId, integrationId),
        eq(syncRuns.status, "running"),
      ),
    );
}

export async function insertSyncRun(
  tx: Db,
  businessId: string,
  integrationId: string,
  startedAt: Date,
): Promise<SyncRunRow> {
  const [row] = await tx
    .insert(syncRuns)
    .values({ businessId, integrationId, status: "running", startedAt })
    .returning();
  return row!;
}

export async function updateSyncRun(
  tx: Db,
  businessId: string,
  id: string,
  values: Partial<Pick<SyncRunRow, "status" | "finishedAt" | "stats" | "error" | "updatedAt">>,
): Promise<void> {
  await tx
    .update(syncRuns)
    .set(values)
    .where(and(eq(syncRuns.businessId, businessId), eq(syncRuns.id, id)));
}

/**
 * Marks runs still "running" whose heartbeat (updated_at, bumped by progress and by the runner's timer) is older
 * than `before` as failed: the process running them is gone.
 */
export async function failStaleSyncRuns(
  tx: Db,
  businessId: string,
  integrationId: string,
  before: Date,
  now: Date,
): Promise<number> {
  const rows = await tx
    .update(syncRuns)
    .set({ status: "failed", finishedAt: now, error: "Interrupted: the process running this sync stopped." })
    .where(
      and(
        eq(syncRuns.businessId, businessId),
        eq(syncRuns.integrationId, integrationId),
        eq(syncRuns.status, "running"),
        lt(syncRuns.updatedAt, before),
      ),
    )
    .returning({ id: syncRuns.id });
  return rows.length;
}
