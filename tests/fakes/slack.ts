/**
 * A local fake of the Slack Web API (`POST /api/<method>`, what `clientOptions.slackApiUrl` points at) and of
 * `response_url` endpoints (`POST /response/<id>`) for tests and benchmarks. It records every call and answers
 * the way Slack does — `ok: true`, a fresh `ts`, the channel — keeping the messages it was asked to post, update
 * and stream so a test can read a message as a person would see it last.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";

export interface FakeSlackCall {
  method: string;
  /** The arguments as sent; form values holding JSON (blocks, chunks, metadata…) are parsed back. */
  args: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FakeSlackUser {
  id: string;
  teamId: string;
  name?: string;
  /** Omit to act as an app without users:read.email (Slack then leaves the email out). */
  email?: string;
  isBot?: boolean;
  deleted?: boolean;
}

/** A message as it stands after every post, update and stream call that touched it. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
  /** Markdown streamed with chat.startStream / appendStream / stopStream. */
  streamed?: string;
  streaming?: boolean;
  updates: number;
}

export interface FakeSlack {
  /** Base for `slackApiUrl`, ending in `/api/`. */
  apiUrl: string;
  /** Base of this server, for building response_url values (`${url}/response/<id>`). */
  url: string;
  calls: FakeSlackCall[];
  /** Posts to response_url endpoints, with the id from the path. */
  responses: Array<{ id: string; body: Record<string, unknown>; at: number }>;
  users: Map<string, FakeSlackUser>;
  messages: Map<string, FakeSlackMessage>;
  /** Calls of one method, in order. */
  called(method: string): FakeSlackCall[];
  /** The message at channel/ts as it stands now. */
  message(channel: string, ts: string): FakeSlackMessage | undefined;
  /** Messages posted in a channel (optionally in one thread), oldest first. */
  thread(channel: string, threadTs?: string): FakeSlackMessage[];
  /** Make a method answer `{ ok: false, error }` (until cleared with `fail(method)`). */
  fail(method: string, error?: string): void;
  /** Where apps.connections.open sends Socket Mode clients (a local WebSocket server in tests). */
  setSocketUrl(url: string): void;
  /** Add latency to every answer (ms), e.g. to make a benchmark realistic. */
  setLatency(ms: number): void;
  /** Waits until `check` returns a truthy value (polling), or throws after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

const JSON_ARGS = new Set(["blocks", "chunks", "attachments", "metadata", "prompts", "unfurls", "view"]);

export async function startFakeSlack(
  opts: { teamId?: string; botUserId?: string; users?: FakeSlackUser[] } = {},
): Promise<FakeSlack> {
  const teamId = opts.teamId ?? "T0FAKE";
  const botUserId = opts.botUserId ?? "U0BOT";
  const calls: FakeSlackCall[] = [];
  const responses: FakeSlack["responses"] = [];
  const users = new Map((opts.users ?? []).map((u) => [u.id, u]));
  const messages = new Map<string, FakeSlackMessage>();
  const failures = new Map<string, string>();
  let latency = 0;
  let socketUrl: string | undefined;
  let clock = 1_800_000_000;
  let seq = 0;
  const nextTs = () => `${clock + Math.floor(++seq / 1000)}.${String(seq % 1_000_000).padStart(6, "0")}`;
  const key = (channel: string, ts: string) => `${channel}/${ts}`;

  function post(channel: string, args: Record<string, unknown>): FakeSlackMessage {
    const m: FakeSlackMessage = {
      channel,
      ts: nextTs(),
      ...(typeof args.thread_ts === "string" ? { threadTs: args.thread_ts } : {}),
      text: typeof args.text === "string" ? args.text : "",
      blocks: Array.isArray(args.blocks) ? (args.blocks as FakeSlackMessage["blocks"]) : [],
      updates: 0,
    };
    messages.set(key(channel, m.ts), m);
    return m;
  }

  function chunkText(args: Record<string, unknown>): string {
    let text = typeof args.markdown_text === "string" ? args.markdown_text : "";
    for (const c of (args.chunks as Array<{ type: string; text?: string }> | undefined) ?? [])
      if (c.type === "markdown_text" && c.text) text += c.text;
    return text;
  }

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const failure = failures.get(method);
    if (failure) return { ok: false, error: failure };
    const channel = String(args.channel ?? args.channel_id ?? "");
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.test/",
          team: "Fake",
          user: "omni",
          team_id: teamId,
          user_id: botUserId,
          bot_id: "B0BOT",
        };
      case "chat.postMessage": {
        const m = post(channel, args);
        return { ok: true, channel, ts: m.ts, message: { text: m.text, ts: m.ts, user: botUserId } };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.update": {
        const m = messages.get(key(channel, String(args.ts)));
        if (!m) return { ok: false, error: "message_not_found" };
        if (typeof args.text === "string") m.text = args.text;
        if (Array.isArray(args.blocks)) m.blocks = args.blocks as FakeSlackMessage["blocks"];
        m.updates++;
        return { ok: true, channel, ts: m.ts, text: m.text };
      }
      case "chat.startStream": {
        if (typeof args.thread_ts !== "string") return { ok: false, error: "invalid_arguments" };
        const m = post(channel, { thread_ts: args.thread_ts });
        m.streamed = chunkText(args);
        m.streaming = true;
        return { ok: true, channel, ts: m.ts };
      }
      case "chat.appendStream":
      case "chat.stopStream": {
        const m = messages.get(key(channel, String(args.ts)));
        if (!m?.streaming) return { ok: false, error: "message_not_in_streaming_state" };
        m.streamed = (m.streamed ?? "") + chunkText(args);
        m.updates++;
        if (method === "chat.stopStream") {
          m.streaming = false;
          if (Array.isArray(args.blocks)) m.blocks = args.blocks as FakeSlackMessage["blocks"];
          return { ok: true, channel, ts: m.ts, message: { ts: m.ts } };
        }
        return { ok: true, channel, ts: m.ts };
      }
      case "users.info": {
        const u = users.get(String(args.user));
        if (!u) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.teamId,
            name: u.name ?? u.id.toLowerCase(),
            deleted: u.deleted ?? false,
            is_bot: u.isBot ?? false,
            profile: { real_name: u.name ?? u.id, ...(u.email ? { email: u.email } : {}) },
          },
        };
      }
      case "chat.getPermalink":
        return {
          ok: true,
          channel,
          permalink: `https://fake.slack.test/archives/${channel}/p${String(args.message_ts).replace(".", "")}`,
        };
      case "apps.connections.open":
        return socketUrl ? { ok: true, url: socketUrl } : { ok: false, error: "invalid_auth" };
      case "conversations.replies":
        return { ok: true, messages: [], has_more: false };
      default:
        return { ok: true };
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (latency) await new Promise((r) => setTimeout(r, latency));
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (path.startsWith("/response/")) {
        responses.push({ id: path.slice("/response/".length), body: safeJson(raw), at: Date.now() });
        return reply(200, { ok: true });
      }
      if (!path.startsWith("/api/")) return reply(404, { ok: false, error: "unknown_path" });
      const method = path.slice("/api/".length);
      const args = (req.headers["content-type"] ?? "").includes("application/json")
        ? safeJson(raw)
        : decodeForm(raw);
      calls.push({ method, args, headers: req.headers, at: Date.now() });
      reply(200, answer(method, args));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${url}/api/`,
    url,
    calls,
    responses,
    users,
    messages,
    called: (method) => calls.filter((c) => c.method === method),
    message: (channel, ts) => messages.get(key(channel, ts)),
    thread: (channel, threadTs) =>
      [...messages.values()].filter(
        (m) => m.channel === channel && (threadTs === undefined || m.threadTs === threadTs),
      ),
    fail(method, error) {
      if (error) failures.set(method, error);
      else failures.delete(method);
    },
    setSocketUrl(url) {
      socketUrl = url;
    },
    setLatency(ms) {
      latency = ms;
    },
    async waitFor(check, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = check();
        if (v) return v;
        if (Date.now() > until) throw new Error("fake Slack: timed out waiting");
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      messages.clear();
      failures.clear();
      clock += 1000;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function decodeForm(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parseQuery(raw))) {
    const value = Array.isArray(v) ? v[0] : v;
    out[k] = JSON_ARGS.has(k) && typeof value === "string" ? safeJson(value) : value;
  }
  return out;
}

function safeJson(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { raw };
  }
}
