/**
 * CSV import for customers, contacts, transactions, invoices and inventory: upload → map the columns to the
 * write tool's fields → every row checked against the write tool's input schema (names in id columns looked up)
 * → the rows the user keeps are written in the background, one `<plural>_write` call each, with a progress page.
 * The upload is stored as a draft import job at the preview, so the later forms carry its id, not the file;
 * nothing is written before "Import the ticked rows".
 */
import { type Context, Hono } from "hono";
import { isId } from "../../db/ids.js";
import {
  deleteStaleDrafts,
  failStaleImportJob,
  findImportJob,
  findImportJobSummary,
  type ImportJobRow,
  type ImportJobSummary,
  insertImportJob,
  MAX_STORED_FAILURES,
  startImportJob,
  updateImportMapping,
} from "../../db/queries/imports.js";
import type { ImportFailure } from "../../db/schema/imports.js";
import { withBusiness } from "../../db/tenancy.js";
import { createImportRunner } from "../../jobs/import-runner.js";
import { type EntitySpec, entityByType } from "../../tools/entities.js";
import { allowed } from "../../tools/permissions.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { type Csv, CsvError, parseCsv } from "./csv.js";
import { type CheckedRow, checkRows, guessField } from "./import-check.js";
import { Csrf, humanize } from "./layout.js";
import { writeFields } from "./records.js";
import { forbidden, notFound, page, recordHref } from "./render.js";

export const IMPORTABLE = ["customer", "contact", "transaction", "invoice", "inventory_item"] as const;
const MAX_ROWS = 50_000;
const MAX_MB = 10;
/** The preview lists every row with errors up to this many, and this many ready rows with a checkbox. */
const LIST_ERRORS = 200;
const LIST_READY = 100;
/** A drafted upload nobody imported is removed after a day (when someone previews another one). */
const DRAFT_TTL_MS = 24 * 60 * 60_000;
/** A running job whose progress has not moved for this long lost its process (a restart). */
const STALE_MS = 5 * 60_000;
/** How long "Import" waits for the job before showing its progress page, so small files finish at once. */
const WAIT_MS = 1500;

const count = (n: number) => n.toLocaleString("en-US");
const plural = (spec: EntitySpec) => humanize(spec.plural).toLowerCase();
const jobUrl = (slug: string, id: string) => `/b/${slug}/import/${id}`;

/** The file line of a data row: the header is line 1. */
const lineOf = (r: CheckedRow) => r.index + 2;

/** Row indices a form sends back, as a set (checkboxes "row", or the comma list "shown"). */
function indices(raw: unknown): Set<number> {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return new Set(
    list
      .flatMap((x) => (typeof x === "string" ? x.split(",") : []))
      .filter((x) => /^\d+$/.test(x))
      .map(Number),
  );
}

export function importRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const runner = createImportRunner({ registry: deps.registry, logger: deps.logger });
  const writable = (c: UiContext) =>
    IMPORTABLE.map((t) => entityByType(t)!).filter((s) => allowed(c.get("biz").role, s.module, "write"));
  const userId = (c: UiContext) => c.get("session")!.userId;
  const tenant = (c: UiContext) => ({
    businessId: c.get("biz").id,
    userId: userId(c),
    appRole: deps.appRole,
  });

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
              CSV file{" "}
              <span class="hint">
                first row: column names; up to {count(MAX_ROWS)} rows and {MAX_MB} MB
              </span>
              <input type="file" name="file" accept=".csv,text/csv" />
            </label>
            <label>
              …or paste the CSV
              <textarea name="text" rows={6} />
            </label>
            <p class="muted">
              Nothing is saved yet: next you map the columns and see every row checked. A column of names (for
              example “Customer”) may stand in for an id column; the names are looked up.
            </p>
            <button type="submit">Preview</button>
          </form>
        )}
      </>,
      error ? 400 : 200,
    );
  };

  app.get("/b/:slug/import", (c) => startPage(c));

  /** The CSV of a new upload (file or pasted text), parsed; or the message saying what is wrong. */
  async function readUpload(body: Record<string, unknown>): Promise<{ text: string; csv: Csv } | string> {
    let text = "";
    if (body.file instanceof File && body.file.size > 0) {
      if (body.file.size > MAX_MB * 1024 * 1024)
        return `The file is larger than ${MAX_MB} MB; split it into smaller files.`;
      text = await body.file.text();
    }
    if (!text && typeof body.text === "string") text = body.text;
    if (!text.trim()) return "Choose a CSV file or paste its text.";
    if (Buffer.byteLength(text) > MAX_MB * 1024 * 1024)
      return `The text is larger than ${MAX_MB} MB; split it into smaller files.`;
    try {
      return { text, csv: parseCsv(text, { maxRows: MAX_ROWS }) };
    } catch (err) {
      if (err instanceof CsvError) return `The CSV could not be read: ${err.message}`;
      throw err;
    }
  }

  /** The mapping a form chose (map_<j>), or the guess from the column names when it sends none. */
  function mappingOf(body: Record<string, unknown>, spec: EntitySpec, csv: Csv, saved?: (string | null)[]) {
    const fields = writeFields(deps, spec);
    const names = new Set(fields.map((f) => f.name));
    return csv.header.map((h, j) => {
      const chosen = body[`map_${j}`] ?? saved?.[j] ?? undefined;
      if (typeof chosen === "string") return names.has(chosen) ? chosen : undefined;
      if (saved) return undefined;
      return guessField(h, fields);
    });
  }

  /** The viewer's draft named by the form, or a response: 404 when it is not theirs, the job page once it ran. */
  async function draftOf(c: UiContext, body: Record<string, unknown>): Promise<ImportJobRow | Response> {
    const id = typeof body.job === "string" ? body.job : "";
    const job = isId(id, "imp")
      ? await withBusiness(deps.db, tenant(c), (tx) => findImportJob(tx, c.get("biz").id, userId(c), id))
      : undefined;
    if (!job) return notFound(c, "That upload does not exist (any more); choose the file again.");
    if (job.status !== "draft") return c.redirect(jobUrl(c.get("biz").slug, job.id), 303);
    return job;
  }

  app.post("/b/:slug/import/preview", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const biz = c.get("biz");
    let job: Pick<ImportJobRow, "id" | "entityType" | "csvText" | "mapping">;
    let csv: Csv;
    let mapping: (string | undefined)[];
    if (body.job !== undefined) {
      const draft = await draftOf(c, body);
      if (draft instanceof Response) return draft;
      const spec = writable(c).find((s) => s.type === draft.entityType);
      if (!spec) return forbidden(c, "Your role may not create these records.");
      csv = parseCsv(draft.csvText);
      mapping = mappingOf(body, spec, csv, draft.mapping);
      const saved = mapping.map((m) => m ?? null);
      await withBusiness(deps.db, tenant(c), (tx) =>
        updateImportMapping(tx, biz.id, userId(c), draft.id, saved),
      );
      job = { ...draft, mapping: saved };
    } else {
      const spec = writable(c).find((s) => s.type === body.entity);
      if (!spec) return startPage(c, "Pick what the file holds.");
      const upload = await readUpload(body);
      if (typeof upload === "string") return startPage(c, upload);
      csv = upload.csv;
      mapping = mappingOf(body, spec, csv);
      const values = {
        businessId: biz.id,
        userId: userId(c),
        entityType: spec.type,
        csvText: upload.text,
        mapping: mapping.map((m) => m ?? null),
        total: csv.rows.length,
      };
      // Clock of the database rows (created_at), not the UI's pinned clock.
      const before = new Date(Date.now() - DRAFT_TTL_MS);
      job = await withBusiness(deps.db, tenant(c), async (tx) => {
        await deleteStaleDrafts(tx, biz.id, before);
        return { ...(await insertImportJob(tx, values)), csvText: upload.text };
      });
    }
    const spec = entityByType(job.entityType)!;
    const checked = await checkRows(deps, callEnv(deps, c), spec, mapping, csv.rows);
    return previewPage(c, spec, job.id, csv, mapping, checked);
  });

  function previewPage(
    c: UiContext,
    spec: EntitySpec,
    jobId: string,
    csv: Csv,
    mapping: (string | undefined)[],
    checked: CheckedRow[],
  ) {
    const biz = c.get("biz");
    const fields = writeFields(deps, spec);
    const ready = checked.filter((r) => r.problems.length === 0);
    const bad = checked.filter((r) => r.problems.length > 0);
    const listedReady = ready.slice(0, LIST_READY);
    const listed = [...bad.slice(0, LIST_ERRORS), ...listedReady].sort((a, b) => a.index - b.index);
    const used = mapping.map((m, j) => (m ? j : -1)).filter((j) => j >= 0);
    return page(
      c,
      { title: "Import: check the rows", active: "import" },
      <>
        <h1>Import {plural(spec)}: check the rows</h1>
        <p role="status">
          {count(checked.length)} rows: <strong>{count(ready.length)} ready</strong>
          {bad.length ? (
            <>
              , <strong class="err-text">{count(bad.length)} with errors</strong> (they cannot be imported
              until fixed in the file)
            </>
          ) : null}
          . Nothing has been saved yet.
        </p>
        {ready.length > listedReady.length ? (
          <p>
            The first {count(listedReady.length)} ready rows are listed below; untick any you do not want. The
            other {count(ready.length - listedReady.length)} ready rows are not listed and are imported too.
          </p>
        ) : null}
        {bad.length > LIST_ERRORS ? (
          <p>
            The first {count(LIST_ERRORS)} rows with errors are listed; {count(bad.length - LIST_ERRORS)} more
            rows have errors too.
          </p>
        ) : null}
        <form method="post" action={`/b/${biz.slug}/import/run`} class="form">
          <Csrf token={c.get("csrf")} />
          <input type="hidden" name="job" value={jobId} />
          <input type="hidden" name="shown" value={listedReady.map((r) => r.index).join(",")} />
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
                      <span class="sr-only">Import every listed valid row</span>
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
                {listed.map((r) => (
                  <tr class={r.problems.length ? "row-error" : undefined}>
                    <td>
                      <input
                        type="checkbox"
                        name="row"
                        value={String(r.index)}
                        checked={r.problems.length === 0}
                        disabled={r.problems.length > 0}
                        aria-label={`Import row ${lineOf(r)}`}
                      />
                    </td>
                    <td class="num">{lineOf(r)}</td>
                    {used.map((j) => {
                      const id = r.resolved[mapping[j]!];
                      return <td>{id ? `${r.cells[j]?.trim()} → ${id}` : r.cells[j]}</td>;
                    })}
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
  }

  app.post("/b/:slug/import/run", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const biz = c.get("biz");
    const job = await draftOf(c, body);
    if (job instanceof Response) return job;
    const spec = writable(c).find((s) => s.type === job.entityType);
    if (!spec) return forbidden(c, "Your role may not create these records.");
    const env = callEnv(deps, c);
    const csv = parseCsv(job.csvText);
    const mapping = mappingOf(body, spec, csv, job.mapping);
    // Checked again: the mapping may have changed, and records named in the file may have come or gone.
    const checked = await checkRows(deps, env, spec, mapping, csv.rows);
    const ticked = indices(body.row);
    const shown = indices(body.shown);
    const failedRows: ImportFailure[] = [];
    const rows: { row: number; fields: Record<string, unknown> }[] = [];
    let skipped = 0;
    for (const r of checked) {
      if (r.problems.length) failedRows.push({ row: lineOf(r), problems: r.problems });
      else if (shown.has(r.index) && !ticked.has(r.index)) skipped++;
      else rows.push({ row: lineOf(r), fields: r.values });
    }
    const started = await withBusiness(deps.db, tenant(c), (tx) =>
      startImportJob(tx, biz.id, userId(c), job.id, {
        mapping: mapping.map((m) => m ?? null),
        total: csv.rows.length,
        processed: failedRows.length + skipped,
        failedCount: failedRows.length,
        failedRows: failedRows.slice(0, MAX_STORED_FAILURES),
      }),
    );
    if (started) {
      const done = runner.run(env, {
        jobId: job.id,
        tool: `${spec.plural}_write`,
        rows,
        processed: failedRows.length + skipped,
        failedRows: failedRows.slice(0, MAX_STORED_FAILURES),
        failedCount: failedRows.length,
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, WAIT_MS)))]);
      clearTimeout(timer);
    }
    return c.redirect(jobUrl(biz.slug, job.id), 303);
  });

  app.get("/b/:slug/import/:jobId", async (c) => {
    const id = c.req.param("jobId");
    if (!isId(id, "imp")) return notFound(c);
    const biz = c.get("biz");
    const job = await withBusiness(deps.db, tenant(c), async (tx) => {
      const found = await findImportJobSummary(tx, biz.id, userId(c), id);
      if (found?.status !== "running") return found;
      // Real time, like updated_at: a pinned UI clock must not make live jobs look stale.
      const now = new Date();
      const stale = await failStaleImportJob(
        tx,
        biz.id,
        id,
        new Date(now.getTime() - STALE_MS),
        now,
        `The import was interrupted (the server stopped) after ${count(found.processed)} of ${count(found.total)} rows. Check which records exist before importing the rest again.`,
      );
      return stale ? findImportJobSummary(tx, biz.id, userId(c), id) : found;
    });
    if (!job) return notFound(c, "There is no import with this id that you started.");
    const spec = entityByType(job.entityType);
    if (!spec) return notFound(c);
    return jobPage(c, spec, job);
  });

  function jobPage(c: Context<UiEnv>, spec: EntitySpec, job: ImportJobSummary) {
    const biz = c.get("biz");
    const url = jobUrl(biz.slug, job.id);
    const into = <a href={`/b/${biz.slug}/e/${spec.plural}`}>{plural(spec)}</a>;
    if (job.status === "draft")
      return page(
        c,
        { title: "Import not started", active: "import" },
        <>
          <h1>Import not started</h1>
          <p>
            This upload was checked but not imported. <a href={`/b/${biz.slug}/import`}>Start over</a> to
            import a file.
          </p>
        </>,
      );
    if (job.status === "running") {
      const pct = job.total ? Math.floor((job.processed / job.total) * 100) : 100;
      return page(
        c,
        { title: "Importing…", active: "import" },
        <>
          <h1>Importing {plural(spec)}…</h1>
          <p role="status" data-reload-after="2" data-reload-url={url}>
            Imported <strong>{count(job.createdCount)}</strong> of {count(job.total)} rows…{" "}
            <span class="muted">
              ({count(job.processed)} rows done; this page updates itself, or <a href={url}>refresh</a>)
            </span>
          </p>
          <progress value={String(job.processed)} max={String(Math.max(job.total, 1))}>
            {pct}%
          </progress>
          <p class="muted">
            You may leave this page: the import goes on, and this address shows how it ended.
          </p>
        </>,
      );
    }
    const skipped = job.processed - job.createdCount - job.failedCount;
    const failures = [...job.failedRows].sort((a, b) => a.row - b.row);
    return page(
      c,
      { title: job.status === "done" ? "Import done" : "Import failed", active: "import" },
      <>
        <h1>{job.status === "done" ? "Import done" : "Import failed"}</h1>
        {job.error ? (
          <p class="notice error" role="alert">
            {job.error}
          </p>
        ) : null}
        <p role="status">
          Imported <strong>{count(job.createdCount)}</strong> of {count(job.total)} rows into {into}
          {job.failedCount ? `; ${count(job.failedCount)} rows failed` : ""}
          {skipped > 0 ? `; ${count(skipped)} rows were not ticked` : ""}.
        </p>
        {failures.length ? (
          <>
            <h2>Failed rows</h2>
            <ul class="err-text">
              {failures.map((f) => (
                <li>
                  Row {f.row}: {f.problems.join("; ")}
                </li>
              ))}
            </ul>
            {job.failedCount > failures.length ? (
              <p class="muted">…and {count(job.failedCount - failures.length)} more failed rows.</p>
            ) : null}
          </>
        ) : null}
        {job.createdIds.length ? (
          <>
            <h2>Created</h2>
            <ul>
              {job.createdIds.map((x) => (
                <li>
                  Row {x.row}: <a href={recordHref(biz.slug, x.id)}>{x.id}</a>
                </li>
              ))}
            </ul>
            {job.createdCount > job.createdIds.length ? (
              <p class="muted">
                …and {count(job.createdCount - job.createdIds.length)} more in {into}.
              </p>
            ) : null}
          </>
        ) : null}
        <p>
          <a href={`/b/${biz.slug}/import`}>Import another file</a>
        </p>
      </>,
    );
  }

  return app;
}
