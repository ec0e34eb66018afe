/**
 * The approvals queue: AI actions with their exact previews, approved or rejected through the same door as chat
 * and MCP (decideAction, which re-checks the approver's role). Buttons show only where the viewer may decide.
 */
import { Hono } from "hono";
import { renderActionCard } from "../../agent/action-card.js";
import { type ActionCard, type ActionStatus, decideAction, listActions } from "../../tools/actions/index.js";
import type { UiContext, UiDeps, UiEnv } from "./context.js";
import { Csrf } from "./layout.js";
import { page, ToolErrorBox } from "./render.js";

/** The card's preview as text: everything renderActionCard says except the headline and warning we show ourselves. */
function previewText(card: ActionCard): string {
  return renderActionCard(card)
    .split("\n")
    .slice(1)
    .filter((l) => !l.startsWith("⚠"))
    .map((l) => l.replace(/^ {2}/, ""))
    .join("\n");
}

export function ActionCardView(p: {
  card: ActionCard;
  canDecide: boolean;
  slug: string;
  csrf: string;
  next: string;
}) {
  const { card } = p;
  const action = `/b/${p.slug}/approvals/${card.id}`;
  return (
    <article class="card" id={card.id} aria-labelledby={`${card.id}-h`}>
      <h3 id={`${card.id}-h`}>{card.summary}</h3>
      <p class="muted">
        <span class="mono">{card.tool}</span> · {card.status} · proposed{" "}
        {card.createdAt.slice(0, 16).replace("T", " ")}
        {card.expiresAt && card.status === "proposed"
          ? ` · expires ${card.expiresAt.slice(0, 16).replace("T", " ")}`
          : ""}
      </p>
      {card.fromUntrustedContent ? (
        <p class="warn">
          ⚠ Proposed after reading outside content (an email, document or ticket): check it was really asked
          for.
        </p>
      ) : null}
      <pre class="preview">{previewText(card)}</pre>
      {card.error ? <p class="err-text">{card.error}</p> : null}
      {p.canDecide ? (
        <div class="actions">
          <form method="post" action={action}>
            <Csrf token={p.csrf} />
            <input type="hidden" name="next" value={p.next} />
            <input type="hidden" name="decision" value="approve" />
            <button type="submit">Approve</button>
          </form>
          <form method="post" action={action} class="actions">
            <Csrf token={p.csrf} />
            <input type="hidden" name="next" value={p.next} />
            <input type="hidden" name="decision" value="reject" />
            <label>
              <span class="sr-only">Reason for rejecting</span>
              <input name="note" placeholder="Reason (optional)" maxlength={500} />
            </label>
            <button type="submit" class="secondary">
              Reject
            </button>
          </form>
        </div>
      ) : card.status === "proposed" ? (
        <p class="muted">Waits for approval by {card.approverRoles.join(" or ")}.</p>
      ) : null}
    </article>
  );
}

const STATUS_VIEWS: Record<string, ActionStatus[]> = {
  waiting: ["proposed"],
  done: ["approved", "executing", "succeeded", "failed", "rejected", "expired"],
};

export function approvalRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.get("/b/:slug/approvals", async (c) => {
    const biz = c.get("biz");
    const view = c.req.query("view") === "done" ? "done" : "waiting";
    const actions = await listActions(deps.db, {
      businessId: biz.id,
      userId: c.get("session")!.userId,
      statuses: STATUS_VIEWS[view],
      limit: 100,
      appRole: deps.appRole,
    });
    const mine = actions.filter((a) => a.canDecide);
    const others = actions.filter((a) => !a.canDecide);
    const here = `/b/${biz.slug}/approvals`;
    const card = (a: (typeof actions)[number]) => (
      <ActionCardView card={a} canDecide={a.canDecide} slug={biz.slug} csrf={c.get("csrf")} next={here} />
    );
    return page(
      c,
      { title: "Approvals", active: "approvals" },
      <>
        <h1>Approvals</h1>
        <nav class="actions" aria-label="Which actions">
          <a href={here} aria-current={view === "waiting" ? "page" : undefined}>
            Waiting
          </a>
          <a href={`${here}?view=done`} aria-current={view === "done" ? "page" : undefined}>
            Decided
          </a>
        </nav>
        {view === "waiting" ? (
          <>
            <h2>Waiting for you ({mine.length})</h2>
            {mine.length ? mine.map(card) : <p class="muted">Nothing waits for your decision.</p>}
            {others.length ? (
              <>
                <h2>Waiting for others ({others.length})</h2>
                {others.map(card)}
              </>
            ) : null}
          </>
        ) : actions.length ? (
          actions.map(card)
        ) : (
          <p class="muted">No decided actions yet.</p>
        )}
      </>,
    );
  });

  app.post("/b/:slug/approvals/:id", async (c) => {
    const biz = c.get("biz");
    const body = await c.req.parseBody();
    const decision =
      body.decision === "approve" ? "approve" : body.decision === "reject" ? "reject" : undefined;
    if (!decision) return c.text("decision must be approve or reject", 400);
    const note =
      typeof body.note === "string" && body.note.trim() ? body.note.trim().slice(0, 500) : undefined;
    const result = await decideAction(
      deps.db,
      {
        businessId: biz.id,
        userId: c.get("session")!.userId,
        actionId: c.req.param("id"),
        decision,
        note,
        appRole: deps.appRole,
        ...(deps.now ? { now: deps.now() } : {}),
      },
      { onApproved: () => deps.worker?.wake() },
    );
    if (!result.ok) {
      const status = result.error.code === "forbidden" ? 403 : result.error.code === "not_found" ? 404 : 409;
      return page(
        c,
        { title: "Could not decide", active: "approvals" },
        <ToolErrorBox error={result.error} />,
        status,
      );
    }
    return c.redirect(
      `${nextPath(c, body.next)}?notice=${decision === "approve" ? "approved" : "rejected"}`,
      303,
    );
  });

  return app;
}

/** Back to where the decision was made, if that is a page of this business. */
function nextPath(c: UiContext, next: unknown): string {
  const base = `/b/${c.get("biz").slug}`;
  return typeof next === "string" && (next === base || next.startsWith(`${base}/`)) && !next.includes("?")
    ? next
    : `${base}/approvals`;
}
