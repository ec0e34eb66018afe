/** The `omni` executable end to end, as separate processes on an embedded database in a temp dir. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, "..", "..", "cli", "bin.js");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-cli-"));
const env = { ...process.env, OMNI_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" };

async function omni(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("omni CLI", () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("--help lists the commands", async () => {
    const r = await omni("--help");
    expect(r.code).toBe(0);
    for (const c of [
      "migrate",
      "seed",
      "start",
      "businesses",
      "users",
      "members",
      "export-business",
      "delete-business",
      "audit",
      "tools",
      "call",
      "chat",
      "mcp",
      "tokens",
      "smtp",
    ]) {
      expect(r.stdout).toContain(c);
    }
  });

  it("creates a business, a user and a membership; refuses bad input with exit code 2", async () => {
    expect((await omni("businesses", "create", "--name", "Corner Shop", "--currency", "EUR")).stdout).toMatch(
      /Created business Corner Shop \(biz_/,
    );
    const bad = await omni("businesses", "create", "--name", "Bad", "--currency", "XYZ");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/currency: unknown currency/);
    expect(
      (
        await omni(
          "users",
          "create",
          "--email",
          "ann@corner.test",
          "--name",
          "Ann",
          "--password",
          "correct horse battery",
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await omni(
          "members",
          "add",
          "--business",
          "corner-shop",
          "--user",
          "ann@corner.test",
          "--role",
          "owner",
        )
      ).stdout,
    ).toMatch(/is now owner/);
    const role = await omni(
      "members",
      "add",
      "--business",
      "corner-shop",
      "--user",
      "ann@corner.test",
      "--role",
      "king",
    );
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/Allowed choices are owner, manager, staff, accountant/);
    const missing = await omni(
      "members",
      "add",
      "--business",
      "nope",
      "--user",
      "ann@corner.test",
      "--role",
      "staff",
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No business with id or slug "nope"/);
  });

  it("calls a tool as a member and verifies the audit chain", async () => {
    const created = await omni(
      "call",
      "customers_write",
      "--business",
      "corner-shop",
      "--user",
      "ann@corner.test",
      "--input",
      '{"method":"create","fields":{"name":"Blue Door"}}',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).record.name).toBe("Blue Door");
    const unknown = await omni(
      "call",
      "customers_lsit",
      "--business",
      "corner-shop",
      "--user",
      "ann@corner.test",
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Did you mean customers_list/);
    const audit = await omni("audit", "verify");
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/ok\s+corner-shop: 3 events/);
  });

  it("prints tool stats per role", async () => {
    const r = await omni("tools", "--role", "staff", "--stats", "--json");
    const stats = JSON.parse(r.stdout) as { tools: number; byModule: Record<string, unknown> };
    expect(stats.tools).toBeGreaterThan(50);
    expect(stats.byModule.finance).toBeUndefined();
  });
});

describe("the embedded database is one process's", () => {
  it("a second process gets a clear error while the first holds it", async () => {
    const { openDatabase } = await import("../../db/client.js");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-lock-"));
    const held = await openDatabase({ dataDir: path.join(dir, "data") });
    try {
      const { stderr, code } = await (async () => {
        try {
          await run(process.execPath, [bin, "businesses", "list"], {
            env: { ...env, OMNI_DATA_DIR: dir },
            timeout: 60_000,
          });
          return { stderr: "", code: 0 };
        } catch (err) {
          return err as { stderr: string; code: number };
        }
      })();
      expect(code).toBe(2);
      expect(stderr).toMatch(/in use by process \d+/);
    } finally {
      await held.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
