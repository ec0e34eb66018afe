/**
 * Socket Mode (the default for a self-hosted install): the app opens apps.connections.open on the fake Web API,
 * connects to the WebSocket URL it returns (a local server playing Slack), acknowledges each envelope by its
 * envelope_id before doing the work, and answers through the same listeners as over HTTP. Also the Assistant side
 * panel: greeting with suggested prompts, then a question in its thread with "thinking…" status and a title.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import type { SlackBot } from "../../bots/slack/index.js";
import {
  appMention,
  DM,
  directMessage,
  eventCallback,
  gate,
  newTs,
  SLACK_USERS,
  type SlackHarness,
  slackHarness,
  slashCommand,
} from "./helpers.js";

let s: SlackHarness;
let wss: WebSocketServer;
let socket: WebSocket | undefined;
let socketBot: SlackBot;
const received: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  s = await slackHarness();
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  wss.on("connection", (ws) => {
    socket = ws;
    ws.on("message", (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        debug_info: { host: "fake" },
        connection_info: { app_id: "A0APP00001" },
      }),
    );
  });
  s.slack.setSocketUrl(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/?ticket=fake`);
  socketBot = s.extraBot({
    signingSecret: undefined,
    appToken: "xapp-1-test",
    model: {
      client: (await import("../../agent/model.js")).createModelClient({
        apiKey: "sk-test",
        baseURL: s.model.url,
        maxRetries: 0,
      }),
      name: "claude-test",
      toolSearch: "server",
    },
  }).bot;
  await socketBot.start();
});
afterAll(async () => {
  await socketBot.stop();
  await new Promise<void>((r) => wss.close(() => r()));
  await s.close();
});

/** Sends one envelope as Slack would and waits for the app's acknowledgement of it. */
async function envelope(type: string, payload: Record<string, unknown>, acceptsResponse = false) {
  const id = `env-${newTs()}`;
  socket!.send(
    JSON.stringify({
      envelope_id: id,
      type,
      payload,
      accepts_response_payload: acceptsResponse,
      retry_attempt: 0,
      retry_reason: "",
    }),
  );
  return s.slack.waitFor(() => received.find((m) => m.envelope_id === id), 5_000);
}

describe("Socket Mode", () => {
  it("connects with the app-level token and acks an event before the model answers", async () => {
    expect(s.slack.called("apps.connections.open")[0]?.headers.authorization).toBe("Bearer xapp-1-test");
    expect(socketBot.mode).toBe("socket");
    const hold = gate();
    s.model.script(async () => {
      await hold.promise;
      return { content: [{ type: "text", text: "Over the socket." }] };
    });
    const ts = newTs();
    const ack = await envelope(
      "events_api",
      appMention({ user: SLACK_USERS.owner, text: "Hi over the socket", ts }).json,
    );
    expect(ack).toMatchObject({ envelope_id: expect.any(String) });
    expect(s.slack.called("chat.startStream")).toHaveLength(0);
    hold.open();
    await socketBot.idle();
    await s.slack.waitFor(() => s.slack.called("chat.stopStream").length > 0);
    expect(s.slack.called("chat.startStream")[0]?.args).toMatchObject({ thread_ts: ts });
  });

  it("takes slash commands over the socket too", async () => {
    await envelope(
      "slash_commands",
      slashCommand({ user: SLACK_USERS.owner, text: "help", responseUrl: `${s.slack.url}/response/sock` })
        .form,
      true,
    );
    await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === "sock"));
  });
});

describe("Assistant side panel", () => {
  it("greets with suggested prompts, then answers in its thread with a status and a title", async () => {
    const threadTs = newTs();
    await s.send(
      eventCallback({
        type: "assistant_thread_started",
        assistant_thread: {
          user_id: SLACK_USERS.manager,
          context: { channel_id: "C0GENERAL1", team_id: "T0TEAM0001", enterprise_id: null },
          channel_id: DM,
          thread_ts: threadTs,
        },
        event_ts: newTs(),
      }),
    );
    await s.bot.idle();
    const greeting = s.slack.called("chat.postMessage").at(-1)!;
    expect(greeting.args).toMatchObject({ channel: DM, thread_ts: threadTs });
    expect(String(greeting.args.text)).toMatch(/^Hi manager user/);
    const prompts = s.slack.called("assistant.threads.setSuggestedPrompts").at(-1)!;
    expect((prompts.args.prompts as unknown[]).length).toBe(3);

    s.model.script({ content: [{ type: "text", text: "Pipeline looks healthy." }] });
    await s.send(directMessage({ user: SLACK_USERS.manager, text: "How is the pipeline?", threadTs }));
    await s.bot.idle();
    expect(s.slack.called("assistant.threads.setTitle").at(-1)?.args).toMatchObject({
      title: "How is the pipeline?",
    });
    expect(s.slack.called("assistant.threads.setStatus").at(-1)?.args).toMatchObject({
      status: "is thinking…",
    });
    const start = s.slack.called("chat.startStream").at(-1)!;
    expect(start.args).toMatchObject({ channel: DM, thread_ts: threadTs });
    expect(start.args.recipient_user_id).toBeUndefined();
    expect(
      s.slack
        .thread(DM, threadTs)
        .map((m) => m.streamed)
        .join(""),
    ).toContain("Pipeline looks healthy.");
  });
});
