/** The Hono application: health and MCP (Streamable HTTP at /mcp); the admin UI, REST and webhooks mount here as they land. */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { DiscordInteractions } from "../bots/discord/http.js";
import type { DbHandle } from "../db/client.js";
import type { Logger } from "../log.js";
import type { McpHttp } from "./mcp/http.js";
import type { UiEnv } from "./ui/context.js";

export interface AppDeps {
  handle: DbHandle;
  logger: Logger;
  version: string;
  /** MCP over Streamable HTTP; /mcp is not served without it. */
  mcp?: McpHttp;
  /** Discord's HTTP interactions endpoint (POST /discord/interactions); not served without it. */
  discord?: DiscordInteractions;
  /** Slack's events, commands and interactivity in HTTP mode (POST /slack/events); not served without it. */
  slack?: { handle(req: Request): Promise<Response> };
  /** The admin web UI (server/ui createUi): /, /login, /signup, /invite/…, /b/<business>/…; not served without it. */
  ui?: Hono<UiEnv>;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get("/healthz", async (c) => {
    const started = performance.now();
    await deps.handle.db.execute(sql`select 1`);
    return c.json({
      ok: true,
      version: deps.version,
      database: deps.handle.kind,
      dbLatencyMs: Math.round((performance.now() - started) * 100) / 100,
    });
  });

  const { mcp } = deps;
  if (mcp) app.all("/mcp", (c) => mcp.handle(c.req.raw));
  const { discord } = deps;
  if (discord) app.post("/discord/interactions", (c) => discord.handle(c.req.raw));
  const { slack } = deps;
  if (slack) app.post("/slack/events", (c) => slack.handle(c.req.raw));
  if (deps.ui) app.route("/", deps.ui);

  app.notFound((c) =>
    c.json({ error: "not_found", message: `No route for ${c.req.method} ${c.req.path}` }, 404),
  );

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    deps.logger.error({ err, path: c.req.path }, "request failed");
    return c.json({ error: "internal_error", message: "Something went wrong; the error was logged." }, 500);
  });

  return app;
}
