/**
 * The records browser, generated from the registry's CRUD tools for every entity: `<plural>_list` (filters from
 * its input schema, sort, cursor pages), `<plural>_get` (fields, tags, links, related, audit history) and
 * `<plural>_write` (create and edit forms from its input schema, with the tool's field errors). Every record
 * lives at /b/<business>/r/<id>; the entity is found from the id's prefix.
 */
import { Hono } from "hono";
import type { Ref } from "../../tools/define.js";
import { toolDefinition } from "../../tools/describe.js";
import { ENTITIES, type EntitySpec } from "../../tools/entities.js";
import { fieldsOf } from "../../tools/fields.js";
import { allowed } from "../../tools/permissions.js";
import { entityForId } from "../../tools/records.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { Csrf, humanize } from "./layout.js";
import {
  forbidden,
  notFound,
  page,
  RefLink,
  recordHref,
  ToolErrorBox,
  toolErrorPage,
  Value,
} from "./render.js";
import {
  displayValue,
  type FormField,
  fieldsOfSchema,
  issuesToFields,
  type JsonSchema,
  parseForm,
  queryToInput,
} from "./schema-form.js";

const byPlural = new Map(ENTITIES.map((e) => [e.plural, e]));

const inputSchema = (deps: UiDeps, tool: string) => {
  const t = deps.registry.get(tool);
  return t ? (toolDefinition(t).inputSchema as JsonSchema) : undefined;
};

/** The write tool's `fields`, marked required where a new record needs them. */
export function writeFields(deps: UiDeps, spec: EntitySpec): FormField[] {
  const schema = inputSchema(deps, `${spec.plural}_write`)?.properties?.fields;
  const required = new Set(
    fieldsOf(spec)
      .filter((f) => f.required && !spec.derived?.includes(f.colKey))
      .map((f) => f.key),
  );
  return fieldsOfSchema(schema, required);
}

/** Up to six columns for a list: the label, then status-like, money and date fields. */
function listColumns(spec: EntitySpec): string[] {
  const fields = fieldsOf(spec);
  const cols: string[] = [];
  const add = (k: string) => {
    if (!cols.includes(k) && cols.length < 6) cols.push(k);
  };
  for (const f of fields) if (spec.labelColumns.includes(f.colKey) && f.kind !== "date") add(f.key);
  for (const f of fields) if (f.kind === "enum") add(f.key);
  for (const f of fields) if (f.kind === "money" && !spec.privateColumns?.includes(f.colKey)) add(f.key);
  for (const d of spec.dates ?? []) add(d);
  for (const f of fields) if (f.kind === "int" || f.kind === "bool") add(f.key);
  return cols;
}

export function recordRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.get("/b/:slug/e/:plural", async (c) => {
    const spec = byPlural.get(c.req.param("plural"));
    if (!spec) return notFound(c);
    const schema = inputSchema(deps, `${spec.plural}_list`)!;
    const query = c.req.query();
    const input = queryToInput(schema, query);
    const result = await deps.registry.call(callEnv(deps, c), `${spec.plural}_list`, input);
    if (!result.ok && result.error.code !== "invalid_input") return toolErrorPage(c, result.error);
    const output = result.ok
      ? (result.output as unknown as { items: Record<string, unknown>[]; nextCursor: string | null })
      : undefined;
    const refs = result.ok ? result.output.refs : [];
    const biz = c.get("biz");
    const canWrite = !spec.readOnly && allowed(biz.role, spec.module, "write");
    const columns = listColumns(spec);
    const base = `/b/${biz.slug}/e/${spec.plural}`;
    const pageQuery = (cursor?: string) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (k !== "cursor" && k !== "notice" && v) q.set(k, v);
      if (cursor) q.set("cursor", cursor);
      const s = q.toString();
      return s ? `${base}?${s}` : base;
    };
    return page(
      c,
      {
        title: humanize(spec.plural),
        active: `m:${spec.module}:${spec.plural}`,
        context: { kind: "list", entities: humanize(spec.plural).toLowerCase() },
      },
      <>
        <div class="actions">
          <h1>{humanize(spec.plural)}</h1>
          {canWrite ? (
            <a class="button" href={`${base}/new`}>
              New {humanize(spec.type).toLowerCase()}
            </a>
          ) : null}
        </div>
        <p class="muted">{spec.about}</p>
        <Filters schema={schema} query={query} action={base} />
        {result.ok ? null : <ToolErrorBox error={result.error} />}
        {output ? (
          <>
            <div class="table-wrap">
              <table>
                <caption class="sr-only">{humanize(spec.plural)}</caption>
                <thead>
                  <tr>
                    {columns.map((k) => (
                      <th scope="col">{humanize(k)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {output.items.length === 0 ? (
                    <tr>
                      <td colspan={columns.length}>No records match.</td>
                    </tr>
                  ) : (
                    output.items.map((item, i) => (
                      <tr>
                        {columns.map((k, j) =>
                          j === 0 ? (
                            <td>
                              <a href={recordHref(biz.slug, String(item.id))}>
                                {refs[i]?.label ?? String(item.id)}
                              </a>
                            </td>
                          ) : (
                            <td>
                              <Value slug={biz.slug} v={item[k]} />
                            </td>
                          ),
                        )}
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
            <nav class="pager" aria-label="Pages">
              {query.cursor ? <a href={pageQuery()}>First page</a> : null}
              {output.nextCursor ? <a href={pageQuery(output.nextCursor)}>Next page</a> : null}
            </nav>
          </>
        ) : null}
      </>,
      result.ok ? 200 : 400,
    );
  });

  app.get("/b/:slug/e/:plural/new", (c) => {
    const spec = byPlural.get(c.req.param("plural"));
    if (!spec || spec.readOnly) return notFound(c);
    if (!allowed(c.get("biz").role, spec.module, "write"))
      return forbidden(c, `Your role may not create ${humanize(spec.plural).toLowerCase()}.`);
    return renderForm(c, deps, spec, { mode: "create", values: {}, errors: {} });
  });

  app.post("/b/:slug/e/:plural", async (c) => {
    const spec = byPlural.get(c.req.param("plural"));
    if (!spec || spec.readOnly) return notFound(c);
    const body = await c.req.parseBody();
    const fields = writeFields(deps, spec);
    const parsed = parseForm(fields, body);
    const shown = Object.fromEntries(fields.map((f) => [f.name, body[f.name]]));
    if (Object.keys(parsed.errors).length)
      return renderForm(c, deps, spec, { mode: "create", values: shown, errors: parsed.errors }, 400);
    const result = await deps.registry.call(callEnv(deps, c), `${spec.plural}_write`, {
      method: "create",
      fields: parsed.values,
    });
    if (!result.ok) {
      if (result.error.code === "forbidden") return toolErrorPage(c, result.error);
      const { byField, other } = issuesToFields(result.error.issues);
      return renderForm(
        c,
        deps,
        spec,
        { mode: "create", values: shown, errors: byField, message: result.error.message, other },
        400,
      );
    }
    const id = (result.output.record as { id: string }).id;
    return c.redirect(`${recordHref(c.get("biz").slug, id)}?notice=created`, 303);
  });

  app.get("/b/:slug/r/:id", async (c) => {
    const id = c.req.param("id");
    // Tools cite the business itself (business_get/_update); its record page is the business details page.
    if (id === c.get("biz").id) return c.redirect(`/b/${c.get("biz").slug}/business`, 303);
    const spec = entityForId(id);
    if (!spec) return notFound(c);
    const env = callEnv(deps, c);
    const result = await deps.registry.call(env, `${spec.plural}_get`, { id });
    if (!result.ok) return toolErrorPage(c, result.error);
    const out = result.output as unknown as {
      record: Record<string, unknown>;
      tags: string[];
      links: { linkId: string; kind: string; direction: "out" | "in"; record: Ref; note: string | null }[];
      related: Record<string, Ref[]>;
      refs: Ref[];
    };
    const biz = c.get("biz");
    const label = out.refs[0]?.label ?? id;
    const history = allowed(biz.role, "admin", "read")
      ? await deps.registry.call(env, "events_list", { entityId: id, limit: 50 })
      : undefined;
    const events = history?.ok ? (history.output.items as Record<string, unknown>[]) : [];
    const canWrite = !spec.readOnly && allowed(biz.role, spec.module, "write");
    const methods = (inputSchema(deps, `${spec.plural}_write`)?.properties?.method?.enum ?? []) as string[];
    return page(
      c,
      {
        title: label,
        active: `m:${spec.module}:${spec.plural}`,
        context: { kind: "record", label, id },
      },
      <>
        <p class="muted">
          <a href={`/b/${biz.slug}/e/${spec.plural}`}>{humanize(spec.plural)}</a> ›{" "}
          <span class="mono">{id}</span>
        </p>
        <div class="actions">
          <h1>{label}</h1>
          {canWrite ? (
            <a class="button secondary" href={`${recordHref(biz.slug, id)}/edit`}>
              Edit
            </a>
          ) : null}
          {canWrite && methods.includes("archive") && !out.record.archivedAt ? (
            <form method="post" action={`${recordHref(biz.slug, id)}/archive`}>
              <Csrf token={c.get("csrf")} />
              <button type="submit" class="secondary">
                Archive
              </button>
            </form>
          ) : null}
        </div>
        {spec.untrusted ? (
          <p class="warn">
            This record holds text from outside the business; treat instructions in it with care.
          </p>
        ) : null}
        <dl class="record">
          {Object.entries(out.record).map(([k, v]) => (
            <>
              <dt>{humanize(k)}</dt>
              <dd>
                <Value slug={biz.slug} v={v} />
              </dd>
            </>
          ))}
        </dl>
        <h2>Tags</h2>
        <p>
          {out.tags.length ? (
            out.tags.map((t) => <span class="tag">{t}</span>)
          ) : (
            <span class="muted">No tags.</span>
          )}
        </p>
        {allowed(biz.role, "core", "write") ? (
          <form method="post" action={`${recordHref(biz.slug, id)}/tags`} class="actions">
            <Csrf token={c.get("csrf")} />
            <label>
              <span class="sr-only">Tags to add, separated by commas</span>
              <input name="tags" placeholder="Add tags, comma separated" />
            </label>
            <button type="submit" class="secondary">
              Add tags
            </button>
          </form>
        ) : null}
        <h2>Links</h2>
        {out.links.length ? (
          <ul>
            {out.links.map((l) => (
              <li>
                {l.direction === "out" ? `${l.kind} →` : `← ${l.kind}`}{" "}
                <RefLink slug={biz.slug} r={l.record} />
                {l.note ? <span class="muted"> ({l.note})</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No links.</p>
        )}
        <h2>Related records</h2>
        {Object.keys(out.related).length ? (
          Object.entries(out.related).map(([name, refs]) => (
            <>
              <h3>{humanize(name)}</h3>
              <ul>
                {refs.map((r) => (
                  <li>
                    <RefLink slug={biz.slug} r={r} />
                  </li>
                ))}
              </ul>
            </>
          ))
        ) : (
          <p class="muted">None.</p>
        )}
        <h2>History</h2>
        {history === undefined ? (
          <p class="muted">The audit history is visible to owners and managers.</p>
        ) : events.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr>
                    <td>{String(e.occurredAt)}</td>
                    <td>
                      {String(e.actorType)} <span class="mono muted">{displayValue(e.actorId)}</span>
                    </td>
                    <td>{String(e.action)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">No recorded changes (records loaded in bulk, such as the demo, have none).</p>
        )}
      </>,
    );
  });

  app.get("/b/:slug/r/:id/edit", async (c) => {
    const id = c.req.param("id");
    const spec = entityForId(id);
    if (!spec || spec.readOnly) return notFound(c);
    const result = await deps.registry.call(callEnv(deps, c), `${spec.plural}_get`, { id });
    if (!result.ok) return toolErrorPage(c, result.error);
    if (!allowed(c.get("biz").role, spec.module, "write"))
      return forbidden(c, `Your role may not change ${humanize(spec.plural).toLowerCase()}.`);
    const record = result.output.record as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, displayValue(v)]));
    return renderForm(c, deps, spec, { mode: "update", id, values, errors: {} });
  });

  app.post("/b/:slug/r/:id", async (c) => {
    const id = c.req.param("id");
    const spec = entityForId(id);
    if (!spec || spec.readOnly) return notFound(c);
    const env = callEnv(deps, c);
    const current = await deps.registry.call(env, `${spec.plural}_get`, { id });
    if (!current.ok) return toolErrorPage(c, current.error);
    const body = await c.req.parseBody();
    const fields = writeFields(deps, spec);
    const parsed = parseForm(fields, body, current.output.record as Record<string, unknown>);
    const shown = Object.fromEntries(fields.map((f) => [f.name, body[f.name]]));
    if (Object.keys(parsed.errors).length)
      return renderForm(c, deps, spec, { mode: "update", id, values: shown, errors: parsed.errors }, 400);
    if (Object.keys(parsed.values).length === 0) return c.redirect(recordHref(c.get("biz").slug, id), 303);
    const result = await deps.registry.call(env, `${spec.plural}_write`, {
      method: "update",
      id,
      fields: parsed.values,
    });
    if (!result.ok) {
      if (result.error.code === "forbidden" || result.error.code === "not_found")
        return toolErrorPage(c, result.error);
      const { byField, other } = issuesToFields(result.error.issues);
      return renderForm(
        c,
        deps,
        spec,
        { mode: "update", id, values: shown, errors: byField, message: result.error.message, other },
        400,
      );
    }
    return c.redirect(`${recordHref(c.get("biz").slug, id)}?notice=saved`, 303);
  });

  app.post("/b/:slug/r/:id/archive", async (c) => {
    const id = c.req.param("id");
    const spec = entityForId(id);
    if (!spec || spec.readOnly) return notFound(c);
    const result = await deps.registry.call(callEnv(deps, c), `${spec.plural}_write`, {
      method: "archive",
      id,
    });
    if (!result.ok) return toolErrorPage(c, result.error, "Could not archive");
    return c.redirect(`${recordHref(c.get("biz").slug, id)}?notice=archived`, 303);
  });

  app.post("/b/:slug/r/:id/tags", async (c) => {
    const id = c.req.param("id");
    if (!entityForId(id)) return notFound(c);
    const body = await c.req.parseBody();
    const tags = String(body.tags ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (tags.length) {
      const result = await deps.registry.call(callEnv(deps, c), "records_tag", { id, tags });
      if (!result.ok) return toolErrorPage(c, result.error, "Could not tag");
    }
    return c.redirect(`${recordHref(c.get("biz").slug, id)}?notice=tagged`, 303);
  });

  app.get("/b/:slug/search", async (c) => {
    const q = (c.req.query("q") ?? "").trim();
    const biz = c.get("biz");
    const result = q ? await deps.registry.call(callEnv(deps, c), "search", { q, limit: 25 }) : undefined;
    const hits = result?.ok
      ? (result.output.results as { type: string; id: string; label: string; snippet: string }[])
      : [];
    return page(
      c,
      { title: q ? `Search: ${q}` : "Search" },
      <>
        <h1>Search</h1>
        <form method="get" action={`/b/${biz.slug}/search`} class="filters">
          <label>
            Words or a name
            <input type="search" name="q" value={q} />
          </label>
          <button type="submit">Search</button>
        </form>
        {result && !result.ok ? <ToolErrorBox error={result.error} /> : null}
        {q && result?.ok ? (
          hits.length ? (
            <ul>
              {hits.map((h) => (
                <li>
                  <a href={recordHref(biz.slug, h.id)}>{h.label}</a>{" "}
                  <span class="muted">({humanize(h.type)})</span>
                  <br />
                  <span class="muted">{h.snippet.replace(/[«»]/g, "")}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>Nothing found for “{q}”.</p>
          )
        ) : null}
      </>,
    );
  });

  return app;
}

/** Filters from the list tool's input schema: text, enums, yes/no, date ranges, sort and order. */
function Filters({
  schema,
  query,
  action,
}: {
  schema: JsonSchema;
  query: Record<string, string>;
  action: string;
}) {
  const fields = fieldsOfSchema(schema);
  const shown = fields.filter(
    (f) =>
      f.name === "q" ||
      f.name === "sort" ||
      f.name === "order" ||
      f.kind === "enum" ||
      f.kind === "bool" ||
      f.kind === "date",
  );
  const hidden = fields.filter((f) => f.kind === "id" && query[f.name]);
  return (
    <form method="get" action={action} class="filters" aria-label="Filters">
      {hidden.map((f) => (
        <input type="hidden" name={f.name} value={query[f.name]} />
      ))}
      {shown.map((f) => (
        <label for={`filter-${f.name}`}>
          {f.name === "q" ? "Text" : humanize(f.name)}
          {f.kind === "enum" || f.kind === "bool" ? (
            <select id={`filter-${f.name}`} name={f.name}>
              <option value="">any</option>
              {(f.kind === "bool" ? ["true", "false"] : (f.options ?? [])).map((o) => (
                <option value={o} selected={query[f.name] === o}>
                  {f.kind === "bool" ? (o === "true" ? "yes" : "no") : o}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`filter-${f.name}`}
              type={f.kind === "date" ? "date" : "search"}
              name={f.name}
              value={query[f.name] ?? ""}
            />
          )}
        </label>
      ))}
      <button type="submit">Apply</button>
      <a href={action}>Clear</a>
    </form>
  );
}

interface FormState {
  mode: "create" | "update";
  id?: string;
  values: Record<string, unknown>;
  errors: Record<string, string>;
  message?: string;
  other?: string[];
}

function renderForm(c: UiContext, deps: UiDeps, spec: EntitySpec, s: FormState, status: 200 | 400 = 200) {
  const biz = c.get("biz");
  const fields = writeFields(deps, spec);
  const action = s.mode === "create" ? `/b/${biz.slug}/e/${spec.plural}` : recordHref(biz.slug, s.id!);
  const title =
    s.mode === "create"
      ? `New ${humanize(spec.type).toLowerCase()}`
      : `Edit ${humanize(spec.type).toLowerCase()}`;
  const hasErrors = Object.keys(s.errors).length > 0 || !!s.message;
  return page(
    c,
    { title, active: `m:${spec.module}:${spec.plural}` },
    <>
      <h1>{title}</h1>
      {hasErrors ? (
        <div class="notice error" role="alert">
          <p>{s.message ?? "Some fields need fixing."}</p>
          {s.other?.length ? (
            <ul>
              {s.other.map((o) => (
                <li>{o}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form method="post" action={action} class="grid-form" novalidate>
        <Csrf token={c.get("csrf")} />
        {fields.map((f) => (
          <FieldInput f={f} value={displayValue(s.values[f.name])} error={s.errors[f.name]} />
        ))}
        <div class="actions">
          <button type="submit">{s.mode === "create" ? "Create" : "Save"}</button>
          <a href={s.mode === "create" ? `/b/${biz.slug}/e/${spec.plural}` : recordHref(biz.slug, s.id!)}>
            Cancel
          </a>
        </div>
      </form>
    </>,
    status,
  );
}

/** One form input for a schema field, with its label, hint and field error (records and the business details). */
export function FieldInput({
  f,
  value,
  error,
  hint: givenHint,
}: {
  f: FormField;
  value: string;
  error?: string;
  /** Replaces the hint derived from the field's kind. */
  hint?: string;
}) {
  const id = `f-${f.name}`;
  const common = {
    id,
    name: f.name,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
    "aria-required": f.required ? ("true" as const) : undefined,
  };
  const hint =
    givenHint ??
    (f.kind === "money"
      ? "decimal, e.g. 1250.00"
      : f.kind === "datetime"
        ? "e.g. 2026-11-25T09:00:00Z"
        : f.kind === "id"
          ? `${f.idPrefix ? `${f.idPrefix}_` : "record"} id`
          : f.kind === "array"
            ? "comma separated"
            : undefined);
  let control: unknown;
  if (f.kind === "enum" || f.kind === "bool") {
    const options = f.kind === "bool" ? ["true", "false"] : (f.options ?? []);
    control = (
      <select {...common}>
        <option value="">{f.required ? "choose…" : "—"}</option>
        {options.map((o) => (
          <option value={o} selected={value === o}>
            {f.kind === "bool" ? (o === "true" ? "yes" : "no") : o}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === "textarea" || f.kind === "json") {
    control = <textarea {...common}>{value}</textarea>;
  } else {
    const type = f.kind === "date" ? "date" : f.kind === "int" || f.kind === "number" ? "number" : "text";
    control = (
      <input
        {...common}
        type={type}
        value={value}
        step={f.kind === "number" ? "any" : undefined}
        inputmode={f.kind === "money" ? "decimal" : undefined}
      />
    );
  }
  return (
    <label for={id} class={f.kind === "textarea" || f.kind === "json" ? "wide" : undefined}>
      <span>
        {humanize(f.name)}
        {f.required ? <span aria-hidden="true"> *</span> : null}
        {hint ? <span class="hint"> ({hint})</span> : null}
      </span>
      {control}
      {error ? (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </label>
  );
}
