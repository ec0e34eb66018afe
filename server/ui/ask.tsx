/**
 * The ask bar: the same agent turn as chat (converse with surface "web"), streamed to the page as server-sent
 * events — text deltas, the tool being used, then the finished answer with its cited records and any proposed
 * actions with approve/reject. Without a model it answers in command mode. Without JavaScript the form posts
 * and the answer comes back as a page.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { answerInCommandMode } from "../../agent/command-mode.js";
import { converse, turnDeps } from "../../agent/conversation.js";
import { describeModelError } from "../../agent/model.js";
import type { ActionCard } from "../../tools/actions/index.js";
import type { Ref } from "../../tools/define.js";
import { ActionCardView } from "./approvals.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { AnswerText, page, RefLink } from "./render.js";

type AskEvent =
  | { type: "text"; delta: string }
  | { type: "tool"; name: string }
  | { type: "done"; text: string; refs: Ref[]; proposals: ActionCard[] }
  | { type: "error"; message: string };

async function* ask(deps: UiDeps, c: UiContext, q: string, signal: AbortSignal): AsyncGenerator<AskEvent> {
  const env = callEnv(deps, c);
  const biz = c.get("biz");
  if (!deps.model) {
    const answer = await answerInCommandMode(env, deps.registry, q);
    yield { type: "text", delta: answer.text };
    yield { type: "done", text: answer.text, refs: answer.refs, proposals: [] };
    return;
  }
  try {
    for await (const e of converse(
      turnDeps(deps.model, deps),
      { businessId: biz.id, userId: env.userId, role: biz.role, business: biz },
      { surface: "web", surfaceKey: `web:${c.get("session")!.id}` },
      q,
      { ...(env.now ? { now: env.now } : {}), signal },
    )) {
      if (e.type === "text") yield { type: "text", delta: e.delta };
      else if (e.type === "tool_call") yield { type: "tool", name: e.name };
      else if (e.type === "answer")
        yield { type: "done", text: e.text, refs: e.refs, proposals: e.proposals };
    }
  } catch (err) {
    if (signal.aborted) return;
    deps.logger.warn({ err }, "ask bar turn failed");
    yield { type: "error", message: describeModelError(err) };
  }
}

function AnswerBlock(p: {
  q: string;
  text: string;
  refs: Ref[];
  proposals: ActionCard[];
  c: UiContext;
  deps: UiDeps;
}) {
  const biz = p.c.get("biz");
  return (
    <>
      <p class="question">{p.q}</p>
      <AnswerText text={p.text} publicUrl={p.deps.publicUrl} />
      {p.refs.length ? (
        <>
          <h3>Sources</h3>
          <ul class="sources">
            {p.refs.slice(0, 20).map((r) => (
              <li>
                <RefLink slug={biz.slug} r={r} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.proposals.map((card) => (
        <ActionCardView
          card={card}
          canDecide={card.status === "proposed" && card.approverRoles.includes(biz.role)}
          slug={biz.slug}
          csrf={p.c.get("csrf")}
          next={`/b/${biz.slug}/approvals`}
        />
      ))}
    </>
  );
}

export function askRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.post("/b/:slug/ask", async (c) => {
    const body = await c.req.parseBody();
    const q = (typeof body.q === "string" ? body.q : "").trim().slice(0, 4000);
    const biz = c.get("biz");
    if (!q) return c.redirect(`/b/${biz.slug}`, 303);
    const controller = new AbortController();
    if ((c.req.header("accept") ?? "").includes("text/event-stream")) {
      return streamSSE(c, async (stream) => {
        stream.onAbort(() => controller.abort());
        for await (const e of ask(deps, c, q, controller.signal)) {
          if (e.type === "done") {
            const html = await (
              <AnswerBlock q={q} text={e.text} refs={e.refs} proposals={e.proposals} c={c} deps={deps} />
            ).toString();
            await stream.writeSSE({ event: "done", data: JSON.stringify({ html: String(html) }) });
          } else await stream.writeSSE({ event: e.type, data: JSON.stringify(e) });
        }
      });
    }
    let done: Extract<AskEvent, { type: "done" }> | undefined;
    let error: string | undefined;
    for await (const e of ask(deps, c, q, controller.signal)) {
      if (e.type === "done") done = e;
      else if (e.type === "error") error = e.message;
    }
    return page(
      c,
      { title: "Answer" },
      <section class="answer">
        {done ? (
          <AnswerBlock q={q} text={done.text} refs={done.refs} proposals={done.proposals} c={c} deps={deps} />
        ) : (
          <p class="err-text">{error ?? "No answer."}</p>
        )}
      </section>,
    );
  });

  return app;
}
