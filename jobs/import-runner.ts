/**
 * Runs a CSV import in the background, in-process: one `<plural>_write` call per row as the user who started it
 * (so permissions, validation and the audit log are the tools' own), progress written to the import_jobs row
 * every few rows. A failed row is recorded and the next one goes on; only an unexpected error stops the run,
 * which then ends "failed" with that error. A run cut short by a restart is noticed later by its stale heartbeat.
 */
import { MAX_STORED_CREATED, MAX_STORED_FAILURES, updateImportProgress } from "../db/queries/imports.js";
import type { ImportFailure } from "../db/schema/imports.js";
import { withBusiness } from "../db/tenancy.js";
import type { Logger } from "../log.js";
import type { CallEnv, Registry } from "../tools/registry.js";

export interface ImportRunnerDeps {
  registry: Registry;
  logger: Logger;
  /** Progress is saved after this many rows (default 100), and at least every second. */
  progressEvery?: number;
}

/** What to write, decided by the caller from the checked rows; the job row already holds the counts so far. */
export interface ImportPlan {
  jobId: string;
  /** The write tool, e.g. "customers_write". */
  tool: string;
  /** Rows to create: the line in the file (header = 1) and the write tool's fields. */
  rows: { row: number; fields: Record<string, unknown> }[];
  /** Rows already accounted for (failed the check or not ticked), as stored by startImportJob. */
  processed: number;
  failedRows: ImportFailure[];
  failedCount: number;
}

export interface ImportOutcome {
  status: "done" | "failed";
  createdCount: number;
  failedCount: number;
  error: string | null;
}

export interface ImportRunner {
  /** Starts the run; resolves (never rejects) when it has ended and its outcome is saved. */
  run(env: CallEnv, plan: ImportPlan): Promise<ImportOutcome>;
  /** Resolves when no run started by this runner is still going. */
  drain(): Promise<void>;
}

const MAX_ERROR = 1000;

export function createImportRunner(deps: ImportRunnerDeps): ImportRunner {
  const every = deps.progressEvery ?? 100;
  const live = new Set<Promise<ImportOutcome>>();

  async function execute(env: CallEnv, plan: ImportPlan): Promise<ImportOutcome> {
    const logger = deps.logger.child({ businessId: env.businessId, importJob: plan.jobId });
    const save = (values: Parameters<typeof updateImportProgress>[3]) =>
      withBusiness(env.db, { businessId: env.businessId, userId: env.userId, appRole: env.appRole }, (tx) =>
        updateImportProgress(tx, env.businessId, plan.jobId, values),
      );
    const failedRows = [...plan.failedRows];
    const createdIds: { row: number; id: string }[] = [];
    let { processed, failedCount } = plan;
    let createdCount = 0;
    // Lists are only sent again when they changed, so a long run does not rewrite them every time.
    let listsChanged = false;
    let savedAt = Date.now();
    const progress = () => ({
      processed,
      createdCount,
      failedCount,
      ...(listsChanged ? { failedRows, createdIds } : {}),
    });
    try {
      for (const r of plan.rows) {
        const result = await deps.registry.call(env, plan.tool, { method: "create", fields: r.fields });
        if (result.ok) {
          createdCount++;
          if (createdIds.length < MAX_STORED_CREATED) {
            createdIds.push({ row: r.row, id: (result.output.record as { id: string }).id });
            listsChanged = true;
          }
        } else {
          failedCount++;
          if (failedRows.length < MAX_STORED_FAILURES) {
            failedRows.push({
              row: r.row,
              problems: result.error.issues?.length ? result.error.issues : [result.error.message],
            });
            listsChanged = true;
          }
        }
        processed++;
        if (processed % every === 0 || Date.now() - savedAt > 1000) {
          await save(progress());
          listsChanged = false;
          savedAt = Date.now();
        }
      }
      listsChanged = true;
      // The records hold the data now; the upload itself is not kept.
      await save({ ...progress(), status: "done", finishedAt: new Date(), csvText: "" });
      logger.info({ createdCount, failedCount }, "import done");
      return { status: "done", createdCount, failedCount, error: null };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const error = `The import stopped: ${message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR - 1)}…` : message}`;
      logger.error({ err }, "import failed");
      listsChanged = true;
      try {
        await save({ ...progress(), status: "failed", error, finishedAt: new Date(), csvText: "" });
      } catch (saveErr) {
        logger.error({ err: saveErr }, "could not record the end of an import");
      }
      return { status: "failed", createdCount, failedCount, error };
    }
  }

  return {
    run(env, plan) {
      const done = execute(env, plan);
      live.add(done);
      void done.finally(() => live.delete(done));
      return done;
    },
    async drain() {
      while (live.size) await Promise.all([...live]);
    },
  };
}
