/**
 * The one permission table: module × access → roles. The registry, the agent, MCP and the UI all read it;
 * nothing checks a role by hand elsewhere. `people_private` holds payroll and performance notes.
 */
import type { Role } from "../db/schema/core.js";
import type { Access } from "./define.js";

export const MODULES = [
  "core",
  "legal",
  "finance",
  "people",
  "people_private",
  "operations",
  "sales",
  "marketing",
  "support",
  "knowledge",
  "strategy",
  "admin",
] as const;
export type Module = (typeof MODULES)[number];

type Matrix = Record<Module, Record<Access, readonly Role[]>>;

const O = "owner" as const;
const M = "manager" as const;
const S = "staff" as const;
const A = "accountant" as const;

/** Defaults: Owner everything; Manager everything but admin writes; Accountant full on finance, read elsewhere; Staff day-to-day work, no finance, payroll or performance notes. */
export const PERMISSIONS: Matrix = {
  core: { read: [O, M, S, A], write: [O, M, S, A], external: [O, M] },
  legal: { read: [O, M, S, A], write: [O, M], external: [O, M] },
  finance: { read: [O, M, A], write: [O, M, A], external: [O, M, A] },
  people: { read: [O, M, S, A], write: [O, M], external: [O, M] },
  people_private: { read: [O, M, A], write: [O, M], external: [O] },
  operations: { read: [O, M, S, A], write: [O, M, S], external: [O, M] },
  sales: { read: [O, M, S, A], write: [O, M, S], external: [O, M, S] },
  marketing: { read: [O, M, S, A], write: [O, M, S], external: [O, M] },
  support: { read: [O, M, S, A], write: [O, M, S], external: [O, M, S] },
  knowledge: { read: [O, M, S, A], write: [O, M, S], external: [O, M] },
  strategy: { read: [O, M, S, A], write: [O, M], external: [O, M] },
  admin: { read: [O, M], write: [O], external: [O] },
};

export function allowed(role: Role, module: Module, access: Access): boolean {
  return PERMISSIONS[module][access].includes(role);
}
