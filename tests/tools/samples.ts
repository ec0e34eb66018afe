/**
 * A valid input for every tool on a loaded business, so suites can call each tool: {} for lists and
 * analytics, a real id for gets, a no-op update or archive for writes, and hand-picked inputs for the rest.
 */
import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import { businesses, ROLES, tasks } from "../../db/schema/index.js";
import type { AnyTool } from "../../tools/define.js";
import { ENTITIES, type EntitySpec, rowScope } from "../../tools/entities.js";
import { fieldsOf } from "../../tools/fields.js";

/** One existing id per entity type of the business (read inside its tenant context). */
export async function sampleIds(tx: Db): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const spec of ENTITIES) {
    const cols = getTableColumns(spec.table) as Record<string, PgColumn>;
    // Rows scoped by module (insights) are picked among those every role may read, so the same id
    // works for each role's call.
    const everyone = spec.aboutModuleColumn ? and(...ROLES.map((r) => rowScope(r, spec))) : undefined;
    const first = (where?: SQL) => tx.select().from(spec.table).where(where).orderBy(cols.id!).limit(1);
    const row = (await first(everyone))[0] ?? (await first())[0];
    if (row) out.set(spec.plural, row as Record<string, unknown>);
  }
  // A second task, so link tools have two records every role may change (tasks are core).
  const [second] = await tx.select().from(tasks).orderBy(tasks.id).offset(1).limit(1);
  if (second) out.set("tasks#2", second as Record<string, unknown>);
  // The business itself, so business_update can "change" a field to the value it has.
  const [business] = await tx
    .select()
    .from(businesses)
    .where(eq(businesses.id, sql`current_setting('app.business_id')`));
  if (business) out.set("business", business as Record<string, unknown>);
  return out;
}

const entityOf = (tool: AnyTool): EntitySpec | undefined => {
  const m = /^(.*)_(list|get|write)$/.exec(tool.name);
  return m ? ENTITIES.find((e) => e.plural === m[1]) : undefined;
};

/** Hand-written inputs for tools whose input has required fields. */
function special(name: string, rows: Map<string, Record<string, unknown>>): unknown {
  const id = (plural: string) => String(rows.get(plural)?.id);
  switch (name) {
    case "records_tag":
    case "records_untag":
      return { id: id("tasks"), tags: ["sample-tag"] };
    case "records_link":
    case "records_unlink":
      return { fromId: id("tasks"), toId: id("tasks#2"), kind: "sample" };
    case "records_related":
      return { id: id("tasks") };
    case "search":
      return { q: "coffee" };
    case "email_send":
      return { to: ["sample@example.test"], subject: "Sample", body: "Sample body" };
    case "finance_issue_invoice":
      return { customer_id: id("customers"), lines: [{ description: "Sample", unit_price: "10.00" }] };
    case "marketing_schedule_post":
      return {
        social_account_id: id("social_accounts"),
        body: "Sample post",
        scheduled_at: "2026-12-01T09:00:00Z",
      };
    case "business_update":
      return { fiscalYearStartMonth: rows.get("business")?.fiscalYearStartMonth };
    case "tasks_create":
      return { title: "Sample task" };
    default:
      return undefined;
  }
}

/**
 * An input the tool accepts. For writes it is a harmless change (`update` with a field set to its own
 * value), so running every tool leaves the business as it was except updated_at and the audit log.
 */
export function sampleInput(tool: AnyTool, rows: Map<string, Record<string, unknown>>): unknown {
  const s = special(tool.name, rows);
  if (s !== undefined) return s;
  const spec = entityOf(tool);
  if (!spec) return {};
  const row = rows.get(spec.plural);
  if (tool.name.endsWith("_list")) return {};
  if (!row) throw new Error(`no ${spec.plural} row to sample for ${tool.name}`);
  if (tool.name.endsWith("_get")) return { id: row.id };
  const same = fieldsOf(spec).find(
    (f) =>
      f.writable &&
      (f.kind === "text" || f.kind === "enum" || f.kind === "bool" || f.kind === "int") &&
      row[f.colKey] !== null &&
      row[f.colKey] !== undefined &&
      f.colKey !== "currency",
  );
  if (!same) throw new Error(`no field to sample for ${tool.name}`);
  return { method: "update", id: row.id, fields: { [same.key]: row[same.colKey] } };
}
