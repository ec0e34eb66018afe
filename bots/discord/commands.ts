/**
 * The slash commands: a curated set (/ask, /brief, /search, /approvals, /link) and /omni, which reaches every
 * tool the user's role may use. `registerCommands` puts them on Discord (globally, or on one guild at once).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type REST,
  type RESTPutAPIApplicationCommandsJSONBody,
  Routes,
} from "discord.js";

export const COMMAND_NAMES = ["ask", "brief", "search", "approvals", "link", "omni"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const where = {
  type: ApplicationCommandType.ChatInput as const,
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
};

export const COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    ...where,
    name: "ask",
    description: "Ask about the business; answers cite the records they come from",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "question",
        description: "e.g. what should I focus on today?",
        required: true,
        max_length: 2000,
      },
    ],
  },
  { ...where, name: "brief", description: "Today's overview and the last 7 days, straight from the records" },
  {
    ...where,
    name: "search",
    description: "Find records of any type by words or a name",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "query",
        description: "words or a name, e.g. blue door invoice",
        required: true,
        max_length: 200,
      },
    ],
  },
  { ...where, name: "approvals", description: "Actions waiting for approval, with Approve / Reject buttons" },
  {
    ...where,
    name: "link",
    description: "Link your Discord account to your user with a code from the app",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "code",
        description: "the one-time link code",
        required: true,
        max_length: 32,
      },
    ],
  },
  {
    ...where,
    name: "omni",
    description: "Run any tool your role may use",
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: "tool",
        description: "the tool, e.g. invoices_list (start typing to pick)",
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "input",
        description: "key=value pairs or JSON; type invoiceId=<name> to pick a record, e.g. status=overdue",
        required: false,
        autocomplete: true,
        max_length: 4000,
      },
    ],
  },
];

/**
 * Overwrites the application's commands (bulk PUT): on one guild (instant, for testing) or globally (may take
 * a while to appear everywhere; also in DMs with the bot). Needs the bot token on the REST client. Install
 * and DM contexts are for global commands only, so a guild registration leaves them out.
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId?: string,
): Promise<Array<{ id: string; name: string }>> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const body = guildId
    ? COMMANDS.map(({ integration_types: _i, contexts: _c, ...command }) => command)
    : COMMANDS;
  return (await rest.put(route, { body })) as Array<{ id: string; name: string }>;
}
