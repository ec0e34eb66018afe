/**
 * Analytics latency on a large demo business (`--scale 100` ≈ 1M transactions): p50/p95 per analytics tool on
 * each backend, called through the registry as the owner; plus the token estimate of all tool definitions.
 * Usage: npm run bench:tools -- [--scale 100] [--runs 10] [--backend pglite|postgres|both]
 */
import { seedDemo } from "../db/seed/demo.js";
import { estimateTokens } from "../tools/describe.js";
import { registry, TOOLS } from "../tools/index.js";
import { arg, backends, freshDb, percentile, printJson } from "./common.js";

const scale = Number(arg("scale", "100"));
const runs = Number(arg("runs", "10"));
const only = arg("only", "");
const isAnalytics = (name: string) => !/_(list|get|write)$/.test(name) && !/^(records|tags)_/.test(name);
const inputs: Record<string, unknown> = { search: { q: "espresso beans" } };
const tools = TOOLS.filter((t) => isAnalytics(t.name) && (!only || t.name.includes(only)));
tools.push(registry.get("transactions_list")!, registry.get("invoices_list")!);

const results: Record<string, unknown>[] = [];
for (const backend of backends()) {
  const db = await freshDb(backend);
  const seedStart = performance.now();
  const seeded = await seedDemo(db.handle.db, {
    scale,
    seed: 42,
    today: "2026-11-25",
    name: "Bench Roasters",
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const owner = seeded.users.find((u) => u.role === "owner")!.id;
  const env = {
    db: db.handle.db,
    businessId: seeded.businessId,
    userId: owner,
    now: new Date("2026-11-25T12:00:00Z"),
  };
  const perTool: Record<string, { p50: number; p95: number; ok: boolean }> = {};
  for (const tool of tools) {
    const input = inputs[tool.name] ?? {};
    const times: number[] = [];
    let ok = true;
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const r = await registry.call(env, tool.name, input);
      const ms = performance.now() - t0;
      if (!r.ok) ok = false;
      if (i >= 2) times.push(ms);
    }
    times.sort((a, b) => a - b);
    perTool[tool.name] = { p50: percentile(times, 50), p95: percentile(times, 95), ok };
  }
  results.push({
    backend,
    scale,
    transactions: seeded.rows.transactions,
    seedSeconds: Math.round(seedSeconds),
    slowestP50: Object.entries(perTool).sort((a, b) => b[1].p50 - a[1].p50)[0],
    tools: perTool,
  });
  await db.dispose();
}
printJson({
  bench: "tools",
  runs,
  definitions: { tools: TOOLS.length, estimatedTokens: TOOLS.reduce((n, t) => n + estimateTokens(t), 0) },
  results,
});
