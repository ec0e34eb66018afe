/**
 * Runs work inside one business's tenant context: a transaction that sets app.business_id / app.user_id
 * with SET LOCAL and switches to the app role, so PostgreSQL row-level security scopes every query.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client.js";
import { isId } from "./ids.js";

export interface TenantContext {
  businessId: string;
  userId?: string;
  /** The non-owner role RLS applies to (config OMNI_DB_APP_ROLE). */
  appRole?: string;
}

export class TenantError extends Error {
  override name = "TenantError";
}

/** Runs `fn` in one transaction scoped to `ctx.businessId`; everything it writes commits or rolls back together. */
export async function withBusiness<T>(db: Db, ctx: TenantContext, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (!isId(ctx.businessId, "biz")) {
    throw new TenantError(
      `Malformed business id ${JSON.stringify(ctx.businessId)}: expected biz_ followed by 26 characters`,
    );
  }
  if (ctx.userId !== undefined && !isId(ctx.userId, "usr")) {
    throw new TenantError(
      `Malformed user id ${JSON.stringify(ctx.userId)}: expected usr_ followed by 26 characters`,
    );
  }
  const role = ctx.appRole ?? "omni_app";
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.business_id', ${ctx.businessId}, true), set_config('app.user_id', ${ctx.userId ?? ""}, true), set_config('role', ${role}, true)`,
    );
    return fn(tx as unknown as Db);
  });
}
