/**
 * "Test connection": runs a connector's test against the real service with the business's stored settings
 * and says what happened, without changing anything. A failure is a result (the person fixes the settings),
 * not an error page.
 */
import type { Db } from "../db/client.js";
import { withBusiness } from "../db/tenancy.js";
import type { Logger } from "../log.js";
import type { AnyConnector } from "./connector.js";
import { loadIntegration } from "./settings.js";

export type TestResult = { ok: true; message: string } | { ok: false; message: string };

export async function testConnection(
  deps: { db: Db; logger: Logger; appRole?: string; secretKey: () => Buffer },
  businessId: string,
  connector: AnyConnector,
): Promise<TestResult> {
  const test = connector.test?.bind(connector);
  if (!test) return { ok: false, message: `${connector.title} has no connection test.` };
  try {
    const loaded = await withBusiness(deps.db, { businessId, appRole: deps.appRole }, (tx) =>
      loadIntegration(tx, businessId, connector, deps.secretKey()),
    );
    if (!loaded)
      return { ok: false, message: `${connector.title} is not set up yet: save its settings first.` };
    const message = await test({
      businessId,
      integrationId: loaded.row.id,
      config: loaded.config,
      secrets: loaded.secrets,
      logger: deps.logger.child({ businessId, integration: connector.type }),
      signal: AbortSignal.timeout(connector.timeoutMs ?? 60_000),
    });
    return { ok: true, message };
  } catch (err) {
    deps.logger.info({ err, businessId, integration: connector.type }, "connection test failed");
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
