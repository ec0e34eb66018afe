/**
 * `omni mcp`: the MCP server over stdio for Claude Desktop, Claude Code and other local clients. The user and
 * business come from an API token (--token or OMNI_TOKEN). Nothing but protocol messages goes to stdout; logs go
 * to stderr. On the embedded database this process holds the PGlite lock, so `omni start` cannot run beside it
 * on the same OMNI_DATA_DIR (use DATABASE_URL for both).
 */
import fs from "node:fs";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { InputError } from "../db/errors.js";
import { authenticateToken } from "../db/queries/tokens.js";
import { createMcpServer } from "../server/mcp/server.js";
import { parseToolsets } from "../server/mcp/toolsets.js";
import { registry } from "../tools/index.js";
import { openContext } from "./context.js";
import { startRuntime } from "./effects.js";

export interface McpOptions {
  token?: string;
  toolsets?: string;
  readOnly?: boolean;
  dynamic?: boolean;
}

export const version = (
  JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export async function runMcp(opts: McpOptions): Promise<void> {
  const token = opts.token ?? process.env.OMNI_TOKEN;
  if (!token) {
    throw new InputError("No API token", [
      {
        field: "--token",
        message: "pass --token or set OMNI_TOKEN; create one with `omni tokens create --business B --user U`",
      },
    ]);
  }
  const toolsets = parseToolsets(opts.toolsets);
  const ctx = await openContext();
  const { config, handle, logger } = ctx;
  const auth = await authenticateToken(handle.db, token);
  if (!auth) {
    await handle.close();
    throw new InputError("Invalid API token", [
      {
        field: "token",
        message: "unknown, revoked or expired, or its user is disabled or no longer a member",
      },
    ]);
  }
  const actions = startRuntime(ctx);
  let server: ReturnType<typeof createMcpServer>;
  try {
    server = createMcpServer({
      db: handle.db,
      registry,
      auth,
      toolsets,
      readOnly: opts.readOnly,
      dynamic: opts.dynamic,
      worker: actions.worker,
      logger,
      effects: actions.effects,
      appRole: config.OMNI_DB_APP_ROLE,
      version,
    });
  } catch (err) {
    await actions.close();
    await handle.close();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = (why: string) => {
    stopping ??= (async () => {
      logger.info({ why }, "mcp stdio server stopping");
      await server.close().catch(() => {});
      await actions.close();
      await handle.close();
      process.exit(0);
    })();
    return stopping;
  };
  process.stdin.once("end", () => void stop("stdin closed"));
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  const transport = new StdioServerTransport();
  server.server.onerror = (err) => logger.warn({ err }, "mcp protocol error");
  await server.connect(transport);
  logger.info(
    {
      business: auth.businessId,
      user: auth.userId,
      role: auth.role,
      readOnly: opts.readOnly || auth.readOnly,
    },
    "mcp server on stdio",
  );
}
