/** What the admin UI is built from (passed in by `omni start` or a test) and what each request carries. */
import type { Context } from "hono";
import type { AgentModel } from "../../agent/model.js";
import type { Db } from "../../db/client.js";
import type { MemberBusiness, SessionInfo } from "../../db/queries/web.js";
import type { AnyConnector } from "../../integrations/connector.js";
import type { SyncRunner } from "../../jobs/sync-runner.js";
import type { Logger } from "../../log.js";
import type { Effects } from "../../tools/define.js";
import type { CallEnv, Registry } from "../../tools/registry.js";

export interface UiDeps {
  db: Db;
  registry: Registry;
  logger: Logger;
  /** Base of record links in answers (config.publicUrl). */
  publicUrl: string;
  appRole?: string;
  /** The agent; without it the ask bar answers in command mode. */
  model?: AgentModel;
  /** Lets approved actions run at once instead of at the worker's next sweep. */
  worker?: { wake(): void };
  effects?: Effects;
  /** The key integration secrets are encrypted with; without it no integration settings can be saved. */
  secretKey?: () => Buffer;
  /** The connectors the integrations screen offers (default: every connector the product ships). */
  connectors?: readonly AnyConnector[];
  /** Runs "sync now"; without it the button says syncing is not available in this process. */
  syncs?: SyncRunner;
  /** Where export zips are written before download (default: the OS temp directory). */
  exportDir?: string;
  /** Size of the demo business "Load the demo" creates (1 = the full demo; tests use less). */
  demoScale?: number;
  /** Cookies with the Secure attribute (serving over https). Default: publicUrl starts with https. */
  secureCookies?: boolean;
  /** Login rate limit: failures allowed per email (and 6× that per address) in `windowMinutes`. */
  loginLimit?: { perEmail: number; windowMinutes: number };
  now?: () => Date;
}

/** The business of a /b/<slug>/… page and the viewer's role in it. */
export type UiBusiness = MemberBusiness;

export interface UiVariables {
  session: SessionInfo | undefined;
  /** The CSRF token forms on this page must send back. */
  csrf: string;
  biz: UiBusiness;
}

export type UiEnv = { Variables: UiVariables };
export type UiContext = Context<UiEnv>;

/** The registry environment of the signed-in viewer in the current business. */
export function callEnv(deps: UiDeps, c: UiContext): CallEnv {
  const biz = c.get("biz");
  const session = c.get("session")!;
  return {
    db: deps.db,
    businessId: biz.id,
    userId: session.userId,
    logger: deps.logger,
    effects: deps.effects,
    appRole: deps.appRole,
    ...(deps.now ? { now: deps.now() } : {}),
  };
}
