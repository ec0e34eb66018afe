/**
 * A business's settings for a connector: the config in integrations.config, validated by the connector's
 * schema, and the secrets in integrations.secrets_encrypted as one AES-256-GCM payload bound to the business
 * and the type (a ciphertext copied elsewhere does not decrypt). Secrets go in and never come back out, except
 * decrypted for the connector itself (loadIntegration). Every change is an audit event.
 */
import type { z } from "zod";
import { appendEvent } from "../db/audit.js";
import type { Db } from "../db/client.js";
import { InputError, NotFoundError, parseInput } from "../db/errors.js";
import {
  findIntegration,
  type IntegrationRow,
  insertIntegration,
  lockIntegrationType,
  updateIntegration,
} from "../db/queries/integrations.js";
import type { Connector } from "./connector.js";
import { decryptSecret, encryptSecret } from "./secrets.js";

/** What storing settings needs of a connector: its type, its name and its two schemas. */
export type ConnectorSchemas = Pick<Connector, "type" | "title" | "config" | "secrets">;

export interface SettingsActor {
  /** Who changed the settings, for the audit log (default: the system, e.g. the CLI). */
  actorType?: "user" | "system";
  actorId?: string | null;
}

/** `secrets` per field: a string sets it, null removes it, undefined (or absent) keeps what is stored. */
export type SecretsChange = Record<string, string | null | undefined>;

const secretContext = (type: string, businessId: string) => `integration:${type}:${businessId}`;

/** Decrypts a row's secrets (an empty object when none are stored). Throws SecretError on a wrong key. */
export function decryptRowSecrets(row: IntegrationRow, key: Buffer): Record<string, unknown> {
  return row.secretsEncrypted
    ? decryptSecret<Record<string, unknown>>(
        key,
        row.secretsEncrypted,
        secretContext(row.type, row.businessId),
      )
    : {};
}

/**
 * Creates or replaces the business's settings for this connector inside the caller's withBusiness
 * transaction. A new integration starts enabled; saving an existing one keeps its status. Bad config or a
 * missing required secret → InputError naming the field; nothing is written.
 */
export async function saveIntegration<C extends ConnectorSchemas>(
  tx: Db,
  businessId: string,
  connector: C,
  /** `enable`: also switch the integration on (saving alone keeps an integration that was switched off, off). */
  input: { config: unknown; secrets?: SecretsChange; enable?: boolean },
  key: Buffer,
  actor: SettingsActor = {},
): Promise<{ integrationId: string; config: z.output<C["config"]>; created: boolean; hasSecrets: boolean }> {
  const config: z.output<C["config"]> = parseInput(
    connector.config as C["config"],
    input.config,
    `Invalid ${connector.title} settings`,
  );
  const changes = Object.entries(input.secrets ?? {}).filter(([, v]) => v !== undefined);
  await lockIntegrationType(tx, businessId, connector.type);
  const existing = await findIntegration(tx, businessId, connector.type);
  let secretsEncrypted = existing?.secretsEncrypted ?? null;
  if (changes.length || !existing?.secretsEncrypted) {
    // Decrypt only when something changes, so editing the config never needs the old key to still work.
    const merged = existing ? decryptRowSecrets(existing, key) : {};
    for (const [name, value] of changes) {
      if (value === null) delete merged[name];
      else merged[name] = value;
    }
    const secrets = parseSecrets(connector, merged);
    const kept = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== undefined));
    secretsEncrypted = Object.keys(kept).length
      ? encryptSecret(key, kept, secretContext(connector.type, businessId))
      : null;
  }
  const values = {
    name: connector.title,
    config: config as Record<string, unknown>,
    secretsEncrypted,
  };
  let integrationId: string;
  const switchedOn = !!input.enable && !!existing && existing.status !== "enabled";
  if (existing) {
    integrationId = existing.id;
    await updateIntegration(
      tx,
      businessId,
      existing.id,
      switchedOn ? { ...values, status: "enabled" } : values,
    );
  } else {
    const row = await insertIntegration(tx, {
      ...values,
      businessId,
      type: connector.type,
      status: "enabled",
    });
    integrationId = row.id;
  }
  await appendEvent(tx, businessId, {
    actorType: actor.actorType ?? "system",
    actorId: actor.actorId ?? null,
    action: existing ? "integration.updated" : "integration.created",
    entityType: "integration",
    entityId: integrationId,
    data: {
      type: connector.type,
      config,
      secretsChanged: changes.map(([name]) => name),
      ...(switchedOn ? { switchedOn } : {}),
    },
  });
  return { integrationId, config, created: !existing, hasSecrets: secretsEncrypted !== null };
}

/** Secrets checked against the connector's schema; their issues are named `secrets.<field>`. */
function parseSecrets(connector: ConnectorSchemas, value: unknown): Record<string, unknown> {
  const r = connector.secrets.safeParse(value);
  if (r.success) return r.data as Record<string, unknown>;
  const e = InputError.fromZod(r.error, `Invalid ${connector.title} secrets`);
  throw new InputError(
    `Invalid ${connector.title} secrets`,
    e.issues.map((i) => ({ ...i, field: `secrets.${i.field}` })),
  );
}

/** Stored config checked against the connector's schema (a schema must accept its own output). */
export function storedConfig<C extends ConnectorSchemas>(
  connector: C,
  row: IntegrationRow,
): z.output<C["config"]> {
  return parseInput(
    connector.config as C["config"],
    row.config,
    `The stored ${connector.title} settings are no longer valid; save them again`,
  );
}

/** The settings and decrypted secrets for the connector itself; undefined when not set up. */
export async function loadIntegration<C extends ConnectorSchemas>(
  tx: Db,
  businessId: string,
  connector: C,
  key: Buffer,
): Promise<
  { row: IntegrationRow; config: z.output<C["config"]>; secrets: z.output<C["secrets"]> } | undefined
> {
  const row = await findIntegration(tx, businessId, connector.type);
  if (!row) return undefined;
  return {
    row,
    config: storedConfig(connector, row),
    secrets: parseInput(
      connector.secrets as C["secrets"],
      decryptRowSecrets(row, key),
      `The stored ${connector.title} secrets are no longer valid; enter them again`,
    ),
  };
}

/** Switches an integration on or off (a disabled one neither sends nor syncs); audited. */
export async function setIntegrationEnabled(
  tx: Db,
  businessId: string,
  connector: ConnectorSchemas,
  enabled: boolean,
  actor: SettingsActor = {},
): Promise<IntegrationRow> {
  await lockIntegrationType(tx, businessId, connector.type);
  const row = await findIntegration(tx, businessId, connector.type);
  if (!row)
    throw new NotFoundError(`${connector.title} is not set up for this business; save its settings first.`);
  const status = enabled ? "enabled" : "disabled";
  if ((row.status !== "disabled") === enabled) return row;
  await updateIntegration(tx, businessId, row.id, { status });
  await appendEvent(tx, businessId, {
    actorType: actor.actorType ?? "system",
    actorId: actor.actorId ?? null,
    action: enabled ? "integration.enabled" : "integration.disabled",
    entityType: "integration",
    entityId: row.id,
    data: { type: connector.type },
  });
  return { ...row, status };
}
