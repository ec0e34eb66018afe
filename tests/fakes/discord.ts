/**
 * A local fake of the Discord REST API for tests and benchmarks: point discord.js REST at it with
 * `new REST({ api: fake.api })`. It records every call and answers like Discord: interaction callbacks and
 * typing with 204; webhook and channel messages with a message object (ids are increasing snowflakes);
 * command registration with the commands it was given. `fail` makes the next matching calls answer an error.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface DiscordCall {
  method: string;
  /** The route after /api/v10, e.g. /webhooks/123/tok/messages/@original. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | unknown[] | undefined;
  /** performance.now() when the request arrived (same clock as the test's). */
  at: number;
  /** What the fake answered (undefined for 204). */
  response?: Record<string, unknown> | unknown[];
}

export interface FakeDiscord {
  /** For `new REST({ api })`. */
  api: string;
  calls: DiscordCall[];
  /** Calls whose method and path match. */
  find(method: string, path: RegExp | string): DiscordCall[];
  /** The next `times` calls matching `path` answer `status` with a Discord error body. */
  fail(path: RegExp, status: number, times?: number): void;
  /** Delay every answer by this many ms (to mimic the network). */
  delayMs: number;
  close(): Promise<void>;
}

let seq = 0n;
const snowflake = () => String((BigInt(Date.now() - 1420070400000) << 22n) + ++seq);

/** `channelId`: the channel interaction webhook messages are said to be in (Discord knows it; the fake does not). */
export async function startFakeDiscord(opts: { channelId?: string } = {}): Promise<FakeDiscord> {
  const webhookChannel = opts.channelId ?? "300000000000000003";
  const calls: DiscordCall[] = [];
  const failures: Array<{ path: RegExp; status: number; times: number }> = [];
  /** @original of each interaction token, so edits keep one id and channel. */
  const originals = new Map<string, string>();
  const fake = { delayMs: 0 } as FakeDiscord;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const path = url.pathname.replace(/^\/api\/v\d+/, "");
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: DiscordCall["body"];
      try {
        body = raw ? (JSON.parse(raw) as DiscordCall["body"]) : undefined;
      } catch {
        body = undefined;
      }
      const call: DiscordCall = {
        at: performance.now(),
        method: req.method ?? "GET",
        path,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      };
      calls.push(call);
      const answer = (status: number, json?: Record<string, unknown> | unknown[]) => {
        call.response = json;
        setTimeout(() => {
          if (json === undefined) {
            res.writeHead(status);
            res.end();
            return;
          }
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(json));
        }, fake.delayMs);
      };

      const failure = failures.find((f) => f.times > 0 && f.path.test(path));
      if (failure) {
        failure.times--;
        return answer(failure.status, { message: "Unknown Webhook", code: 10015 });
      }
      const message = (id: string, channelId: string) => ({
        id,
        channel_id: channelId,
        type: 0,
        content: "",
        embeds: [],
        components: [],
        ...(body && !Array.isArray(body) ? body : {}),
        timestamp: new Date().toISOString(),
      });
      if (/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(path) || /^\/channels\/[^/]+\/typing$/.test(path))
        return answer(204);
      const edit = /^\/webhooks\/[^/]+\/([^/]+)\/messages\/(@original|\d+)$/.exec(path);
      if (edit) {
        if (call.method === "DELETE") return answer(204);
        const token = edit[1]!;
        let id = edit[2]!;
        if (id === "@original") {
          id = originals.get(token) ?? snowflake();
          originals.set(token, id);
        }
        return answer(200, message(id, webhookChannel));
      }
      if (/^\/webhooks\/[^/]+\/[^/]+$/.test(path) && call.method === "POST")
        return answer(200, message(snowflake(), webhookChannel));
      const channel = /^\/channels\/([^/]+)\/messages(?:\/(\d+))?$/.exec(path);
      if (channel) return answer(200, message(channel[2] ?? snowflake(), channel[1]!));
      if (/^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/.test(path) && call.method === "PUT")
        return answer(
          200,
          (Array.isArray(body) ? body : []).map((c) => ({ id: snowflake(), ...(c as object) })),
        );
      return answer(404, { message: "404: Not Found", code: 0 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    api: `http://127.0.0.1:${port}/api`,
    calls,
    find: (method: string, path: RegExp | string) =>
      calls.filter(
        (c) => c.method === method && (typeof path === "string" ? c.path === path : path.test(c.path)),
      ),
    fail(path: RegExp, status: number, times = 1) {
      failures.push({ path, status, times });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}
