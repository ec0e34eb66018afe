/**
 * Secrets at rest: AES-256-GCM over a JSON value, stored as `v1:<iv b64>:<tag b64>:<ciphertext b64>`.
 * The key is OMNI_SECRET_KEY, or (embedded database only) a key file generated once into the data dir.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HEX = /^[0-9a-f]{64}$/i;

/** A secret could not be read: no key, a malformed key, or data that does not decrypt with this key. */
export class SecretError extends Error {
  override name = "SecretError";
}

export interface SecretKeyOptions {
  /** OMNI_SECRET_KEY from config: 64 hex characters. */
  configKey?: string;
  /** config.dataDir; the key file `<dataDir>/secret.key` lives here (embedded database only). */
  dataDir: string;
  /** True for the embedded PGlite database, where a generated key file is an acceptable default. */
  embedded: boolean;
}

/**
 * The 32-byte key secrets are encrypted with. A server database needs OMNI_SECRET_KEY: a key file on one
 * machine would leave every other process (and the next deploy) unable to read the secrets.
 */
export function loadSecretKey(opts: SecretKeyOptions): Buffer {
  if (opts.configKey !== undefined && opts.configKey !== "") {
    if (!KEY_HEX.test(opts.configKey))
      throw new SecretError(
        "OMNI_SECRET_KEY must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`",
      );
    return Buffer.from(opts.configKey, "hex");
  }
  if (!opts.embedded)
    throw new SecretError(
      "OMNI_SECRET_KEY is not set. With a server database (DATABASE_URL) every process must share one key " +
        "to read stored secrets such as SMTP passwords: generate one with `openssl rand -hex 32`, set it " +
        "as OMNI_SECRET_KEY for every OmniBusiness process, and keep a copy somewhere safe.",
    );
  return readOrCreateKeyFile(path.join(path.resolve(opts.dataDir), "secret.key"));
}

function readOrCreateKeyFile(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // "wx": only the first process creates it; a concurrent one falls through to reading.
    fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const text = fs.readFileSync(file, "utf8").trim();
  if (!KEY_HEX.test(text))
    throw new SecretError(
      `The secret key file ${file} is damaged (expected 64 hex characters). Restore it from a backup; ` +
        "deleting it makes every stored secret unreadable.",
    );
  return Buffer.from(text, "hex");
}

/**
 * Encrypts a JSON-serializable value. `context` (e.g. `smtp:<business id>`) is bound in as associated data,
 * so a ciphertext copied into another row or business does not decrypt there.
 */
export function encryptSecret(key: Buffer, value: unknown, context = ""): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), ciphertext.toString("base64")].join(":");
}

/** Decrypts what encryptSecret wrote with the same key and context; anything else throws SecretError. */
export function decryptSecret<T = unknown>(key: Buffer, payload: string, context = ""): T {
  checkKey(key);
  const parts = payload.split(":");
  if (parts[0] !== VERSION || parts.length !== 4)
    throw new SecretError(
      `Cannot decrypt the stored secret: unknown format ${JSON.stringify(parts[0]?.slice(0, 8) ?? "")} (expected ${VERSION})`,
    );
  const [, ivB64, tagB64, dataB64] = parts as [string, string, string, string];
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SecretError("Cannot decrypt the stored secret: the stored value is damaged");
  let plain: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(Buffer.from(dataB64, "base64")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretError(
      "Cannot decrypt the stored secret: it was altered, or the secret key changed? " +
        "(OMNI_SECRET_KEY, or secret.key in the data directory for the embedded database). " +
        "Restore the original key, or enter the secret again.",
    );
  }
  return JSON.parse(plain) as T;
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new SecretError(`The secret key must be 32 bytes (got ${key.length})`);
}
