/**
 * `omni integrations list | enable | disable | sync`: a business's connectors, their status and sync log, and
 * a sync run in the foreground (the same runner as "sync now" and the schedule). Settings are changed in the
 * admin UI (or `omni smtp set` for email), where secrets can be typed without reaching shell history.
 */
import type { Command } from "commander";
import { NotFoundError } from "../db/errors.js";
import { findBusiness } from "../db/queries/businesses.js";
import { listIntegrationRows, listSyncRuns } from "../db/queries/integrations.js";
import { withBusiness } from "../db/tenancy.js";
import { CONNECTORS, connectorByType } from "../integrations/index.js";
import { setIntegrationEnabled } from "../integrations/settings.js";
import { createSyncRunner } from "../jobs/sync-runner.js";
import { type CliContext, withContext } from "./context.js";
import { secretKeyOf } from "./effects.js";

const tenant = (ctx: CliContext, businessId: string) => ({
  businessId,
  appRole: ctx.config.OMNI_DB_APP_ROLE,
});

function connectorOf(type: string) {
  const connector = connectorByType(type);
  if (!connector)
    throw new NotFoundError(
      `There is no connector called ${JSON.stringify(type)}; there are: ${CONNECTORS.map((c) => c.type).join(", ")}.`,
    );
  return connector;
}

export function registerIntegrationCommands(program: Command): void {
  const cmd = program
    .command("integrations")
    .description("a business's connectors (email, and the bank, calendar, social and storage ones to come)");

  cmd
    .command("list")
    .description("every connector with its status, and the latest sync runs")
    .requiredOption("--business <business>", "business id or slug")
    .option("--json", "print JSON")
    .action((opts: { business: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const b = await findBusiness(ctx.handle.db, opts.business);
        const [rows, runs] = await withBusiness(ctx.handle.db, tenant(ctx, b.id), (tx) =>
          Promise.all([listIntegrationRows(tx, b.id), listSyncRuns(tx, b.id, { limit: 10 })]),
        );
        const list = CONNECTORS.map((c) => {
          const row = rows.find((r) => r.type === c.type);
          return {
            type: c.type,
            title: c.title,
            status: row?.status ?? "not set up",
            syncs: Boolean(c.sync),
            lastSyncAt: row?.lastSyncAt ?? null,
          };
        });
        if (opts.json) return console.log(JSON.stringify({ integrations: list, runs }, null, 2));
        for (const i of list)
          console.log(
            `${i.type.padEnd(14)} ${i.status.padEnd(11)} ${i.title}${i.syncs ? ` · last sync ${i.lastSyncAt?.toISOString() ?? "never"}` : ""}`,
          );
        if (runs.length) console.log("\nrecent syncs:");
        for (const r of runs)
          console.log(
            `  ${r.startedAt.toISOString()}  ${r.status.padEnd(9)} ${JSON.stringify(r.stats)}${r.error ? `  ${r.error}` : ""}`,
          );
      }),
    );

  for (const [verb, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const)
    cmd
      .command(verb)
      .description(
        enabled ? "switch an integration on" : "switch an integration off (it neither sends nor syncs)",
      )
      .requiredOption("--business <business>", "business id or slug")
      .requiredOption("--type <type>", `connector: ${CONNECTORS.map((c) => c.type).join(", ")}`)
      .action((opts: { business: string; type: string }) =>
        withContext(async (ctx) => {
          const connector = connectorOf(opts.type);
          const b = await findBusiness(ctx.handle.db, opts.business);
          await withBusiness(ctx.handle.db, tenant(ctx, b.id), (tx) =>
            setIntegrationEnabled(tx, b.id, connector, enabled),
          );
          console.log(`${connector.title} is ${enabled ? "on" : "off"} for ${b.name}.`);
        }),
      );

  cmd
    .command("sync")
    .description("sync an integration now and wait for it; exit code 1 when the run fails")
    .requiredOption("--business <business>", "business id or slug")
    .requiredOption("--type <type>", "connector type")
    .action((opts: { business: string; type: string }) =>
      withContext(async (ctx) => {
        connectorOf(opts.type);
        const b = await findBusiness(ctx.handle.db, opts.business);
        const runner = createSyncRunner({
          db: ctx.handle.db,
          logger: ctx.logger,
          connectors: CONNECTORS,
          secretKey: () => secretKeyOf(ctx),
          appRole: ctx.config.OMNI_DB_APP_ROLE,
        });
        const { run, done } = await runner.start(b.id, opts.type, { trigger: "manual" });
        console.error(`sync ${run.id} started…`);
        const outcome = await done;
        console.log(
          `${outcome.status}: ${JSON.stringify(outcome.stats)}${outcome.error ? `\n${outcome.error}` : ""}`,
        );
        if (outcome.status === "failed") process.exitCode = 1;
      }),
    );
}
