/**
 * MCP over Streamable HTTP at /mcp. Every request is checked in this order: Host and Origin against the names this
 * server answers to (DNS rebinding → 403), then the bearer API token (missing, unknown, revoked → 401 with
 * WWW-Authenticate), then the session: a session belongs to the token that opened it, and an id from another
 * token is answered like an unknown one (404) — a session id is never a credential.
 */
import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Db } from "../../db/client.js";
import { InputError } from "../../db/errors.js";
import { authenticateToken, type TokenAuth } from "../../db/queries/tokens.js";
import type { Logger } from "../../log.js";
import type { Effects } from "../../tools/define.js";
import type { Registry } from "../../tools/registry.js";
import { type ActionRunner, createMcpServer } from "./server.js";
import { parseToolsets } from "./toolsets.js";

export interface McpHttpOptions {
  db: Db;
  registry: Registry;
  worker: ActionRunner;
  logger?: Logger;
  effects?: Effects;
  appRole?: string;
  version?: string;
  /** Host names (no port) accepted in Host and Origin headers; see `allowedHostnames`. */
  allowedHosts: readonly string[];
  /** Sessions idle this long are closed (default 30 minutes). */
  sessionIdleMs?: number;
}

export interface McpHttp {
  handle(req: Request): Promise<Response>;
  /** Open sessions (for health and tests). */
  readonly sessions: number;
  close(): Promise<void>;
}

interface Session {
  auth: TokenAuth;
  transport: WebStandardStreamableHTTPServerTransport;
  close(): Promise<void>;
  lastSeen: number;
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];
/** A token opening more sessions than this closes its least recently used one. */
const MAX_SESSIONS_PER_TOKEN = 16;
const WILDCARD = ["0.0.0.0", "::", "[::]"];

/**
 * The names a client may use to reach this server: the loopback names, the bound address (unless it is a
 * wildcard) and the host of OMNI_PUBLIC_URL. Anything else in Host or Origin is a rebinding attempt.
 */
export function allowedHostnames(opts: { host: string; publicUrl?: string }): string[] {
  const names = new Set(LOOPBACK);
  const host = opts.host.toLowerCase();
  if (!WILDCARD.includes(host)) names.add(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);
  if (opts.publicUrl) {
    try {
      names.add(new URL(opts.publicUrl).hostname.toLowerCase());
    } catch {
      // config.ts already validated it; an unparsable value adds nothing
    }
  }
  return [...names];
}

function hostnameOf(value: string, withScheme: boolean): string | undefined {
  try {
    return new URL(withScheme ? value : `http://${value}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function rpcError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

const REALM = 'Bearer realm="OmniBusiness"';

/**
 * Responses come as plain JSON unless the client can be asked to confirm (elicitation), which needs the request's
 * SSE stream; nothing else this server sends belongs to a request (list_changed goes on the session's GET stream).
 */
function wantsElicitation(init: unknown): boolean {
  const caps = (init as { params?: { capabilities?: { elicitation?: unknown } } }).params?.capabilities;
  return caps?.elicitation !== undefined;
}

export function createMcpHttp(o: McpHttpOptions): McpHttp {
  const sessions = new Map<string, Session>();
  const idleMs = o.sessionIdleMs ?? 30 * 60_000;
  const allowedHosts = new Set(o.allowedHosts.map((h) => h.toLowerCase()));
  let lastSweep = Date.now();

  async function sweep(now: number) {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [id, s] of sessions) {
      if (now - s.lastSeen > idleMs) {
        sessions.delete(id);
        await s.close().catch(() => {});
      }
    }
  }

  /** Session options a client may ask for when it initializes: they only ever narrow the token's. */
  function sessionOptions(req: Request) {
    const flag = (name: string) => /^(1|true|yes)$/i.test(req.headers.get(name) ?? "");
    return {
      toolsets: parseToolsets(req.headers.get("x-mcp-toolsets")),
      readOnly: flag("x-mcp-readonly"),
      dynamic: flag("x-mcp-dynamic"),
    };
  }

  async function open(req: Request, auth: TokenAuth, body: unknown): Promise<Response> {
    const mine = [...sessions].filter(([, s]) => s.auth.tokenId === auth.tokenId);
    if (mine.length >= MAX_SESSIONS_PER_TOKEN) {
      const [oldestId, oldest] = mine.sort((a, b) => a[1].lastSeen - b[1].lastSeen)[0]!;
      sessions.delete(oldestId);
      await oldest.close().catch(() => {});
    }
    let server: ReturnType<typeof createMcpServer>;
    try {
      server = createMcpServer({
        db: o.db,
        registry: o.registry,
        auth,
        ...sessionOptions(req),
        worker: o.worker,
        logger: o.logger,
        effects: o.effects,
        appRole: o.appRole,
        version: o.version,
      });
    } catch (err) {
      if (err instanceof InputError) return rpcError(400, -32602, err.message);
      throw err;
    }
    server.server.onerror = (err) => o.logger?.debug({ err }, "mcp protocol error");
    let sessionId: string | undefined;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: !wantsElicitation(body),
      onsessioninitialized: (id) => {
        sessionId = id;
        sessions.set(id, { auth, transport, close: () => server.close(), lastSeen: Date.now() });
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (sessionId) sessions.delete(sessionId);
    };
    await server.connect(transport);
    const res = await transport.handleRequest(req, { parsedBody: body });
    if (!sessionId) await server.close().catch(() => {});
    else o.logger?.info({ session: sessionId, token: auth.tokenId, role: auth.role }, "mcp session opened");
    return res;
  }

  return {
    get sessions() {
      return sessions.size;
    },

    async handle(req) {
      const now = Date.now();
      void sweep(now);

      const host = hostnameOf(req.headers.get("host") ?? new URL(req.url).host, false);
      if (!host || !allowedHosts.has(host))
        return rpcError(
          403,
          -32000,
          `Forbidden: this server does not answer to the host ${host ?? "(none)"}.`,
        );
      const origin = req.headers.get("origin");
      if (origin !== null) {
        const name = hostnameOf(origin, true);
        if (!name || !allowedHosts.has(name))
          return rpcError(403, -32000, `Forbidden: requests from the origin ${origin} are not allowed.`);
      }

      const header = req.headers.get("authorization") ?? "";
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (!bearer) {
        return rpcError(401, -32001, "Unauthorized: send an API token as Authorization: Bearer omni_…", {
          "www-authenticate": REALM,
        });
      }
      const auth = await authenticateToken(o.db, bearer);
      if (!auth) {
        return rpcError(401, -32001, "Unauthorized: the API token is unknown, revoked or expired.", {
          "www-authenticate": `${REALM}, error="invalid_token", error_description="The token is unknown, revoked or expired"`,
        });
      }

      const sessionId = req.headers.get("mcp-session-id");
      if (sessionId) {
        const s = sessions.get(sessionId);
        if (!s || s.auth.tokenId !== auth.tokenId) return rpcError(404, -32001, "Session not found");
        s.lastSeen = now;
        return s.transport.handleRequest(req);
      }
      if (req.method !== "POST") {
        return req.method === "GET" || req.method === "DELETE"
          ? rpcError(400, -32000, "Bad Request: Mcp-Session-Id header is required")
          : rpcError(405, -32000, "Method not allowed.", { allow: "GET, POST, DELETE" });
      }
      let body: unknown;
      try {
        body = JSON.parse(await req.text());
      } catch {
        return rpcError(400, -32700, "Parse error: Invalid JSON");
      }
      if (!isInitializeRequest(body))
        return rpcError(400, -32000, "Bad Request: No valid session ID provided; initialize first.");
      return open(req, auth, body);
    },

    async close() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.close().catch(() => {})));
    },
  };
}
