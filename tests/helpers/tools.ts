/**
 * A business with one user per role on a fresh test database, and `call(role, tool, input)` through the
 * real registry pipeline (validation, permissions, tenant transaction, audit).
 */

import type { Db } from "../../db/client.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { addMember, createUser } from "../../db/queries/users.js";
import { ROLES, type Role } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import { registry } from "../../tools/index.js";
import type { CallResult, Registry } from "../../tools/registry.js";
import { createTestDb, type TestDb } from "./db.js";

export interface ToolHarness {
  db: TestDb;
  registry: Registry;
  businessId: string;
  users: Record<Role, string>;
  /** Calls a tool as the user with this role; `now` pins the clock (default 2026-11-25T12:00:00Z). */
  call(
    role: Role,
    name: string,
    input?: unknown,
    opts?: { now?: Date; readOnly?: boolean },
  ): Promise<CallResult>;
  /** Like call, but throws on a tool error and returns the output. */
  ok(role: Role, name: string, input?: unknown, opts?: { now?: Date }): Promise<Record<string, unknown>>;
  /** Runs raw work inside the business's tenant context (for fixtures). */
  tx<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

export const FIXED_NOW = new Date("2026-11-25T12:00:00Z");

export async function toolHarness(
  opts: { db?: TestDb; businessName?: string; currency?: string; businessId?: string } = {},
): Promise<ToolHarness> {
  const db = opts.db ?? (await createTestDb());
  const business = opts.businessId
    ? { id: opts.businessId }
    : await createBusiness(db.db, {
        name: opts.businessName ?? "Fixture Co",
        currency: opts.currency ?? "USD",
      });
  const users = {} as Record<Role, string>;
  const tag = business.id.slice(-6).toLowerCase();
  for (const role of ROLES) {
    const u = await createUser(db.db, { email: `${role}-${tag}@fixture.test`, name: `${role} user` });
    await addMember(db.db, { businessId: business.id, userId: u.id, role });
    users[role] = u.id;
  }
  const call: ToolHarness["call"] = (role, name, input = {}, o = {}) =>
    registry.call(
      {
        db: db.db,
        businessId: business.id,
        userId: users[role],
        now: o.now ?? FIXED_NOW,
        readOnly: o.readOnly,
      },
      name,
      input,
    );
  return {
    db,
    registry,
    businessId: business.id,
    users,
    call,
    async ok(role, name, input, o) {
      const r = await call(role, name, input, o);
      if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
      return r.output;
    },
    tx: (fn) => withBusiness(db.db, { businessId: business.id }, fn),
  };
}
