/** The page shell: sign-in pages, and the app layout (sidebar of modules, top bar with search and ask, main, insights). */
import { raw } from "hono/html";
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { ENTITIES } from "../../tools/entities.js";
import { allowed, MODULES, type Module } from "../../tools/permissions.js";
import { CSRF_FIELD } from "../auth/session.js";
import { ASSET_VERSION } from "./assets.js";
import type { UiBusiness } from "./context.js";
import type { PageContext, PanelPrefetch } from "./page-context.js";

export const MODULE_LABELS: Record<Module, string> = {
  core: "Tasks & tags",
  legal: "Legal",
  finance: "Finance",
  people: "People",
  people_private: "Payroll & reviews",
  operations: "Operations",
  sales: "Sales",
  marketing: "Marketing",
  support: "Support",
  knowledge: "Documents",
  strategy: "Strategy",
  admin: "Admin records",
};

export const humanize = (s: string) =>
  s
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/^./, (ch) => ch.toUpperCase());

export const Csrf: FC<{ token: string }> = ({ token }) => (
  <input type="hidden" name={CSRF_FIELD} value={token} />
);

interface DocProps {
  title: string;
}

const Doc: FC<PropsWithChildren<DocProps>> = ({ title, children }) => (
  <>
    {raw("<!doctype html>")}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} · OmniBusiness`}</title>
        <link rel="stylesheet" href={`/assets/app.css?v=${ASSET_VERSION}`} />
        <script src={`/assets/app.js?v=${ASSET_VERSION}`} defer />
      </head>
      {children}
    </html>
  </>
);

/** Sign-in, sign-up, invitations: one narrow card. */
export const AuthPage: FC<PropsWithChildren<{ title: string }>> = ({ title, children }) => (
  <Doc title={title}>
    <body class="auth">
      <main class="auth-card" id="main">
        <p class="brand">OmniBusiness</p>
        <h1>{title}</h1>
        {children}
      </main>
    </body>
  </Doc>
);

export interface AppPageProps {
  title: string;
  biz: UiBusiness;
  csrf: string;
  userName: string;
  /** Sidebar entry to mark as current. */
  active?: string;
  /** Page-specific content at the top of the right-hand panel. */
  aside?: Child;
  /** What the page is about, for the panel's quick questions, and data it already loaded for the panel. */
  context?: PageContext;
  prefetch?: PanelPrefetch;
  /** The insights panel (render.tsx builds it from context and prefetch); rendered after `aside`. */
  panel?: Child;
  notice?: { kind: "ok" | "error"; text: string };
}

/** Pages a role may open, derived from the permission table (nothing checks a role by hand). */
export function pageAccess(role: UiBusiness["role"]) {
  return {
    admin: allowed(role, "admin", "read"),
    adminWrite: allowed(role, "admin", "write"),
  };
}

export const AppPage: FC<PropsWithChildren<AppPageProps>> = (p) => {
  const base = `/b/${p.biz.slug}`;
  const access = pageAccess(p.biz.role);
  const modules = MODULES.filter((m) => allowed(p.biz.role, m, "read"));
  const link = (href: string, label: string, key: string) => (
    <li>
      <a href={href} aria-current={p.active === key ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <Doc title={p.title}>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="topbar">
          <a class="brand" href={base}>
            {p.biz.name}
          </a>
          <form class="search" method="get" action={`${base}/search`}>
            <label class="sr-only" for="global-search">
              Search records
            </label>
            <input id="global-search" type="search" name="q" placeholder="Search records…" />
          </form>
          <form class="ask" method="post" action={`${base}/ask`} data-ask>
            <Csrf token={p.csrf} />
            <label class="sr-only" for="ask-input">
              Ask about the business
            </label>
            <input id="ask-input" name="q" placeholder="Ask: what should I worry about this week?" required />
            <button type="submit">Ask</button>
          </form>
          <span class="who">
            {p.userName} · {p.biz.role}
          </span>
          <form method="post" action="/logout">
            <Csrf token={p.csrf} />
            <button type="submit" class="link">
              Sign out
            </button>
          </form>
        </header>
        <div class="shell">
          <nav class="sidebar" aria-label="Main">
            <ul>
              {link(base, "Dashboard", "dashboard")}
              {link(`${base}/approvals`, "Approvals", "approvals")}
              {link(`${base}/import`, "Import CSV", "import")}
            </ul>
            <p class="nav-h">Records</p>
            <ul>
              {modules.map((m) => (
                <li>
                  <details open={p.active?.startsWith(`m:${m}`) ? true : undefined}>
                    <summary>{MODULE_LABELS[m]}</summary>
                    <ul>
                      {ENTITIES.filter((e) => e.module === m).map((e) =>
                        link(`${base}/e/${e.plural}`, humanize(e.plural), `m:${m}:${e.plural}`),
                      )}
                    </ul>
                  </details>
                </li>
              ))}
            </ul>
            <p class="nav-h">Business</p>
            <ul>
              {link(`${base}/business`, "Business details", "business")}
              {access.admin ? link(`${base}/members`, "Members & roles", "members") : null}
              {link(`${base}/connect`, "Slack, Discord & MCP", "connect")}
              {access.admin ? link(`${base}/integrations`, "Integrations", "integrations") : null}
              {access.admin ? link(`${base}/audit`, "Audit log", "audit") : null}
              {access.admin ? link(`${base}/settings`, "Export & delete", "settings") : null}
              {link("/", "All businesses", "home")}
            </ul>
          </nav>
          <main id="main" tabindex={-1}>
            <div id="ask-result" aria-live="polite" />
            {p.notice ? (
              <p class={`notice ${p.notice.kind}`} role={p.notice.kind === "error" ? "alert" : "status"}>
                {p.notice.text}
              </p>
            ) : null}
            {p.children}
          </main>
          {p.aside || p.panel ? (
            <aside class="insights" aria-label="Insights">
              {p.aside}
              {p.panel}
            </aside>
          ) : null}
        </div>
      </body>
    </Doc>
  );
};

/** A plain error page inside or outside a business. */
export const ErrorPage: FC<{ status: number; title: string; message: string }> = (p) => (
  <AuthPage title={p.title}>
    <p>{p.message}</p>
    <p>
      <a href="/">Back to your businesses</a>
    </p>
  </AuthPage>
);
