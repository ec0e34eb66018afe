/**
 * MCP latency and size on the demo business (embedded PGlite on disk, like the default install): tools/call
 * p50/p95 of a simple read through the SDK client — in memory (no transport), over stdio against a spawned
 * `omni mcp`, and over Streamable HTTP against a spawned `omni start` — and the tokens of tools/list per toolset,
 * per role and in total (≈4 characters a token: model-facing via estimateTokens, and the whole tools/list JSON).
 * Usage: npm run bench:mcp -- [--scale 1] [--runs 200] [--tool contacts_list]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { openDatabase } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { authenticateToken, createToken, type TokenAuth } from "../db/queries/tokens.js";
import { ROLES, type Role } from "../db/schema/core.js";
import { seedDemo } from "../db/seed/demo.js";
import { createMcpServer } from "../server/mcp/server.js";
import { estimateTokens } from "../tools/describe.js";
import { registry } from "../tools/index.js";
import { MODULES, type Module } from "../tools/permissions.js";
import { arg, percentile, printJson } from "./common.js";

const scale = Number(arg("scale", "1"));
const runs = Number(arg("runs", "200"));
const tool = arg("tool", "contacts_list");
const input: Record<string, unknown> = JSON.parse(arg("input", '{"limit":5}'));
const WARMUP = 20;
const bin = path.join(import.meta.dirname, "..", "cli", "bin.js");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-bench-mcp-"));
const env = { ...process.env, OMNI_DATA_DIR: dir, DATABASE_URL: "", LOG_LEVEL: "warn" } as Record<
  string,
  string
>;
const noop = { wake() {}, async drain() {} };

async function time(call: () => Promise<unknown>): Promise<{ p50: number; p95: number; mean: number }> {
  for (let i = 0; i < WARMUP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mean = Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 100) / 100;
  return { p50: percentile(times, 50), p95: percentile(times, 95), mean };
}

async function callOk(client: Client) {
  const r = await client.callTool({ name: tool, arguments: input });
  if (r.isError) throw new Error(`${tool} failed: ${JSON.stringify(r.content)}`);
}

/** Model-facing tokens of a listed tool: estimateTokens for registry tools, the same formula for session tools. */
function toolTokens(t: Tool): number {
  const def = registry.get(t.name);
  if (def) return estimateTokens(def);
  return Math.ceil(
    JSON.stringify({ name: t.name, description: t.description, input_schema: t.inputSchema }).length / 4,
  );
}

async function listOf(
  handle: Awaited<ReturnType<typeof openDatabase>>,
  auth: TokenAuth,
  toolsets?: Module[],
): Promise<Tool[]> {
  const server = createMcpServer({ db: handle.db, registry, auth, toolsets, worker: noop });
  const client = new Client({ name: "bench", version: "1" });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  await client.connect(a);
  const { tools } = await client.listTools();
  await client.close();
  await server.close();
  return tools;
}

const sizes = (tools: Tool[]) => ({
  tools: tools.length,
  modelTokens: tools.reduce((n, t) => n + toolTokens(t), 0),
  listTokens: Math.ceil(JSON.stringify({ tools }).length / 4),
});

// 1. Seed, make one token per role, measure in memory and the tools/list sizes; then release the database.
const handle = await openDatabase({ dataDir: path.join(dir, "data") });
await migrate(handle);
const seedStart = performance.now();
const seeded = await seedDemo(handle.db, { scale, seed: 42, today: "2026-11-25", name: "Bench MCP Café" });
const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
const tokens = {} as Record<Role, string>;
const auths = {} as Record<Role, TokenAuth>;
for (const role of ROLES) {
  const user = seeded.users.find((u) => u.role === role)!;
  tokens[role] = (
    await createToken(handle.db, { businessId: seeded.businessId, userId: user.id, name: "bench" })
  ).token;
  auths[role] = (await authenticateToken(handle.db, tokens[role]))!;
}

const server = createMcpServer({ db: handle.db, registry, auth: auths.owner, worker: noop });
const memClient = new Client({ name: "bench", version: "1" });
const [ca, sa] = InMemoryTransport.createLinkedPair();
await server.connect(sa);
await memClient.connect(ca);
await memClient.listTools();
const inMemory = await time(() => callOk(memClient));
await memClient.close();
await server.close();

const byToolset: Record<string, ReturnType<typeof sizes>> = {};
for (const m of MODULES) {
  const tools = await listOf(handle, auths.owner, [m]);
  byToolset[m] = sizes(tools.filter((t) => registry.get(t.name)));
}
const byRole: Record<string, ReturnType<typeof sizes>> = {};
for (const role of ROLES) byRole[role] = sizes(await listOf(handle, auths[role]));
await handle.close();

// 2. stdio: a spawned `omni mcp`.
const stdioTransport = new StdioClientTransport({
  command: process.execPath,
  args: [bin, "mcp"],
  env: { ...env, OMNI_TOKEN: tokens.owner },
  stderr: "inherit",
});
const stdioClient = new Client({ name: "bench", version: "1" });
await stdioClient.connect(stdioTransport);
await stdioClient.listTools();
const stdio = await time(() => callOk(stdioClient));
await stdioClient.close();

// 3. Streamable HTTP: a spawned `omni start` (the stdio process has released the embedded database).
const started = spawn(process.execPath, [bin, "start", "--port", "0"], {
  env,
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<URL>((resolve, reject) => {
  let out = "";
  started.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    const m = /listening on (http:\/\/\S+?)\s/.exec(out);
    if (m) resolve(new URL("/mcp", m[1]));
  });
  started.once("exit", (code) => reject(new Error(`omni start exited ${code}: ${out}`)));
});
const httpClient = new Client({ name: "bench", version: "1" });
await httpClient.connect(
  new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${tokens.owner}` } },
  }),
);
await httpClient.listTools();
const http = await time(() => callOk(httpClient));
await httpClient.close();
const exited = new Promise((r) => started.once("exit", r));
started.kill("SIGTERM");
await exited;
fs.rmSync(dir, { recursive: true, force: true });

printJson({
  bench: "mcp",
  backend: "pglite",
  scale,
  seedSeconds,
  call: { tool, input, runs, goalP50Ms: 5 },
  latencyMs: { inMemory, stdio, http },
  meetsGoal: { stdio: stdio.p50 <= 5, http: http.p50 <= 5 },
  toolsList: {
    note: "modelTokens: name + description + input schema per tool (estimateTokens, what a model is sent); listTokens: the whole tools/list JSON with output schemas and annotations",
    total: byRole.owner,
    byToolset,
    byRole,
  },
});
