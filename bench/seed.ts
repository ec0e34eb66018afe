/**
 * Seed throughput: `omni seed --demo --scale N` into a fresh database on each backend; prints rows/s as JSON.
 * Usage: npm run bench:seed -- [--scale 100] [--backend pglite|postgres|both]
 */
import { seedDemo } from "../db/seed/demo.js";
import { arg, backends, freshDb, printJson } from "./common.js";

const scale = Number(arg("scale", "20"));
const results = [];
for (const backend of backends()) {
  const db = await freshDb(backend);
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  const started = performance.now();
  const r = await seedDemo(db.handle.db, { scale, seed: 42, today: "2026-11-25", name: "Bench Roasters" });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  const rows = Object.values(r.rows).reduce((a, n) => a + n, 0);
  results.push({
    backend,
    scale,
    rows,
    transactions: r.rows.transactions ?? 0,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMB: Math.round(peakRss / 1024 / 1024),
  });
  await db.dispose();
}
printJson({ bench: "seed", node: process.version, results });
