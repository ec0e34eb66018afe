/**
 * The Slack app as `omni start` runs it: on when SLACK_BOT_TOKEN and either SLACK_APP_TOKEN (Socket Mode) or
 * SLACK_SIGNING_SECRET (HTTP at /slack/events) are set; the daily briefs are checked every minute in process.
 */

import { modelFromConfig } from "../../agent/model.js";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import type { ActionWorker } from "../../jobs/action-worker.js";
import type { Logger } from "../../log.js";
import type { Effects } from "../../tools/define.js";
import type { Registry } from "../../tools/registry.js";
import { createSlackBot, type SlackBot } from "./index.js";

export const BRIEF_CHECK_MS = 60_000;

/** Which way Slack would run with this configuration; a message when it is set up only half. */
export function slackMode(
  config: Pick<Config, "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN" | "SLACK_SIGNING_SECRET">,
): { mode: "socket" | "http" | "off"; problem?: string } {
  const { SLACK_BOT_TOKEN: bot, SLACK_APP_TOKEN: app, SLACK_SIGNING_SECRET: secret } = config;
  if (!bot && !app && !secret) return { mode: "off" };
  if (!bot) return { mode: "off", problem: "SLACK_BOT_TOKEN is not set: Slack stays off" };
  if (app) return { mode: "socket" };
  if (secret) return { mode: "http" };
  return {
    mode: "off",
    problem: "set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP): Slack stays off",
  };
}

export interface RunningSlack {
  bot: SlackBot;
  /** For the Hono app in HTTP mode (POST /slack/events). */
  http?: { handle(req: Request): Promise<Response> };
  stop(): Promise<void>;
}

export async function startSlack(deps: {
  config: Config;
  db: Db;
  registry: Registry;
  logger: Logger;
  worker: Pick<ActionWorker, "wake">;
  effects?: Effects;
}): Promise<RunningSlack | undefined> {
  const { config, logger } = deps;
  const { mode, problem } = slackMode(config);
  if (problem) logger.warn(problem);
  if (mode === "off") return undefined;
  const model = modelFromConfig(config);
  const bot = createSlackBot({
    db: deps.db,
    registry: deps.registry,
    logger,
    botToken: config.SLACK_BOT_TOKEN!,
    ...(mode === "socket"
      ? { appToken: config.SLACK_APP_TOKEN }
      : { signingSecret: config.SLACK_SIGNING_SECRET }),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    publicUrl: config.publicUrl,
    appRole: config.OMNI_DB_APP_ROLE,
    ...(model ? { model } : {}),
    ...(deps.effects ? { effects: deps.effects } : {}),
    worker: deps.worker,
  });
  await bot.start();
  const tick = () =>
    void bot.runDueBriefs().catch((err: unknown) => logger.error({ err }, "slack: daily brief check failed"));
  const timer = setInterval(tick, BRIEF_CHECK_MS);
  timer.unref();
  tick();
  logger.info(
    { mode },
    mode === "socket" ? "slack: connected (Socket Mode)" : "slack: events at POST /slack/events",
  );
  return {
    bot,
    ...(mode === "http" ? { http: bot } : {}),
    async stop() {
      clearInterval(timer);
      await bot.stop();
    },
  };
}
