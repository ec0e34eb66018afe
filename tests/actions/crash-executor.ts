/**
 * A worker process that dies (SIGKILL) right after an action's effect and before its outcome is recorded: the
 * moment a crash would leave "sent but not marked". Used by tools/actions/email.db.test.ts.
 * Usage: crash-executor.ts <database url> <secret key hex>
 */
import { openDatabase } from "../../db/client.js";
import { createSmtpSender } from "../../integrations/email/smtp-sender.js";
import { createActionWorker } from "../../jobs/action-worker.js";
import { registry } from "../../tools/index.js";

const [url, keyHex] = process.argv.slice(2);
const handle = await openDatabase({ databaseUrl: url!, max: 2 });
const worker = createActionWorker({
  db: handle.db,
  registry,
  effects: { mail: createSmtpSender({ key: Buffer.from(keyHex!, "hex") }) },
  afterEffect: async () => {
    process.kill(process.pid, "SIGKILL");
    await new Promise(() => {});
  },
});
await worker.drain();
// Reaching this line means nothing was due: exit with a code the test can tell apart from the kill.
process.exit(3);
