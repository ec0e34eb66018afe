/**
 * The UI's one stylesheet and one small script, served from /assets with a content hash in the URL so they can
 * be cached for a year and the Content-Security-Policy can forbid inline code. Light and dark follow
 * prefers-color-scheme. The script only enhances: every form works without it.
 */
import { createHash } from "node:crypto";

export const CSS = `
:root{--bg:#f7f7f5;--panel:#fff;--text:#1d1f21;--muted:#5b6168;--line:#dcdfe3;--accent:#1f5fbf;--accent-text:#fff;
--ok:#17703a;--ok-bg:#e6f4ea;--err:#b3261e;--err-bg:#fce8e6;--warn:#8a5a00;--warn-bg:#fff4d6;--focus:#f4b400;
--chart1:#1f5fbf;--chart2:#17703a;--chart3:#b3261e;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#131416;--panel:#1c1e21;--text:#e7e9ec;--muted:#a3a9b1;--line:#33373c;
--accent:#7fb0ff;--accent-text:#0b1a33;--ok:#7fd69b;--ok-bg:#15301f;--err:#ff8a80;--err-bg:#3a1714;--warn:#ffcf66;
--warn-bg:#332708;--chart1:#7fb0ff;--chart2:#7fd69b;--chart3:#ff8a80}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--text)}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--panel);padding:8px;z-index:9}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .4rem}
input,select,textarea{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.4rem .55rem;max-width:100%}
textarea{width:100%;min-height:5rem}
button,.button{font:inherit;background:var(--accent);color:var(--accent-text);border:0;border-radius:6px;padding:.45rem .9rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:transparent;color:var(--accent);border:1px solid var(--line)}
button.danger{background:var(--err);color:#fff}button.link{background:none;color:var(--accent);padding:0;text-decoration:underline}
.topbar{display:flex;gap:.75rem;align-items:center;padding:.5rem 1rem;background:var(--panel);border-bottom:1px solid var(--line);flex-wrap:wrap}
.topbar .brand{font-weight:700;text-decoration:none;color:var(--text);margin-right:.5rem}
.topbar .search input{width:14rem}.topbar .ask{display:flex;gap:.4rem;flex:1;min-width:16rem}.topbar .ask input{flex:1}
.topbar .who{color:var(--muted);font-size:.9rem}
.shell{display:grid;grid-template-columns:15rem minmax(0,1fr) auto;min-height:calc(100vh - 3.2rem)}
.sidebar{background:var(--panel);border-right:1px solid var(--line);padding:.75rem;font-size:.93rem;overflow-y:auto}
.sidebar ul{list-style:none;margin:0;padding:0}.sidebar li a{display:block;padding:.2rem .4rem;border-radius:5px;text-decoration:none;color:var(--text)}
.sidebar li a[aria-current=page]{background:var(--accent);color:var(--accent-text)}.sidebar details ul{padding-left:.6rem}
.sidebar summary{cursor:pointer;padding:.2rem .4rem}.nav-h{color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;margin:1rem 0 .3rem}
main{padding:1rem 1.5rem;min-width:0}.insights{width:18rem;padding:1rem;border-left:1px solid var(--line);background:var(--panel)}
@media (max-width:900px){.shell{grid-template-columns:1fr}.sidebar{border-right:0;border-bottom:1px solid var(--line)}.insights{width:auto;border-left:0}}
.auth{display:grid;place-items:center;min-height:100vh}.auth-card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:2rem;width:min(28rem,94vw)}
.brand{font-weight:700}
.form{display:grid;gap:.8rem}.form label{display:grid;gap:.2rem;font-weight:600}.form .hint{font-weight:400;color:var(--muted);font-size:.85rem}
.field-error{color:var(--err);font-weight:400;font-size:.9rem}[aria-invalid=true]{border-color:var(--err)}
.grid-form{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.8rem 1rem}
.grid-form label{display:grid;gap:.2rem;font-weight:600}.grid-form label.check{display:flex;gap:.4rem;align-items:center}
.notice{padding:.6rem .9rem;border-radius:6px}.notice.ok{background:var(--ok-bg);color:var(--ok)}.notice.error{background:var(--err-bg);color:var(--err)}
.warn{background:var(--warn-bg);color:var(--warn);padding:.5rem .8rem;border-radius:6px}
table{border-collapse:collapse;width:100%;background:var(--panel)}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}.filters label{display:grid;font-size:.85rem;color:var(--muted)}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.8rem;margin:0;padding:0;list-style:none}
.tile{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.8rem}.tile .label{color:var(--muted);font-size:.85rem}.tile .value{font-size:1.35rem;font-weight:700}
.alerts{list-style:none;padding:0;margin:0;display:grid;gap:.4rem}.alerts li{background:var(--warn-bg);color:var(--warn);padding:.45rem .7rem;border-radius:6px}
.alerts li a{color:inherit;font-weight:600}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
figure{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.8rem}figcaption{font-weight:600;margin-bottom:.4rem}
svg text{fill:var(--muted);font-size:11px}.bar{fill:var(--chart1)}.bar.won{fill:var(--chart2)}.line{fill:none;stroke:var(--chart1);stroke-width:2}.axis{stroke:var(--line)}
dl.record{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:1rem}
dl.record dt{color:var(--muted)}dl.record dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.tag{display:inline-block;border:1px solid var(--line);border-radius:99px;padding:0 .5rem;margin:0 .25rem .25rem 0;font-size:.85rem}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:1rem;margin-bottom:1rem}
.card pre,.preview{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);padding:.6rem;border-radius:6px;font-size:.9rem}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
.answer{background:var(--panel);border:1px solid var(--accent);border-radius:8px;padding:1rem;margin-bottom:1rem}
.answer .question{color:var(--muted);margin-top:0}.answer-text{white-space:pre-wrap}.steps{color:var(--muted);font-size:.85rem}
.pager{display:flex;gap:1rem;margin-top:.8rem}.muted{color:var(--muted)}.ok-text{color:var(--ok)}.err-text{color:var(--err)}
form.inline{display:inline}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em}
/* ── integrations (server/ui/integrations.tsx) ── */
.cards{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
.cards .card{margin:0}.cards .card h2{margin-top:0}
/* ── insights panel and onboarding (server/ui/insights.tsx, welcome.tsx) ── */
.insights h2{font-size:1rem;margin:0 0 .4rem}.insights section+section{margin-top:1.2rem}
.insight-list{list-style:none;margin:0;padding:0;display:grid;gap:.35rem;font-size:.92rem}
.severity{display:inline-block;min-width:3.6rem;text-align:center;border-radius:99px;padding:0 .4rem;font-size:.75rem;border:1px solid var(--line);color:var(--muted)}
.severity-high,.severity-critical{background:var(--err-bg);color:var(--err);border-color:transparent}.severity-medium{background:var(--warn-bg);color:var(--warn);border-color:transparent}
.quick-questions{list-style:none;margin:0;padding:0;display:grid;gap:.4rem}.quick-questions button{width:100%;text-align:left;font-size:.9rem}
.onboarding{padding-left:1.4rem}.onboarding>li::marker{font-weight:700}
.step-state{font-size:.8rem;font-weight:600;border-radius:99px;padding:.05rem .5rem;margin-left:.4rem;vertical-align:middle}
.step-state.done{background:var(--ok-bg);color:var(--ok)}.step-state.todo{background:var(--warn-bg);color:var(--warn)}
.overview-lines{margin:.8rem 0}
@media (max-width:900px){.insights{border-top:1px solid var(--line)}}
`;

export const JS = `"use strict";
// Ask bar: stream the answer over server-sent events instead of loading a new page.
document.addEventListener("submit", async (ev) => {
  const form = ev.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-ask") || !window.fetch) return;
  const out = document.getElementById("ask-result");
  if (!out) return;
  ev.preventDefault();
  const body = new URLSearchParams(new FormData(form));
  const box = document.createElement("section");
  box.className = "answer";
  box.setAttribute("aria-busy", "true");
  const q = document.createElement("p");
  q.className = "question";
  q.textContent = body.get("q");
  const steps = document.createElement("p");
  steps.className = "steps";
  steps.textContent = "Thinking…";
  const text = document.createElement("div");
  text.className = "answer-text";
  box.append(q, steps, text);
  out.replaceChildren(box);
  const button = form.querySelector("button");
  if (button) button.disabled = true;
  try {
    const res = await fetch(form.action, { method: "POST", body, headers: { accept: "text/event-stream" } });
    if (!res.ok || !res.body) throw new Error("The question could not be sent (HTTP " + res.status + ").");
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      let i;
      while ((i = buf.indexOf("\\n\\n")) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let event = "message";
        const data = [];
        for (const line of chunk.split("\\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (!data.length) continue;
        const payload = JSON.parse(data.join("\\n"));
        if (event === "text") text.textContent += payload.delta;
        else if (event === "tool") steps.textContent = "Looking at " + payload.name + "…";
        else if (event === "done") box.innerHTML = payload.html;
        else if (event === "error") { steps.textContent = ""; text.textContent = payload.message; }
      }
    }
  } catch (err) {
    steps.textContent = "";
    text.textContent = err instanceof Error ? err.message : String(err);
  } finally {
    box.removeAttribute("aria-busy");
    if (button) button.disabled = false;
  }
});
// Slower panels (the dashboard's charts) load after the page is shown; without JavaScript they are links.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("[data-fragment]")) {
    fetch(el.getAttribute("data-fragment"), { headers: { accept: "text/html" } })
      .then((res) => (res.ok ? res.text() : Promise.reject(new Error("HTTP " + res.status))))
      .then((html) => { el.innerHTML = html; })
      .catch(() => {})
      .finally(() => el.removeAttribute("aria-busy"));
  }
});
// A page showing work in progress (a running sync) reloads itself until the work is done.
document.addEventListener("DOMContentLoaded", () => {
  const el = document.querySelector("[data-reload-after]");
  const seconds = Number(el && el.getAttribute("data-reload-after"));
  // Back to the page's own GET address: reloading a page a form POST returned would send the form again.
  if (seconds > 0) setTimeout(() => location.replace(el.getAttribute("data-reload-url") || location.href), seconds * 1000);
});
// Import preview: one box ticks or unticks every valid row.
document.addEventListener("change", (ev) => {
  const t = ev.target;
  if (!(t instanceof HTMLInputElement) || !t.hasAttribute("data-check-all")) return;
  for (const box of document.querySelectorAll("input[name=row]:not(:disabled)")) box.checked = t.checked;
});
`;

export const ASSET_VERSION = createHash("sha256").update(CSS).update(JS).digest("hex").slice(0, 12);
