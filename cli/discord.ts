/**
 * `omni discord …`: register the slash commands, connect a server (guild) to a business, print a link code for
 * a member (until the admin UI hands them out), and print the invite URL for the bot.
 */
import type { Command } from "commander";
import { loadConfig } from "../config.js";
import { InputError } from "../db/errors.js";
import { findBusiness } from "../db/queries/businesses.js";
import { connectWorkspace, createLinkCode } from "../db/queries/chat.js";
import { findUser, getMembership } from "../db/queries/users.js";
import { withContext } from "./context.js";

const SNOWFLAKE = /^\d{17,20}$/;

/** View channels, send messages (also in threads), embed links, read message history. */
const BOT_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 38n);

function guildId(v: string | undefined): string | undefined {
  if (v !== undefined && !SNOWFLAKE.test(v))
    throw new InputError("Invalid option", [
      { field: "--guild", message: "must be a server id (17–20 digits)" },
    ]);
  return v;
}

function need(value: string | undefined, name: string, how: string): string {
  if (!value)
    throw new InputError("Discord is not configured", [{ field: name, message: `is not set; ${how}` }]);
  return value;
}

export function registerDiscordCommands(program: Command): void {
  const discord = program
    .command("discord")
    .description("Discord: slash commands, servers connected to businesses, link codes");

  discord
    .command("register")
    .description("register the slash commands globally (may take a while to show), or on one server at once")
    .option("--guild <id>", "register on this server only (instant; for trying it out)")
    .action(async (opts: { guild?: string }) => {
      const config = loadConfig();
      const app = need(
        config.DISCORD_APPLICATION_ID,
        "DISCORD_APPLICATION_ID",
        "copy it from the developer portal",
      );
      const token = need(config.DISCORD_BOT_TOKEN, "DISCORD_BOT_TOKEN", "copy it from the portal's Bot page");
      const { REST } = await import("discord.js");
      const { registerCommands } = await import("../bots/discord/commands.js");
      const rest = new REST({
        version: "10",
        ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
      });
      const done = await registerCommands(rest.setToken(token), app, guildId(opts.guild));
      console.log(
        `Registered ${done.map((c) => `/${c.name}`).join(", ")} ${opts.guild ? `on server ${opts.guild}` : "globally"}.`,
      );
    });

  discord
    .command("connect")
    .description(
      "connect a Discord server to a business (the first one connected becomes the server's default)",
    )
    .requiredOption("--business <business>", "business id or slug")
    .requiredOption("--guild <id>", "the server id (Discord: right-click the server → Copy Server ID)")
    .option("--name <name>", "the server's name, for lists")
    .option("--default", "make this business the server's default")
    .action((opts: { business: string; guild: string; name?: string; default?: boolean }) =>
      withContext(async ({ handle }) => {
        const business = await findBusiness(handle.db, opts.business);
        const row = await connectWorkspace(handle.db, {
          platform: "discord",
          teamId: guildId(opts.guild)!,
          businessId: business.id,
          ...(opts.name ? { teamName: opts.name } : {}),
          ...(opts.default ? { isDefault: true } : {}),
        });
        console.log(
          `Server ${opts.guild} now serves ${business.name}${row.isDefault ? " (its default business)" : ""}.`,
        );
      }),
    );

  discord
    .command("link-code")
    .description("print a one-time code a member types as /link <code> in Discord to link their account")
    .requiredOption("--business <business>", "business id or slug")
    .requiredOption("--user <user>", "user id or email (a member of the business)")
    .option("--minutes <n>", "how long the code works (default 30)", (v) => Number(v))
    .action((opts: { business: string; user: string; minutes?: number }) =>
      withContext(async ({ handle }) => {
        const business = await findBusiness(handle.db, opts.business);
        const user = await findUser(handle.db, opts.user);
        if (!(await getMembership(handle.db, business.id, user.id)))
          throw new InputError("Not a member", [
            { field: "--user", message: `${user.email} is not a member of ${business.slug}` },
          ]);
        const { code, expiresAt } = await createLinkCode(handle.db, {
          businessId: business.id,
          userId: user.id,
          ...(opts.minutes ? { ttlMinutes: opts.minutes } : {}),
        });
        console.log(code);
        console.error(`${user.name} types /link ${code} in Discord before ${expiresAt.toISOString()}.`);
      }),
    );

  discord
    .command("invite-url")
    .description("print the URL that adds the bot and its slash commands to a server")
    .action(() => {
      const app = need(
        loadConfig().DISCORD_APPLICATION_ID,
        "DISCORD_APPLICATION_ID",
        "copy it from the portal",
      );
      console.log(
        `https://discord.com/oauth2/authorize?client_id=${app}&scope=bot%20applications.commands&permissions=${BOT_PERMISSIONS}`,
      );
    });
}
