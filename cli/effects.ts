/**
 * What a running `omni` process needs to carry out approved actions and keep integrations in sync: the ways
 * out (SMTP per business), the worker that runs approved actions from the outbox, and the sync runner with its
 * schedule. Without a secret key (server database, no OMNI_SECRET_KEY) email and syncs are unavailable and say
 * so; everything else still works.
 */

import { createSmtpSender } from "../integrations/email/smtp-sender.js";
import { CONNECTORS } from "../integrations/index.js";
import { loadSecretKey } from "../integrations/secrets.js";
import { type ActionWorker, createActionWorker } from "../jobs/action-worker.js";
import { createSyncRunner, type SyncRunner } from "../jobs/sync-runner.js";
import type { Effects } from "../tools/define.js";
import { registry } from "../tools/index.js";
import type { CliContext } from "./context.js";

export interface Runtime {
  effects: Effects;
  worker: ActionWorker;
  syncs: SyncRunner;
  close(): Promise<void>;
}

export function secretKeyOf(ctx: CliContext): Buffer {
  return loadSecretKey({
    configKey: ctx.config.OMNI_SECRET_KEY,
    dataDir: ctx.config.dataDir,
    embedded: !ctx.config.DATABASE_URL,
  });
}

/** Effects, a started action worker and a sync runner; `close` stops them and the mail transports. */
export function startRuntime(
  ctx: CliContext,
  opts: {
    pollMs?: number /** Run periodic syncs (the serving process only). */;
    syncSchedule?: boolean;
  } = {},
): Runtime {
  let key: Buffer | undefined;
  try {
    key = secretKeyOf(ctx);
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message }, "email sending is off: no secret key");
  }
  const mail = key ? createSmtpSender({ key, logger: ctx.logger }) : undefined;
  const effects: Effects = mail ? { mail } : {};
  const worker = createActionWorker({
    db: ctx.handle.db,
    registry,
    effects,
    logger: ctx.logger,
    appRole: ctx.config.OMNI_DB_APP_ROLE,
    pollMs: opts.pollMs,
  });
  worker.start();
  const syncs = createSyncRunner({
    db: ctx.handle.db,
    logger: ctx.logger,
    connectors: CONNECTORS,
    secretKey: () => key ?? secretKeyOf(ctx),
    appRole: ctx.config.OMNI_DB_APP_ROLE,
  });
  if (opts.syncSchedule) syncs.schedule();
  return {
    effects,
    worker,
    syncs,
    async close() {
      await worker.stop();
      await syncs.stop();
      mail?.close();
    },
  };
}
