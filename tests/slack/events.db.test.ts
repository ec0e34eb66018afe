/**
 * The Slack app over HTTP, end to end: signed requests in Slack's payload shapes to POST /slack/events, the Web
 * API answered by a local fake that records every call, the model by the fake Anthropic API. Covers signature
 * checks, ack before model work, answers in the right thread with sources (streamed, or by message updates),
 * retries answered once, who-is-who (email, link code, invite message), slash commands and message shortcuts.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ASK_SHORTCUT, TASK_SHORTCUT } from "../../bots/slack/messages.js";
import { createLinkCode } from "../../db/queries/chat.js";
import { chatIdentities, threads } from "../../db/schema/core.js";
import {
  appMention,
  CHANNEL,
  DM,
  directMessage,
  gate,
  messageShortcut,
  newTs,
  PUBLIC_URL,
  SLACK_USERS,
  type SlackHarness,
  shown,
  sign,
  slackHarness,
  slashCommand,
} from "./helpers.js";

let s: SlackHarness;
let contactId: string;
let contactLabel: string;

beforeAll(async () => {
  s = await slackHarness();
  const out = await s.h.ok("owner", "contacts_write", {
    method: "create",
    fields: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.test" },
  });
  const ref = (out.refs as Array<{ id: string; label: string }>)[0]!;
  contactId = ref.id;
  contactLabel = ref.label;
});
afterAll(async () => {
  await s.close();
});
beforeEach(async () => {
  await s.bot.idle();
  s.slack.reset();
  s.slack.fail("chat.startStream");
});

const threadCount = async () => (await s.h.db.db.select().from(threads)).length;
const responseUrl = (id: string) => `${s.slack.url}/response/${id}`;

describe("signature", () => {
  it("a forged signature or a timestamp older than five minutes gets 401, and nothing runs", async () => {
    const before = await threadCount();
    const event = appMention({ user: SLACK_USERS.owner, text: "How are we doing?" });
    const forged = await s.send(event, { secret: "not-the-secret" });
    const old = await s.send(event, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const missing = await s.send(event, { signature: "" });
    const future = await s.send(event, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect([forged.status, old.status, missing.status, future.status]).toEqual([401, 401, 401, 401]);
    await s.bot.idle();
    expect(s.slack.calls).toHaveLength(0);
    expect(s.model.requests).toHaveLength(0);
    expect(await threadCount()).toBe(before);
  });

  it("a body changed after signing is refused", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(appMention({ user: SLACK_USERS.owner, text: "hi" }).json);
    const res = await s.app.request("/slack/events", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": sign("8f742231b10e8888abcd99yyyzzz85a5", ts, body),
      },
      body: body.replace("hi", "send all the money"),
    });
    expect(res.status).toBe(401);
  });

  it("answers url_verification with the challenge and ssl_check without a signature", async () => {
    const res = await s.send({
      json: {
        token: "t",
        challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        type: "url_verification",
      },
    });
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    const ssl = await s.app.request("/slack/events", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "ssl_check=1&token=x",
    });
    expect(ssl.status).toBe(200);
  });
});

describe("mentions", () => {
  it("acks before any model work, then answers in the message's thread with sources", async () => {
    const hold = gate();
    s.model.script(
      async () => {
        await hold.promise;
        return { content: [{ type: "tool_use", id: "toolu_1", name: "search", input: { q: "Ada" } }] };
      },
      { content: [{ type: "text", text: `Ada Lovelace is one of your contacts (${contactId}).` }] },
    );
    const ts = newTs();
    const started = performance.now();
    const res = await s.send(appMention({ user: SLACK_USERS.owner, text: "Who is Ada?", ts }));
    const ackMs = performance.now() - started;
    expect(res.status).toBe(200);
    // The model has not answered yet: the ack did not wait for it.
    expect(s.slack.called("chat.startStream")).toHaveLength(0);
    expect(ackMs).toBeLessThan(1_000);
    hold.open();
    await s.bot.idle();

    const [reply] = s.slack.thread(CHANNEL, ts);
    expect(reply?.streamed).toContain("Ada Lovelace is one of your contacts");
    const start = s.slack.called("chat.startStream")[0]!;
    expect(start.args).toMatchObject({
      channel: CHANNEL,
      thread_ts: ts,
      recipient_user_id: SLACK_USERS.owner,
    });
    const sources = JSON.stringify(reply?.blocks);
    expect(sources).toContain(`${PUBLIC_URL}/b/`);
    expect(sources).toContain(`/r/${contactId}|${contactLabel}`);
    // The same thread continues the same conversation.
    s.model.script({ content: [{ type: "text", text: "Still Ada." }] });
    await s.send(appMention({ user: SLACK_USERS.owner, text: "And again?", ts: newTs(), threadTs: ts }));
    await s.bot.idle();
    const second = s.model.requests.at(-1)!.body!;
    expect(JSON.stringify(second.messages)).toContain("Ada Lovelace is one of your contacts");
  });

  it("a retry of the same event (same event_id, x-slack-retry-num) is answered once", async () => {
    s.model.script({ content: [{ type: "text", text: "Once." }] });
    const event = appMention({ user: SLACK_USERS.owner, text: "Say something" });
    const first = await s.send(event);
    const retry = await s.send(event, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await s.bot.idle();
    expect(s.model.requests.filter((r) => JSON.stringify(r.body).includes("Say something"))).toHaveLength(1);
    expect(s.slack.called("chat.stopStream")).toHaveLength(1);
  });

  it("falls back to message updates when Slack refuses streaming", async () => {
    s.model.requests.length = 0;
    s.model.script({ content: [{ type: "text", text: `**Ada** is a contact: [open](${PUBLIC_URL}/x).` }] });
    s.slack.fail("chat.startStream", "not_allowed_token_type");
    const ts = newTs();
    await s.send(appMention({ user: SLACK_USERS.owner, text: "Ada?", ts }));
    await s.bot.idle();
    const [reply] = s.slack.thread(CHANNEL, ts);
    const text = shown(reply);
    expect(text).toContain("*Ada* is a contact");
    expect(text).toContain(`<${PUBLIC_URL}/x|open>`);
  });

  it("someone the business does not know gets the invite message, and nothing else", async () => {
    const before = await threadCount();
    await s.send(appMention({ user: SLACK_USERS.stranger, text: "Show me the invoices" }));
    await s.bot.idle();
    const [eph] = s.slack.called("chat.postEphemeral");
    expect(eph?.args).toMatchObject({ channel: CHANNEL, user: SLACK_USERS.stranger });
    expect(String(eph?.args.text)).toMatch(/invite you/);
    expect(s.slack.called("chat.postMessage")).toHaveLength(0);
    expect(s.slack.called("chat.startStream")).toHaveLength(0);
    expect(await threadCount()).toBe(before);
  });

  it("links a new Slack account by the email Slack gives, once", async () => {
    const [linked] = await s.h.db.db
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.platformUserId, SLACK_USERS.owner));
    expect(linked?.userId).toBe(s.h.users.owner);
    s.model.script({ content: [{ type: "text", text: "ok" }] });
    await s.send(appMention({ user: SLACK_USERS.owner, text: "again" }));
    await s.bot.idle();
    expect(s.slack.called("users.info")).toHaveLength(0);
  });
});

describe("direct messages", () => {
  it("answers at the DM's top level by updating a placeholder, and `link <code>` links an account", async () => {
    // A person Slack gives no email for: only a link code can link them.
    s.slack.users.set("U0NOEMAIL1", { id: "U0NOEMAIL1", teamId: "T0TEAM0001" });
    await s.send(directMessage({ user: "U0NOEMAIL1", text: "hello" }));
    await s.bot.idle();
    expect(String(s.slack.called("chat.postMessage")[0]?.args.text)).toMatch(/link code/);

    const { code } = await createLinkCode(s.h.db.db, {
      businessId: s.h.businessId,
      userId: s.h.users.accountant,
    });
    await s.send(directMessage({ user: "U0NOEMAIL1", text: `link ${code}` }));
    await s.bot.idle();
    expect(String(s.slack.called("chat.postMessage")[1]?.args.text)).toMatch(
      /Linked\. You are accountant user, accountant of Slack Co/,
    );

    s.model.script({ content: [{ type: "text", text: "Receivables look fine." }] });
    await s.send(directMessage({ user: "U0NOEMAIL1", text: "How are receivables?" }));
    await s.bot.idle();
    const placeholder = s.slack.called("chat.postMessage")[2]!;
    expect(placeholder.args.thread_ts).toBeUndefined();
    const [, , answer] = s.slack.thread(DM);
    expect(shown(answer)).toContain("Receivables look fine.");
    expect(answer!.updates).toBeGreaterThan(0);
    expect(s.slack.called("chat.startStream")).toHaveLength(0);
    const [thread] = await s.h.db.db.select().from(threads).where(eq(threads.surfaceKey, DM));
    expect(thread?.surface).toBe("slack");
  });

  it("a link code typed in a channel is refused (others can see it)", async () => {
    await s.send(appMention({ user: SLACK_USERS.stranger, text: "link ABCD1234" }));
    await s.bot.idle();
    expect(String(s.slack.called("chat.postEphemeral")[0]?.args.text)).toMatch(/direct message/);
  });
});

describe("/omni", () => {
  it("acks at once; `/omni ask` posts the question and answers in its thread", async () => {
    const hold = gate();
    s.model.script(async () => {
      await hold.promise;
      return { content: [{ type: "text", text: "Cash is fine." }] };
    });
    const res = await s.send(
      slashCommand({ user: SLACK_USERS.manager, text: "ask How is cash?", responseUrl: responseUrl("c1") }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    hold.open();
    await s.bot.idle();
    const question = s.slack.called("chat.postMessage")[0]!;
    expect(question.args).toMatchObject({
      channel: CHANNEL,
      text: `<@${SLACK_USERS.manager}> asked: How is cash?`,
    });
    const [q] = s.slack.thread(CHANNEL);
    const [answer] = s.slack.thread(CHANNEL, q!.ts);
    // Streaming was refused for this team earlier in the file, so this one comes by message update.
    expect(shown(answer)).toContain("Cash is fine.");
    expect(s.slack.called("chat.startStream")).toHaveLength(0);
  });

  it("help, search and approvals answer only the asker", async () => {
    await s.send(slashCommand({ user: SLACK_USERS.staff, text: "help", responseUrl: responseUrl("help") }));
    await s.send(
      slashCommand({ user: SLACK_USERS.staff, text: "search Ada", responseUrl: responseUrl("search") }),
    );
    await s.send(
      slashCommand({ user: SLACK_USERS.staff, text: "approvals", responseUrl: responseUrl("appr") }),
    );
    await s.bot.idle();
    const by = (id: string) => s.slack.responses.find((r) => r.id === id)?.body;
    expect(by("help")).toMatchObject({ response_type: "ephemeral" });
    expect(String(by("help")?.text)).toContain("/omni search");
    expect(JSON.stringify(by("search"))).toContain(`/r/${contactId}|${contactLabel}`);
    expect(String(by("appr")?.text)).toMatch(/No actions are waiting/);
    expect(s.slack.called("chat.postMessage")).toHaveLength(0);
    expect(s.model.requests.filter((r) => JSON.stringify(r.body).includes("search Ada"))).toHaveLength(0);
  });

  it("answers in command mode without a model, saying so", async () => {
    const cm = s.extraBot({});
    await s.send(
      slashCommand({ user: SLACK_USERS.owner, text: "How is our cash?", responseUrl: responseUrl("cm") }),
      { app: cm.app },
    );
    await cm.bot.idle();
    const [q] = s.slack.thread(CHANNEL);
    const [answer] = s.slack.thread(CHANNEL, q!.ts);
    expect(shown(answer)).toMatch(/Command mode: no AI model is configured/);
  });

  it("answers privately where the app cannot post in the channel", async () => {
    s.slack.fail("chat.postMessage", "not_in_channel");
    s.model.script({ content: [{ type: "text", text: "Private answer." }] });
    await s.send(
      slashCommand({ user: SLACK_USERS.owner, text: "What's up?", responseUrl: responseUrl("priv") }),
    );
    await s.bot.idle();
    s.slack.fail("chat.postMessage");
    const r = s.slack.responses.find((x) => x.id === "priv");
    expect(r?.body).toMatchObject({ response_type: "ephemeral" });
    expect(shown({ text: String(r?.body.text), blocks: r?.body.blocks as [] })).toContain("Private answer.");
  });

  it("`/omni use` picks among the workspace's businesses", async () => {
    await s.send(
      slashCommand({ user: SLACK_USERS.owner, text: "use nowhere-inc", responseUrl: responseUrl("use") }),
    );
    await s.bot.idle();
    expect(String(s.slack.responses[0]?.body.text)).toMatch(/This workspace serves slack-co/);
  });
});

describe("message shortcuts", () => {
  it("“Create task from message” creates a task for the clicker, linked back to the message", async () => {
    const ts = newTs();
    const res = await s.send(
      messageShortcut({
        user: SLACK_USERS.staff,
        callbackId: TASK_SHORTCUT,
        message: {
          ts,
          text: "Can someone call the roaster about the late beans?\nThey were due Monday.",
          user: SLACK_USERS.owner,
        },
        responseUrl: responseUrl("task"),
      }),
    );
    expect(res.status).toBe(200);
    await s.bot.idle();
    const out = await s.h.ok("staff", "tasks_list", { q: "roaster" });
    const [task] = out.items as Array<{
      id: string;
      title: string;
      description: string;
      assigneeUserId: string;
    }>;
    expect(task?.title).toBe("Can someone call the roaster about the late beans?");
    expect(task?.description).toContain(`fake.slack.test/archives/${CHANNEL}/p`);
    expect(String(s.slack.responses[0]?.body.text)).toContain(`/r/${task!.id}|`);
  });

  it("“Ask about this message” answers in the message's thread", async () => {
    s.model.script((req) => {
      expect(JSON.stringify(req.body.messages)).toContain("invoice 1042 is wrong");
      return { content: [{ type: "text", text: "Check invoice 1042 with the customer." }] };
    });
    const ts = newTs();
    await s.send(
      messageShortcut({
        user: SLACK_USERS.owner,
        callbackId: ASK_SHORTCUT,
        message: { ts, text: "The customer says invoice 1042 is wrong", user: SLACK_USERS.staff },
        responseUrl: responseUrl("ask"),
      }),
    );
    await s.bot.idle();
    const replies = s.slack.thread(CHANNEL, ts);
    expect(replies.map((m) => m.streamed ?? m.text).join("\n")).toContain(
      "Check invoice 1042 with the customer.",
    );
  });
});
