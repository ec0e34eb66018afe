/**
 * The real processes with the SDK's own client: `omni mcp` over stdio and `omni start` over Streamable HTTP, on a
 * demo business in a temp OMNI_DATA_DIR. The embedded database belongs to one process at a time, so the stdio
 * sessions run one after another and `omni call` runs before them.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.js";
import { findBusiness } from "../../db/queries/businesses.js";
import { createToken } from "../../db/queries/tokens.js";
import { findUser } from "../../db/queries/users.js";
import { registry } from "../../tools/index.js";
import { structured, text } from "./helpers.js";

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, "..", "..", "cli", "bin.js");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-mcp-"));
const env = { ...process.env, OMNI_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" } as Record<
  string,
  string
>;
const BIZ = "harbor-pine-coffee-co";
const email = (role: string) => `${role}@${BIZ}.demo`;

async function omni(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function token(role: string, ...extra: string[]): Promise<string> {
  const r = await omni(
    "tokens",
    "create",
    "--business",
    BIZ,
    "--user",
    email(role),
    "--name",
    role,
    ...extra,
  );
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}

const tokens: Record<string, string> = {};
let revokedToken = "";
const viaCli: Record<string, unknown> = {};

beforeAll(async () => {
  const seeded = await omni("seed", "--demo", "--scale", "0.1", "--quiet");
  expect(seeded.code, seeded.stderr).toBe(0);
  tokens.owner = await token("owner");
  // The other tokens are made in this process (each `omni` process costs seconds); the CLI path is tested above.
  const handle = await openDatabase({ dataDir: path.join(dataDir, "data") });
  try {
    const business = await findBusiness(handle.db, BIZ);
    const make = async (role: string, readOnly = false) =>
      createToken(handle.db, {
        businessId: business.id,
        userId: (await findUser(handle.db, email(role))).id,
        name: role,
        readOnly,
      });
    tokens.staff = (await make("staff")).token;
    tokens.accountant = (await make("accountant")).token;
    tokens.ownerReadOnly = (await make("owner", true)).token;
    revokedToken = (await make("manager")).token;
  } finally {
    await handle.close();
  }
  const list = await omni("tokens", "list", "--business", BIZ, "--json");
  const revokedId = (JSON.parse(list.stdout) as Array<{ id: string; name: string }>).find(
    (t) => t.name === "manager",
  )!.id;
  expect((await omni("tokens", "revoke", revokedId)).stdout).toMatch(/Revoked/);
  for (const [tool, input] of [
    ["finance_ar_aging", "{}"],
    ["contacts_list", '{"limit":5}'],
  ] as const) {
    const r = await omni("call", tool, "--business", BIZ, "--user", email("owner"), "--input", input);
    expect(r.code, r.stderr).toBe(0);
    viaCli[tool] = JSON.parse(r.stdout);
  }
}, 240_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A stdio session against a spawned `omni mcp`; protocol errors (anything but JSON-RPC on stdout) are collected. */
async function stdio(tok: string, ...args: string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, "mcp", ...args],
    env: { ...env, OMNI_TOKEN: tok },
    stderr: "pipe",
  });
  const errors: Error[] = [];
  const client = new Client({ name: "stdio-test", version: "1.0.0" });
  client.onerror = (e) => errors.push(e);
  await client.connect(transport);
  return {
    client,
    errors,
    call: async (name: string, a: Record<string, unknown> = {}) =>
      (await client.callTool({ name, arguments: a })) as CallToolResult,
    close: () => client.close(),
  };
}

describe("omni tokens", () => {
  it("lists tokens without the secrets and refuses unknown toolsets", async () => {
    const list = await omni("tokens", "list", "--business", BIZ);
    expect(list.stdout).toMatch(/omni_\S{6}…/);
    expect(list.stdout).not.toContain(tokens.owner);
    expect(list.stdout).toMatch(/revoked/);
    expect(list.stdout).toMatch(/read-only/);
    const bad = await omni(
      "tokens",
      "create",
      "--business",
      BIZ,
      "--user",
      email("owner"),
      "--toolsets",
      "nope",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/toolsets: nope/);
  });
});

describe("omni mcp (stdio)", () => {
  it("refuses to start without a token or with a revoked one (exit 2, message on stderr, nothing on stdout)", async () => {
    const none = await omni("mcp");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/OMNI_TOKEN/);
    const revoked = await omni("mcp", "--token", revokedToken);
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).toMatch(/Invalid API token/);
    expect(revoked.stdout).toBe("");
  });

  it("puts nothing but JSON-RPC on stdout, survives malformed input and exits when stdin closes", async () => {
    const child = spawn(process.execPath, [bin, "mcp"], {
      env: { ...env, OMNI_TOKEN: tokens.owner! },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let buf = "";
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    const reply = async (id: number) => {
      for (let i = 0; i < 600; i++) {
        const hit = lines.map((l) => JSON.parse(l) as { id?: number }).find((m) => m.id === id);
        if (hit) return hit as { id: number; result?: unknown; error?: { code: number } };
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no reply to ${id}; stdout: ${lines.join("\n")}`);
    };
    const send = (m: unknown) => child.stdin.write(`${typeof m === "string" ? m : JSON.stringify(m)}\n`);
    send("{this is not json");
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    expect((await reply(1)).result).toMatchObject({ serverInfo: { name: "omnibusiness" } });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: {} });
    expect((await reply(2)).error?.code).toBe(-32602);
    send({ jsonrpc: "2.0", id: 3, method: "no/such/method" });
    expect((await reply(3)).error?.code).toBe(-32601);
    const exited = new Promise<number | null>((r) => child.once("exit", r));
    child.stdin.end();
    expect(await exited).toBe(0);
    for (const l of lines) expect(JSON.parse(l)).toMatchObject({ jsonrpc: "2.0" });
  }, 60_000);

  it("serves the owner's tools; read results equal `omni call`; a write is proposed, refused to the accountant, approved once", async () => {
    const owner = await stdio(tokens.owner!);
    let actionId: string;
    try {
      const names = (await owner.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual([
        "list_pending_actions",
        "approve_action",
        "reject_action",
        ...registry.list({ role: "owner" }).map((t) => t.name),
      ]);
      for (const [tool, input] of [
        ["finance_ar_aging", {}],
        ["contacts_list", { limit: 5 }],
      ] as const) {
        expect(structured(await owner.call(tool, input))).toEqual(viaCli[tool]);
      }
      const proposed = await owner.call("contacts_write", {
        method: "create",
        fields: { firstName: "Stdiox" },
      });
      actionId = (structured(proposed).pending_action as { id: string }).id;
      expect(text(proposed)).toMatch(/waits for approval/);
      await expect(owner.call("no_such_tool")).rejects.toThrow(/no tool named/);
      expect(owner.errors).toEqual([]);
    } finally {
      await owner.close();
    }

    const accountant = await stdio(tokens.accountant!);
    try {
      const refused = await accountant.call("approve_action", { id: actionId });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/forbidden: Only the owner, manager or staff roles may approve/);
    } finally {
      await accountant.close();
    }

    const again = await stdio(tokens.owner!);
    try {
      const approved = structured(await again.call("approve_action", { id: actionId }));
      expect(approved.action).toMatchObject({ status: "succeeded" });
      const found = structured(await again.call("contacts_list", { q: "Stdiox" })).items as unknown[];
      expect(found).toHaveLength(1);
      expect((await again.call("approve_action", { id: actionId })).isError).toBe(true);
      expect(structured(await again.call("contacts_list", { q: "Stdiox" })).items).toHaveLength(1);
    } finally {
      await again.close();
    }
  }, 120_000);

  it("staff sees no finance tools; --toolsets and --read-only narrow the list; read-only refuses writes", async () => {
    const staff = await stdio(tokens.staff!, "--toolsets", "sales,finance");
    try {
      const names = (await staff.client.listTools()).tools.map((t) => t.name);
      expect(names.some((n) => registry.get(n)?.module === "finance")).toBe(false);
      expect(new Set(names.slice(3).map((n) => registry.get(n)?.module))).toEqual(new Set(["sales"]));
    } finally {
      await staff.close();
    }
    for (const [tok, args] of [
      [tokens.owner!, ["--read-only"]],
      [tokens.ownerReadOnly!, []],
    ] as const) {
      const ro = await stdio(tok, ...args);
      try {
        const tools = (await ro.client.listTools()).tools;
        expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
        await expect(
          ro.call("contacts_write", { method: "create", fields: { firstName: "Nope" } }),
        ).rejects.toThrow(/read-only/);
      } finally {
        await ro.close();
      }
    }
  }, 120_000);
});

describe("omni start: MCP over Streamable HTTP", () => {
  let server: ChildProcess;
  let url: URL;

  beforeAll(async () => {
    server = spawn(process.execPath, [bin, "start", "--port", "0"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise<URL>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`omni start did not listen: ${out}`)), 60_000);
      server.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/[^\s]+?)\s/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(new URL("/mcp", m[1]));
        }
      });
      server.once("exit", (code) => reject(new Error(`omni start exited ${code}: ${out}`)));
    });
  }, 90_000);

  afterAll(async () => {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  });

  async function http(tok: string) {
    const transport = new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { authorization: `Bearer ${tok}` } },
    });
    const client = new Client({ name: "http-process-test", version: "1.0.0" });
    await client.connect(transport);
    return client;
  }

  const init = (headers: Record<string, string>, body?: string) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body:
        body ??
        JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "raw", version: "1" },
          },
        }),
    });

  it("401 without or with a revoked token, 403 for a foreign Origin, 400 for malformed JSON", async () => {
    const missing = await init({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect((await init({ authorization: `Bearer ${revokedToken}` })).status).toBe(401);
    expect(
      (await init({ authorization: `Bearer ${tokens.owner}`, origin: "http://evil.example" })).status,
    ).toBe(403);
    const bad = await init({ authorization: `Bearer ${tokens.owner}` }, "{]");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it("serves tools per role; read results equal `omni call`; a proposal is refused to the accountant and approved once", async () => {
    const staff = await http(tokens.staff!);
    const staffNames = (await staff.listTools()).tools.map((t) => t.name);
    expect(staffNames.some((n) => registry.get(n)?.module === "finance")).toBe(false);
    await staff.close();

    const owner = await http(tokens.owner!);
    await owner.listTools();
    const aging = (await owner.callTool({ name: "finance_ar_aging", arguments: {} })) as CallToolResult;
    expect(aging.structuredContent).toEqual(viaCli.finance_ar_aging);
    const proposed = (await owner.callTool({
      name: "contacts_write",
      arguments: { method: "create", fields: { firstName: "Httpx" } },
    })) as CallToolResult;
    const id = (structured(proposed).pending_action as { id: string }).id;

    const accountant = await http(tokens.accountant!);
    const refused = (await accountant.callTool({
      name: "approve_action",
      arguments: { id },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    await accountant.close();

    const approved = (await owner.callTool({ name: "approve_action", arguments: { id } })) as CallToolResult;
    expect(structured(approved).action).toMatchObject({ status: "succeeded" });
    const found = (await owner.callTool({
      name: "contacts_list",
      arguments: { q: "Httpx" },
    })) as CallToolResult;
    expect(structured(found).items).toHaveLength(1);
    await owner.close();
  }, 60_000);
});
