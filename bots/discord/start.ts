/**
 * Discord as `omni start` runs it: the HTTP interactions endpoint when DISCORD_APPLICATION_ID and
 * DISCORD_PUBLIC_KEY are set (no gateway needed), the gateway client (mentions, DMs, and interactions when no
 * endpoint URL is configured in the portal) when DISCORD_BOT_TOKEN is set too. discord.js loads only then.
 */
import { modelFromConfig } from "../../agent/model.js";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import type { Logger } from "../../log.js";
import type { Effects } from "../../tools/define.js";
import type { Registry } from "../../tools/registry.js";
import type { DiscordBot } from "./bot.js";
import type { DiscordInteractions } from "./http.js";

type DiscordConfig = Pick<
  Config,
  | "DISCORD_APPLICATION_ID"
  | "DISCORD_PUBLIC_KEY"
  | "DISCORD_BOT_TOKEN"
  | "DISCORD_MESSAGE_CONTENT"
  | "DISCORD_API_URL"
>;

/** What runs with this configuration, and a message when it is set up only half. */
export function discordMode(config: DiscordConfig): { http: boolean; gateway: boolean; problem?: string } {
  const { DISCORD_APPLICATION_ID: app, DISCORD_PUBLIC_KEY: key, DISCORD_BOT_TOKEN: token } = config;
  if (!app && !key && !token) return { http: false, gateway: false };
  if (!app)
    return { http: false, gateway: false, problem: "DISCORD_APPLICATION_ID is not set: Discord stays off" };
  if (!key && !token)
    return {
      http: false,
      gateway: false,
      problem: "set DISCORD_PUBLIC_KEY (HTTP interactions) or DISCORD_BOT_TOKEN (gateway): Discord stays off",
    };
  return { http: !!key, gateway: !!token };
}

export interface RunningDiscord {
  bot: DiscordBot;
  /** For the Hono app: POST /discord/interactions. */
  http?: DiscordInteractions;
  stop(): Promise<void>;
}

export async function startDiscord(deps: {
  config: Config;
  db: Db;
  registry: Registry;
  logger: Logger;
  worker: { wake(): void };
  effects?: Effects;
}): Promise<RunningDiscord | undefined> {
  const { config, logger } = deps;
  const mode = discordMode(config);
  if (mode.problem) logger.warn(mode.problem);
  if (!mode.http && !mode.gateway) return undefined;
  const [{ REST }, { createDiscordBot }, { createDiscordInteractions }, { startDiscordGateway }] =
    await Promise.all([
      import("discord.js"),
      import("./bot.js"),
      import("./http.js"),
      import("./gateway.js"),
    ]);
  const rest = new REST({
    version: "10",
    ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
  });
  if (config.DISCORD_BOT_TOKEN) rest.setToken(config.DISCORD_BOT_TOKEN);
  const model = modelFromConfig(config);
  const bot = createDiscordBot({
    db: deps.db,
    registry: deps.registry,
    rest,
    applicationId: config.DISCORD_APPLICATION_ID!,
    hasBotToken: !!config.DISCORD_BOT_TOKEN,
    // Embedded PGlite (no DATABASE_URL) runs on this thread: one interaction's work at a time keeps deferring fast.
    workConcurrency: config.DATABASE_URL ? 4 : 1,
    publicUrl: config.publicUrl,
    appRole: config.OMNI_DB_APP_ROLE,
    logger,
    worker: deps.worker,
    ...(deps.effects ? { effects: deps.effects } : {}),
    ...(model ? { model } : {}),
  });
  const http = mode.http ? createDiscordInteractions(bot, config.DISCORD_PUBLIC_KEY!) : undefined;
  const gateway = mode.gateway
    ? await startDiscordGateway({
        token: config.DISCORD_BOT_TOKEN!,
        bot,
        messageContent: config.DISCORD_MESSAGE_CONTENT,
        logger,
        ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
      }).catch(async (err: unknown) => {
        logger.error(
          { err },
          "discord: the gateway did not connect; HTTP interactions still work if configured",
        );
        return undefined;
      })
    : undefined;
  logger.info(
    { http: !!http, gateway: !!gateway },
    `discord: ${[http && "interactions at POST /discord/interactions", gateway && "gateway connected"].filter(Boolean).join("; ") || "nothing running"}`,
  );
  return {
    bot,
    ...(http ? { http } : {}),
    async stop() {
      await gateway?.stop();
      await bot.close();
    },
  };
}
