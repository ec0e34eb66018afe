/**
 * The in-process worker that carries out approved AI actions. The outbox table is the durable queue: `wake()`
 * (called on approval) and a periodic sweep run every due row through `executeOutboxItem`, whose lease makes
 * concurrent workers — in this process or another — safe. The sweep also expires stale proposals and picks up
 * rows a crashed process left behind once their lease runs out.
 */
import { and, asc, eq, lt, or } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { listBusinesses } from "../db/queries/businesses.js";
import { outbox } from "../db/schema/core.js";
import { withBusiness } from "../db/tenancy.js";
import { type ExecuteDeps, executeOutboxItem } from "../tools/actions/execute.js";
import { expireStale } from "../tools/actions/expire.js";

export interface ActionWorker {
  /** Process due work soon (coalesced with a sweep already running). */
  wake(): void;
  /** Resolves once no sweep is running and nothing woke it meanwhile. */
  drain(): Promise<void>;
  /** Sweep every `pollMs` until stopped. */
  start(): void;
  stop(): Promise<void>;
}

export interface ActionWorkerDeps extends ExecuteDeps {
  pollMs?: number;
}

const BATCH = 50;

export function createActionWorker(deps: ActionWorkerDeps): ActionWorker {
  const clock = deps.clock ?? (() => new Date());
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function sweep(): Promise<void> {
    for (const business of await listBusinesses(deps.db)) {
      await expireStale(deps.db, business.id, clock(), deps.appRole);
      for (const id of await dueItems(deps.db, business.id, clock(), deps.appRole)) {
        await executeOutboxItem(deps, business.id, id);
      }
    }
  }

  function wake(): void {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await sweep();
      } while (again);
    })()
      .catch((err: unknown) => deps.logger?.error({ err }, "action worker sweep failed"))
      .finally(() => {
        running = undefined;
      });
  }

  return {
    wake,
    async drain() {
      if (!running) wake();
      while (running) await running;
    },
    start() {
      if (timer) return;
      timer = setInterval(wake, deps.pollMs ?? 5_000);
      timer.unref();
      wake();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      while (running) await running;
    },
  };
}

async function dueItems(db: Db, businessId: string, now: Date, appRole?: string): Promise<string[]> {
  return withBusiness(db, { businessId, appRole }, async (tx) => {
    const rows = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.businessId, businessId),
          or(eq(outbox.status, "pending"), and(eq(outbox.status, "processing"), lt(outbox.lockedUntil, now))),
        ),
      )
      .orderBy(asc(outbox.availableAt), asc(outbox.id))
      .limit(BATCH);
    return rows.map((r) => r.id);
  });
}
