/**
 * A Discord bot against a test business: the real handlers and Hono route, a fake Discord REST API, optionally
 * the fake Anthropic API, an Ed25519 key pair made here to sign interaction payloads, and builders for them.
 */
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { REST } from "discord.js";
import type { Hono } from "hono";
import { createModelClient } from "../../agent/model.js";
import { createDiscordBot, type DiscordBot } from "../../bots/discord/bot.js";
import { createDiscordInteractions } from "../../bots/discord/http.js";
import { connectWorkspace, createLinkCode, redeemLinkCode } from "../../db/queries/chat.js";
import { ROLES, type Role } from "../../db/schema/core.js";
import { type ActionWorker, createActionWorker } from "../../jobs/action-worker.js";
import { createLogger } from "../../log.js";
import { createApp } from "../../server/app.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord.js";
import { type ToolHarness, toolHarness } from "../helpers/tools.js";

export const APP_ID = "100000000000000001";
export const GUILD = "200000000000000002";
export const CHANNEL = "300000000000000003";
export const PUBLIC_URL = "https://omni.test";
/** The Discord user id of the member with each role (all linked with /link codes). */
export const DISCORD_USER: Record<Role, string> = {
  owner: "400000000000000001",
  manager: "400000000000000002",
  staff: "400000000000000003",
  accountant: "400000000000000004",
};

export interface DiscordHarness {
  h: ToolHarness;
  fake: FakeDiscord;
  anthropic?: FakeAnthropic;
  bot: DiscordBot;
  app: Hono;
  worker: ActionWorker;
  publicKeyHex: string;
  /** The test key's signature of timestamp + body, hex. */
  signature(timestamp: string, body: string): string;
  /** POSTs a payload to /discord/interactions, signed with the test key (or as given). */
  post(
    payload: unknown,
    sig?: { signature?: string | null; timestamp?: string | null; key?: KeyObject },
  ): Promise<Response>;
  /** Waits for the bot's background work and the action worker. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function discordHarness(
  opts: { model?: boolean; h?: ToolHarness } = {},
): Promise<DiscordHarness> {
  const h = opts.h ?? (await toolHarness({ businessName: "Discord Cafe" }));
  const fake = await startFakeDiscord({ channelId: CHANNEL });
  const anthropic = opts.model ? await startFakeAnthropic() : undefined;
  const rest = new REST({ api: fake.api, version: "10", retries: 0 }).setToken("test-bot-token");
  const worker = createActionWorker({ db: h.db.db, registry: h.registry });
  const bot = createDiscordBot({
    db: h.db.db,
    registry: h.registry,
    publicUrl: PUBLIC_URL,
    rest,
    applicationId: APP_ID,
    hasBotToken: true,
    worker,
    ...(anthropic
      ? {
          model: {
            client: createModelClient({ apiKey: "test-key", baseURL: anthropic.url, maxRetries: 0 }),
            name: "claude-test",
            toolSearch: "server" as const,
          },
        }
      : {}),
  });
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicKeyHex = publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex");
  const app = createApp({
    handle: h.db,
    logger: createLogger("silent"),
    version: "test",
    discord: createDiscordInteractions(bot, publicKeyHex),
  });

  await connectWorkspace(h.db.db, { platform: "discord", teamId: GUILD, businessId: h.businessId });
  for (const role of ROLES) {
    const { code } = await createLinkCode(h.db.db, { businessId: h.businessId, userId: h.users[role] });
    await redeemLinkCode(
      h.db.db,
      { platform: "discord", teamId: GUILD, platformUserId: DISCORD_USER[role] },
      code,
    );
  }

  return {
    h,
    fake,
    anthropic,
    bot,
    app,
    worker,
    publicKeyHex,
    signature: (timestamp, body) => sign(null, Buffer.from(timestamp + body), privateKey).toString("hex"),
    post(payload, sig = {}) {
      const body = JSON.stringify(payload);
      const timestamp = sig.timestamp === undefined ? String(Math.floor(Date.now() / 1000)) : sig.timestamp;
      const signature =
        sig.signature === undefined
          ? sign(null, Buffer.from(`${timestamp ?? ""}${body}`), sig.key ?? privateKey).toString("hex")
          : sig.signature;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (signature !== null) headers["x-signature-ed25519"] = signature;
      if (timestamp !== null) headers["x-signature-timestamp"] = timestamp;
      return Promise.resolve(app.request("/discord/interactions", { method: "POST", headers, body }));
    },
    async settle() {
      for (let i = 0; i < 3; i++) {
        await bot.idle();
        await worker.drain();
      }
      await bot.idle();
    },
    async close() {
      await bot.close();
      await worker.stop();
      await fake.close();
      await anthropic?.close();
      if (!opts.h) await h.db.dispose();
    },
  };
}

let seq = 0;
const nextId = () => `9${String(Date.now()).slice(-9)}${String(++seq).padStart(8, "0")}`;

interface From {
  role?: Role;
  userId?: string;
  guildId?: string | null;
  channelId?: string;
}

function person(from: From) {
  const id = from.userId ?? DISCORD_USER[from.role ?? "owner"];
  const user = { id, username: `user${id.slice(-2)}`, discriminator: "0", global_name: null, avatar: null };
  const guildId = from.guildId === undefined ? GUILD : from.guildId;
  return {
    ...(guildId ? { guild_id: guildId, member: { user, roles: [], permissions: "0" } } : { user }),
    channel_id: from.channelId ?? CHANNEL,
    channel: { id: from.channelId ?? CHANNEL, type: guildId ? 0 : 1 },
  };
}

const base = (type: number) => ({
  id: nextId(),
  application_id: APP_ID,
  type,
  token: `tok-${nextId()}`,
  version: 1,
  locale: "en-US",
  app_permissions: "0",
  entitlements: [],
  authorizing_integration_owners: {},
});

export const ping = () => base(1);

/** A slash command with string options. */
export function slash(name: string, options: Record<string, string> = {}, from: From = {}) {
  return {
    ...base(2),
    ...person(from),
    data: {
      id: nextId(),
      name,
      type: 1,
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
    },
  };
}

/** An autocomplete request; `focused` names the option being typed. */
export function autocomplete(
  name: string,
  options: Record<string, string>,
  focused: string,
  from: From = {},
) {
  return {
    ...base(4),
    ...person(from),
    data: {
      id: nextId(),
      name,
      type: 1,
      options: Object.entries(options).map(([n, value]) => ({
        name: n,
        type: 3,
        value,
        ...(n === focused ? { focused: true } : {}),
      })),
    },
  };
}

/** A button click on a message. */
export function button(customId: string, messageId: string, from: From = {}) {
  return {
    ...base(3),
    ...person(from),
    message: {
      id: messageId,
      channel_id: from.channelId ?? CHANNEL,
      content: "",
      embeds: [],
      components: [],
    },
    data: { custom_id: customId, component_type: 2 },
  };
}
