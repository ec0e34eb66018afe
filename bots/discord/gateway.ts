/**
 * The gateway client (discord.js): @mentions and DMs, and — when no interactions endpoint URL is set in the
 * developer portal — slash commands and buttons, all through the bot's shared handlers. Interactions are taken
 * as raw payloads and answered with the REST callback, exactly like the HTTP endpoint answers them. Reading the
 * content of messages that mention the bot and of DMs needs no privileged intent; `messageContent` asks for it
 * anyway (e.g. to read replies in threads without a mention — not used yet).
 */
import {
  type APIInteraction,
  Client,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  Partials,
  Routes,
} from "discord.js";
import type { Logger } from "../../log.js";
import type { DiscordBot } from "./bot.js";

export interface GatewayOptions {
  token: string;
  bot: DiscordBot;
  /** The REST API base for the client's own calls (interaction callbacks); tests point it at a fake. */
  api?: string;
  /** Request the privileged Message Content intent (enable it in the developer portal first). */
  messageContent?: boolean;
  logger?: Logger;
  /** For ShardingManager children: discord.js reads SHARDS / SHARD_COUNT from the environment by default. */
  shards?: number | number[] | "auto";
}

export interface DiscordGateway {
  client: Client;
  /** Logs in and connects (every shard this process runs). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The client with the handlers attached, not yet connected. */
export function createDiscordGateway(opts: GatewayOptions): DiscordGateway {
  const { bot, logger } = opts;
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(opts.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // DM channels are not cached before their first message; without this partial DMs are dropped.
    partials: [Partials.Channel],
    ...(opts.shards !== undefined ? { shards: opts.shards } : {}),
    ...(opts.api ? { rest: { api: opts.api } } : {}),
  });

  client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: APIInteraction) => {
    bot
      .interact(raw, (response) =>
        client.rest.post(Routes.interactionCallback(raw.id, raw.token), { body: response, auth: false }),
      )
      .catch((err: unknown) => logger?.error({ err }, "discord gateway: interaction failed"));
  });

  client.on(Events.MessageCreate, (m) => {
    bot
      .message({
        id: m.id,
        channelId: m.channelId,
        guildId: m.guildId,
        authorId: m.author.id,
        authorIsBot: m.author.bot || m.author.id === client.user?.id,
        content: m.content,
        mentionsBot: client.user ? m.mentions.users.has(client.user.id) : false,
      })
      .catch((err: unknown) => logger?.error({ err }, "discord gateway: message failed"));
  });

  client.once(Events.ClientReady, (c) =>
    logger?.info({ user: c.user.tag, guilds: c.guilds.cache.size }, "discord gateway connected"),
  );
  client.on(Events.Error, (err) => logger?.error({ err }, "discord gateway error"));

  return {
    client,
    async start() {
      await client.login(opts.token);
    },
    async stop() {
      await client.destroy();
    },
  };
}

export async function startDiscordGateway(opts: GatewayOptions): Promise<DiscordGateway> {
  const gateway = createDiscordGateway(opts);
  await gateway.start();
  return gateway;
}
