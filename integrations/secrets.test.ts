import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, loadSecretKey, SecretError } from "./secrets.js";

const key = randomBytes(32);
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "omni-secret-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Flips one byte of the base64 field at `index` (1 iv, 2 tag, 3 ciphertext). */
function tamper(payload: string, index: number): string {
  const parts = payload.split(":");
  const bytes = Buffer.from(parts[index]!, "base64");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64");
  return parts.join(":");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips a JSON value in the versioned format, with a fresh IV each time", () => {
    const value = { password: "correct horse battery staple ✓", n: 1 };
    const a = encryptSecret(key, value, "ctx");
    const b = encryptSecret(key, value, "ctx");
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("horse");
    expect(decryptSecret(key, a, "ctx")).toEqual(value);
    expect(decryptSecret(key, b, "ctx")).toEqual(value);
  });

  it("a wrong key is a clear error, never garbage", () => {
    const payload = encryptSecret(key, { password: "s3cret" });
    expect(() => decryptSecret(randomBytes(32), payload)).toThrow(SecretError);
    expect(() => decryptSecret(randomBytes(32), payload)).toThrow(/cannot decrypt.*secret key changed\?/i);
  });

  it("tampered iv, tag or ciphertext, another context, or a foreign format are refused", () => {
    const payload = encryptSecret(key, { password: "s3cret" }, "integration:smtp:biz_A");
    for (const i of [1, 2, 3])
      expect(() => decryptSecret(key, tamper(payload, i), "integration:smtp:biz_A")).toThrow(
        /cannot decrypt/i,
      );
    expect(() => decryptSecret(key, payload, "integration:smtp:biz_B")).toThrow(/cannot decrypt/i);
    expect(() => decryptSecret(key, payload.replace(/^v1/, "v9"))).toThrow(/unknown format "v9"/);
    expect(() => decryptSecret(key, "v1:abc")).toThrow(/cannot decrypt/i);
    expect(() => decryptSecret(key, "plain text")).toThrow(SecretError);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => encryptSecret(randomBytes(16), {})).toThrow(/32 bytes/);
  });
});

describe("loadSecretKey", () => {
  it("uses OMNI_SECRET_KEY when set (and checks it)", () => {
    const hex = key.toString("hex");
    expect(loadSecretKey({ configKey: hex, dataDir: "/nonexistent", embedded: false }).equals(key)).toBe(
      true,
    );
    expect(() => loadSecretKey({ configKey: "abc", dataDir: "/nonexistent", embedded: true })).toThrow(
      /64 hex characters.*openssl rand -hex 32/,
    );
  });

  it("with a server database and no key, tells the user to set OMNI_SECRET_KEY", () => {
    expect(() => loadSecretKey({ dataDir: tempDir(), embedded: false })).toThrow(
      /OMNI_SECRET_KEY is not set.*openssl rand -hex 32/,
    );
  });

  it("embedded: creates <dataDir>/secret.key once with mode 0600 and reuses it", () => {
    const dir = path.join(tempDir(), "nested", ".omni");
    const first = loadSecretKey({ dataDir: dir, embedded: true });
    const file = path.join(dir, "secret.key");
    expect(first.length).toBe(32);
    if (process.platform !== "win32") expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(first.toString("hex"));
    expect(loadSecretKey({ dataDir: dir, embedded: true }).equals(first)).toBe(true);
    const secret = encryptSecret(first, { password: "kept" });
    expect(decryptSecret(loadSecretKey({ dataDir: dir, embedded: true }), secret)).toEqual({
      password: "kept",
    });
  });

  it("a damaged key file is an error, not a new key", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "secret.key"), "not a key\n");
    expect(() => loadSecretKey({ dataDir: dir, embedded: true })).toThrow(/damaged/);
    expect(fs.readFileSync(path.join(dir, "secret.key"), "utf8")).toBe("not a key\n");
  });
});
