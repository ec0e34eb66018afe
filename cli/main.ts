/** The `omni` command: database, seed, server, businesses, users, members, export, delete and audit. */
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { sql } from "drizzle-orm";
import { ConfigError } from "../config.js";
import { describeBreak, verifyChain } from "../db/audit.js";
import { DatabaseBusyError, queryRows } from "../db/client.js";
import { ConflictError, InputError, NotFoundError } from "../db/errors.js";
import { exportBusiness } from "../db/export.js";
import {
  countBusinessRows,
  createBusiness,
  deleteBusiness,
  findBusiness,
  listBusinesses,
} from "../db/queries/businesses.js";
import { addMember, createUser, findUser } from "../db/queries/users.js";
import { ROLES } from "../db/schema/core.js";
import { TenantError, withBusiness } from "../db/tenancy.js";
import { MODULES } from "../tools/permissions.js";
import { withContext } from "./context.js";
import { registerDiscordCommands } from "./discord.js";
import { registerIntegrationCommands } from "./integrations.js";
import { registerSmtpCommands } from "./smtp.js";

const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const program = new Command()
  .name("omni")
  .description(
    "OmniBusiness: all of a small business's records, and an AI that answers and acts with approval.",
  )
  .version(pkg.version)
  .showHelpAfterError();

program
  .command("migrate")
  .description("apply the database migrations and tenancy rules (also done by start)")
  .action(() =>
    withContext(async ({ handle }) => {
      console.log(`Migrations applied (${handle.kind}, ${handle.location}).`);
    }),
  );

program
  .command("seed")
  .description("generate the demo business: a year of coherent, linked records across every module")
  .requiredOption("--demo", "generate the demo business (the only seed there is)")
  .option("--scale <n>", "size multiplier: 1 ≈ 10k transactions, 100 ≈ 1M", parsePositive, 1)
  .option("--seed <s>", "random seed: the same seed gives the same business", parseWhole, 42)
  .option("--today <date>", "the demo's 'today' (YYYY-MM-DD); defaults to today")
  .option("--name <name>", "business name", "Harbor & Pine Coffee Co.")
  .option("--quiet", "no progress bar")
  .action(async (opts) => {
    const { runSeedCommand } = await import("./seed.js");
    await withContext((ctx) => runSeedCommand(ctx, opts));
  });

program
  .command("start")
  .description("migrate, then run the HTTP server (GET /healthz) until stopped")
  .option("--port <port>", "port (default PORT or 3000)", parseWhole)
  .option("--host <host>", "interface to bind (default HOST or 127.0.0.1)")
  .option("--demo", "load the demo business first if there is no business yet")
  .action(async (opts) => (await import("./start.js")).runStart(opts));

const businesses = program.command("businesses").description("create and list businesses");
businesses
  .command("create")
  .description("create a business")
  .requiredOption("--name <name>", "display name")
  .option("--slug <slug>", "URL name (derived from the name by default)")
  .option("--currency <code>", "ISO 4217 currency", "USD")
  .option("--timezone <tz>", "IANA time zone", "UTC")
  .option("--country <cc>", "ISO country code", "US")
  .option("--industry <industry>", "industry")
  .option("--owner <user>", "user id or email to add as owner")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const { owner, ...input } = opts as { owner?: string; name: string } & Record<string, string>;
      const b = await createBusiness(handle.db, input);
      if (owner) {
        const u = await findUser(handle.db, owner);
        await addMember(handle.db, { businessId: b.id, userId: u.id, role: "owner" });
      }
      console.log(`Created business ${b.name} (${b.id}, slug ${b.slug}).`);
    }),
  );
businesses
  .command("list")
  .description("list businesses")
  .option("--json", "print JSON")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const rows = await listBusinesses(handle.db);
      if (opts.json) return console.log(JSON.stringify(rows, null, 2));
      if (!rows.length)
        return console.log(
          "No businesses yet. Create one with `omni businesses create --name …` or `omni seed --demo`.",
        );
      for (const b of rows) console.log(`${b.id}  ${b.slug.padEnd(28)} ${b.name}`);
    }),
  );

program
  .command("users")
  .description("manage users")
  .command("create")
  .description("create a user")
  .requiredOption("--email <email>", "email address (sign-in name)")
  .requiredOption("--name <name>", "full name")
  .option("--password <password>", "password (at least 10 characters); or set OMNI_NEW_PASSWORD")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const u = await createUser(handle.db, {
        email: opts.email,
        name: opts.name,
        password: opts.password ?? process.env.OMNI_NEW_PASSWORD,
      });
      console.log(`Created user ${u.name} <${u.email}> (${u.id}).`);
    }),
  );

program
  .command("members")
  .description("manage who belongs to a business")
  .command("add")
  .description("give a user a role in a business (changes the role if already a member)")
  .requiredOption("--business <business>", "business id or slug")
  .requiredOption("--user <user>", "user id or email")
  .addOption(new Option("--role <role>", "role").choices([...ROLES]).makeOptionMandatory())
  .action((opts) =>
    withContext(async ({ handle }) => {
      const b = await findBusiness(handle.db, opts.business);
      const u = await findUser(handle.db, opts.user);
      await addMember(handle.db, { businessId: b.id, userId: u.id, role: opts.role });
      console.log(`${u.email} is now ${opts.role} of ${b.name}.`);
    }),
  );

program
  .command("export-business")
  .description("export every table of one business as JSON Lines and CSV in a zip")
  .requiredOption("--business <business>", "business id or slug")
  .option("--out <file>", "zip file to write (default ./<slug>-export-<date>.zip)")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const b = await findBusiness(handle.db, opts.business);
      const file = path.resolve(opts.out ?? `${b.slug}-export-${new Date().toISOString().slice(0, 10)}.zip`);
      const res = await exportBusiness(handle.db, b.id, file, {
        onProgress: (t, n) => process.stderr.isTTY && process.stderr.write(`\r  ${t}: ${n} rows   `),
      });
      if (process.stderr.isTTY) process.stderr.write("\n");
      const total = Object.values(res.tables).reduce((a, n) => a + n, 0);
      console.log(`Exported ${total} rows from ${Object.keys(res.tables).length} tables to ${file}.`);
    }),
  );

program
  .command("delete-business")
  .description("delete every row of one business, in one transaction (cannot be undone)")
  .requiredOption("--business <business>", "business id or slug")
  .requiredOption("--confirm <slug>", "type the business's slug to confirm")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const b = await findBusiness(handle.db, opts.business);
      if (opts.confirm !== b.slug) {
        throw new InputError("Not confirmed", [
          { field: "--confirm", message: `must be the slug ${b.slug}` },
        ]);
      }
      const removed = await deleteBusiness(handle.db, b.id);
      const total = Object.values(removed).reduce((a, n) => a + n, 0);
      console.log(`Deleted ${b.name} (${b.id}): ${total} rows across ${Object.keys(removed).length} tables.`);
    }),
  );

program
  .command("audit")
  .description("the audit log")
  .command("verify")
  .description("check the hash chain of the audit log; names the first broken event")
  .option("--business <business>", "business id or slug (default: every business)")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const targets = opts.business
        ? [await findBusiness(handle.db, opts.business)]
        : await listBusinesses(handle.db);
      let broken = 0;
      for (const b of targets) {
        const r = await withBusiness(handle.db, { businessId: b.id }, (tx) => verifyChain(tx, b.id));
        if (r.ok)
          console.log(
            `ok      ${b.slug}: ${r.events} events, head #${r.headSeq} ${r.headHash.slice(0, 16)}…`,
          );
        else {
          broken++;
          console.log(
            `BROKEN  ${b.slug}: ${describeBreak(r.firstBreak!)} (${r.events} events verified before it)`,
          );
        }
      }
      if (broken) process.exitCode = 1;
    }),
  );

program
  .command("tools")
  .description("list the tools the registry offers (to a role, in a module), or their token cost")
  .option("--role <role>", "only tools this role may use")
  .option("--module <module>", "only tools of this module")
  .option("--json", "print the full definitions (JSON Schemas) as JSON")
  .option("--stats", "count tools and estimate the tokens of their definitions")
  .action(async (opts) => (await import("./tools.js")).listTools(opts));

program
  .command("call <tool>")
  .description("call one tool as a user of a business and print its JSON result")
  .requiredOption("--business <business>", "business id or slug")
  .requiredOption("--user <user>", "user id or email (must be a member)")
  .option("--input <json>", "tool input as JSON", "{}")
  .option("--read-only", "refuse tools that change data")
  .action(async (tool, opts) => (await import("./tools.js")).callTool(tool, opts));

program
  .command("chat")
  .description(
    "chat with a business as one of its users (the AI with ANTHROPIC_API_KEY, command mode without)",
  )
  .requiredOption("--business <business>", "business id or slug")
  .requiredOption("--user <user>", "user id or email (must be a member)")
  .option("--once <question>", "ask one question, print the answer and exit (for scripts)")
  .action(async (opts) => (await import("./chat.js")).runChat(opts));

program
  .command("mcp")
  .description(
    "serve MCP over stdio for Claude Desktop, Claude Code and other clients, as the user of an API token",
  )
  .option("--token <token>", "API token (default: env OMNI_TOKEN); create one with `omni tokens create`")
  .option("--toolsets <list>", `only these toolsets, comma-separated (all, ${MODULES.join(", ")})`)
  .option("--read-only", "list and run only tools that read; wins over the toolsets and the token")
  .option("--dynamic", "start with list_toolsets, enable_toolset and find_tools; enable toolsets on demand")
  .action(async (opts) => (await import("./mcp.js")).runMcp(opts));

const tokens = program
  .command("tokens")
  .description("API tokens for MCP clients (shown once, stored hashed)");
tokens
  .command("create")
  .description("create a token for a member of a business; prints it once, on stdout")
  .requiredOption("--business <business>", "business id or slug")
  .requiredOption("--user <user>", "user id or email (must be a member; the token acts with their role)")
  .option("--name <name>", "a label to recognise it by, e.g. 'Claude Desktop on my laptop'")
  .option("--read-only", "the token may only read")
  .option("--toolsets <list>", "limit the token to these toolsets, comma-separated")
  .option("--expires-days <n>", "expire after this many days (default: never)", parseWhole)
  .action(async (opts) => (await import("./tokens.js")).runTokensCreate(opts));
tokens
  .command("list")
  .description("list a business's tokens (never the tokens themselves)")
  .requiredOption("--business <business>", "business id or slug")
  .option("--json", "print JSON")
  .action(async (opts) => (await import("./tokens.js")).runTokensList(opts));
tokens
  .command("revoke <id>")
  .description("revoke a token at once (tok_…)")
  .action(async (id) => (await import("./tokens.js")).runTokensRevoke(id));

program
  .command("doctor")
  .description("show the database, its extensions and row counts")
  .option("--business <business>", "also count the rows of this business")
  .action((opts) =>
    withContext(async ({ handle, config }) => {
      const { hasExtension } = await import("../db/client.js");
      const vector = await hasExtension(handle.db, "vector");
      console.log(`database: ${handle.kind} (${handle.location})`);
      console.log(`pg_trgm:  ${(await hasExtension(handle.db, "pg_trgm")) ? "yes" : "no"}`);
      console.log(
        `pgvector: ${vector ? "yes (embedding column and index present)" : "no — full-text search only; install pgvector for embeddings"}`,
      );
      const leakproof = await queryRows<{ ok: boolean }>(
        handle.db,
        sql`select bool_and(proleakproof) as ok from pg_proc where proname in ('ts_match_vq', 'similarity_op')`,
      );
      console.log(
        `search:   ${leakproof[0]?.ok ? "indexes usable under row-level security" : "operators not LEAKPROOF (migrate as a superuser once): text search scans instead of using indexes"}`,
      );
      console.log(
        `actions:  in-process worker over the database outbox${config.REDIS_URL ? " (REDIS_URL is set but not used yet)" : ""}`,
      );
      console.log(
        `model:    ${config.ANTHROPIC_API_KEY ? config.OMNI_MODEL : "none (ANTHROPIC_API_KEY is not set)"}`,
      );
      if (opts.business) {
        const b = await findBusiness(handle.db, opts.business);
        const counts = await countBusinessRows(handle.db, b.id);
        for (const [t, n] of Object.entries(counts)) console.log(`  ${t.padEnd(24)} ${n}`);
      }
    }),
  );

registerSmtpCommands(program);
registerIntegrationCommands(program);
registerDiscordCommands(program);

const slack = program.command("slack").description("the Slack app: which workspace serves which business");
slack
  .command("connect")
  .description("map a Slack workspace (team id) to a business; several businesses per workspace are allowed")
  .requiredOption("--business <business>", "business id or slug")
  .requiredOption("--team <team>", "Slack team id (T…)")
  .option("--team-name <name>", "a label for the workspace")
  .option("--default", "make this the business members talk to until they pick one with /omni use")
  .option("--brief-channel <channel>", "post the daily brief to this channel id (C…)")
  .option("--brief-hour <hour>", "from this local hour (default 8)", parseWhole)
  .option("--brief-user <user>", "whose view of the business the brief shows (user id or email)")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const { connectSlack } = await import("../bots/slack/setup.js");
      console.log(await connectSlack(handle.db, opts));
    }),
  );
slack
  .command("list")
  .description("the businesses a Slack workspace serves, and their daily briefs")
  .requiredOption("--team <team>", "Slack team id (T…)")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const { listSlack } = await import("../bots/slack/setup.js");
      console.log(await listSlack(handle.db, opts.team));
    }),
  );
slack
  .command("link-code")
  .description("a one-time code a user sends the app (`link <code>`) to link their Slack account")
  .requiredOption("--business <business>", "business id or slug")
  .requiredOption("--user <user>", "user id or email")
  .action((opts) =>
    withContext(async ({ handle }) => {
      const { slackLinkCode } = await import("../bots/slack/setup.js");
      console.log(await slackLinkCode(handle.db, opts));
    }),
  );

function parseWhole(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InputError("Invalid option", [{ field: v, message: "must be a whole number" }]);
  return n;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError("Invalid option", [{ field: v, message: "must be a positive number" }]);
  return n;
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (
    err instanceof InputError ||
    err instanceof NotFoundError ||
    err instanceof ConflictError ||
    err instanceof ConfigError ||
    err instanceof TenantError ||
    err instanceof DatabaseBusyError
  ) {
    console.error(`error: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(err);
    process.exitCode = 1;
  }
}
