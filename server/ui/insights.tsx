/**
 * The right-hand panel of every /b/<slug>/… page (spec §6.1): the latest insights the viewer's role may read, the
 * actions waiting for the viewer's approval, and quick questions that fit the page, each a small ask form that
 * streams its answer into #ask-result. An async component: its queries run while the page renders.
 */
import type { MiddlewareHandler } from "hono";
import { type ListedAction, listActions } from "../../tools/actions/index.js";
import { allowed, MODULES, type Module } from "../../tools/permissions.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { Csrf } from "./layout.js";
import type { PageContext, PanelInsight, PanelPrefetch } from "./page-context.js";
import { recordHref } from "./render.js";

const SHOWN_INSIGHTS = 5;
const SHOWN_ACTIONS = 3;
/**
 * Open insights are read per status, newest first, and filtered by module here, so read more than are shown;
 * dismissed and done ones are never read, so however many there are they cannot push open ones out.
 */
const OPEN_STATUSES = ["new", "acknowledged"] as const;
const INSIGHTS_READ = 50;
const LABEL_MAX = 80;

/** Sets the panel for the request; registered after the member check, so the business and role are known. */
export function insightsPanel(deps: UiDeps): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    c.set("panel", (context, prefetch) => (
      <InsightsPanel deps={deps} c={c} context={context} prefetch={prefetch} />
    ));
    await next();
  };
}

/**
 * The same rule as business_overview's insights: open (new or acknowledged), not expired, and about no module
 * or a module the role may read — so Staff never see finance insights.
 */
export function visibleInsight(
  role: Parameters<typeof allowed>[0],
  row: { status?: unknown; module?: unknown; expiresAt?: unknown },
  now: Date,
): boolean {
  if (row.status !== "new" && row.status !== "acknowledged") return false;
  if (typeof row.expiresAt === "string" && new Date(row.expiresAt) <= now) return false;
  if (row.module === null || row.module === undefined) return true;
  return (
    (MODULES as readonly string[]).includes(String(row.module)) && allowed(role, row.module as Module, "read")
  );
}

async function recentInsights(deps: UiDeps, c: UiContext): Promise<PanelInsight[] | string> {
  const env = callEnv(deps, c);
  const results = await Promise.all(
    OPEN_STATUSES.map((status) =>
      deps.registry.call(env, "ai_insights_list", {
        status,
        sort: "generatedAt",
        order: "desc",
        limit: INSIGHTS_READ,
      }),
    ),
  );
  const rows: { item: Record<string, unknown>; label?: string }[] = [];
  for (const result of results) {
    if (!result.ok) return result.error.message;
    const items = result.output.items as Record<string, unknown>[];
    for (const [i, item] of items.entries()) rows.push({ item, label: result.output.refs[i]?.label });
  }
  const role = c.get("biz").role;
  const now = env.now ?? new Date();
  const at = (r: { item: Record<string, unknown> }) => String(r.item.generatedAt ?? "");
  return rows
    .filter(({ item }) => visibleInsight(role, item, now))
    .sort((a, b) => at(b).localeCompare(at(a)))
    .slice(0, SHOWN_INSIGHTS)
    .map(({ item, label }) => ({
      id: String(item.id),
      label: label || String(item.title ?? item.id),
      severity: String(item.severity),
    }));
}

/**
 * The actions the viewer may decide, and only those whose tool's module its role may read: a policy naming an
 * approver that may not read the module still shows that role no summary of it here.
 */
export function waitingFor(
  role: Parameters<typeof allowed>[0],
  actions: readonly ListedAction[],
  moduleOf: (tool: string) => Module | undefined,
): ListedAction[] {
  return actions.filter((a) => {
    const module = moduleOf(a.tool);
    return a.canDecide && !!module && allowed(role, module, "read");
  });
}

/** The questions that fit a page; none of them is named just "Ask" (that is the top bar's button). */
export function quickQuestions(context: PageContext | undefined): string[] {
  const clip = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);
  switch (context?.kind) {
    case "dashboard":
      return ["What should I focus on today?", "What happened this week?"];
    case "list":
      return [`Anything unusual in the ${context.entities}?`];
    case "record":
      return [`What should I know about ${clip(context.label)} (${context.id})?`];
    default:
      return ["How are we doing this week?"];
  }
}

async function InsightsPanel(p: {
  deps: UiDeps;
  c: UiContext;
  context?: PageContext;
  prefetch?: PanelPrefetch;
}) {
  const { deps, c } = p;
  const biz = c.get("biz");
  const base = `/b/${biz.slug}`;
  let insights: PanelInsight[] | string;
  let pending: ListedAction[];
  try {
    [insights, pending] = await Promise.all([
      p.prefetch?.insights ?? recentInsights(deps, c),
      p.prefetch?.pending ??
        listActions(deps.db, {
          businessId: biz.id,
          userId: c.get("session")!.userId,
          appRole: deps.appRole,
          limit: 50,
        }),
    ]);
  } catch (err) {
    // The panel is secondary: a bug here is logged and the page is still shown.
    deps.logger.error({ err, path: c.req.path }, "insights panel failed");
    return <p class="err-text">The insights panel could not be loaded; the error was logged.</p>;
  }
  const waiting = waitingFor(biz.role, pending, (tool) => deps.registry.get(tool)?.module);
  return (
    <>
      <section aria-labelledby="panel-insights-h">
        <h2 id="panel-insights-h">Insights</h2>
        {typeof insights === "string" ? (
          <p class="muted">{insights}</p>
        ) : insights.length ? (
          <ul class="insight-list">
            {insights.map((i) => (
              <li>
                <span class={`severity severity-${i.severity}`}>{i.severity}</span>{" "}
                <a href={recordHref(biz.slug, i.id)}>{i.label}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No insights yet.</p>
        )}
      </section>
      <section aria-labelledby="panel-approvals-h">
        <h2 id="panel-approvals-h">Waiting for your approval</h2>
        {waiting.length ? (
          <>
            <p>
              <a href={`${base}/approvals`}>
                {waiting.length} {waiting.length === 1 ? "action" : "actions"}
              </a>
            </p>
            <ul class="insight-list">
              {waiting.slice(0, SHOWN_ACTIONS).map((a) => (
                <li>
                  <a href={`${base}/approvals#${a.id}`}>{a.summary}</a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class="muted">Nothing waits for you.</p>
        )}
      </section>
      <section aria-labelledby="panel-questions-h">
        <h2 id="panel-questions-h">Quick questions</h2>
        <ul class="quick-questions">
          {quickQuestions(p.context).map((q) => (
            <li>
              <form method="post" action={`${base}/ask`} data-ask>
                <Csrf token={c.get("csrf")} />
                <input type="hidden" name="q" value={q} />
                <button type="submit" class="secondary">
                  {q}
                </button>
              </form>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
