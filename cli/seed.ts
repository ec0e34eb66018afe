/** `omni seed --demo`: runs the demo generator with a progress bar and prints what it wrote. */
import { SingleBar } from "cli-progress";
import { seedDemo } from "../db/seed/demo.js";
import type { CliContext } from "./context.js";

export interface SeedCommandOptions {
  scale: number;
  seed: number;
  today?: string;
  name: string;
  quiet?: boolean;
}

export async function runSeedCommand({ handle }: CliContext, opts: SeedCommandOptions) {
  const bar =
    opts.quiet || !process.stderr.isTTY
      ? undefined
      : new SingleBar({
          format: "  {phase} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s",
          stream: process.stderr,
          hideCursor: true,
        });
  const started = performance.now();
  let begun = false;
  const result = await seedDemo(handle.db, {
    scale: opts.scale,
    seed: opts.seed,
    today: opts.today ?? new Date().toISOString().slice(0, 10),
    name: opts.name,
    onProgress: ({ phase, done, total }) => {
      if (!bar) return;
      const secs = (performance.now() - started) / 1000;
      const payload = { phase: phase.padEnd(22), rate: Math.round(done / Math.max(secs, 0.001)) };
      if (!begun) {
        bar.start(total, done, payload);
        begun = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
  });
  bar?.stop();
  const secs = (performance.now() - started) / 1000;
  const total = Object.values(result.rows).reduce((a, n) => a + n, 0);
  console.log(`Demo business "${result.name}" (${result.businessId}, slug ${result.slug}):`);
  console.log(
    `  ${total.toLocaleString("en")} rows in ${secs.toFixed(1)} s (${Math.round(total / secs).toLocaleString("en")} rows/s)`,
  );
  console.log(`  sign in as: ${result.users.map((u) => `${u.email} (${u.role})`).join(", ")}`);
  console.log(`  demo password: ${result.password}`);
  return result;
}
