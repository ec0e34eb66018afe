/**
 * Import jobs (db/schema/imports.ts): the draft a CSV preview stores, the run's progress and outcome. Called inside
 * the business's tenant transaction; every query also names the uploader, because a job is only theirs to see.
 */
import { and, eq, getTableColumns, lt } from "drizzle-orm";
import type { Db } from "../client.js";
import { importJobs } from "../schema/imports.js";

export type ImportJobRow = typeof importJobs.$inferSelect;
/** A job without its CSV text (which can be megabytes): what progress and result pages read. */
export type ImportJobSummary = Omit<ImportJobRow, "csvText">;

/** Failures kept on the job for the result page; failedCount counts them all. */
export const MAX_STORED_FAILURES = 1000;
/** Created records kept for links on the result page. */
export const MAX_STORED_CREATED = 100;

const { csvText: _csv, ...summaryColumns } = getTableColumns(importJobs);

export async function insertImportJob(
  tx: Db,
  values: Pick<ImportJobRow, "businessId" | "userId" | "entityType" | "csvText" | "mapping" | "total">,
): Promise<ImportJobSummary> {
  const [row] = await tx.insert(importJobs).values(values).returning(summaryColumns);
  return row!;
}

/** Removes drafts nobody ran that were uploaded before `before` (previews left behind). */
export async function deleteStaleDrafts(tx: Db, businessId: string, before: Date): Promise<number> {
  const rows = await tx
    .delete(importJobs)
    .where(
      and(
        eq(importJobs.businessId, businessId),
        eq(importJobs.status, "draft"),
        lt(importJobs.createdAt, before),
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length;
}

const mine = (businessId: string, userId: string, id: string) =>
  and(eq(importJobs.businessId, businessId), eq(importJobs.userId, userId), eq(importJobs.id, id));

/** The uploader's job with its CSV text, or undefined (another user's job does not exist for them). */
export async function findImportJob(
  tx: Db,
  businessId: string,
  userId: string,
  id: string,
): Promise<ImportJobRow | undefined> {
  const [row] = await tx
    .select()
    .from(importJobs)
    .where(mine(businessId, userId, id));
  return row;
}

export async function findImportJobSummary(
  tx: Db,
  businessId: string,
  userId: string,
  id: string,
): Promise<ImportJobSummary | undefined> {
  const [row] = await tx
    .select(summaryColumns)
    .from(importJobs)
    .where(mine(businessId, userId, id));
  return row;
}

export async function updateImportMapping(
  tx: Db,
  businessId: string,
  userId: string,
  id: string,
  mapping: (string | null)[],
): Promise<void> {
  await tx
    .update(importJobs)
    .set({ mapping })
    .where(and(mine(businessId, userId, id), eq(importJobs.status, "draft")));
}

/**
 * Moves a draft to running with what is known before the first write. Conditional on "draft", so a form submitted
 * twice starts one run: false when the job was not a draft any more.
 */
export async function startImportJob(
  tx: Db,
  businessId: string,
  userId: string,
  id: string,
  values: Pick<ImportJobRow, "mapping" | "total" | "processed" | "failedCount" | "failedRows">,
): Promise<boolean> {
  const rows = await tx
    .update(importJobs)
    .set({ ...values, status: "running", createdCount: 0, createdIds: [], error: null })
    .where(and(mine(businessId, userId, id), eq(importJobs.status, "draft")))
    .returning({ id: importJobs.id });
  return rows.length > 0;
}

/** Progress of a run (also its heartbeat: updated_at moves with every call). */
export async function updateImportProgress(
  tx: Db,
  businessId: string,
  id: string,
  values: Partial<
    Pick<
      ImportJobRow,
      | "processed"
      | "createdCount"
      | "failedCount"
      | "failedRows"
      | "createdIds"
      | "status"
      | "error"
      | "finishedAt"
    >
  > & { csvText?: "" },
): Promise<void> {
  await tx
    .update(importJobs)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(importJobs.businessId, businessId), eq(importJobs.id, id)));
}

/**
 * Marks the job failed when it is still "running" but has not moved since `before`: the process running it is
 * gone (a restart). Returns whether it did.
 */
export async function failStaleImportJob(
  tx: Db,
  businessId: string,
  id: string,
  before: Date,
  now: Date,
  error: string,
): Promise<boolean> {
  const rows = await tx
    .update(importJobs)
    .set({ status: "failed", finishedAt: now, error, csvText: "" })
    .where(
      and(
        eq(importJobs.businessId, businessId),
        eq(importJobs.id, id),
        eq(importJobs.status, "running"),
        lt(importJobs.updatedAt, before),
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length > 0;
}
