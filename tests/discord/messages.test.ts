/**
 * @mentions and DMs, as the gateway hands them over (constructed message objects), through the same handlers as
 * slash commands: answered in the channel as a reply, with approval cards the buttons then decide.
 */

import { Events, GatewayDispatchEvents, REST } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordBot, type DiscordMessage } from "../../bots/discord/bot.js";
import { createDiscordGateway } from "../../bots/discord/gateway.js";
import { parseDecisionId } from "../../bots/discord/render.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { connectWorkspace, createLinkCode } from "../../db/queries/chat.js";
import { addMember } from "../../db/queries/users.js";
import type { DiscordCall } from "../fakes/discord.js";
import {
  APP_ID,
  button,
  CHANNEL,
  DISCORD_USER,
  type DiscordHarness,
  discordHarness,
  GUILD,
  PUBLIC_URL,
  slash,
} from "./helpers.js";

let d: DiscordHarness;
const BOT = "500000000000000005";
const DM = "600000000000000006";
let n = 0;

beforeAll(async () => {
  d = await discordHarness({ model: true });
}, 60_000);
afterAll(() => d.close());

function msg(content: string, over: Partial<DiscordMessage> = {}): DiscordMessage {
  return {
    id: `70000000000000${String(++n).padStart(4, "0")}`,
    channelId: CHANNEL,
    guildId: GUILD,
    authorId: DISCORD_USER.owner,
    authorIsBot: false,
    content,
    mentionsBot: content.includes(`<@${BOT}>`),
    ...over,
  };
}

type Body = {
  content?: string;
  embeds?: Array<{ description?: string; fields?: Array<{ name: string; value: string }> }>;
  components?: Array<{ components: Array<{ custom_id: string }> }>;
  message_reference?: { message_id: string };
};
const body = (c: DiscordCall) => c.body as Body;
const text = (c: DiscordCall) => `${body(c).content ?? ""}${JSON.stringify(body(c).embeds ?? [])}`;
/** Messages posted to a channel since call number `from`. */
const posted = (channel: string, from: number) =>
  d.fake.calls.slice(from).filter((c) => c.method === "POST" && c.path === `/channels/${channel}/messages`);

async function send(m: DiscordMessage) {
  const from = d.fake.calls.length;
  await d.bot.message(m);
  await d.settle();
  return { from, posts: posted(m.channelId, from) };
}

describe("mentions and DMs", () => {
  it("a mention is answered as a reply in the channel, after a typing indicator", async () => {
    d.anthropic!.script({ content: [{ type: "text", text: "All quiet today." }] });
    const m = msg(`<@${BOT}> anything to worry about?`);
    const { from, posts } = await send(m);
    expect(posts).toHaveLength(1);
    expect(body(posts[0]!).message_reference?.message_id).toBe(m.id);
    expect(text(posts[0]!)).toContain("All quiet today.");
    expect(posts[0]!.headers.authorization).toBe("Bot test-bot-token");
    expect(d.fake.calls.slice(from).some((c) => c.path === `/channels/${CHANNEL}/typing`)).toBe(true);
    // The mention itself is not part of the question.
    const asked = JSON.stringify(d.anthropic!.requests.at(-1)!.body!.messages);
    expect(asked).toContain("anything to worry about?");
    expect(asked).not.toContain(BOT);
  });

  it("ignores messages without a mention, and bots", async () => {
    const before = d.fake.calls.length;
    await d.bot.message(msg("just chatting"));
    await d.bot.message(msg(`<@${BOT}> hi`, { authorIsBot: true }));
    await d.settle();
    expect(d.fake.calls.length).toBe(before);
  });

  it("a DM is answered through the guild the account is linked in", async () => {
    d.anthropic!.script({ content: [{ type: "text", text: "Hello from the DM." }] });
    const { posts } = await send(msg("hello there", { guildId: null, channelId: DM, mentionsBot: false }));
    expect(text(posts[0]!)).toContain("Hello from the DM.");
    expect(text(posts[0]!)).toContain("owner user (owner)");
  });

  it("a stranger is told how to link, links with `link <code>` in a DM, and is then answered", async () => {
    const stranger = "488888888888888888";
    const dm = (content: string) => msg(content, { guildId: null, channelId: DM, authorId: stranger });
    const first = await send(dm("hi"));
    expect(text(first.posts[0]!)).toMatch(/don't know you yet/);
    const { code } = await createLinkCode(d.h.db.db, {
      businessId: d.h.businessId,
      userId: d.h.users.accountant,
    });
    const linked = await send(dm(`link ${code}`));
    expect(text(linked.posts[0]!)).toMatch(/Linked: you are accountant user/);
    d.anthropic!.script({ content: [{ type: "text", text: "Now I know you." }] });
    const after = await send(dm("who am I?"));
    expect(text(after.posts[0]!)).toContain("accountant user (accountant)");
  });

  it("a proposal from a mention becomes a card in the channel that the buttons decide", async () => {
    d.anthropic!.script(
      {
        content: [
          {
            type: "tool_use",
            id: "tu_m",
            name: "contacts_write",
            input: { method: "create", fields: { firstName: "Mentioned" } },
          },
        ],
      },
      { content: [{ type: "text", text: "Proposed adding Mentioned." }] },
    );
    const { posts } = await send(
      msg(`<@${BOT}> add Mentioned as a contact`, { authorId: DISCORD_USER.staff }),
    );
    const card = posts.find((p) => body(p).components?.length)!;
    expect(card).toBeDefined();
    const approve = body(card).components![0]!.components[0]!.custom_id;
    const messageId = (card.response as { id: string }).id;
    const click = button(approve, messageId, { role: "manager" });
    await d.post(click);
    await d.settle();
    const contacts = await d.h.ok("owner", "contacts_list", { q: "Mentioned" });
    expect((contacts.items as unknown[]).length).toBe(1);
    const edits = d.fake.calls.filter(
      (c) =>
        c.method === "PATCH" &&
        (c.path.endsWith(`/${click.token}/messages/@original`) ||
          c.path === `/channels/${CHANNEL}/messages/${messageId}`),
    );
    expect(body(edits.at(-1)!).components).toEqual([]);
    expect(JSON.stringify(body(edits.at(-1)!).embeds)).toMatch(/Approved by manager user .* and done/);
    expect(parseDecisionId(approve)?.businessId).toBe(d.h.businessId);
  });

  it("without a model, a mention is answered in command mode by the same handlers", async () => {
    const bot = createDiscordBot({
      db: d.h.db.db,
      registry: d.h.registry,
      publicUrl: PUBLIC_URL,
      rest: new REST({ api: d.fake.api, version: "10", retries: 0 }).setToken("test-bot-token"),
      applicationId: APP_ID,
      hasBotToken: true,
    });
    try {
      const m = msg(`<@${BOT}> how is our cash?`);
      const from = d.fake.calls.length;
      await bot.message(m);
      await bot.idle();
      const [reply] = posted(CHANNEL, from);
      expect(text(reply!)).toMatch(/Command mode: no AI model is configured/);
      expect(text(reply!)).toMatch(/Cash/);
    } finally {
      await bot.close();
    }
  });
});

describe("several businesses on one server", () => {
  it("`use <business>` switches which business answers, only among the server's", async () => {
    const other = await createBusiness(d.h.db.db, { name: "Second Shop" });
    await addMember(d.h.db.db, { businessId: other.id, userId: d.h.users.owner, role: "manager" });
    await connectWorkspace(d.h.db.db, { platform: "discord", teamId: GUILD, businessId: other.id });
    const said = async (content: string) => text((await send(msg(`<@${BOT}> ${content}`))).posts[0]!);
    expect(await said("use nowhere")).toMatch(/not one of them/);
    expect(await said("use second-shop")).toMatch(/Now answering for Second Shop/);
    const brief = slash("brief");
    await d.post(brief);
    await d.settle();
    const [edit] = d.fake.find("PATCH", `/webhooks/${APP_ID}/${brief.token}/messages/@original`);
    expect(text(edit!)).toMatch(/Brief: Second Shop.*for owner user \(manager\)/s);
    expect(await said("use discord-cafe")).toMatch(/Now answering for Discord Cafe/);
  });
});

describe("the gateway client", () => {
  it("answers raw interactions with the REST callback first, then does the work; maps messages", async () => {
    const gw = createDiscordGateway({ token: "unused", bot: d.bot, api: d.fake.api });
    try {
      const i = slash("brief");
      gw.client.ws.emit(GatewayDispatchEvents.InteractionCreate, i, 0);
      const callback = `/interactions/${i.id}/${i.token}/callback`;
      for (let k = 0; k < 100 && !d.fake.find("POST", callback).length; k++)
        await new Promise((r) => setTimeout(r, 20));
      await d.settle();
      const order = d.fake.calls.map((c) => c.path);
      const acked = order.indexOf(callback);
      const edited = order.indexOf(`/webhooks/${APP_ID}/${i.token}/messages/@original`);
      expect(d.fake.calls[acked]!.body).toEqual({ type: 5 });
      expect(edited).toBeGreaterThan(acked);
      expect(text(d.fake.calls[edited]!)).toMatch(/Business overview/);

      (gw.client as unknown as { user: { id: string } }).user = { id: BOT };
      d.anthropic!.script({ content: [{ type: "text", text: "Through the gateway." }] });
      const from = d.fake.calls.length;
      gw.client.emit(Events.MessageCreate, {
        id: "710000000000000001",
        channelId: CHANNEL,
        guildId: GUILD,
        author: { id: DISCORD_USER.owner, bot: false },
        content: `<@${BOT}> hello`,
        mentions: { users: new Map([[BOT, {}]]) },
      } as never);
      for (let k = 0; k < 100 && !posted(CHANNEL, from).length; k++)
        await new Promise((r) => setTimeout(r, 20));
      await d.settle();
      expect(text(posted(CHANNEL, from)[0]!)).toContain("Through the gateway.");
    } finally {
      await gw.stop();
    }
  });
});
