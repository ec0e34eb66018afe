/**
 * What a connector is: a static record — its type, what it is for, a zod schema for its settings and one for
 * its secrets, and optionally how to test the settings and how to sync. No UI and no storage in it: the
 * settings screen is generated from the schemas (server/ui/integrations.tsx), settings are stored by
 * integrations/store.ts (secrets AES-256-GCM encrypted) and syncs are run and logged by jobs/sync-runner.ts.
 */
import type { z } from "zod";
import type { Db } from "../db/client.js";
import type { Logger } from "../log.js";

/** Counts a sync reports (e.g. `{ fetched: 120, created: 3, updated: 9 }`), kept on its sync_runs row. */
export type SyncStats = Record<string, number>;

/** The stored settings of one business's integration, decrypted, as a test or a sync gets them. */
export interface ConnectorRun<Config, Secrets> {
  businessId: string;
  integrationId: string;
  config: Config;
  secrets: Secrets;
  logger: Logger;
  /** Aborted when the run times out or the process stops: pass it to every network call. */
  signal: AbortSignal;
}

export interface SyncRun<Config, Secrets> extends ConnectorRun<Config, Secrets> {
  /** When the last successful sync started, for incremental syncs; null on the first one. */
  since: Date | null;
  /**
   * A tenant transaction of this business (RLS applies). Write in batches, one transaction each, upserting
   * by (source, external_id): a failure later in the run keeps what was already written, and the next run
   * picks up where this one stopped without duplicates.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Counts so far, shown in the sync log while the run goes on. */
  progress(stats: SyncStats): Promise<void>;
}

/**
 * A connector. `config` and `secrets` are zod objects: the settings form is generated from them, every field
 * with a `.describe()` that the form shows as its hint. Secrets are never shown back; a blank secret keeps
 * the stored one. Methods (not function properties) so a list of different connectors type-checks.
 */
export interface Connector<Config extends z.ZodType = z.ZodType, Secrets extends z.ZodType = z.ZodType> {
  /** Stable id, e.g. "smtp": stored in integrations.type and used in URLs. */
  type: string;
  title: string;
  /** One or two sentences for the integrations screen: what it brings in or sends out. */
  description: string;
  config: Config;
  secrets: Secrets;
  /** Checks the settings against the real service (connect, log in); resolves to what a person is told. */
  test?(run: ConnectorRun<z.output<Config>, z.output<Secrets>>): Promise<string>;
  /** Brings data in; resolves to the run's final counts. Connectors without it only hold settings. */
  sync?(run: SyncRun<z.output<Config>, z.output<Secrets>>): Promise<SyncStats>;
  /** With sync: run it this often while the integration is enabled (none: only "sync now"). */
  syncEveryMinutes?: number;
  /** A test or sync is aborted after this long (default: 10 minutes). */
  timeoutMs?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every schema
export type AnyConnector = Connector<any, any>;

const TYPE = /^[a-z][a-z0-9_]{1,39}$/;

/** Checks the record once at start-up; only helps TypeScript infer the schemas otherwise. */
export function defineConnector<Config extends z.ZodType, Secrets extends z.ZodType>(
  c: Connector<Config, Secrets>,
): Connector<Config, Secrets> {
  if (!TYPE.test(c.type)) throw new Error(`Connector type ${JSON.stringify(c.type)} must match ${TYPE}`);
  if (c.syncEveryMinutes !== undefined && !c.sync)
    throw new Error(`Connector ${c.type} has syncEveryMinutes but no sync`);
  return c;
}
