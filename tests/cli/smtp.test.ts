/**
 * `omni smtp set | show | test` as separate processes on an embedded database in a temp dir, sending to a
 * real SMTP sink.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { type SmtpSink, startSmtpSink } from "../fakes/smtp-sink.js";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..", "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-smtp-cli-"));
// The embedded database and its generated key file; no secret key or SMTP password from the outer environment.
const { OMNI_SECRET_KEY: _key, OMNI_SMTP_PASSWORD: _password, ...inherited } = process.env;
const baseEnv = { ...inherited, OMNI_DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" };

const bin = path.join(root, "cli", "bin.js");

async function omni(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...baseEnv, ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("omni smtp", { timeout: 180_000 }, () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink({ auth: { user: "hello@corner.test", pass: "env-only-password" } });
    const handle = await openDatabase({ dataDir: path.join(dataDir, "data") });
    try {
      await migrate(handle);
      await createBusiness(handle.db, { name: "Corner Shop" });
    } finally {
      await handle.close();
    }
  });
  afterAll(async () => {
    await sink?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("--help says where the password comes from", async () => {
    const r = await omni(["smtp", "set", "--help"]);
    expect(r.stdout).toMatch(/OMNI_SMTP_PASSWORD/);
    expect(r.stdout).toMatch(/shell history/);
  });

  it("set stores the settings with the password from the environment; show never prints it", async () => {
    const set = await omni(
      [
        "smtp",
        "set",
        "--business",
        "corner-shop",
        "--host",
        sink.host,
        "--port",
        String(sink.port),
        "--user",
        "hello@corner.test",
        "--from",
        "Corner Shop <hello@corner.test>",
      ],
      { OMNI_SMTP_PASSWORD: "env-only-password" },
    );
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(
      /SMTP for Corner Shop: 127\.0\.0\.1:\d+, STARTTLS when the server offers it, from .*; password stored/,
    );
    expect(fs.statSync(path.join(dataDir, "secret.key")).isFile()).toBe(true);

    const show = await omni(["smtp", "show", "--business", "corner-shop"]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^password\s+set$/m);
    expect(show.stdout).toMatch(/^from\s+"Corner Shop" <hello@corner\.test>$/m);
    expect(show.stdout).not.toContain("env-only-password");
    const json = JSON.parse((await omni(["smtp", "show", "--business", "corner-shop", "--json"])).stdout);
    expect(json).toMatchObject({ host: "127.0.0.1", port: sink.port, secure: false, password: "set" });
  });

  it("test sends a message through the server and prints the receipt", async () => {
    const r = await omni(["smtp", "test", "--business", "corner-shop", "--to", "owner@corner.test"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [m] = await sink.waitFor(1);
    expect(r.stdout).toContain(`Sent ${m!.messageId}`);
    expect(r.stdout).toMatch(/accepted: owner@corner\.test/);
    expect(r.stdout).toMatch(/server:\s+250 /);
    expect(m!.user).toBe("hello@corner.test");
    expect(m!.to).toEqual(["owner@corner.test"]);
    expect(m!.subject).toBe("OmniBusiness test message for Corner Shop");
  });

  it("set without OMNI_SMTP_PASSWORD keeps the password; a wrong one fails the test with a clear error", async () => {
    const args = [
      "smtp",
      "set",
      "--business",
      "corner-shop",
      "--host",
      sink.host,
      "--port",
      String(sink.port),
    ];
    const keep = await omni([...args, "--user", "hello@corner.test", "--from", "hello@corner.test"]);
    expect(keep.stdout).toMatch(/password kept/);
    expect((await omni(["smtp", "test", "--business", "corner-shop", "--to", "a@corner.test"])).code).toBe(0);

    await omni([...args, "--user", "hello@corner.test", "--from", "hello@corner.test"], {
      OMNI_SMTP_PASSWORD: "wrong",
    });
    const bad = await omni(["smtp", "test", "--business", "corner-shop", "--to", "a@corner.test"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error: Sending mail through 127\.0\.0\.1:\d+ failed: the server refused the login/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("bad input exits 2 with a clear message", async () => {
    const port = await omni([
      "smtp",
      "set",
      "--business",
      "corner-shop",
      "--host",
      "h",
      "--port",
      "99999",
      "--from",
      "a@b.test",
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port: must be a whole number from 1 to 65535/);
    const from = await omni([
      "smtp",
      "set",
      "--business",
      "corner-shop",
      "--host",
      "h",
      "--port",
      "25",
      "--from",
      "x",
    ]);
    expect(from.code).toBe(2);
    expect(from.stderr).toMatch(/from: must be one sender address/);
  });

  it("integrations list, disable and enable: switched off, email is not sent and show says so", async () => {
    const list = await omni(["integrations", "list", "--business", "corner-shop"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^smtp\s+enabled\s+Outgoing email \(SMTP\)$/m);
    expect(
      (await omni(["integrations", "disable", "--business", "corner-shop", "--type", "smtp"])).stdout,
    ).toBe("Outgoing email (SMTP) is off for Corner Shop.\n");
    expect((await omni(["smtp", "show", "--business", "corner-shop"])).stdout).toMatch(
      /SMTP is switched off/,
    );
    const off = await omni(["smtp", "test", "--business", "corner-shop", "--to", "a@corner.test"]);
    expect(off.code).toBe(2);
    expect((await omni(["integrations", "enable", "--business", "corner-shop", "--type", "smtp"])).code).toBe(
      0,
    );
    const nothing = await omni(["integrations", "sync", "--business", "corner-shop", "--type", "smtp"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/Outgoing email \(SMTP\) has nothing to sync/);
    const unknown = await omni(["integrations", "enable", "--business", "corner-shop", "--type", "fax"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no connector called "fax"; there are: smtp/);
  });
});
