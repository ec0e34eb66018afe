/**
 * What a running `omni` process needs to carry out approved actions: the ways out (SMTP per business) and the
 * worker that runs approved actions from the outbox. Without a secret key (server database, no OMNI_SECRET_KEY)
 * email is unavailable and says so; everything else still works.
 */
import { loadSecretKey } from "../integrations/email/secrets.js";
import { createSmtpSender } from "../integrations/email/smtp-sender.js";
import { type ActionWorker, createActionWorker } from "../jobs/action-worker.js";
import type { Effects } from "../tools/define.js";
import { registry } from "../tools/index.js";
import type { CliContext } from "./context.js";

export interface Runtime {
  effects: Effects;
  worker: ActionWorker;
  close(): Promise<void>;
}

export function secretKeyOf(ctx: CliContext): Buffer {
  return loadSecretKey({
    configKey: ctx.config.OMNI_SECRET_KEY,
    dataDir: ctx.config.dataDir,
    embedded: !ctx.config.DATABASE_URL,
  });
}

/** Effects plus a started action worker; `close` stops the worker and the mail transports. */
export function startRuntime(ctx: CliContext, opts: { pollMs?: number } = {}): Runtime {
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
  return {
    effects,
    worker,
    async close() {
      await worker.stop();
      mail?.close();
    },
  };
}
