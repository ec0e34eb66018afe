/**
 * `omni start`: migrate, optionally load the demo business, then serve HTTP — health and MCP at /mcp — and run the
 * action worker until SIGINT/SIGTERM.
 */
import { serve } from "@hono/node-server";
import { startDiscord } from "../bots/discord/start.js";
import { startSlack } from "../bots/slack/start.js";
import { listBusinesses } from "../db/queries/businesses.js";
import { createApp } from "../server/app.js";
import { allowedHostnames, createMcpHttp } from "../server/mcp/http.js";
import { createUi, uiDepsFromConfig } from "../server/ui/index.js";
import { registry } from "../tools/index.js";
import { openContext } from "./context.js";
import { startRuntime } from "./effects.js";
import { version } from "./mcp.js";
import { runSeedCommand } from "./seed.js";

export async function runStart(opts: { port?: number; host?: string; demo?: boolean }) {
  const ctx = await openContext();
  const { config, logger, handle } = ctx;
  if (opts.demo && (await listBusinesses(handle.db)).length === 0) {
    logger.info("no business yet: loading the demo business");
    await runSeedCommand(ctx, { scale: 1, seed: 42, name: "Harbor & Pine Coffee Co." });
  }
  const port = opts.port ?? config.PORT;
  const hostname = opts.host ?? config.HOST;
  const actions = startRuntime(ctx, { syncSchedule: true });
  const mcp = createMcpHttp({
    db: handle.db,
    registry,
    worker: actions.worker,
    logger,
    effects: actions.effects,
    appRole: config.OMNI_DB_APP_ROLE,
    version,
    allowedHosts: allowedHostnames({ host: hostname, publicUrl: config.OMNI_PUBLIC_URL }),
  });
  const ui = createUi(
    uiDepsFromConfig(config, {
      db: handle.db,
      registry,
      logger,
      embedded: handle.kind === "pglite",
      worker: actions.worker,
      effects: actions.effects,
      syncs: actions.syncs,
    }),
  );
  // Slack when configured: Socket Mode, or HTTP at /slack/events; daily briefs checked every minute.
  const slack = await startSlack({
    config,
    db: handle.db,
    registry,
    logger,
    worker: actions.worker,
    effects: actions.effects,
  });
  // Discord when configured: HTTP interactions at /discord/interactions; the gateway with DISCORD_BOT_TOKEN.
  const discord = await startDiscord({
    config,
    db: handle.db,
    registry,
    logger,
    worker: actions.worker,
    effects: actions.effects,
  });
  const app = createApp({
    handle,
    logger,
    version,
    mcp,
    ui,
    ...(slack?.http ? { slack: slack.http } : {}),
    ...(discord?.http ? { discord: discord.http } : {}),
  });
  const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
    console.log(
      `OmniBusiness listening on http://${hostname}:${info.port} (database: ${handle.kind}, ${handle.location}); MCP at /mcp; admin UI at /`,
    );
  });
  const stop = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    server.close();
    await mcp.close();
    await slack?.stop();
    await discord?.stop();
    await actions.close();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}
