/**
 * Driving the Slack app like Slack does: payloads in Slack's own shapes (event_callback envelopes, slash command
 * forms, block_actions and message_action payloads), signed with the signing secret (v0 HMAC-SHA256), sent to
 * POST /slack/events on the Hono app in process; the Web API goes to the local fake (tests/fakes/slack.ts) and
 * the model to the fake Anthropic API.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { createModelClient } from "../../agent/model.js";
import { createSlackBot, type SlackBot, type SlackBotDeps } from "../../bots/slack/index.js";
import { connectWorkspace } from "../../db/queries/chat.js";
import type { Role } from "../../db/schema/core.js";
import { type ActionWorker, createActionWorker } from "../../jobs/action-worker.js";
import { createLogger } from "../../log.js";
import { createApp } from "../../server/app.js";
import { registry } from "../../tools/index.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack.js";
import type { TestDb } from "../helpers/db.js";
import { type ToolHarness, toolHarness } from "../helpers/tools.js";

export const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const TEAM = "T0TEAM0001";
export const BOT = "U0BOT00001";
export const CHANNEL = "C0GENERAL1";
export const DM = "D0DIRECT01";
export const PUBLIC_URL = "https://omni.example.com";

/** The Slack user id of each role's fixture user, plus someone the business does not know. */
export const SLACK_USERS: Record<Role | "stranger", string> = {
  owner: "U0OWNER001",
  manager: "U0MANAGER1",
  staff: "U0STAFF001",
  accountant: "U0ACCOUNT1",
  stranger: "U0STRANGE1",
};

export interface SlackHarness {
  h: ToolHarness;
  slack: FakeSlack;
  model: FakeAnthropic;
  bot: SlackBot;
  app: Hono;
  worker: ActionWorker;
  /** Signed POST to /slack/events; `json` bodies for events, `form` for commands and interactivity. */
  send(body: SlackBody, opts?: SendOptions): Promise<Response>;
  /** A second bot on the same database and fakes, e.g. without a model (command mode). */
  extraBot(overrides: Partial<SlackBotDeps>): { bot: SlackBot; app: Hono };
  close(): Promise<void>;
}

export type SlackBody = { json: Record<string, unknown> } | { form: Record<string, string> };

export interface SendOptions {
  /** Seconds since the epoch (default now). */
  timestamp?: number;
  secret?: string;
  /** Replace the signature header entirely. */
  signature?: string;
  headers?: Record<string, string>;
  app?: Hono;
}

export async function slackHarness(
  opts: { db?: TestDb; businessId?: string; model?: boolean; streaming?: boolean } = {},
): Promise<SlackHarness> {
  const h = await toolHarness({
    businessName: "Slack Co",
    ...(opts.db ? { db: opts.db } : {}),
    ...(opts.businessId ? { businessId: opts.businessId } : {}),
  });
  const tag = h.businessId.slice(-6).toLowerCase();
  const slack = await startFakeSlack({
    teamId: TEAM,
    botUserId: BOT,
    users: [
      ...(["owner", "manager", "staff", "accountant"] as const).map((role) => ({
        id: SLACK_USERS[role],
        teamId: TEAM,
        name: `${role} user`,
        email: `${role}-${tag}@fixture.test`,
      })),
      { id: SLACK_USERS.stranger, teamId: TEAM, name: "Stranger", email: "stranger@elsewhere.test" },
    ],
  });
  await connectWorkspace(h.db.db, {
    platform: "slack",
    teamId: TEAM,
    teamName: "Fixture",
    businessId: h.businessId,
  });
  const model = await startFakeAnthropic();
  const worker = createActionWorker({ db: h.db.db, registry });
  const logger = createLogger("silent");
  const base: SlackBotDeps = {
    db: h.db.db,
    registry,
    logger,
    botToken: "xoxb-test-token",
    signingSecret: SECRET,
    apiUrl: slack.apiUrl,
    publicUrl: PUBLIC_URL,
    ...(opts.model === false
      ? {}
      : {
          model: {
            client: createModelClient({ apiKey: "sk-test", baseURL: model.url, maxRetries: 0 }),
            name: "claude-test",
            toolSearch: "server" as const,
          },
        }),
    worker,
    ...(opts.streaming === false ? { streaming: false } : {}),
    updateIntervalMs: 30,
  };
  const bots: SlackBot[] = [];
  const make = (deps: SlackBotDeps) => {
    const bot = createSlackBot(deps);
    bots.push(bot);
    return { bot, app: createApp({ handle: h.db, logger, version: "test", slack: bot }) };
  };
  const main = make(base);
  await main.bot.start();

  return {
    h,
    slack,
    model,
    bot: main.bot,
    app: main.app,
    worker,
    send: (body, o = {}) => send(o.app ?? main.app, body, o),
    extraBot: (overrides) => {
      const { model: _m, ...rest } = base;
      return make({ ...rest, ...overrides });
    },
    async close() {
      for (const b of bots) await b.stop();
      await worker.stop();
      await slack.close();
      await model.close();
      await h.db.dispose();
    },
  };
}

export function sign(secret: string, timestamp: number, raw: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${raw}`).digest("hex")}`;
}

async function send(app: Hono, body: SlackBody, o: SendOptions): Promise<Response> {
  const raw =
    "json" in body
      ? JSON.stringify(body.json)
      : new URLSearchParams(body.form).toString().replaceAll("+", "%20");
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  return app.request("/slack/events", {
    method: "POST",
    headers: {
      "content-type": "json" in body ? "application/json" : "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": o.signature ?? sign(o.secret ?? SECRET, ts, raw),
      ...o.headers,
    },
    body: raw,
  });
}

let seq = 0;
/** A message ts Slack would give: seconds.micro, unique per call. */
export const newTs = () => `${1_800_000_000 + ++seq}.${String(seq).padStart(6, "0")}`;
const eventId = () => `Ev${randomBytes(5).toString("hex").toUpperCase()}`;

/** The Events API envelope around an event. */
export function eventCallback(
  event: Record<string, unknown>,
  id = eventId(),
): { json: Record<string, unknown> } {
  return {
    json: {
      token: "legacy-verification-token",
      team_id: TEAM,
      context_team_id: TEAM,
      api_app_id: "A0APP00001",
      event,
      type: "event_callback",
      event_id: id,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        { enterprise_id: null, team_id: TEAM, user_id: BOT, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(8).toString("hex")}`,
    },
  };
}

export function appMention(p: {
  user: string;
  text: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
}) {
  const ts = p.ts ?? newTs();
  return eventCallback({
    type: "app_mention",
    client_msg_id: randomBytes(8).toString("hex"),
    text: `<@${BOT}> ${p.text}`,
    user: p.user,
    ts,
    ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
    team: TEAM,
    channel: p.channel ?? CHANNEL,
    event_ts: ts,
  });
}

export function directMessage(p: {
  user: string;
  text: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
}) {
  const ts = p.ts ?? newTs();
  return eventCallback({
    type: "message",
    client_msg_id: randomBytes(8).toString("hex"),
    text: p.text,
    user: p.user,
    ts,
    ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
    team: TEAM,
    channel: p.channel ?? DM,
    event_ts: ts,
    channel_type: "im",
  });
}

export function slashCommand(p: { user: string; text: string; channel?: string; responseUrl: string }) {
  return {
    form: {
      token: "legacy-verification-token",
      team_id: TEAM,
      team_domain: "fixture",
      channel_id: p.channel ?? CHANNEL,
      channel_name: "general",
      user_id: p.user,
      user_name: "someone",
      command: "/omni",
      text: p.text,
      api_app_id: "A0APP00001",
      is_enterprise_install: "false",
      response_url: p.responseUrl,
      trigger_id: `${Date.now()}.trigger`,
    },
  };
}

export function blockAction(p: {
  user: string;
  actionId: string;
  blockId: string;
  value: string;
  message: { ts: string; text?: string; blocks?: unknown[]; threadTs?: string };
  channel?: string;
  responseUrl: string;
  ephemeral?: boolean;
}) {
  const channel = p.channel ?? CHANNEL;
  return {
    form: {
      payload: JSON.stringify({
        type: "block_actions",
        user: { id: p.user, username: "someone", name: "someone", team_id: TEAM },
        api_app_id: "A0APP00001",
        token: "legacy-verification-token",
        container: {
          type: "message",
          message_ts: p.message.ts,
          ...(p.message.threadTs ? { thread_ts: p.message.threadTs } : {}),
          channel_id: channel,
          is_ephemeral: p.ephemeral ?? false,
        },
        trigger_id: `${Date.now()}.trigger`,
        team: { id: TEAM, domain: "fixture" },
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: channel, name: "general" },
        message: {
          type: "message",
          user: BOT,
          ts: p.message.ts,
          bot_id: "B0BOT",
          text: p.message.text ?? "",
          blocks: p.message.blocks ?? [],
          ...(p.message.threadTs ? { thread_ts: p.message.threadTs } : {}),
        },
        state: { values: {} },
        response_url: p.responseUrl,
        actions: [
          {
            action_id: p.actionId,
            block_id: p.blockId,
            text: { type: "plain_text", text: "Approve", emoji: true },
            value: p.value,
            type: "button",
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      }),
    },
  };
}

export function messageShortcut(p: {
  user: string;
  callbackId: string;
  message: { ts: string; text: string; user: string; threadTs?: string };
  channel?: string;
  responseUrl: string;
}) {
  const channel = p.channel ?? CHANNEL;
  return {
    form: {
      payload: JSON.stringify({
        type: "message_action",
        token: "legacy-verification-token",
        action_ts: `${Date.now() / 1000}`,
        team: { id: TEAM, domain: "fixture" },
        user: { id: p.user, username: "someone", team_id: TEAM, name: "someone" },
        channel: { id: channel, name: "general" },
        is_enterprise_install: false,
        enterprise: null,
        callback_id: p.callbackId,
        trigger_id: `${Date.now()}.trigger`,
        response_url: p.responseUrl,
        message_ts: p.message.ts,
        message: {
          type: "message",
          user: p.message.user,
          ts: p.message.ts,
          text: p.message.text,
          ...(p.message.threadTs ? { thread_ts: p.message.threadTs } : {}),
        },
      }),
    },
  };
}

/** A deferred: a promise and the function that resolves it (to hold the fake model until a test says so). */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

/** All the text a message shows: its streamed markdown, text and every mrkdwn/plain text in its blocks. */
export function shown(
  m: { text: string; streamed?: string; blocks: Array<Record<string, unknown>> } | undefined,
): string {
  if (!m) return "";
  const parts = [m.streamed ?? "", m.text];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") parts.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== "text" || typeof x !== "string") walk(x);
    }
  };
  walk(m.blocks);
  return parts.join("\n");
}
