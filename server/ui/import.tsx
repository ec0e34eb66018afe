/**
 * CSV import for customers, contacts, transactions, invoices and inventory: upload → map the columns to the
 * write tool's fields → every row checked against the write tool's input schema (and the fields a new record
 * needs) → only the rows the user ticks are written, one `<plural>_write` call each. Nothing is written before
 * that last step; the CSV travels in the form, so no upload is stored on the server.
 */
import { Hono } from "hono";
import { type EntitySpec, entityByType } from "../../tools/entities.js";
import { formatZodIssues } from "../../tools/errors.js";
import { allowed } from "../../tools/permissions.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { CsvError, parseCsv } from "./csv.js";
import { Csrf, humanize } from "./layout.js";
import { writeFields } from "./records.js";
import { forbidden, page, recordHref } from "./render.js";
import { type FormField, parseForm } from "./schema-form.js";

export const IMPORTABLE = ["customer", "contact", "transaction", "invoice", "inventory_item"] as const;
const MAX_ROWS = 2000;
const MAX_BYTES = 2 * 1024 * 1024;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The field a CSV column most likely means: same name, or the name plus Id / On / At / Date. */
export function guessField(header: string, fields: FormField[]): string | undefined {
  const h = norm(header);
  for (const suffix of ["", "id", "on", "at", "date"]) {
    const f = fields.find((x) => norm(x.name) === h + suffix);
    if (f) return f.name;
  }
  return undefined;
}

interface CheckedRow {
  index: number;
  cells: string[];
  values: Record<string, unknown>;
  problems: string[];
}

function checkRows(
  deps: UiDeps,
  spec: EntitySpec,
  mapping: (string | undefined)[],
  rows: string[][],
): CheckedRow[] {
  const fields = writeFields(deps, spec);
  const tool = deps.registry.get(`${spec.plural}_write`)!;
  return rows.map((cells, index) => {
    const body: Record<string, string> = {};
    mapping.forEach((f, j) => {
      if (f) body[f] = cells[j] ?? "";
    });
    const { values, errors } = parseForm(fields, body);
    const problems = Object.entries(errors).map(([k, m]) => `${k}: ${m}`);
    for (const f of fields)
      if (f.required && values[f.name] === undefined) problems.push(`${f.name}: is required`);
    const parsed = tool.input.safeParse({ method: "create", fields: values });
    if (!parsed.success)
      for (const line of formatZodIssues(parsed.error)) {
        const short = line.replace(/^fields\./, "");
        if (!problems.some((p) => p.split(":")[0] === short.split(":")[0])) problems.push(short);
      }
    return { index, cells, values, problems };
  });
}

export function importRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const writable = (c: UiContext) =>
    IMPORTABLE.map((t) => entityByType(t)!).filter((s) => allowed(c.get("biz").role, s.module, "write"));

  const startPage = (c: UiContext, error?: string) => {
    const biz = c.get("biz");
    const specs = writable(c);
    return page(
      c,
      { title: "Import CSV", active: "import" },
      <>
        <h1>Import CSV</h1>
        {error ? (
          <p class="notice error" role="alert">
            {error}
          </p>
        ) : null}
        {specs.length === 0 ? (
          <p>Your role may not create any of the records that can be imported.</p>
        ) : (
          <form
            method="post"
            action={`/b/${biz.slug}/import/preview`}
            enctype="multipart/form-data"
            class="form"
          >
            <Csrf token={c.get("csrf")} />
            <label>
              What the file holds
              <select name="entity" required>
                {specs.map((s) => (
                  <option value={s.type}>{humanize(s.plural)}</option>
                ))}
              </select>
            </label>
            <label>
              CSV file <span class="hint">first row: column names; up to {MAX_ROWS} rows</span>
              <input type="file" name="file" accept=".csv,text/csv" />
            </label>
            <label>
              …or paste the CSV
              <textarea name="text" rows={6} />
            </label>
            <p class="muted">Nothing is saved yet: next you map the columns and see every row checked.</p>
            <button type="submit">Preview</button>
          </form>
        )}
      </>,
      error ? 400 : 200,
    );
  };

  app.get("/b/:slug/import", (c) => startPage(c));

  /** Reads entity, CSV text and mapping from a form; undefined + message when something is missing. */
  async function readForm(c: UiContext) {
    const body = await c.req.parseBody({ all: true });
    const spec = writable(c).find((s) => s.type === body.entity);
    if (!spec) return { error: "Pick what the file holds." } as const;
    let text = typeof body.csv === "string" ? body.csv : "";
    if (!text && body.file instanceof File && body.file.size > 0) {
      if (body.file.size > MAX_BYTES) return { error: "The file is larger than 2 MB; split it." } as const;
      text = await body.file.text();
    }
    if (!text && typeof body.text === "string") text = body.text;
    if (!text.trim()) return { error: "Choose a CSV file or paste its text." } as const;
    let csv: ReturnType<typeof parseCsv>;
    try {
      csv = parseCsv(text, { maxRows: MAX_ROWS });
    } catch (err) {
      if (err instanceof CsvError) return { error: `The CSV could not be read: ${err.message}` } as const;
      throw err;
    }
    const fields = writeFields(deps, spec);
    const names = new Set(fields.map((f) => f.name));
    const mapping = csv.header.map((h, j) => {
      const chosen = body[`map_${j}`];
      if (typeof chosen === "string") return names.has(chosen) ? chosen : undefined;
      return guessField(h, fields);
    });
    const rowsRaw = body.row;
    const selected = new Set(
      (Array.isArray(rowsRaw) ? rowsRaw : rowsRaw ? [rowsRaw] : []).map((r) => Number(r)),
    );
    return { spec, text, csv, fields, mapping, selected } as const;
  }

  app.post("/b/:slug/import/preview", async (c) => {
    const form = await readForm(c);
    if ("error" in form) return startPage(c, form.error);
    const { spec, text, csv, fields, mapping } = form;
    const biz = c.get("biz");
    const checked = checkRows(deps, spec, mapping, csv.rows);
    const valid = checked.filter((r) => r.problems.length === 0).length;
    const used = mapping.map((m, j) => (m ? j : -1)).filter((j) => j >= 0);
    return page(
      c,
      { title: "Import: check the rows", active: "import" },
      <>
        <h1>Import {humanize(spec.plural).toLowerCase()}: check the rows</h1>
        <p role="status">
          {csv.rows.length} rows: <strong>{valid} ready</strong>
          {checked.length - valid ? (
            <>
              , <strong class="err-text">{checked.length - valid} with errors</strong> (they cannot be
              imported until fixed in the file)
            </>
          ) : null}
          . Nothing has been saved yet.
        </p>
        <form method="post" action={`/b/${biz.slug}/import/run`} class="form">
          <Csrf token={c.get("csrf")} />
          <input type="hidden" name="entity" value={spec.type} />
          <textarea name="csv" hidden>
            {text}
          </textarea>
          <h2>Columns</h2>
          <div class="grid-form">
            {csv.header.map((h, j) => (
              <label>
                <span>Column “{h}”</span>
                <select name={`map_${j}`}>
                  <option value="">ignore</option>
                  {fields.map((f) => (
                    <option value={f.name} selected={mapping[j] === f.name}>
                      {humanize(f.name)}
                      {f.required ? " *" : ""}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <div class="actions">
            <button type="submit" class="secondary" formaction={`/b/${biz.slug}/import/preview`}>
              Check again with these columns
            </button>
          </div>
          <h2>Rows</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">
                    <label>
                      <input type="checkbox" data-check-all checked />{" "}
                      <span class="sr-only">Import every valid row</span>
                      Import
                    </label>
                  </th>
                  <th scope="col">Row</th>
                  {used.map((j) => (
                    <th scope="col">{humanize(mapping[j]!)}</th>
                  ))}
                  <th scope="col">Problems</th>
                </tr>
              </thead>
              <tbody>
                {checked.map((r) => (
                  <tr class={r.problems.length ? "row-error" : undefined}>
                    <td>
                      <input
                        type="checkbox"
                        name="row"
                        value={String(r.index)}
                        checked={r.problems.length === 0}
                        disabled={r.problems.length > 0}
                        aria-label={`Import row ${r.index + 2}`}
                      />
                    </td>
                    <td class="num">{r.index + 2}</td>
                    {used.map((j) => (
                      <td>{r.cells[j]}</td>
                    ))}
                    <td class={r.problems.length ? "err-text" : "ok-text"}>
                      {r.problems.length ? r.problems.join("; ") : "ok"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button type="submit">Import the ticked rows</button>
            <a href={`/b/${biz.slug}/import`}>Start over</a>
          </div>
        </form>
      </>,
    );
  });

  app.post("/b/:slug/import/run", async (c) => {
    const form = await readForm(c);
    if ("error" in form) return startPage(c, form.error);
    const { spec, csv, mapping, selected } = form;
    const biz = c.get("biz");
    if (!allowed(biz.role, spec.module, "write"))
      return forbidden(c, "Your role may not create these records.");
    const env = callEnv(deps, c);
    const checked = checkRows(deps, spec, mapping, csv.rows).filter((r) => selected.has(r.index));
    const created: { row: number; id: string }[] = [];
    const failed: { row: number; problems: string[] }[] = [];
    for (const r of checked) {
      if (r.problems.length) {
        failed.push({ row: r.index + 2, problems: r.problems });
        continue;
      }
      const result = await deps.registry.call(env, `${spec.plural}_write`, {
        method: "create",
        fields: r.values,
      });
      if (result.ok) created.push({ row: r.index + 2, id: (result.output.record as { id: string }).id });
      else
        failed.push({
          row: r.index + 2,
          problems: result.error.issues?.length ? result.error.issues : [result.error.message],
        });
    }
    return page(
      c,
      { title: "Import done", active: "import" },
      <>
        <h1>Import done</h1>
        <p role="status">
          Imported <strong>{created.length}</strong> of {csv.rows.length} rows into{" "}
          <a href={`/b/${biz.slug}/e/${spec.plural}`}>{humanize(spec.plural).toLowerCase()}</a>
          {failed.length ? `; ${failed.length} ticked rows failed` : ""}.
        </p>
        {failed.length ? (
          <>
            <h2>Failed rows</h2>
            <ul class="err-text">
              {failed.map((f) => (
                <li>
                  Row {f.row}: {f.problems.join("; ")}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {created.length ? (
          <>
            <h2>Created</h2>
            <ul>
              {created.slice(0, 100).map((x) => (
                <li>
                  Row {x.row}: <a href={recordHref(biz.slug, x.id)}>{x.id}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>,
    );
  });

  return app;
}
