/**
 * Onboarding (spec §6.2.1) at /b/<slug>/welcome — business details, connecting Slack, Discord and MCP, bringing
 * records in, and an overview card — and the business details page (/b/<slug>/business) for later edits. The
 * details form is generated from business_update's input schema; only roles that may call it (owners) get the
 * form, everyone else reads the details.
 */
import { Hono } from "hono";
import { chatWorkspacesOf } from "../../db/queries/chat.js";
import { listTokens } from "../../db/queries/tokens.js";
import { toolDefinition } from "../../tools/describe.js";
import type { ToolError } from "../../tools/errors.js";
import { allowed } from "../../tools/permissions.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { hasRecords } from "./has-records.js";
import { Csrf, humanize, pageAccess } from "./layout.js";
import { money, type Overview, overviewTiles, Tiles } from "./overview-figures.js";
import { FieldInput } from "./records.js";
import { forbidden, page, ToolErrorBox, toolErrorPage, Value } from "./render.js";
import {
  displayValue,
  type FormField,
  fieldsOfSchema,
  issuesToFields,
  type JsonSchema,
  parseForm,
} from "./schema-form.js";

const UPDATE_TOOL = "business_update";
/** Fields a business always has: clearing them is an error, not "no change". */
const REQUIRED = new Set(["name", "country", "timezone", "currency", "fiscalYearStartMonth"]);
/** Text fields that hold several lines (the schema's length alone would make them one-line inputs). */
const MULTILINE = new Set(["address"]);
const HINTS: Record<string, string> = {
  country: "two letters, e.g. US, GB, DE",
  timezone: "e.g. America/New_York, Europe/Berlin",
  currency: "e.g. USD, EUR, GBP",
  fiscalYearStartMonth: "1 = January … 12 = December",
  website: "e.g. https://example.com",
};
/** The preset question of the overview card: the agent (or command mode) writes the narrative. */
export const OVERVIEW_QUESTION =
  "Write a short narrative overview of the business as of today: how we are doing, what stands out, and the three things to do next.";

type Profile = Record<string, unknown> & { name: string; slug: string };
type Return = "welcome" | "business";

interface DetailsForm {
  values: Record<string, unknown>;
  errors: Record<string, string>;
  message?: string;
  other?: string[];
}

const StepState = ({ done }: { done: boolean }) =>
  done ? <span class="step-state done">Done</span> : <span class="step-state todo">Not done yet</span>;

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export function welcomeRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  const fields = (): FormField[] => {
    const tool = deps.registry.get(UPDATE_TOOL);
    if (!tool) return [];
    return fieldsOfSchema(toolDefinition(tool).inputSchema as JsonSchema, REQUIRED).map((f) =>
      MULTILINE.has(f.name) && f.kind === "text" ? { ...f, kind: "textarea" } : f,
    );
  };
  /** Whether the viewer may save the details: the permission table's answer for business_update itself. */
  const canEdit = (c: UiContext) => {
    const tool = deps.registry.get(UPDATE_TOOL);
    return !!tool && allowed(c.get("biz").role, tool.module, tool.access);
  };
  const loadProfile = async (
    c: UiContext,
  ): Promise<{ ok: true; profile: Profile } | { ok: false; error: ToolError }> => {
    const result = await deps.registry.call(callEnv(deps, c), "business_get", {});
    return result.ok ? { ok: true, profile: result.output.business as Profile } : result;
  };

  /** The details as a form (owners) or as a read-only list (everyone else). */
  function BusinessDetails(p: { c: UiContext; profile: Profile; form?: DetailsForm; from: Return }) {
    const biz = p.c.get("biz");
    const list = fields();
    if (!canEdit(p.c))
      return (
        <>
          <dl class="record">
            {list.map((f) => (
              <>
                <dt>{humanize(f.name)}</dt>
                <dd>
                  <Value slug={biz.slug} v={p.profile[f.name]} />
                </dd>
              </>
            ))}
          </dl>
          <p class="muted">Only an owner can change the business details.</p>
        </>
      );
    const values = p.form?.values ?? p.profile;
    const errors = p.form?.errors ?? {};
    return (
      <>
        {p.form && (Object.keys(errors).length || p.form.message) ? (
          <div class="notice error" role="alert">
            <p>{p.form.message ?? "Some fields need fixing."}</p>
            {p.form.other?.length ? (
              <ul>
                {p.form.other.map((o) => (
                  <li>{o}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <form method="post" action={`/b/${biz.slug}/business`} class="grid-form" novalidate>
          <Csrf token={p.c.get("csrf")} />
          <input type="hidden" name="from" value={p.from} />
          {list.map((f) => (
            <FieldInput
              f={f}
              value={displayValue(values[f.name])}
              error={errors[f.name]}
              hint={HINTS[f.name]}
            />
          ))}
          <div class="actions">
            <button type="submit">Save the details</button>
          </div>
        </form>
      </>
    );
  }

  async function businessPage(c: UiContext, form?: DetailsForm) {
    const loaded = await loadProfile(c);
    if (!loaded.ok) return toolErrorPage(c, loaded.error);
    const { profile } = loaded;
    const base = `/b/${c.get("biz").slug}`;
    return page(
      c,
      { title: "Business details", active: "business" },
      <>
        <h1>Business details</h1>
        <p class="muted">
          Its address is <code>{base}</code>, which does not change. The currency and time zone decide how
          figures are summed and which day “today” is. <a href={`${base}/welcome`}>Setup steps</a>
        </p>
        <BusinessDetails c={c} profile={profile} form={form} from="business" />
      </>,
      form ? 400 : 200,
    );
  }

  async function welcomePage(c: UiContext, form?: DetailsForm) {
    const biz = c.get("biz");
    const env = callEnv(deps, c);
    const base = `/b/${biz.slug}`;
    const viewer = env.userId;
    const [loaded, overview, tokens, chats] = await Promise.all([
      loadProfile(c),
      deps.registry.call(env, "business_overview", {}),
      listTokens(deps.db, biz.id),
      chatWorkspacesOf(deps.db, biz.id),
    ]);
    if (!loaded.ok) return toolErrorPage(c, loaded.error);
    const { profile } = loaded;
    const now = env.now ?? new Date();
    // The same tokens the connect page lists to this viewer: all of them for admins, else their own.
    const activeTokens = tokens.filter(
      (t) =>
        (pageAccess(biz.role).admin || t.userId === viewer) &&
        !t.revokedAt &&
        !(t.expiresAt && t.expiresAt < now),
    );
    const slack = chats.filter((w) => w.platform === "slack");
    const discord = chats.filter((w) => w.platform === "discord");
    const o = overview.ok ? (overview.output as unknown as Overview) : undefined;
    const done = {
      details: !!profile.industry && !!(profile.email || profile.phone || profile.website || profile.address),
      connect: chats.length > 0 || activeTokens.length > 0,
      records: await hasRecords(deps, c, o),
    };
    const teams = (list: typeof chats) =>
      list.map((w) => (w.teamName ? `${w.teamName} (${w.teamId})` : w.teamId)).join(", ");
    return page(
      c,
      { title: "Get started", active: "welcome" },
      <>
        <h1>Get started</h1>
        <p>
          Three steps make {biz.name} useful: its details, the chat tools your team already uses, and your
          records. Come back to this page at any time; each step says whether it is done.
        </p>
        <ol class="onboarding">
          <li>
            <section class="card" aria-labelledby="step-details-h">
              <h2 id="step-details-h">
                Business details <StepState done={done.details} />
              </h2>
              <p class="muted">
                Done once the industry and a way to reach you (email, phone, website or address) are filled
                in.
              </p>
              <BusinessDetails c={c} profile={profile} form={form} from="welcome" />
            </section>
          </li>
          <li>
            <section class="card" aria-labelledby="step-connect-h">
              <h2 id="step-connect-h">
                Connect where your team talks <StepState done={done.connect} />
              </h2>
              <ul>
                <li>
                  <strong>Slack</strong>:{" "}
                  {slack.length ? `connected to ${teams(slack)}.` : "not connected yet."} Create the Slack app
                  from the manifest, set <code>SLACK_BOT_TOKEN</code> and <code>SLACK_APP_TOKEN</code>, then
                  run <code>npx omni slack connect --business {biz.slug} --team T…</code>.
                </li>
                <li>
                  <strong>Discord</strong>:{" "}
                  {discord.length ? `connected to ${teams(discord)}.` : "not connected yet."} Set{" "}
                  <code>DISCORD_APPLICATION_ID</code>, <code>DISCORD_PUBLIC_KEY</code> and{" "}
                  <code>DISCORD_BOT_TOKEN</code>, then run <code>npx omni discord register --guild …</code>{" "}
                  and <code>npx omni discord connect --business {biz.slug} --guild …</code>.
                </li>
                <li>
                  <strong>MCP clients</strong> (Claude Desktop, Claude Code, Cursor):{" "}
                  {activeTokens.length ? `${count(activeTokens.length, "active token")}.` : "no token yet."}{" "}
                  Create a token and point the client at <code>{`${deps.publicUrl}/mcp`}</code>.
                </li>
              </ul>
              <p>
                <a href={`${base}/connect`}>Step-by-step instructions, link codes and tokens</a>
              </p>
            </section>
          </li>
          <li>
            <section class="card" aria-labelledby="step-records-h">
              <h2 id="step-records-h">
                Bring your records in <StepState done={done.records} />
              </h2>
              <p>
                <a href={`${base}/import`}>Import a CSV</a> of customers, contacts, transactions, invoices or
                inventory items: you map the columns and check every row before anything is written.
              </p>
              <form method="post" action="/demo">
                <Csrf token={c.get("csrf")} />
                <button type="submit" class="secondary">
                  Load the demo business
                </button>{" "}
                <span class="muted">
                  Or look around first: this creates a separate business, “Harbor &amp; Pine Coffee Co.”, with
                  a year of records; you become its owner.
                </span>
              </form>
            </section>
          </li>
        </ol>
        <section class="card" aria-labelledby="overview-h">
          <h2 id="overview-h">Overview</h2>
          {o ? <OverviewFigures o={o} base={base} /> : null}
          {overview.ok ? null : <ToolErrorBox error={overview.error} />}
          <form method="post" action={`${base}/ask`} data-ask>
            <Csrf token={c.get("csrf")} />
            <input type="hidden" name="q" value={OVERVIEW_QUESTION} />
            <button type="submit">Write the overview</button>{" "}
            <span class="muted">A short narrative of the figures, with links to the records it cites.</span>
          </form>
        </section>
      </>,
      form ? 400 : 200,
    );
  }

  app.get("/b/:slug/welcome", (c) => welcomePage(c));
  app.get("/b/:slug/business", (c) => businessPage(c));

  app.post("/b/:slug/business", async (c) => {
    if (!canEdit(c)) return forbidden(c, "Only an owner can change the business details.");
    const body = await c.req.parseBody();
    const from: Return = body.from === "welcome" ? "welcome" : "business";
    const render = (form: DetailsForm) => (from === "welcome" ? welcomePage(c, form) : businessPage(c, form));
    const current = await loadProfile(c);
    if (!current.ok) return toolErrorPage(c, current.error);
    const list = fields();
    const parsed = parseForm(list, body, current.profile);
    for (const f of list)
      if (f.required && typeof body[f.name] === "string" && !String(body[f.name]).trim())
        parsed.errors[f.name] = "is required";
    // What was typed, over the current values for any field the form did not send.
    const shown: Record<string, unknown> = { ...current.profile };
    for (const f of list) if (typeof body[f.name] === "string") shown[f.name] = body[f.name];
    if (Object.keys(parsed.errors).length) return render({ values: shown, errors: parsed.errors });
    const back = `/b/${c.get("biz").slug}/${from}`;
    if (Object.keys(parsed.values).length === 0) return c.redirect(back, 303);
    const result = await deps.registry.call(callEnv(deps, c), UPDATE_TOOL, parsed.values);
    if (!result.ok) {
      if (result.error.code !== "invalid_input") return toolErrorPage(c, result.error, "Could not save");
      const { byField, other } = issuesToFields(result.error.issues, "");
      // Field errors are shown next to their fields; the tool's own message names the tool, not the form.
      const message = Object.keys(byField).length ? undefined : result.error.message;
      return render({ values: shown, errors: byField, message, other });
    }
    return c.redirect(`${back}?notice=saved`, 303);
  });

  return app;
}

/** business_overview's figures for the overview card: the key-figure tiles and what needs attention. */
function OverviewFigures({ o, base }: { o: Overview; base: string }) {
  const cur = o.currency;
  const lines: string[] = [];
  if (o.receivables)
    lines.push(
      `${count(o.receivables.openCount, "open invoice")}, ${o.receivables.overdueCount} overdue (${money(o.receivables.overdueTotal, cur)})`,
    );
  if (o.payables)
    lines.push(
      `${count(o.payables.dueNext14DaysCount, "bill")} due in the next 14 days (${money(o.payables.dueNext14DaysTotal, cur)})`,
    );
  if (o.pipeline)
    lines.push(`${count(o.pipeline.openDeals, "open deal")} worth ${money(o.pipeline.value, cur)}`);
  if (o.support) lines.push(`${count(o.support.urgentOpen, "urgent ticket")} open`);
  if (o.inventory)
    lines.push(`${count(o.inventory.lowStockCount, "stock item")} at or below the reorder point`);
  if (o.legal)
    lines.push(
      `Renewals within 30 days: ${count(o.legal.licensesExpiring30Days, "license")} and ${count(o.legal.contractsEnding30Days, "contract")}`,
    );
  if (o.goals) lines.push(`${count(o.goals.atRiskCount, "goal")} at risk`);
  if (o.tasks) lines.push(`Tasks: ${o.tasks.overdue} overdue, ${o.tasks.dueToday} due today`);
  return (
    <>
      <p class="muted">
        As of {o.asOf}, in {cur}
        {o.omitted?.length ? `; your role does not see ${o.omitted.join(", ")}` : ""}.
      </p>
      <Tiles tiles={overviewTiles(o, base)} />
      <ul class="overview-lines">
        {lines.map((l) => (
          <li>{l}</li>
        ))}
      </ul>
    </>
  );
}
