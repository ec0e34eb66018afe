/**
 * A local fake of the Anthropic Messages API (`POST /v1/messages`) for tests: it replays scripted replies
 * with the real wire format (JSON or server-sent events, error bodies and headers) and records every request.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeCacheControl {
  type: "ephemeral";
  ttl?: "5m" | "1h";
}

/** The request body as the client sent it (parsed JSON); only the fields tests usually look at are typed. */
export interface FakeRequestBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string | Array<{ type: "text"; text: string; cache_control?: FakeCacheControl }>;
  tools?: Array<{
    name: string;
    description?: string;
    input_schema?: unknown;
    cache_control?: FakeCacheControl;
  }>;
  messages: Array<{ role: "user" | "assistant"; content: string | Array<Record<string, unknown>> }>;
  [field: string]: unknown;
}

export interface FakeRequest {
  method: string;
  path: string;
  /** Node's lower-cased header map. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` when there was none or it was not JSON. */
  body: FakeRequestBody | undefined;
  /** The body exactly as received. */
  raw: string;
}

export type FakeContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  /** Anthropic's server tool search: the call, then its result naming the deferred tools it loaded. */
  | {
      type: "server_tool_use";
      id: string;
      name: "tool_search_tool_bm25" | "tool_search_tool_regex";
      input: Record<string, unknown>;
    }
  | {
      type: "tool_search_tool_result";
      tool_use_id: string;
      content: {
        type: "tool_search_tool_search_result";
        tool_references: Array<{ type: "tool_reference"; tool_name: string }>;
      };
    };

export interface FakeMessageReply {
  content: FakeContentBlock[];
  /** Defaults to `tool_use` when the content has a tool_use block, else `end_turn`. */
  stop_reason?: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence" | "pause_turn" | "refusal";
  stop_sequence?: string | null;
  /** Defaults to the content's JSON length / 4. */
  output_tokens?: number;
}

export type FakeErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

export interface FakeErrorReply {
  status: 400 | 401 | 429 | 500 | 529;
  type: FakeErrorType;
  message: string;
  /**
   * Seconds, sent as the `retry-after` header. The SDK reads fractions (0.01 = 10 ms) but treats 0 as
   * "no advice" and falls back to its 0.5–8 s backoff, so use a small positive value to keep tests fast.
   */
  retryAfter?: number;
  /**
   * Answer a streaming request with HTTP 200 and an `event: error` in the stream (after message_start),
   * as the real API does when it overloads mid-response. Ignored for non-streaming requests.
   */
  midStream?: boolean;
}

export type FakeReply = FakeMessageReply | FakeErrorReply;
/** A scripted reply, or a function that picks one from the request (e.g. from the tools it carries). */
export type FakeScript =
  | FakeReply
  | ((request: FakeRequest & { body: FakeRequestBody }) => FakeReply | Promise<FakeReply>);

export interface FakeAnthropicOptions {
  /** Replies to queue up front; more can be added with `script()`. */
  script?: FakeScript[];
  /** When set, only this key is accepted (else any non-empty key is). */
  apiKey?: string;
  /**
   * Prefixes shorter than this many (approximate) tokens are not cached, like the real API's per-model
   * minimum (1024–4096 tokens). Default 0, so short test prompts cache.
   */
  minCacheableTokens?: number;
  /** Characters per text_delta / input_json_delta event when streaming. Defaults 12 and 10. */
  textChunkChars?: number;
  jsonChunkChars?: number;
}

export interface FakeAnthropic {
  /** Base URL for `new Anthropic({ baseURL })`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received, in order, including rejected ones (401, 400, script ran out). */
  requests: FakeRequest[];
  /** Queue more replies; each request to /v1/messages that passes auth and validation takes the next one. */
  script(...replies: FakeScript[]): void;
  close(): Promise<void>;
}

const CHARS_PER_TOKEN = 4;
const tokens = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);
const randomId = (prefix: string): string => `${prefix}${randomBytes(12).toString("base64url")}`;

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const queue: FakeScript[] = [...(opts.script ?? [])];
  const requests: FakeRequest[] = [];
  const cache = new PromptCache(opts.minCacheableTokens ?? 0);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A throwing script function is a test bug: answer loudly and do not let the client retry.
      const message = `fake Anthropic: ${err instanceof Error ? err.message : String(err)}`;
      if (!res.headersSent) sendError(res, { status: 500, type: "api_error", message }, { noRetry: true });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let body: FakeRequestBody | undefined;
    try {
      body = raw ? (JSON.parse(raw) as FakeRequestBody) : undefined;
    } catch {
      body = undefined;
    }
    const request: FakeRequest = {
      method: req.method ?? "GET",
      path,
      headers: req.headers,
      body,
      raw,
    };
    requests.push(request);

    if (req.method !== "POST" || path !== "/v1/messages") {
      return sendError(res, { status: 404, type: "not_found_error", message: "Not Found" });
    }
    const authProblem = checkKey(req.headers, opts.apiKey);
    if (authProblem)
      return sendError(res, { status: 401, type: "authentication_error", message: authProblem });
    if (!req.headers["anthropic-version"]) {
      return sendError(res, invalid("anthropic-version: header is required"));
    }
    const bodyProblem = checkBody(body);
    if (bodyProblem || !body) return sendError(res, invalid(bodyProblem ?? "body must be JSON"));

    const next = queue.shift();
    if (next === undefined) {
      const message = `fake Anthropic: the script ran out of replies (request #${requests.length}, model ${body.model})`;
      return sendError(res, { status: 500, type: "api_error", message }, { noRetry: true });
    }
    const reply = typeof next === "function" ? await next({ ...request, body }) : next;

    if ("status" in reply) {
      if (body.stream && reply.midStream) return streamError(res, body, reply);
      return sendError(res, reply);
    }
    const usage = cache.account(body);
    const message = {
      id: randomId("msg_"),
      type: "message",
      role: "assistant",
      model: body.model,
      content: reply.content,
      stop_reason:
        reply.stop_reason ?? (reply.content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn"),
      stop_sequence: reply.stop_sequence ?? null,
      stop_details: null,
      usage: {
        ...usage,
        output_tokens: reply.output_tokens ?? tokens(JSON.stringify(reply.content).length),
        service_tier: "standard",
        inference_geo: "not_available",
      },
    };
    if (body.stream) return streamMessage(res, message);
    res.writeHead(200, { "content-type": "application/json", "request-id": randomId("req_") });
    res.end(JSON.stringify(message));
  }

  type WireMessage = {
    id: string;
    model: string;
    content: FakeContentBlock[];
    stop_reason: string;
    stop_sequence: string | null;
    usage: ReturnType<PromptCache["account"]> & { output_tokens: number };
  };

  /** The real event sequence: message_start, ping, per block start/delta…/stop, message_delta, message_stop. */
  function streamMessage(res: ServerResponse, message: WireMessage): void {
    startStream(res);
    const { usage } = message;
    sendEvent(res, "message_start", {
      type: "message_start",
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    message.content.forEach((block, index) => {
      if (block.type === "text") {
        sendEvent(res, "content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: "text", text: "" },
        });
        if (index === 0) sendEvent(res, "ping", { type: "ping" });
        for (const text of chunk(block.text, opts.textChunkChars ?? 12)) {
          sendEvent(res, "content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "text_delta", text },
          });
        }
      } else if (block.type === "tool_search_tool_result") {
        // Server tool results arrive whole in their content_block_start.
        sendEvent(res, "content_block_start", { type: "content_block_start", index, content_block: block });
      } else {
        sendEvent(res, "content_block_start", {
          type: "content_block_start",
          index,
          content_block: { type: block.type, id: block.id, name: block.name, input: {} },
        });
        if (index === 0) sendEvent(res, "ping", { type: "ping" });
        // The real API opens every tool input with an empty partial_json, then sends the JSON in pieces.
        for (const partial_json of ["", ...chunk(JSON.stringify(block.input), opts.jsonChunkChars ?? 10)]) {
          sendEvent(res, "content_block_delta", {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json },
          });
        }
      }
      sendEvent(res, "content_block_stop", { type: "content_block_stop", index });
    });
    sendEvent(res, "message_delta", {
      type: "message_delta",
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: null },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
      },
    });
    sendEvent(res, "message_stop", { type: "message_stop" });
    res.end();
  }

  function streamError(res: ServerResponse, body: FakeRequestBody, reply: FakeErrorReply): void {
    startStream(res);
    const usage = cache.account(body);
    sendEvent(res, "message_start", {
      type: "message_start",
      message: {
        id: randomId("msg_"),
        type: "message",
        role: "assistant",
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        usage: { ...usage, output_tokens: 1, service_tier: "standard", inference_geo: "not_available" },
      },
    });
    sendEvent(res, "error", { type: "error", error: { type: reply.type, message: reply.message } });
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Prompt-cache accounting that behaves like the real API, so tests can catch a prompt that busts the cache.
 *
 * The prompt is read in the API's order — tools, then system blocks, then message content blocks — and every
 * block carrying `cache_control` is a breakpoint. The cache key of a breakpoint is the model plus the
 * byte-exact JSON of everything up to and including that block (re-serialized from the parsed body, so key
 * order counts but whitespace does not). On a request, the longest breakpoint prefix seen before is reported
 * as `cache_read_input_tokens`; the rest up to the last breakpoint as `cache_creation_input_tokens` (and
 * remembered); what follows the last breakpoint as `input_tokens`. Token counts are approximate: characters
 * of that JSON / 4. Unlike the real API there is no TTL and no 20-block lookback limit; a prefix below
 * `minCacheableTokens` is neither written nor read, as the real API silently declines to cache it.
 */
class PromptCache {
  readonly #seen = new Set<string>();

  constructor(readonly minCacheableTokens: number) {}

  account(body: FakeRequestBody) {
    const blocks: Array<{ json: string; cache?: FakeCacheControl | undefined }> = [];
    for (const tool of body.tools ?? [])
      blocks.push({ json: JSON.stringify(tool), cache: tool.cache_control });
    if (typeof body.system === "string") blocks.push({ json: JSON.stringify(body.system) });
    else
      for (const block of body.system ?? [])
        blocks.push({ json: JSON.stringify(block), cache: block.cache_control });
    for (const message of body.messages) {
      const content = typeof message.content === "string" ? [message.content] : message.content;
      for (const block of content) {
        const cache =
          typeof block === "string" ? undefined : (block.cache_control as FakeCacheControl | undefined);
        blocks.push({ json: JSON.stringify([message.role, block]), cache });
      }
    }

    let prefix = body.model;
    let chars = 0;
    const breakpoints: Array<{ key: string; chars: number; ttl: "5m" | "1h" }> = [];
    for (const block of blocks) {
      prefix += block.json;
      chars += block.json.length;
      if (block.cache) breakpoints.push({ key: prefix, chars, ttl: block.cache.ttl ?? "5m" });
    }

    const cacheable = breakpoints.filter((b) => tokens(b.chars) >= this.minCacheableTokens);
    const hit = cacheable.findLast((b) => this.#seen.has(b.key));
    const last = cacheable.at(-1);
    const read = hit ? tokens(hit.chars) : 0;
    const created = last && last !== hit ? tokens(last.chars) - read : 0;
    for (const b of cacheable) this.#seen.add(b.key);
    return {
      input_tokens: Math.max(1, tokens(chars) - read - created),
      cache_creation_input_tokens: created,
      cache_read_input_tokens: read,
      cache_creation: {
        ephemeral_5m_input_tokens: last?.ttl === "1h" ? 0 : created,
        ephemeral_1h_input_tokens: last?.ttl === "1h" ? created : 0,
      },
    };
  }
}

function checkKey(headers: IncomingHttpHeaders, expected: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  const xApiKey = headers["x-api-key"];
  const key = (typeof xApiKey === "string" && xApiKey) || bearer;
  if (!key) return "x-api-key header is required";
  if (expected !== undefined && key !== expected) return "invalid x-api-key";
  return undefined;
}

function checkBody(body: FakeRequestBody | undefined): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return "body: Input should be an object";
  if (typeof body.model !== "string") return "model: Field required";
  if (typeof body.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(body.messages)) return "messages: Field required";
  return undefined;
}

const invalid = (message: string) => ({ status: 400, type: "invalid_request_error", message });

/** The real error shape: `{"type":"error","error":{"type","message"},"request_id"}` plus a `request-id` header. */
function sendError(
  res: ServerResponse,
  error: { status: number; type: string; message: string; retryAfter?: number | undefined },
  { noRetry = false } = {},
): void {
  const requestId = randomId("req_");
  const headers: Record<string, string> = { "content-type": "application/json", "request-id": requestId };
  if (error.retryAfter !== undefined) headers["retry-after"] = String(error.retryAfter);
  // x-should-retry is a header the SDK obeys; the fake uses it so its own failures are not retried.
  if (noRetry) headers["x-should-retry"] = "false";
  res.writeHead(error.status, headers);
  res.end(
    JSON.stringify({
      type: "error",
      error: { type: error.type, message: error.message },
      request_id: requestId,
    }),
  );
}

function startStream(res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "request-id": randomId("req_"),
  });
}

/** One SSE event; the SDK ignores events without an `event:` line, so it is always sent. */
function sendEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Splits by code point so no chunk ends inside a surrogate pair. */
function chunk(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}
