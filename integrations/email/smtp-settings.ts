/**
 * A business's outgoing mail server: the integration of type "smtp", stored like every connector's settings
 * (integrations/settings.ts): the settings in its config, the password encrypted. Never returns the password
 * except from loadSmtpSettings, for the sender.
 */
import addressparser from "nodemailer/lib/addressparser";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { findIntegration } from "../../db/queries/integrations.js";
import {
  type ConnectorSchemas,
  loadIntegration,
  type SettingsActor,
  saveIntegration,
  storedConfig,
} from "../settings.js";

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

export const smtpSecretsInput = z.strictObject({
  password: z
    .string()
    .min(1, "must not be empty")
    .max(1024)
    .optional()
    .describe("password of the login user (often an app password); never shown again"),
});

/** The SMTP connector's schemas; the connector itself (with its connection test) is smtp-connector.ts. */
export const SMTP_SCHEMAS = {
  type: SMTP_INTEGRATION_TYPE,
  title: "Outgoing email (SMTP)",
  config: smtpSettingsInput,
  secrets: smtpSecretsInput,
} satisfies ConnectorSchemas;

/** The settings as stored, with the password decrypted (undefined when none is stored). */
export interface SmtpConfig {
  integrationId: string;
  settings: SmtpSettings;
  password: string | undefined;
  updatedAt: Date;
}

export type SaveSmtpOptions = SettingsActor;

/**
 * Creates or replaces the business's SMTP settings and switches sending on (`omni smtp set` means "send with
 * these"). `password`: a string sets it, undefined keeps the stored one, null removes it. Runs inside the
 * caller's withBusiness transaction (RLS is forced).
 */
export async function saveSmtpSettings(
  tx: Db,
  businessId: string,
  input: SmtpSettingsInput,
  password: string | null | undefined,
  key: Buffer,
  opts: SaveSmtpOptions = {},
): Promise<{ integrationId: string; settings: SmtpSettings; hasPassword: boolean }> {
  const saved = await saveIntegration(
    tx,
    businessId,
    SMTP_SCHEMAS,
    { config: input, secrets: { password }, enable: true },
    key,
    opts,
  );
  return { integrationId: saved.integrationId, settings: saved.config, hasPassword: saved.hasSecrets };
}

/** Whether email can go out: not set up, switched off in the integrations screen, or on. */
export async function smtpStatus(tx: Db, businessId: string): Promise<"missing" | "disabled" | "enabled"> {
  const row = await findIntegration(tx, businessId, SMTP_INTEGRATION_TYPE);
  return !row ? "missing" : row.status === "disabled" ? "disabled" : "enabled";
}

/** The settings without the password (no key needed): for previews and `omni smtp show`. Undefined when off. */
export async function getSmtpSettings(
  tx: Db,
  businessId: string,
): Promise<
  { integrationId: string; settings: SmtpSettings; hasPassword: boolean; updatedAt: Date } | undefined
> {
  const row = await findIntegration(tx, businessId, SMTP_INTEGRATION_TYPE);
  if (!row || row.status === "disabled") return undefined;
  return {
    integrationId: row.id,
    settings: storedConfig(SMTP_SCHEMAS, row),
    hasPassword: row.secretsEncrypted !== null,
    updatedAt: row.updatedAt,
  };
}

/** The settings and the decrypted password, or undefined when SMTP is not set up (or switched off). */
export async function loadSmtpSettings(
  tx: Db,
  businessId: string,
  key: Buffer,
): Promise<SmtpConfig | undefined> {
  const loaded = await loadIntegration(tx, businessId, SMTP_SCHEMAS, key);
  if (!loaded || loaded.row.status === "disabled") return undefined;
  return {
    integrationId: loaded.row.id,
    settings: loaded.config,
    password: loaded.secrets.password,
    updatedAt: loaded.row.updatedAt,
  };
}
