/**
 * Runs connector syncs and keeps their log: each run is a sync_runs row (running → succeeded | failed, with
 * counts and the error) plus one audit event when it ends. A run starts in one transaction that locks the
 * integration and refuses while another run of it is alive, so "sync now" clicked twice — or in two
 * processes — runs once; a run whose heartbeat stopped (its process died) is marked failed and no longer
 * blocks. The sync itself goes on in the background; `schedule()` starts the connectors' periodic syncs.
 */
import { appendEvent } from "../db/audit.js";
import type { Db } from "../db/client.js";
import { ConflictError, InputError, NotFoundError } from "../db/errors.js";
import { listBusinesses } from "../db/queries/businesses.js";
import {
  failStaleSyncRuns,
  findIntegration,
  insertSyncRun,
  listIntegrationRows,
  lockIntegrationType,
  runningSyncs,
  type SyncRunRow,
  updateIntegration,
  updateSyncRun,
} from "../db/queries/integrations.js";
import { withBusiness } from "../db/tenancy.js";
import type { AnyConnector, SyncStats } from "../integrations/connector.js";
import { connectorByType } from "../integrations/index.js";
import { loadIntegration } from "../integrations/settings.js";
import type { Logger } from "../log.js";

export interface SyncRunnerDeps {
  db: Db;
  logger: Logger;
  connectors: readonly AnyConnector[];
  /** The key secrets are decrypted with; a run fails with its message when it cannot be loaded. */
  secretKey: () => Buffer;
  appRole?: string;
  clock?: () => Date;
  /** A run without a heartbeat for this long is taken as dead (default 5 minutes). */
  staleAfterMs?: number;
  /** How often a live run bumps its heartbeat (default 30 s). */
  heartbeatMs?: number;
  /** How often the schedule looks for due syncs (default 60 s). */
  pollMs?: number;
}

export interface SyncOutcome {
  runId: string;
  status: "succeeded" | "failed";
  stats: SyncStats;
  error: string | null;
}

export interface StartSync {
  trigger: "manual" | "schedule";
  /** The person who asked for it ("sync now"), for the audit log. */
  actorUserId?: string;
}

export interface SyncRunner {
  /**
   * Records a new run and starts it. Resolves as soon as the run is recorded, with `done` for its outcome;
   * rejects with NotFoundError (not set up), ConflictError (switched off, or a run is already going) or
   * InputError (the connector has nothing to sync).
   */
  start(
    businessId: string,
    type: string,
    opts: StartSync,
  ): Promise<{ run: SyncRunRow; done: Promise<SyncOutcome> }>;
  /** Starts every enabled integration whose periodic sync is due (once; `schedule` repeats it). */
  startDue(): Promise<number>;
  schedule(): void;
  /** Resolves when no run started by this runner is still going. */
  drain(): Promise<void>;
  /** Stops the schedule, aborts live runs (they end as failed) and waits for them. */
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const MAX_ERROR = 1000;

export function createSyncRunner(deps: SyncRunnerDeps): SyncRunner {
  const clock = deps.clock ?? (() => new Date());
  const staleAfter = deps.staleAfterMs ?? 5 * 60_000;
  const live = new Set<Promise<SyncOutcome>>();
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const tenant = (businessId: string) => ({ businessId, appRole: deps.appRole });

  async function start(businessId: string, type: string, opts: StartSync) {
    const connector = connectorByType(type, deps.connectors);
    if (!connector) throw new NotFoundError(`There is no connector called ${JSON.stringify(type)}.`);
    const sync = connector.sync?.bind(connector);
    if (!sync) throw new InputError(`${connector.title} has nothing to sync.`, []);
    const run = await withBusiness(deps.db, tenant(businessId), async (tx) => {
      await lockIntegrationType(tx, businessId, type);
      const row = await findIntegration(tx, businessId, type);
      if (!row)
        throw new NotFoundError(
          `${connector.title} is not set up for this business; save its settings first.`,
        );
      if (row.status === "disabled")
        throw new ConflictError(`${connector.title} is switched off; switch it on to sync.`);
      const now = clock();
      await failStaleSyncRuns(tx, businessId, row.id, new Date(now.getTime() - staleAfter), now);
      const [running] = await runningSyncs(tx, businessId, row.id);
      if (running)
        throw new ConflictError(
          `A sync of ${connector.title} is already running (started ${running.startedAt.toISOString()}).`,
        );
      return insertSyncRun(tx, businessId, row.id, now);
    });
    const done = execute(connector, sync, businessId, run, opts);
    live.add(done);
    void done.finally(() => live.delete(done));
    return { run, done };
  }

  /** Runs the connector's sync for a recorded run and records how it ended; never rejects. */
  async function execute(
    connector: AnyConnector,
    sync: NonNullable<AnyConnector["sync"]>,
    businessId: string,
    run: SyncRunRow,
    opts: StartSync,
  ): Promise<SyncOutcome> {
    // One controller per run with its own timer: AbortSignal.any over AbortSignal.timeout can lose the timer.
    const abort = new AbortController();
    const signal = abort.signal;
    const timeout = setTimeout(
      () => abort.abort(new DOMException("The sync timed out", "TimeoutError")),
      connector.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const onStop = () => abort.abort(new DOMException("The process is stopping", "AbortError"));
    stopping.signal.addEventListener("abort", onStop, { once: true });
    const logger = deps.logger.child({ businessId, integration: connector.type, runId: run.id });
    let stats: SyncStats = {};
    const heartbeat = setInterval(() => {
      withBusiness(deps.db, tenant(businessId), (tx) =>
        updateSyncRun(tx, businessId, run.id, { updatedAt: clock() }),
      ).catch((err: unknown) => logger.warn({ err }, "sync heartbeat failed"));
    }, deps.heartbeatMs ?? 30_000);
    heartbeat.unref();
    let error: string | null = null;
    try {
      const loaded = await withBusiness(deps.db, tenant(businessId), async (tx) => {
        const row = await findIntegration(tx, businessId, connector.type);
        const previous = row?.lastSyncAt ?? null;
        return { settings: await loadIntegration(tx, businessId, connector, deps.secretKey()), previous };
      });
      if (!loaded.settings) throw new NotFoundError(`${connector.title} is no longer set up.`);
      stats = await sync({
        businessId,
        integrationId: run.integrationId,
        config: loaded.settings.config,
        secrets: loaded.settings.secrets,
        logger,
        signal,
        since: loaded.previous,
        transaction: (fn) => withBusiness(deps.db, tenant(businessId), fn),
        progress: async (s) => {
          stats = s;
          await withBusiness(deps.db, tenant(businessId), (tx) =>
            updateSyncRun(tx, businessId, run.id, { stats: s, updatedAt: clock() }),
          );
        },
      });
      signal.throwIfAborted();
    } catch (err) {
      error = describeSyncError(err, signal, connector);
      logger.warn({ err }, `sync failed: ${error}`);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      stopping.signal.removeEventListener("abort", onStop);
    }
    const outcome: SyncOutcome = { runId: run.id, status: error ? "failed" : "succeeded", stats, error };
    try {
      await finish(connector, businessId, run, outcome, opts);
    } catch (err) {
      logger.error({ err }, "could not record the end of a sync run");
    }
    return outcome;
  }

  async function finish(
    connector: AnyConnector,
    businessId: string,
    run: SyncRunRow,
    outcome: SyncOutcome,
    opts: StartSync,
  ): Promise<void> {
    await withBusiness(deps.db, tenant(businessId), async (tx) => {
      const now = clock();
      await updateSyncRun(tx, businessId, run.id, {
        status: outcome.status,
        finishedAt: now,
        stats: outcome.stats,
        error: outcome.error,
      });
      const row = await findIntegration(tx, businessId, connector.type);
      // Switched off meanwhile: stays off. Otherwise a failure shows as "error" until a run succeeds.
      if (row && row.status !== "disabled")
        await updateIntegration(tx, businessId, row.id, {
          status: outcome.error ? "error" : "enabled",
          ...(outcome.error ? {} : { lastSyncAt: run.startedAt }),
        });
      await appendEvent(tx, businessId, {
        actorType: "integration",
        actorId: run.integrationId,
        action: outcome.error ? "integration.sync_failed" : "integration.synced",
        entityType: "sync_run",
        entityId: run.id,
        data: {
          type: connector.type,
          trigger: opts.trigger,
          requestedBy: opts.actorUserId ?? null,
          stats: outcome.stats,
          error: outcome.error,
        },
      });
    });
  }

  async function startDue(): Promise<number> {
    const periodic = deps.connectors.filter((c) => c.sync && c.syncEveryMinutes);
    if (!periodic.length) return 0;
    let started = 0;
    for (const business of await listBusinesses(deps.db)) {
      const rows = await withBusiness(deps.db, tenant(business.id), (tx) =>
        listIntegrationRows(tx, business.id),
      );
      for (const row of rows) {
        const connector = periodic.find((c) => c.type === row.type);
        if (!connector || row.status === "disabled") continue;
        const due =
          !row.lastSyncAt ||
          clock().getTime() - row.lastSyncAt.getTime() >= connector.syncEveryMinutes! * 60_000;
        if (!due) continue;
        try {
          await start(business.id, row.type, { trigger: "schedule" });
          started++;
        } catch (err) {
          if (!(err instanceof ConflictError))
            deps.logger.warn(
              { err, businessId: business.id, type: row.type },
              "scheduled sync did not start",
            );
        }
      }
    }
    return started;
  }

  return {
    start,
    startDue,
    schedule() {
      if (timer) return;
      const tick = () =>
        void startDue().catch((err: unknown) => deps.logger.error({ err }, "sync schedule failed"));
      timer = setInterval(tick, deps.pollMs ?? 60_000);
      timer.unref();
      tick();
    },
    async drain() {
      while (live.size) await Promise.all([...live]);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      stopping.abort();
      while (live.size) await Promise.all([...live]);
    },
  };
}

/** What the sync log shows: the connector's own message (no stack), or why the run was cut short. */
function describeSyncError(err: unknown, signal: AbortSignal, connector: AnyConnector): string {
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    const ms = connector.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const limit =
      ms < 1000
        ? `${ms} ms`
        : ms < 120_000
          ? `${Math.round(ms / 1000)} s`
          : `${Math.round(ms / 60_000)} minutes`;
    return reason?.name === "TimeoutError"
      ? `Stopped: the sync took longer than ${limit}.`
      : "Stopped: the process was shutting down.";
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR - 1)}…` : message;
}
