/**
 * Whether a business has records the viewer can see, for the onboarding prompts (the dashboard's "Get started"
 * card and the welcome page's records step): the overview counts or cites some, or one of the lists a CSV import
 * fills (customers, contacts, transactions, invoices, inventory items) that the role may read has a row. The
 * overview alone misses e.g. imported customers, which it neither counts nor cites.
 */
import { entityByType } from "../../tools/entities.js";
import { allowed } from "../../tools/permissions.js";
import { callEnv, type UiContext, type UiDeps } from "./context.js";
import { IMPORTABLE } from "./import.js";
import { isEmptyOverview, type Overview } from "./overview-figures.js";

export async function hasRecords(
  deps: UiDeps,
  c: UiContext,
  overview: Overview | undefined,
): Promise<boolean> {
  if (overview && !isEmptyOverview(overview)) return true;
  const role = c.get("biz").role;
  const lists = IMPORTABLE.flatMap((type) => {
    const spec = entityByType(type);
    const tool = spec && deps.registry.get(`${spec.plural}_list`);
    return tool && allowed(role, tool.module, tool.access) ? [tool.name] : [];
  });
  const env = callEnv(deps, c);
  const results = await Promise.all(lists.map((name) => deps.registry.call(env, name, { limit: 1 })));
  return results.some((r) => r.ok && (r.output.items as unknown[]).length > 0);
}
