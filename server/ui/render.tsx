/** Rendering helpers shared by the pages: the app page around a body, record links, values, tool errors. */
import type { Child } from "hono/jsx";
import { isId } from "../../db/ids.js";
import type { Ref } from "../../tools/define.js";
import type { ToolError } from "../../tools/errors.js";
import type { UiContext } from "./context.js";
import { AppPage, type AppPageProps, ErrorPage } from "./layout.js";

/** Short notices after a redirect (`?notice=code`): fixed texts, so a link cannot put words on the page. */
export const NOTICES: Record<string, { kind: "ok" | "error"; text: string }> = {
  saved: { kind: "ok", text: "Saved." },
  created: { kind: "ok", text: "Created." },
  archived: { kind: "ok", text: "Archived." },
  approved: { kind: "ok", text: "Approved: the action runs now." },
  rejected: { kind: "ok", text: "Rejected: nothing will be done." },
  revoked: { kind: "ok", text: "Revoked." },
  role: { kind: "ok", text: "Role changed." },
  removed: { kind: "ok", text: "Member removed." },
  tagged: { kind: "ok", text: "Tags saved." },
  "sync-started": { kind: "ok", text: "Sync started: the log below shows how it goes." },
  welcome: {
    kind: "ok",
    text: "Your business is ready. Load the demo, import a CSV, or connect your chat tools.",
  },
};

/**
 * A page in the app layout. The right-hand panel is an async component, so this stays synchronous for its callers
 * and the panel's queries run while the page is being rendered.
 */
export function page(
  c: UiContext,
  props: Omit<AppPageProps, "biz" | "csrf" | "userName" | "panel">,
  body: Child,
  status: 200 | 400 | 403 | 404 | 409 | 422 | 500 = 200,
) {
  const notice = props.notice ?? NOTICES[c.req.query("notice") ?? ""];
  const panel = c.get("panel")?.(props.context, props.prefetch);
  return c.html(
    <AppPage
      {...props}
      panel={panel}
      notice={notice}
      biz={c.get("biz")}
      csrf={c.get("csrf")}
      userName={c.get("session")?.userName ?? ""}
    >
      {body}
    </AppPage>,
    status,
  );
}

export const notFound = (c: UiContext, what = "That page or record does not exist in this business.") =>
  c.html(<ErrorPage status={404} title="Not found" message={what} />, 404);

export const forbidden = (c: UiContext, message: string) =>
  c.html(<ErrorPage status={403} title="Not allowed" message={message} />, 403);

/** A tool refusal as a page: not_found → 404, forbidden → 403, conflict → 409, a bug → 500, else 400. */
export function toolErrorPage(c: UiContext, error: ToolError, title = "Could not load") {
  if (error.code === "not_found") return notFound(c);
  if (error.code === "forbidden" || error.code === "read_only")
    return forbidden(c, `${error.message}${error.hint ? ` ${error.hint}` : ""}`);
  const status = error.code === "internal" ? 500 : error.code === "conflict" ? 409 : 400;
  return page(c, { title }, <ToolErrorBox error={error} />, status);
}

export const ToolErrorBox = ({ error }: { error: ToolError }) => (
  <div class="notice error" role="alert">
    <p>{error.message}</p>
    {error.issues?.length ? (
      <ul>
        {error.issues.map((i) => (
          <li>{i}</li>
        ))}
      </ul>
    ) : null}
    {error.hint ? <p>{error.hint}</p> : null}
  </div>
);

export const recordHref = (slug: string, id: string) => `/b/${slug}/r/${id}`;

export const RefLink = ({ slug, r }: { slug: string; r: Ref }) => (
  <a href={recordHref(slug, r.id)}>{r.label || r.id}</a>
);

/** A field value for reading: record ids become links, objects become JSON. */
export function Value({ slug, v }: { slug: string; v: unknown }) {
  if (v === null || v === undefined || v === "") return <span class="muted">—</span>;
  if (typeof v === "string" && isId(v) && !v.startsWith("usr_") && !v.startsWith("biz_"))
    return (
      <a class="mono" href={recordHref(slug, v)}>
        {v}
      </a>
    );
  if (typeof v === "boolean") return <>{v ? "yes" : "no"}</>;
  if (Array.isArray(v)) return <>{v.map(String).join(", ")}</>;
  if (typeof v === "object") return <code>{JSON.stringify(v)}</code>;
  return <>{String(v)}</>;
}

/**
 * Answer text with its Markdown links: links to this app's record pages (relative, or under the public URL)
 * become anchors; every other character is escaped text.
 */
export function AnswerText({ text, publicUrl }: { text: string; publicUrl: string }) {
  const parts: Child[] = [];
  const re = /\[([^\]\n]{1,200})\]\(([^)\s]{1,500})\)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(last, m.index));
    let href = m[2]!;
    if (href.startsWith(publicUrl)) href = href.slice(publicUrl.length) || "/";
    parts.push(/^\/b\/[a-z0-9-]+\/r\/[a-z]{2,5}_[0-9A-Z]{26}$/.test(href) ? <a href={href}>{m[1]}</a> : m[0]);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return <div class="answer-text">{parts}</div>;
}
