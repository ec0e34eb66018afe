/**
 * MCP over Streamable HTTP through the Hono app (in process, no socket): bearer tokens per request, sessions tied
 * to their token, DNS-rebinding checks, malformed JSON-RPC, and the SDK client end to end with approvals.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  ElicitRequestSchema,
  LATEST_PROTOCOL_VERSION,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeToken } from "../../db/queries/tokens.js";
import type { Role } from "../../db/schema/core.js";
import { createActionWorker } from "../../jobs/action-worker.js";
import { createLogger } from "../../log.js";
import { createApp } from "../../server/app.js";
import { allowedHostnames, createMcpHttp, type McpHttp } from "../../server/mcp/http.js";
import { registry } from "../../tools/index.js";
import { type ToolHarness, toolHarness } from "../helpers/tools.js";
import { structured, text, tokenFor } from "./helpers.js";

const BASE = "http://127.0.0.1:3000/mcp";
let h: ToolHarness;
let app: Hono;
let mcp: McpHttp;
const worker = { wake: () => {}, drain: async () => {} };

beforeAll(async () => {
  h = await toolHarness({ businessName: "Http Co" });
  await h.ok("owner", "contacts_write", { method: "create", fields: { firstName: "Ada" } });
  const real = createActionWorker({ db: h.db.db, registry });
  Object.assign(worker, { wake: () => real.wake(), drain: () => real.drain() });
  mcp = createMcpHttp({
    db: h.db.db,
    registry,
    worker,
    allowedHosts: allowedHostnames({ host: "127.0.0.1", publicUrl: "https://omni.example.com" }),
  });
  app = createApp({ handle: h.db, logger: createLogger("silent"), version: "test", mcp });
});
afterAll(async () => {
  await mcp.close();
  await h.db.dispose();
});

const appFetch = async (url: string | URL, init?: RequestInit) => app.request(url.toString(), init);

async function client(
  token: string,
  opts: { headers?: Record<string, string>; elicit?: boolean } = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(BASE), {
    fetch: appFetch,
    requestInit: { headers: { authorization: `Bearer ${token}`, ...opts.headers } },
  });
  const c = new Client(
    { name: "http-test", version: "1.0.0" },
    { capabilities: opts.elicit ? { elicitation: { form: {} } } : {} },
  );
  if (opts.elicit)
    c.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { confirm: true } }));
  await c.connect(transport);
  return { client: c, transport };
}

const initBody = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
});

function post(headers: Record<string, string>, body = initBody) {
  return app.request(BASE, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body,
  });
}

const bearer = async (role: Role, limits?: { readOnly?: boolean }) => (await tokenFor(h, role, limits)).token;

describe("MCP over Streamable HTTP", () => {
  it("answers 401 with WWW-Authenticate when the token is missing, malformed or revoked", async () => {
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    const wrong = await post({ authorization: "Bearer omni_not-a-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    const { token, auth } = await tokenFor(h, "owner");
    await revokeToken(h.db.db, auth.tokenId);
    expect((await post({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it("refuses a foreign Origin or Host with 403, before looking at the token", async () => {
    const token = await bearer("owner");
    const evil = await post({ authorization: `Bearer ${token}`, origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect((await post({ origin: "https://evil.example" })).status).toBe(403);
    const rebound = await post({ authorization: `Bearer ${token}`, host: "evil.example:3000" });
    expect(rebound.status).toBe(403);
    const ok = await post({ authorization: `Bearer ${token}`, origin: "https://omni.example.com" });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
  });

  it("answers malformed JSON and non-initialize requests without a session with JSON-RPC errors", async () => {
    const token = await bearer("owner");
    const bad = await post({ authorization: `Bearer ${token}` }, "{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const early = await post(
      { authorization: `Bearer ${token}` },
      JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    );
    expect(early.status).toBe(400);
    const { client: c, transport } = await client(token);
    const inSession = await post(
      { authorization: `Bearer ${token}`, "mcp-session-id": transport.sessionId! },
      "[{oops",
    );
    expect(inSession.status).toBe(400);
    expect(((await inSession.json()) as { error: { code: number } }).error.code).toBe(-32700);
    expect((await c.listTools()).tools.length).toBeGreaterThan(10);
    await c.close();
  });

  it("ties a session to its token: another token's request with that session id gets 404", async () => {
    const { client: c, transport } = await client(await bearer("owner"));
    const otherToken = await bearer("owner");
    const res = await post(
      { authorization: `Bearer ${otherToken}`, "mcp-session-id": transport.sessionId! },
      JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }),
    );
    expect(res.status).toBe(404);
    await c.close();
  });

  it("lists tools per role, calls a read tool with the registry's result, and stops at once on revocation", async () => {
    const { token, auth } = await tokenFor(h, "staff");
    const { client: c } = await client(token);
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).toContain("contacts_list");
    expect(names.some((n) => registry.get(n)?.module === "finance")).toBe(false);
    const r = (await c.callTool({ name: "contacts_list", arguments: {} })) as CallToolResult;
    const direct = await registry.call(
      { db: h.db.db, businessId: h.businessId, userId: h.users.staff },
      "contacts_list",
      {},
    );
    expect(r.structuredContent).toEqual(direct.ok && direct.output);
    await revokeToken(h.db.db, auth.tokenId);
    await expect(c.callTool({ name: "contacts_list", arguments: {} })).rejects.toMatchObject({
      code: 401,
      message: expect.stringMatching(/revoked/),
    });
    await c.close().catch(() => {});
  });

  it("narrows a session with X-MCP-Readonly and X-MCP-Toolsets", async () => {
    const { client: c } = await client(await bearer("owner"), {
      headers: { "x-mcp-readonly": "1", "x-mcp-toolsets": "sales" },
    });
    const tools = (await c.listTools()).tools;
    expect(tools.every((t) => t.annotations?.readOnlyHint && registry.get(t.name)?.module === "sales")).toBe(
      true,
    );
    await expect(c.callTool({ name: "contacts_write", arguments: {} })).rejects.toThrow(/read-only/);
    await c.close();
    const bad = await post({ authorization: `Bearer ${await bearer("owner")}`, "x-mcp-toolsets": "nope" });
    expect(bad.status).toBe(400);
  });

  it("proposes a write, confirms by elicitation over the request's stream, and runs it once", async () => {
    const { client: c } = await client(await bearer("manager"), { elicit: true });
    const proposed = (await c.callTool({
      name: "contacts_write",
      arguments: { method: "create", fields: { firstName: "Viahttp" } },
    })) as CallToolResult;
    const card = structured(proposed).pending_action as { id: string };
    const approved = (await c.callTool({
      name: "approve_action",
      arguments: { id: card.id },
    })) as CallToolResult;
    expect(structured(approved).action).toMatchObject({ status: "succeeded" });
    expect(text(approved)).toMatch(/Done/);
    const list = await h.ok("owner", "contacts_list", { q: "Viahttp" });
    expect((list.items as unknown[]).length).toBe(1);
    await c.close();
  });

  it("dynamic sessions get tools/list_changed on the session's GET stream", async () => {
    const { client: c } = await client(await bearer("owner"), { headers: { "x-mcp-dynamic": "1" } });
    let changed = 0;
    c.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      changed++;
    });
    expect((await c.listTools()).tools.map((t) => t.name)).toContain("enable_toolset");
    await c.callTool({ name: "enable_toolset", arguments: { toolset: "sales" } });
    for (let i = 0; i < 100 && changed === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(changed).toBe(1);
    expect((await c.listTools()).tools.map((t) => t.name)).toContain("contacts_list");
    await c.close();
  });

  it("keeps at most 16 sessions per token, closing the least recently used", async () => {
    const tok = await bearer("staff");
    const before = mcp.sessions;
    const clients = [];
    for (let i = 0; i < 18; i++) clients.push((await client(tok)).client);
    expect(mcp.sessions).toBe(before + 16);
    expect((await clients.at(-1)!.listTools()).tools.length).toBeGreaterThan(0);
    await expect(clients[0]!.listTools()).rejects.toMatchObject({ code: 404 });
    for (const c of clients) await c.close().catch(() => {});
  });

  it("closes a session on DELETE", async () => {
    const before = mcp.sessions;
    const { client: c, transport } = await client(await bearer("owner"));
    expect(mcp.sessions).toBe(before + 1);
    await transport.terminateSession();
    expect(mcp.sessions).toBe(before);
    await c.close();
  });
});
