/** `omni start`: migrate, optionally load the demo business, then serve HTTP until SIGINT/SIGTERM. */
import fs from "node:fs";
import { serve } from "@hono/node-server";
import { listBusinesses } from "../db/queries/businesses.js";
import { createApp } from "../server/app.js";
import { openContext } from "./context.js";
import { runSeedCommand } from "./seed.js";

export async function runStart(opts: { port?: number; host?: string; demo?: boolean }) {
  const ctx = await openContext();
  const { config, logger, handle } = ctx;
  if (opts.demo && (await listBusinesses(handle.db)).length === 0) {
    logger.info("no business yet: loading the demo business");
    await runSeedCommand(ctx, { scale: 1, seed: 42, name: "Harbor & Pine Coffee Co." });
  }
  const version = (
    JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
  ).version;
  const app = createApp({ handle, logger, version });
  const port = opts.port ?? config.PORT;
  const hostname = opts.host ?? config.HOST;
  const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
    console.log(
      `OmniBusiness listening on http://${hostname}:${info.port} (database: ${handle.kind}, ${handle.location})`,
    );
  });
  const stop = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    server.close();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}
