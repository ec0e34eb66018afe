/**
 * Discord signs every HTTP interaction with the application's Ed25519 key: the signature (X-Signature-Ed25519,
 * hex) covers the timestamp header followed by the raw body. Verified with node:crypto, no extra dependency.
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** The application's public key (64 hex characters, from the developer portal) as a key object. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new Error("The Discord public key must be 64 hex characters (General Information → Public Key).");
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]),
    format: "der",
    type: "spki",
  });
}

/** True when the signature headers are present, well-formed and match the body exactly as received. */
export function verifyDiscordRequest(
  key: KeyObject,
  signature: string | null | undefined,
  timestamp: string | null | undefined,
  body: string,
): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  try {
    return verify(null, Buffer.from(timestamp + body, "utf8"), key, Buffer.from(signature, "hex"));
  } catch {
    return false;
  }
}
