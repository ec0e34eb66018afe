/**
 * The integrations screens (spec §5): every connector with its status and the sync log, and per connector a
 * settings form generated from its zod schemas — secrets as password fields that are never shown back (a
 * blank one keeps what is stored) — with switch on/off, "test connection", "sync now" and its own runs.
 * Owners and managers see them; owners change them (the permission table's admin row).
 */
import { Hono } from "hono";
import { z } from "zod";
import { ConflictError, InputError, NotFoundError } from "../../db/errors.js";
import {
  findIntegration,
  type IntegrationRow,
  listIntegrationRows,
  listSyncRuns,
  type SyncRunRow,
} from "../../db/queries/integrations.js";
import { withBusiness } from "../../db/tenancy.js";
import type { AnyConnector } from "../../integrations/connector.js";
import { CONNECTORS, connectorByType } from "../../integrations/index.js";
import { SecretError } from "../../integrations/secrets.js";
import { decryptRowSecrets, saveIntegration, setIntegrationEnabled } from "../../integrations/settings.js";
import { testConnection } from "../../integrations/test-connection.js";
import type { UiContext, UiDeps, UiEnv } from "./context.js";
import { Csrf, humanize, pageAccess } from "./layout.js";
import { forbidden, notFound, page } from "./render.js";
import { displayValue, type FormField, fieldsOfSchema, type JsonSchema, parseForm } from "./schema-form.js";

const when = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "—");

const STATUS_TEXT: Record<IntegrationRow["status"], string> = {
  enabled: "on",
  disabled: "switched off",
  error: "on — the last sync failed",
};

/** The form fields of a zod object schema, in its order, required where its JSON Schema says so. */
function schemaFields(schema: z.ZodType): FormField[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return fieldsOfSchema(json, new Set(json.required ?? []));
}

/** Form names of secret fields; also the prefix saveIntegration gives their errors. */
const SECRET = "secrets.";
const CLEAR = "clear.";

type Notice = { kind: "ok" | "error"; text: string };

export function integrationRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const connectors = deps.connectors ?? CONNECTORS;
  const userId = (c: UiContext) => c.get("session")!.userId;
  const tenant = (c: UiContext) => ({ businessId: c.get("biz").id, appRole: deps.appRole });
  const may = (c: UiContext, write = false) => {
    const a = pageAccess(c.get("biz").role);
    return write ? a.adminWrite : a.admin;
  };
  const actor = (c: UiContext) => ({ actorType: "user" as const, actorId: userId(c) });

  // ── the list ────────────────────────────────────────────────────────────────────────────────────────
  app.get("/b/:slug/integrations", async (c) => {
    if (!may(c)) return forbidden(c, "Integrations are for owners and managers.");
    const biz = c.get("biz");
    const [rows, runs] = await withBusiness(deps.db, tenant(c), (tx) =>
      Promise.all([listIntegrationRows(tx, biz.id), listSyncRuns(tx, biz.id, { limit: 20 })]),
    );
    const byType = new Map(rows.map((r) => [r.type, r]));
    const titleOf = new Map(rows.map((r) => [r.id, connectorByType(r.type, connectors)?.title ?? r.name]));
    const base = `/b/${biz.slug}/integrations`;
    return page(
      c,
      { title: "Integrations", active: "integrations" },
      <>
        <h1>Integrations</h1>
        <p class="muted">
          The tools this business runs on. Settings are per business; secrets are stored encrypted and never
          shown again.
        </p>
        <ul class="cards">
          {connectors.map((k) => {
            const row = byType.get(k.type);
            return (
              <li class="card">
                <h2>
                  <a href={`${base}/${k.type}`}>{k.title}</a>
                </h2>
                <p>{k.description}</p>
                <p>
                  <strong>{row ? STATUS_TEXT[row.status] : "not set up"}</strong>
                  {k.sync && row ? <span class="muted"> · last sync {when(row.lastSyncAt)}</span> : null}
                </p>
                <a class="button secondary" href={`${base}/${k.type}`}>
                  {row ? "Settings" : "Set up"}
                </a>
              </li>
            );
          })}
        </ul>
        <h2>Sync log</h2>
        <SyncLog runs={runs} titleOf={titleOf} />
      </>,
    );
  });

  // ── one connector ───────────────────────────────────────────────────────────────────────────────────
  async function connectorPage(
    c: UiContext,
    connector: AnyConnector,
    form: { values?: Record<string, string>; errors?: Record<string, string>; notice?: Notice } = {},
    status: 200 | 400 | 409 = 200,
  ) {
    const biz = c.get("biz");
    const { row, runs } = await withBusiness(deps.db, tenant(c), async (tx) => {
      const found = await findIntegration(tx, biz.id, connector.type);
      return {
        row: found,
        runs: found ? await listSyncRuns(tx, biz.id, { integrationId: found.id, limit: 20 }) : [],
      };
    });
    const canEdit = may(c, true);
    const stored = row ? storedSecretNames(row) : new Set<string>();
    const values =
      form.values ??
      Object.fromEntries(Object.entries(row?.config ?? {}).map(([k, v]) => [k, displayValue(v)]));
    const errors = form.errors ?? {};
    const base = `/b/${biz.slug}/integrations/${connector.type}`;
    const running = runs.some((r) => r.status === "running");
    return page(
      c,
      { title: connector.title, active: "integrations", ...(form.notice ? { notice: form.notice } : {}) },
      <>
        <p class="muted">
          <a href={`/b/${biz.slug}/integrations`}>Integrations</a> › {connector.title}
        </p>
        <h1>{connector.title}</h1>
        <p>{connector.description}</p>
        <p>
          Status: <strong>{row ? STATUS_TEXT[row.status] : "not set up"}</strong>
          {row ? <span class="muted"> · settings changed {when(row.updatedAt)} UTC</span> : null}
        </p>
        {Object.keys(errors).length ? (
          <p class="notice error" role="alert">
            Some settings need fixing.
          </p>
        ) : null}
        <form method="post" action={base} class="grid-form" novalidate aria-label="Settings">
          <Csrf token={c.get("csrf")} />
          {schemaFields(connector.config).map((f) => (
            <SettingField f={f} value={values[f.name] ?? ""} error={errors[f.name]} disabled={!canEdit} />
          ))}
          {schemaFields(connector.secrets).map((f) => (
            <SecretField
              f={f}
              stored={stored.has(f.name)}
              error={errors[SECRET + f.name]}
              disabled={!canEdit}
            />
          ))}
          {canEdit ? (
            <div class="actions">
              <button type="submit">Save settings</button>
            </div>
          ) : (
            <p class="muted">Only owners change integration settings.</p>
          )}
        </form>
        {row && canEdit ? (
          <div class="actions">
            <form method="post" action={`${base}/${row.status === "disabled" ? "enable" : "disable"}`}>
              <Csrf token={c.get("csrf")} />
              <button type="submit" class="secondary">
                {row.status === "disabled" ? "Switch on" : "Switch off"}
              </button>
            </form>
            {connector.test ? (
              <form method="post" action={`${base}/test`}>
                <Csrf token={c.get("csrf")} />
                <button type="submit" class="secondary">
                  Test connection
                </button>
              </form>
            ) : null}
            {connector.sync && row.status !== "disabled" ? (
              <form method="post" action={`${base}/sync`}>
                <Csrf token={c.get("csrf")} />
                <button type="submit">Sync now</button>
              </form>
            ) : null}
          </div>
        ) : null}
        {connector.sync ? (
          <section aria-labelledby="runs-h">
            <h2 id="runs-h">Sync log</h2>
            {connector.syncEveryMinutes ? (
              <p class="muted">While switched on, it syncs every {connector.syncEveryMinutes} minutes.</p>
            ) : null}
            {running ? (
              <p role="status" data-reload-after="3" data-reload-url={base}>
                A sync is running. <a href={base}>Refresh</a> to see how it is going.
              </p>
            ) : null}
            <SyncLog runs={runs} />
          </section>
        ) : null}
      </>,
      status,
    );
  }

  /** Names of the stored secrets (never their values); empty when they cannot be read with this key. */
  function storedSecretNames(row: IntegrationRow): Set<string> {
    if (!row.secretsEncrypted || !deps.secretKey) return new Set();
    try {
      return new Set(Object.keys(decryptRowSecrets(row, deps.secretKey())));
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message, integration: row.type }, "stored secrets unreadable");
      return new Set();
    }
  }

  /** The connector of the URL, when this viewer may see it. */
  const withConnector =
    (write: boolean, handler: (c: UiContext, connector: AnyConnector) => Promise<Response> | Response) =>
    (c: UiContext) => {
      if (!may(c, write))
        return forbidden(
          c,
          write ? "Only owners change integrations." : "Integrations are for owners and managers.",
        );
      const connector = connectorByType(c.req.param("type") ?? "", connectors);
      if (!connector) return notFound(c, "There is no such integration.");
      return handler(c, connector);
    };

  app.get(
    "/b/:slug/integrations/:type",
    withConnector(false, (c, connector) => connectorPage(c, connector)),
  );

  app.post(
    "/b/:slug/integrations/:type",
    withConnector(true, async (c, connector) => {
      const body = await c.req.parseBody();
      const fields = schemaFields(connector.config);
      const values = Object.fromEntries(
        fields.map((f) => [f.name, typeof body[f.name] === "string" ? String(body[f.name]) : ""]),
      );
      const parsed = parseForm(fields, body);
      if (Object.keys(parsed.errors).length)
        return connectorPage(c, connector, { values, errors: parsed.errors }, 400);
      const secrets: Record<string, string | null | undefined> = {};
      for (const f of schemaFields(connector.secrets)) {
        const v = body[SECRET + f.name];
        if (body[CLEAR + f.name] === "true") secrets[f.name] = null;
        else if (typeof v === "string" && v !== "") secrets[f.name] = v;
      }
      let key: Buffer | undefined;
      try {
        key = deps.secretKey?.();
      } catch (err) {
        return connectorPage(
          c,
          connector,
          { values, notice: { kind: "error", text: (err as Error).message } },
          400,
        );
      }
      if (!key)
        return connectorPage(
          c,
          connector,
          {
            values,
            notice: {
              kind: "error",
              text: "No secret key is configured (OMNI_SECRET_KEY), so settings cannot be saved.",
            },
          },
          400,
        );
      try {
        await withBusiness(deps.db, tenant(c), (tx) =>
          saveIntegration(tx, c.get("biz").id, connector, { config: parsed.values, secrets }, key, actor(c)),
        );
      } catch (err) {
        if (err instanceof InputError)
          return connectorPage(
            c,
            connector,
            {
              values,
              errors: Object.fromEntries(
                err.issues.map((i) => [
                  i.field.startsWith(SECRET) ? i.field : i.field.split(".")[0]!,
                  i.message,
                ]),
              ),
            },
            400,
          );
        if (err instanceof SecretError)
          return connectorPage(c, connector, { values, notice: { kind: "error", text: err.message } }, 400);
        throw err;
      }
      return connectorPage(c, connector, {
        notice: { kind: "ok", text: `${connector.title}: settings saved.` },
      });
    }),
  );

  for (const [verb, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    app.post(
      `/b/:slug/integrations/:type/${verb}`,
      withConnector(true, async (c, connector) => {
        try {
          await withBusiness(deps.db, tenant(c), (tx) =>
            setIntegrationEnabled(tx, c.get("biz").id, connector, enabled, actor(c)),
          );
        } catch (err) {
          if (err instanceof NotFoundError)
            return connectorPage(c, connector, { notice: { kind: "error", text: err.message } }, 409);
          throw err;
        }
        const text = `${connector.title} is ${enabled ? "switched on" : "switched off"}.`;
        return connectorPage(c, connector, { notice: { kind: "ok", text } });
      }),
    );
  }

  app.post(
    "/b/:slug/integrations/:type/test",
    withConnector(true, async (c, connector) => {
      if (!deps.secretKey)
        return connectorPage(
          c,
          connector,
          { notice: { kind: "error", text: "No secret key is configured." } },
          400,
        );
      const result = await testConnection(
        { db: deps.db, logger: deps.logger, appRole: deps.appRole, secretKey: deps.secretKey },
        c.get("biz").id,
        connector,
      );
      return connectorPage(c, connector, {
        notice: { kind: result.ok ? "ok" : "error", text: result.message },
      });
    }),
  );

  app.post(
    "/b/:slug/integrations/:type/sync",
    withConnector(true, async (c, connector) => {
      if (!deps.syncs)
        return connectorPage(
          c,
          connector,
          {
            notice: {
              kind: "error",
              text: "Syncing is not available in this process (start it with omni start).",
            },
          },
          409,
        );
      try {
        await deps.syncs.start(c.get("biz").id, connector.type, {
          trigger: "manual",
          actorUserId: userId(c),
        });
      } catch (err) {
        if (err instanceof ConflictError || err instanceof NotFoundError || err instanceof InputError)
          return connectorPage(c, connector, { notice: { kind: "error", text: err.message } }, 409);
        throw err;
      }
      return c.redirect(`/b/${c.get("biz").slug}/integrations/${connector.type}?notice=sync-started`, 303);
    }),
  );

  return app;
}

/** Sync runs, newest first: when, which integration, how it ended, its counts and its error. */
function SyncLog({ runs, titleOf }: { runs: SyncRunRow[]; titleOf?: Map<string, string> }) {
  if (!runs.length) return <p class="muted">No syncs yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Started (UTC)</th>
            {titleOf ? <th scope="col">Integration</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Counts</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr class={r.status === "failed" ? "row-error" : undefined}>
              <td>{when(r.startedAt)}</td>
              {titleOf ? <td>{titleOf.get(r.integrationId) ?? r.integrationId}</td> : null}
              <td>{r.status}</td>
              <td>
                {Object.entries(r.stats)
                  .map(([k, v]) => `${humanize(k).toLowerCase()} ${v}`)
                  .join(", ") || "—"}
              </td>
              <td class={r.error ? "err-text" : undefined}>{r.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One setting: an input typed by its schema, its description as the hint, its error under it. */
function SettingField(p: { f: FormField; value: string; error?: string; disabled: boolean }) {
  const id = `setting-${p.f.name}`;
  const common = {
    id,
    name: p.f.name,
    disabled: p.disabled,
    "aria-invalid": p.error ? ("true" as const) : undefined,
    "aria-describedby": p.error ? `${id}-error` : undefined,
    "aria-required": p.f.required ? ("true" as const) : undefined,
  };
  return (
    <label for={id}>
      <FieldLabel name={p.f.name} required={p.f.required} hint={p.f.description} />
      {p.f.kind === "enum" || p.f.kind === "bool" ? (
        <select {...common}>
          <option value="">{p.f.required ? "choose…" : "default"}</option>
          {(p.f.kind === "bool" ? ["true", "false"] : (p.f.options ?? [])).map((o) => (
            <option value={o} selected={p.value === o}>
              {p.f.kind === "bool" ? (o === "true" ? "yes" : "no") : o}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={p.f.kind === "int" || p.f.kind === "number" ? "number" : "text"}
          value={p.value}
          autocomplete="off"
        />
      )}
      <FieldError id={id} error={p.error} />
    </label>
  );
}

/** A secret: a password field that never shows the stored value, and a box to remove what is stored. */
function SecretField(p: { f: FormField; stored: boolean; error?: string; disabled: boolean }) {
  const id = `secret-${p.f.name}`;
  const state = p.stored ? "one is stored; leave blank to keep it" : "none stored";
  return (
    <>
      <label for={id}>
        <FieldLabel
          name={p.f.name}
          required={false}
          hint={p.f.description ? `${state}; ${p.f.description}` : state}
        />
        <input
          id={id}
          name={SECRET + p.f.name}
          type="password"
          autocomplete="new-password"
          disabled={p.disabled}
          aria-invalid={p.error ? "true" : undefined}
          aria-describedby={p.error ? `${id}-error` : undefined}
        />
        <FieldError id={id} error={p.error} />
      </label>
      {p.stored ? (
        <label class="check">
          <input type="checkbox" name={CLEAR + p.f.name} value="true" disabled={p.disabled} /> Remove the
          stored {humanize(p.f.name).toLowerCase()}
        </label>
      ) : null}
    </>
  );
}

const FieldLabel = (p: { name: string; required: boolean; hint?: string }) => (
  <span>
    {humanize(p.name)}
    {p.required ? <span aria-hidden="true"> *</span> : null}
    {p.hint ? <span class="hint"> ({p.hint})</span> : null}
  </span>
);

const FieldError = (p: { id: string; error?: string }) =>
  p.error ? (
    <span class="field-error" id={`${p.id}-error`}>
      {p.error}
    </span>
  ) : null;
