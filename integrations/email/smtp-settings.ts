/**
 * A business's outgoing mail server: one `integrations` row of type "smtp" whose config holds the settings
 * and whose secrets_encrypted holds the password (AES-256-GCM, see secrets.ts). Never returns the password
 * except from loadSmtpSettings, for the sender.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import addressparser from "nodemailer/lib/addressparser";
import { z } from "zod";
import { appendEvent } from "../../db/audit.js";
import type { Db } from "../../db/client.js";
import { parseInput } from "../../db/errors.js";
import { integrations } from "../../db/schema/core.js";
import { decryptSecret, encryptSecret } from "./secrets.js";

export const SMTP_INTEGRATION_TYPE = "smtp";

/** One mailbox split into its parts; `name` is "" when there is none. */
export interface Mailbox {
  name: string;
  address: string;
}

const emailAddress = z.email();

/** Parses exactly one mailbox (`"Name" <a@b.test>` or `a@b.test`); undefined for anything else. */
export function parseMailbox(value: string): Mailbox | undefined {
  if (/[\r\n]/.test(value)) return undefined;
  const parsed = addressparser(value);
  const [only] = parsed;
  if (parsed.length !== 1 || !only || only.group || !emailAddress.safeParse(only.address).success)
    return undefined;
  return { name: only.name.trim(), address: only.address };
}

/** The mailbox as the recipient's mail program shows it: `"Name" <address>` or the bare address. */
export function formatMailbox(m: Mailbox): string {
  return m.name ? `"${m.name.replace(/["\\]/g, "\\$&")}" <${m.address}>` : m.address;
}

const mailbox = (what: string) =>
  z
    .string()
    .trim()
    .min(1, "is required")
    .max(500)
    .transform((v, ctx) => {
      const m = parseMailbox(v);
      if (!m) {
        ctx.addIssue({
          code: "custom",
          message: `must be one ${what} address such as "Harbor & Pine" <hello@harbor.test> or hello@harbor.test`,
        });
        return z.NEVER;
      }
      return formatMailbox(m);
    });

/** What `omni smtp set` and the settings screen accept; `secure` defaults to true on port 465 only. */
export const smtpSettingsInput = z
  .strictObject({
    host: z
      .string()
      .trim()
      .min(1, "is required")
      .max(253)
      .regex(
        /^[A-Za-z0-9._\-:[\]]+$/,
        "must be a host name or IP address such as smtp.example.com (no scheme)",
      )
      .describe("SMTP server host name"),
    port: z
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .describe("SMTP port: 465 (TLS from the start), 587 or 25 (STARTTLS)"),
    secure: z
      .boolean()
      .optional()
      .describe("TLS from the first byte (port 465); false upgrades with STARTTLS. Default: port is 465"),
    user: z.string().trim().min(1, "must not be empty").max(320).optional().describe("login user name"),
    from: mailbox("sender").describe('From address, e.g. "Harbor & Pine" <hello@harbor.test>'),
    replyTo: mailbox("reply-to").optional().describe("Reply-To address, when replies go elsewhere"),
  })
  .transform((s) => ({ ...s, secure: s.secure ?? s.port === 465 }));

export type SmtpSettingsInput = z.input<typeof smtpSettingsInput>;
/** Stored settings (no password): `secure` resolved, addresses normalized. */
export type SmtpSettings = z.output<typeof smtpSettingsInput>;

/** The settings as stored, with the password decrypted (undefined when none is stored). */
export interface SmtpConfig {
  integrationId: string;
  settings: SmtpSettings;
  password: string | undefined;
  updatedAt: Date;
}

interface SmtpSecrets {
  password?: string;
}

/** The associated data that ties an encrypted password to its business (a copied ciphertext will not decrypt). */
const secretContext = (businessId: string) => `integration:smtp:${businessId}`;

export interface SaveSmtpOptions {
  /** Who changed the settings, for the audit log (default: the system, e.g. the CLI). */
  actorType?: "user" | "system";
  actorId?: string | null;
}

/**
 * Creates or replaces the business's SMTP settings. `password`: a string sets it, undefined keeps the
 * stored one, null removes it. Runs inside the caller's withBusiness transaction (RLS is forced).
 */
export async function saveSmtpSettings(
  tx: Db,
  businessId: string,
  input: SmtpSettingsInput,
  password: string | null | undefined,
  key: Buffer,
  opts: SaveSmtpOptions = {},
): Promise<{ integrationId: string; settings: SmtpSettings; hasPassword: boolean }> {
  const settings = parseInput(smtpSettingsInput, input, "Invalid SMTP settings");
  // No unique (business, type) index on integrations: serialize concurrent saves of the same business.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`smtp-settings:${businessId}`}, 0))`);
  const existing = await findRow(tx, businessId);
  let secrets: SmtpSecrets = {};
  if (password === undefined && existing?.secretsEncrypted)
    secrets = decryptSecret<SmtpSecrets>(key, existing.secretsEncrypted, secretContext(businessId));
  else if (typeof password === "string") secrets = { password };
  const secretsEncrypted =
    secrets.password === undefined ? null : encryptSecret(key, secrets, secretContext(businessId));
  const values = {
    name: "SMTP",
    status: "enabled" as const,
    config: { ...settings } as Record<string, unknown>,
    secretsEncrypted,
  };
  let integrationId: string;
  if (existing) {
    integrationId = existing.id;
    await tx
      .update(integrations)
      .set(values)
      .where(and(eq(integrations.businessId, businessId), eq(integrations.id, existing.id)));
  } else {
    const [row] = await tx
      .insert(integrations)
      .values({ ...values, businessId, type: SMTP_INTEGRATION_TYPE })
      .returning({ id: integrations.id });
    integrationId = row!.id;
  }
  await appendEvent(tx, businessId, {
    actorType: opts.actorType ?? "system",
    actorId: opts.actorId ?? null,
    action: existing ? "integration.updated" : "integration.created",
    entityType: "integration",
    entityId: integrationId,
    data: {
      type: SMTP_INTEGRATION_TYPE,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      user: settings.user ?? null,
      from: settings.from,
      passwordChanged: password !== undefined,
    },
  });
  return { integrationId, settings, hasPassword: secrets.password !== undefined };
}

/** The settings without the password (no key needed): for previews and `omni smtp show`. */
export async function getSmtpSettings(
  tx: Db,
  businessId: string,
): Promise<
  { integrationId: string; settings: SmtpSettings; hasPassword: boolean; updatedAt: Date } | undefined
> {
  const row = await findRow(tx, businessId);
  if (row?.status !== "enabled") return undefined;
  return {
    integrationId: row.id,
    settings: storedSettings(row.config),
    hasPassword: row.secretsEncrypted !== null,
    updatedAt: row.updatedAt,
  };
}

/** The settings and the decrypted password, or undefined when SMTP is not set up (or disabled). */
export async function loadSmtpSettings(
  tx: Db,
  businessId: string,
  key: Buffer,
): Promise<SmtpConfig | undefined> {
  const row = await findRow(tx, businessId);
  if (row?.status !== "enabled") return undefined;
  const secrets = row.secretsEncrypted
    ? decryptSecret<SmtpSecrets>(key, row.secretsEncrypted, secretContext(businessId))
    : {};
  return {
    integrationId: row.id,
    settings: storedSettings(row.config),
    password: secrets.password,
    updatedAt: row.updatedAt,
  };
}

async function findRow(tx: Db, businessId: string) {
  const [row] = await tx
    .select()
    .from(integrations)
    .where(and(eq(integrations.businessId, businessId), eq(integrations.type, SMTP_INTEGRATION_TYPE)))
    .orderBy(asc(integrations.createdAt), asc(integrations.id))
    .limit(1);
  return row;
}

function storedSettings(config: Record<string, unknown>): SmtpSettings {
  return parseInput(smtpSettingsInput, config, "The stored SMTP settings are invalid; set them again");
}
