/**
 * The dashboard (spec §6.2.2): today's alerts and suggested actions from business_overview, KPI tiles, and the
 * latest insights in the right panel (handed to it, so it does not query them again); a new, empty business gets
 * the "Get started" card that leads to the welcome page. The slower analytics —
 * cash over time (finance_cash_flow), the 30-day cash outlook (finance_cash_forecast) and pipeline by stage
 * (sales_pipeline), drawn as SVG — are a panel of their own (/b/<slug>/charts) that the page loads after it
 * is shown, so the page itself stays fast; without JavaScript the panel is a link to the same charts page.
 */
import { Hono } from "hono";
import { listActions } from "../../tools/actions/index.js";
import { allowed } from "../../tools/permissions.js";
import { BarChart, LineChart } from "./charts.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { hasRecords } from "./has-records.js";
import { Csrf } from "./layout.js";
import { isEmptyOverview, money, type Overview, overviewTiles, Tiles } from "./overview-figures.js";
import type { PanelInsight } from "./page-context.js";
import { page } from "./render.js";

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function monthsAgo(iso: string, n: number): string {
  const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
}

export function dashboardRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  const dashboard = async (c: UiContext) => {
    const biz = c.get("biz");
    const env = callEnv(deps, c);
    const base = `/b/${biz.slug}`;
    const may = (m: Parameters<typeof allowed>[1]) => allowed(biz.role, m, "read");
    const [overview, pending] = await Promise.all([
      deps.registry.call(env, "business_overview", {}),
      listActions(deps.db, { businessId: biz.id, userId: env.userId, appRole: deps.appRole, limit: 50 }),
    ]);
    const o = overview.ok ? (overview.output as unknown as Overview) : undefined;
    const cur = o?.currency ?? biz.currency;
    const labels = new Map((o?.refs ?? []).map((r) => [r.id, r]));
    // Only when the overview looks empty is it worth asking the lists (a business with only customers).
    const empty = !!o && isEmptyOverview(o) && !(await hasRecords(deps, c, o));

    const alerts: { text: string; href: string }[] = [];
    if (o?.receivables?.overdueCount)
      alerts.push({
        text: `${count(o.receivables.overdueCount, "invoice")} overdue (${money(o.receivables.overdueTotal, cur)})`,
        href: `${base}/e/invoices?status=overdue`,
      });
    if (o?.payables?.overdueCount)
      alerts.push({
        text: `${count(o.payables.overdueCount, "bill")} overdue (${money(o.payables.overdueTotal, cur)})`,
        href: `${base}/e/bills?status=overdue`,
      });
    if (o?.payables?.dueNext14DaysCount)
      alerts.push({
        text: `${count(o.payables.dueNext14DaysCount, "bill")} due in the next 14 days (${money(o.payables.dueNext14DaysTotal, cur)})`,
        href: `${base}/e/bills?sort=dueDate&order=asc`,
      });
    if (o?.legal?.licensesExpiring30Days || o?.legal?.contractsEnding30Days)
      alerts.push({
        text: `Renewals within 30 days: ${count(o.legal.licensesExpiring30Days, "license")} and ${count(o.legal.contractsEnding30Days, "contract")}`,
        href: `${base}/e/licenses_permits?sort=expiresOn&order=asc`,
      });
    if (o?.inventory?.lowStockCount)
      alerts.push({
        text: `${count(o.inventory.lowStockCount, "stock item")} at or below the reorder point`,
        href: `${base}/e/inventory_items`,
      });
    if (o?.support?.urgentOpen)
      alerts.push({
        text: `${count(o.support.urgentOpen, "urgent ticket")} open`,
        href: `${base}/e/tickets?priority=urgent`,
      });
    if (o?.goals?.atRiskCount)
      alerts.push({ text: `${count(o.goals.atRiskCount, "goal")} at risk`, href: `${base}/e/goals` });
    if (o?.tasks?.overdue || o?.tasks?.dueToday)
      alerts.push({
        text: `Tasks: ${o.tasks.overdue} overdue, ${o.tasks.dueToday} due today`,
        href: `${base}/e/tasks?sort=dueAt&order=asc`,
      });

    const decidable = pending.filter((a) => a.canDecide);
    const tiles = o ? overviewTiles(o, base) : [];
    tiles.push({ label: "Waiting for you", value: String(decidable.length), href: `${base}/approvals` });

    // The overview's insights already follow the role's modules; the panel shows them as they are.
    const insights: PanelInsight[] = (o?.insights ?? []).map((i) => ({
      id: i.insightId,
      label: labels.get(i.insightId)?.label ?? i.kind,
      severity: i.severity,
    }));

    return page(
      c,
      {
        title: "Dashboard",
        active: "dashboard",
        context: { kind: "dashboard" },
        prefetch: { insights: o?.insights ? insights : undefined, pending },
      },
      <>
        <h1>{biz.name}</h1>
        {empty ? (
          <section class="card" aria-labelledby="onboarding-h">
            <h2 id="onboarding-h">Get started</h2>
            <p>
              <a href={`${base}/welcome`}>Set up {biz.name} step by step</a>: the business details, Slack,
              Discord and MCP, and your records.
            </p>
            <ol>
              <li>
                Check the <a href={`${base}/business`}>business details</a>: name, currency ({biz.currency})
                and time zone ({biz.timezone}).
              </li>
              <li>
                Connect where your team talks: <a href={`${base}/connect`}>Slack, Discord and MCP clients</a>.
              </li>
              <li>
                Bring in your records: <a href={`${base}/import`}>import a CSV</a> of customers, contacts,
                transactions, invoices or inventory, or try everything with the demo business.
              </li>
            </ol>
            <form method="post" action="/demo">
              <Csrf token={c.get("csrf")} />
              <button type="submit">Load the demo business</button>{" "}
              <span class="muted">
                Creates “Harbor &amp; Pine Coffee Co.” with a year of records; you become its owner.
              </span>
            </form>
          </section>
        ) : null}
        {overview.ok ? null : <p class="notice error">{overview.error.message}</p>}
        <h2>Today</h2>
        {alerts.length ? (
          <ul class="alerts">
            {alerts.map((a) => (
              <li>
                <a href={a.href}>{a.text}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">Nothing needs attention today.</p>
        )}
        {decidable.length ? (
          <>
            <h2>Suggested actions</h2>
            <ul>
              {decidable.slice(0, 5).map((a) => (
                <li>
                  <a href={`${base}/approvals#${a.id}`}>{a.summary}</a>{" "}
                  <span class="muted">waits for your approval</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>Key figures</h2>
        <Tiles tiles={tiles} />
        {may("finance") || may("sales") ? (
          <section aria-labelledby="charts-h">
            <h2 id="charts-h">Cash and pipeline</h2>
            <div data-fragment={`${base}/charts?fragment=1`} aria-busy="true">
              <a href={`${base}/charts`}>Show the charts</a>
            </div>
          </section>
        ) : null}
      </>,
    );
  };

  /** The charts panel: a page of its own, or (?fragment=1) the panel the dashboard loads into itself. */
  app.get("/b/:slug/charts", async (c) => {
    const biz = c.get("biz");
    const env = callEnv(deps, c);
    const may = (m: Parameters<typeof allowed>[1]) => allowed(biz.role, m, "read");
    const today = (env.now ?? new Date()).toISOString().slice(0, 10);
    const [flow, forecast, pipeline] = await Promise.all([
      may("finance")
        ? deps.registry.call(env, "finance_cash_flow", { granularity: "month", from: monthsAgo(today, 11) })
        : undefined,
      may("finance") ? deps.registry.call(env, "finance_cash_forecast", { days: 30 }) : undefined,
      may("sales") ? deps.registry.call(env, "sales_pipeline", {}) : undefined,
    ]);
    const cur = biz.currency;
    const cashPoints = flow?.ok
      ? (flow.output.buckets as { start: string; closingBalance: string }[]).map((b) => ({
          label: b.start.slice(0, 7),
          value: Number(b.closingBalance),
        }))
      : [];
    const stagePoints = pipeline?.ok
      ? (pipeline.output.stages as { name: string; value: string }[]).map((s) => ({
          label: s.name,
          value: Number(s.value),
        }))
      : [];
    const outlook = forecast?.ok
      ? (forecast.output as unknown as {
          risk: boolean;
          lowPoint: { date: string; balance: string };
          endBalance: string;
        })
      : undefined;
    const panel = (
      <>
        {outlook ? (
          <p class={outlook.risk ? "warn" : "muted"} role={outlook.risk ? "alert" : undefined}>
            {outlook.risk
              ? `Cash risk: the balance may fall to ${money(outlook.lowPoint.balance, cur)} by ${outlook.lowPoint.date}.`
              : `Next 30 days: the balance stays above zero (lowest ${money(outlook.lowPoint.balance, cur)} on ${outlook.lowPoint.date}).`}
          </p>
        ) : null}
        <div class="charts">
          {flow ? <LineChart title="Cash at month end" points={cashPoints} unit={cur} /> : null}
          {pipeline ? <BarChart title="Open pipeline by stage" points={stagePoints} unit={cur} /> : null}
        </div>
        {!flow && !pipeline ? <p class="muted">Your role has no charts here.</p> : null}
      </>
    );
    if (c.req.query("fragment") !== undefined) return c.html(panel);
    return page(
      c,
      { title: "Charts", active: "dashboard" },
      <>
        <h1>Cash and pipeline</h1>
        {panel}
      </>,
    );
  });

  app.get("/b/:slug", dashboard);
  app.get("/b/:slug/", dashboard);
  return app;
}
