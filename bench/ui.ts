/**
 * Admin UI server time per page on the demo business: each page rendered through app.request (routing,
 * session, CSRF, tools, HTML) as the owner, p50/p95 over the runs; the goal is p95 < 100 ms for every page.
 * Usage: npm run bench:ui -- [--scale 1] [--runs 20] [--backend pglite|postgres|both]
 */
import { createSession } from "../db/queries/web.js";
import { seedDemo } from "../db/seed/demo.js";
import { createLogger } from "../log.js";
import { createApp } from "../server/app.js";
import { createUi } from "../server/ui/index.js";
import { registry } from "../tools/index.js";
import { arg, backends, freshDb, percentile, printJson } from "./common.js";

const scale = Number(arg("scale", "1"));
const runs = Number(arg("runs", "20"));
const GOAL_MS = 100;
const NOW = new Date("2026-11-25T12:00:00Z");

const results: Record<string, unknown>[] = [];
for (const backend of backends()) {
  const db = await freshDb(backend);
  const seeded = await seedDemo(db.handle.db, {
    scale,
    seed: 42,
    today: "2026-11-25",
    name: "Bench Roasters",
  });
  const owner = seeded.users.find((u) => u.role === "owner")!.id;
  const logger = createLogger("silent");
  const ui = createUi({ db: db.handle.db, registry, logger, publicUrl: "http://bench.test", now: () => NOW });
  const app = createApp({ handle: db.handle, logger, version: "bench", ui });
  const { token, session } = await createSession(db.handle.db, { userId: owner });
  const cookie = `omni_session=${token}`;
  const env = { db: db.handle.db, businessId: seeded.businessId, userId: owner, now: NOW };
  const first = async (tool: string, input: Record<string, unknown> = {}) => {
    const r = await registry.call(env, tool, { limit: 1, ...input });
    if (!r.ok) throw new Error(`${tool}: ${r.error.message}`);
    return (r.output.items as { id: string }[])[0]!.id;
  };
  const b = `/b/${seeded.slug}`;
  const invoice = await first("invoices_list");
  const customer = await first("customers_list");
  const pages: Record<string, { path: string; form?: Record<string, string> }> = {
    dashboard: { path: b },
    "dashboard charts panel (loaded after the page)": { path: `${b}/charts?fragment=1` },
    approvals: { path: `${b}/approvals` },
    "list transactions": { path: `${b}/e/transactions` },
    "list invoices (status filter)": { path: `${b}/e/invoices?status=overdue&sort=dueDate&order=asc` },
    "list customers (text query)": { path: `${b}/e/customers?q=cafe` },
    "record invoice": { path: `${b}/r/${invoice}` },
    "record customer": { path: `${b}/r/${customer}` },
    "edit form invoice": { path: `${b}/r/${invoice}/edit` },
    "new form transaction": { path: `${b}/e/transactions/new` },
    search: { path: `${b}/search?q=espresso` },
    members: { path: `${b}/members` },
    connect: { path: `${b}/connect` },
    integrations: { path: `${b}/integrations` },
    "integration settings (SMTP)": { path: `${b}/integrations/smtp` },
    "get started": { path: `${b}/welcome` },
    "business details": { path: `${b}/business` },
    "audit log": { path: `${b}/audit` },
    settings: { path: `${b}/settings` },
    import: { path: `${b}/import` },
    "ask (command mode)": {
      path: `${b}/ask`,
      form: { q: "any overdue invoices?", _csrf: session.csrfToken },
    },
  };
  const perPage: Record<string, { p50: number; p95: number; status: number }> = {};
  for (const [name, p] of Object.entries(pages)) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const res = await app.request(
        p.path,
        p.form
          ? {
              method: "POST",
              headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams(p.form),
            }
          : { headers: { cookie } },
      );
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      status = res.status;
      if (i >= 2) times.push(ms);
    }
    times.sort((x, y) => x - y);
    perPage[name] = { p50: percentile(times, 50), p95: percentile(times, 95), status };
  }
  const worst = Object.entries(perPage).sort((x, y) => y[1].p95 - x[1].p95)[0]!;
  results.push({
    backend,
    scale,
    transactions: seeded.rows.transactions,
    worstP95: { page: worst[0], ms: worst[1].p95 },
    allUnderGoal: Object.values(perPage).every((p) => p.p95 < GOAL_MS && p.status === 200),
    pages: perPage,
  });
  await db.dispose();
}
printJson({ bench: "ui", goalP95Ms: GOAL_MS, runs, results });
