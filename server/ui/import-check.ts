/**
 * Checking CSV rows for an import before anything is written: which field each column most likely fills, names in
 * id columns ("North Pier Café" for customerId) looked up among the business's records through the list tools
 * (so the viewer's role applies), and every row run through the write tool's input schema.
 */
import { isId } from "../../db/ids.js";
import { ENTITIES, type EntitySpec } from "../../tools/entities.js";
import { formatZodIssues } from "../../tools/errors.js";
import { prefixOf } from "../../tools/records.js";
import type { CallEnv } from "../../tools/registry.js";
import type { UiDeps } from "./context.js";
import { writeFields } from "./records.js";
import { type FormField, parseForm } from "./schema-form.js";

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The field a CSV column most likely means: same name, or the name plus Id / On / At / Date; a column naming a
 * record by name ("Customer", "Customer name") fills its id field.
 */
export function guessField(header: string, fields: FormField[]): string | undefined {
  const h = norm(header);
  const bases = h.endsWith("name") && h.length > 4 ? [h, h.slice(0, -4)] : [h];
  for (const base of bases)
    for (const suffix of ["", "id", "on", "at", "date"]) {
      const f = fields.find((x) => norm(x.name) === base + suffix);
      if (f && (base === h || f.kind === "id")) return f.name;
    }
  return undefined;
}

export interface CheckedRow {
  /** 0-based index among the data rows; the file line is index + 2. */
  index: number;
  cells: string[];
  /** The write tool's fields. */
  values: Record<string, unknown>;
  problems: string[];
  /** Id fields whose cell was a name: field → the id it was resolved to. */
  resolved: Record<string, string>;
}

/** How names are compared: case, surrounding and repeated spaces do not matter. */
const nameKey = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

type Lookup = { ids: string[] } | { error: string };

/** Below this many distinct names each is searched for; above it the entity's records are read page by page. */
const SEARCH_EACH_UP_TO = 3;
const LIST_PAGE = 100;
/** At most this many pages are read to index an entity (10 000 records); beyond, names are searched one by one. */
const MAX_INDEX_PAGES = 100;
/** Pages read for one name's search; more matches than that are "several" anyway. */
const MAX_SEARCH_PAGES = 3;

/** The entity whose ids carry this prefix (cus → customers), if it has a list tool. */
const entityByPrefix = (prefix: string) => ENTITIES.find((s) => prefixOf(s) === prefix);

/** The names a record answers to: its label ("Invoice 1042") and each label column ("1042"). */
function namesOf(spec: EntitySpec, item: Record<string, unknown>, label: string | undefined): string[] {
  const out = new Set<string>();
  if (label) out.add(nameKey(label));
  for (const k of spec.labelColumns) {
    const v = item[k];
    if (typeof v === "string" && v.trim()) out.add(nameKey(v));
  }
  return [...out];
}

/** Resolves names of `spec` records once each: name key → matching ids, or why they could not be looked up. */
async function lookUpNames(
  deps: UiDeps,
  env: CallEnv,
  spec: EntitySpec,
  names: ReadonlySet<string>,
): Promise<Map<string, Lookup>> {
  const out = new Map<string, Lookup>();
  const list = async (input: Record<string, unknown>) => {
    const r = await deps.registry.call(env, `${spec.plural}_list`, { ...input, limit: LIST_PAGE });
    if (!r.ok) return { ok: false, error: String(r.error.message) } as const;
    const output = r.output as unknown as { items: Record<string, unknown>[]; nextCursor: string | null };
    return {
      ok: true,
      items: output.items.map((item, i) => ({ item, label: r.output.refs[i]?.label })),
      next: output.nextCursor,
    } as const;
  };
  /** Reads pages until done or `max`; collects matches of the wanted names. Returns false when cut short. */
  const scan = async (input: Record<string, unknown>, max: number, wanted: ReadonlySet<string>) => {
    let cursor: string | undefined;
    for (let page = 0; page < max; page++) {
      const r = await list(cursor ? { ...input, cursor } : input);
      if (!r.ok) {
        // Not allowed to list them (the role), say so for every name instead of asking again for each.
        for (const n of names) out.set(n, { error: r.error });
        return true;
      }
      for (const { item, label } of r.items)
        for (const n of namesOf(spec, item, label)) {
          if (!wanted.has(n)) continue;
          const hit = out.get(n);
          const ids = hit && "ids" in hit ? hit.ids : [];
          if (!ids.includes(String(item.id))) out.set(n, { ids: [...ids, String(item.id)] });
        }
      if (!r.next) return true;
      cursor = r.next ?? undefined;
    }
    return false;
  };
  // Many names: one read of the whole list answers all of them, unless the list is too long to read.
  if (names.size <= SEARCH_EACH_UP_TO || !(await scan({}, MAX_INDEX_PAGES, names))) {
    out.clear();
    for (const n of names)
      if (!out.has(n) && n.length <= 200) await scan({ q: n }, MAX_SEARCH_PAGES, new Set([n]));
  }
  for (const n of names) if (!out.has(n)) out.set(n, { ids: [] });
  return out;
}

/**
 * Checks every row against the write tool's input (and the fields a new record needs), after looking up names
 * given in id columns. Each distinct name is looked up once per call, whatever the number of rows.
 */
export async function checkRows(
  deps: UiDeps,
  env: CallEnv,
  spec: EntitySpec,
  mapping: (string | undefined)[],
  rows: string[][],
): Promise<CheckedRow[]> {
  const fields = writeFields(deps, spec);
  const tool = deps.registry.get(`${spec.plural}_write`)!;
  // Id columns that may hold names: a field with a known prefix whose entity can be listed.
  const refColumns = mapping.flatMap((name, j) => {
    const field = fields.find((f) => f.name === name);
    const target = field?.kind === "id" && field.idPrefix ? entityByPrefix(field.idPrefix) : undefined;
    return field && target ? [{ j, field, target }] : [];
  });
  const wanted = new Map<EntitySpec, Set<string>>();
  for (const { j, target } of refColumns)
    for (const cells of rows) {
      const cell = cells[j]?.trim() ?? "";
      if (cell && !isId(cell)) wanted.set(target, (wanted.get(target) ?? new Set()).add(nameKey(cell)));
    }
  const found = new Map<EntitySpec, Map<string, Lookup>>();
  for (const [target, names] of wanted) found.set(target, await lookUpNames(deps, env, target, names));

  return rows.map((cells, index) => {
    const body: Record<string, string> = {};
    mapping.forEach((f, j) => {
      if (f) body[f] = cells[j] ?? "";
    });
    const problems: string[] = [];
    const resolved: Record<string, string> = {};
    for (const { j, field, target } of refColumns) {
      const cell = cells[j]?.trim() ?? "";
      if (!cell || isId(cell)) continue;
      const hit = found.get(target)?.get(nameKey(cell));
      const one = target.type.replace(/_/g, " ");
      const many = target.plural.replace(/_/g, " ");
      if (!hit || ("ids" in hit && hit.ids.length === 0))
        problems.push(`${field.name}: no ${one} named ${JSON.stringify(cell)}`);
      else if ("error" in hit)
        problems.push(
          `${field.name}: ${JSON.stringify(cell)} could not be looked up (${hit.error}); use the id`,
        );
      else if (hit.ids.length > 1)
        problems.push(`${field.name}: ${JSON.stringify(cell)} matches ${hit.ids.length} ${many}; use the id`);
      else {
        body[field.name] = hit.ids[0]!;
        resolved[field.name] = hit.ids[0]!;
      }
      if (!resolved[field.name]) delete body[field.name];
    }
    const { values, errors } = parseForm(fields, body);
    for (const [k, m] of Object.entries(errors)) problems.push(`${k}: ${m}`);
    const named = () => new Set(problems.map((p) => p.split(":")[0]));
    for (const f of fields)
      if (f.required && values[f.name] === undefined && !named().has(f.name))
        problems.push(`${f.name}: is required`);
    const parsed = tool.input.safeParse({ method: "create", fields: values });
    if (!parsed.success)
      for (const line of formatZodIssues(parsed.error)) {
        const short = line.replace(/^fields\./, "");
        if (!named().has(short.split(":")[0]!)) problems.push(short);
      }
    return { index, cells, values, problems, resolved };
  });
}
