/** The Hono application: health now; the admin UI, REST, /mcp and webhooks mount here as they land. */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { DbHandle } from "../db/client.js";
import type { Logger } from "../log.js";

export interface AppDeps {
  handle: DbHandle;
  logger: Logger;
  version: string;
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
