/**
 * The Slack app (Bolt): Socket Mode with an app-level token — the default for a self-hosted install, nothing to
 * expose — or HTTP events on the Hono server (POST /slack/events) checked with the signing secret. Every
 * listener acknowledges first and works after: events are acknowledged by Bolt before listeners run, commands,
 * buttons and shortcuts call `ack()` before anything else. The bot's dependencies (database, registry, model,
 * action worker) are passed in; `omni start` owns one of each per process.
 */
import {
  App,
  Assistant,
  type BlockAction,
  type Logger as BoltLogger,
  type ButtonAction,
  LogLevel,
} from "@slack/bolt";
import type { Logger } from "../../log.js";
import { onActionOutcome } from "../../tools/actions/index.js";
import type { Ref } from "../../tools/define.js";
import { Cards, onDecisionClick } from "./approvals.js";
import { SUGGEST } from "./brief.js";
import { onSuggestionClick, type PostBriefRequest, postDailyBrief, runDueBriefs } from "./brief-post.js";
import { onOmniCommand } from "./commands.js";
import { type BotContext, Semaphore, type SlackBotDeps } from "./context.js";
import { Identities } from "./identity.js";
import {
  ASK_SHORTCUT,
  assistantConfig,
  onAskShortcut,
  onDirectMessage,
  onMention,
  onTaskShortcut,
  TASK_SHORTCUT,
} from "./messages.js";
import { HonoSlackReceiver } from "./receiver.js";
import { APPROVE, REJECT } from "./render.js";

export type { SlackBotDeps } from "./context.js";

export interface SlackBot {
  app: App;
  mode: "socket" | "http";
  /** HTTP mode: one request to POST /slack/events → its response (sent at the ack). */
  handle(req: Request): Promise<Response>;
  /** Connects (Socket Mode) and listens for action outcomes. */
  start(): Promise<void>;
  /** Disconnects and waits for work in progress. */
  stop(): Promise<void>;
  /** Resolves when no work started by an event is still running (tests, shutdown). */
  idle(): Promise<void>;
  postDailyBrief(req: PostBriefRequest): Promise<string | undefined>;
  /** Posts the daily briefs that are due now; call it every minute or so. */
  runDueBriefs(now?: Date): Promise<number>;
}

export function createSlackBot(deps: SlackBotDeps): SlackBot {
  const logger = deps.logger.child({ surface: "slack" });
  const pending = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    void work.then(
      () => pending.delete(work),
      () => pending.delete(work),
    );
    return work;
  };
  const clientOptions = deps.apiUrl ? { slackApiUrl: deps.apiUrl } : {};
  const boltLogger = toBoltLogger(logger);
  let receiver: HonoSlackReceiver | undefined;
  let app: App;
  if (deps.appToken) {
    app = new App({
      token: deps.botToken,
      appToken: deps.appToken,
      socketMode: true,
      logger: boltLogger,
      clientOptions,
    });
  } else if (deps.signingSecret) {
    receiver = new HonoSlackReceiver({ signingSecret: deps.signingSecret, logger, track });
    app = new App({ token: deps.botToken, receiver, logger: boltLogger, clientOptions });
  } else {
    throw new Error("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events).");
  }

  const ctx: BotContext = {
    deps,
    ids: new Identities(deps.db, logger),
    logger,
    track,
    noStreaming: new Set(),
    turns: new Semaphore(deps.maxConcurrentTurns ?? 8),
    usedSuggestions: new Set(),
    link: (slug) => (r: Ref) => `${deps.publicUrl.replace(/\/$/, "")}/b/${slug}/r/${r.id}`,
  };
  const cards = new Cards(ctx, app.client);
  /** Runs a listener's work after its ack, logging (not throwing) what fails. */
  const work = (what: string, fn: () => Promise<void>) =>
    track(fn()).catch((err: unknown) => logger.error({ err }, `slack: ${what} failed`));

  app.error(async (err) => {
    logger.error({ err }, "slack: unhandled error in a listener");
  });

  app.assistant(new Assistant(assistantConfig(ctx)));

  app.event("app_mention", async ({ event, client, context }) => {
    if (event.bot_id || !event.user) return;
    await work("mention", () =>
      onMention(ctx, client, {
        teamId: context.teamId ?? event.team ?? "",
        channel: event.channel,
        user: event.user!,
        text: event.text,
        ts: event.ts,
        ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      }),
    );
  });

  app.message(async ({ message, client, context }) => {
    // Only people's own messages in a DM with the app; edits, joins and bots are ignored.
    if (
      message.channel_type !== "im" ||
      message.subtype !== undefined ||
      ("bot_id" in message && message.bot_id)
    )
      return;
    if (!message.user || !message.text) return;
    await work("direct message", () =>
      onDirectMessage(ctx, client, {
        teamId: context.teamId ?? "",
        channel: message.channel,
        user: message.user!,
        text: message.text!,
        ts: message.ts,
        ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
        ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      }),
    );
  });

  app.command("/omni", async ({ command, ack, client, respond, context }) => {
    await ack();
    await work("/omni", () =>
      onOmniCommand(ctx, { command, client, respond, teamId: context.teamId ?? command.team_id }),
    );
  });

  const decision = async ({
    ack,
    body,
    action,
    client,
    respond,
    context,
  }: {
    ack: () => Promise<void>;
    body: BlockAction;
    action: ButtonAction;
    client: typeof app.client;
    respond: Parameters<typeof onDecisionClick>[2]["respond"];
    context: { teamId?: string };
  }) => {
    await ack();
    await work("approval click", () =>
      onDecisionClick(ctx, cards, {
        body,
        action,
        client,
        respond,
        teamId: context.teamId ?? body.team?.id ?? "",
      }),
    );
  };
  app.action<BlockAction<ButtonAction>>(APPROVE, decision);
  app.action<BlockAction<ButtonAction>>(REJECT, decision);
  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${SUGGEST}_\\d+$`),
    async ({ ack, body, action, client, respond, context }) => {
      await ack();
      await work("suggestion click", () =>
        onSuggestionClick(ctx, {
          body,
          action,
          client,
          respond,
          teamId: context.teamId ?? body.team?.id ?? "",
        }),
      );
    },
  );

  app.shortcut(TASK_SHORTCUT, async ({ ack, shortcut, client, respond, context }) => {
    await ack();
    if (shortcut.type !== "message_action" || !respond) return;
    await work("task shortcut", () =>
      onTaskShortcut(ctx, { shortcut, client, respond, teamId: context.teamId ?? shortcut.team?.id ?? "" }),
    );
  });
  app.shortcut(ASK_SHORTCUT, async ({ ack, shortcut, client, respond, context }) => {
    await ack();
    if (shortcut.type !== "message_action" || !respond) return;
    await work("ask shortcut", () =>
      onAskShortcut(ctx, { shortcut, client, respond, teamId: context.teamId ?? shortcut.team?.id ?? "" }),
    );
  });

  let unsubscribe: (() => void) | undefined;
  return {
    app,
    mode: receiver ? "http" : "socket",
    handle(req) {
      if (!receiver) return Promise.resolve(new Response("Slack runs in Socket Mode here", { status: 404 }));
      return receiver.handle(req);
    },
    async start() {
      unsubscribe ??= onActionOutcome((o) => void cards.refresh(o.businessId, o.card));
      if (!receiver) await app.start();
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      if (!receiver) await app.stop();
      await this.idle();
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    postDailyBrief: (req) => track(postDailyBrief(ctx, app.client, req)),
    runDueBriefs: (now) => track(runDueBriefs(ctx, app.client, now)),
  };
}

/** Bolt logs through pino, at pino's level. */
function toBoltLogger(log: Logger): BoltLogger {
  const line = (msgs: unknown[]) =>
    msgs.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...m) => log.debug(line(m)),
    info: (...m) => log.info(line(m)),
    warn: (...m) => log.warn(line(m)),
    error: (...m) => log.error(line(m)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
