/** What every command needs: validated config, a logger, and an open (migrated) database. */

import path from "node:path";
import { type Config, loadConfig } from "../config.js";
import { type DbHandle, openDatabase } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { createLogger, type Logger } from "../log.js";

export interface CliContext {
  config: Config;
  logger: Logger;
  handle: DbHandle;
}

export async function openContext(opts: { migrate?: boolean } = {}): Promise<CliContext> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const handle = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: path.join(config.dataDir, "data"),
  });
  if (opts.migrate !== false) await migrate(handle, config.OMNI_DB_APP_ROLE);
  return { config, logger, handle };
}

/** Opens a context, runs the command, always closes the database. */
export async function withContext<T>(
  fn: (ctx: CliContext) => Promise<T>,
  opts?: { migrate?: boolean },
): Promise<T> {
  const ctx = await openContext(opts);
  try {
    return await fn(ctx);
  } finally {
    await ctx.handle.close();
  }
}
