/**
 * Slack over HTTP on the Hono server: a Bolt receiver that takes a fetch `Request` (POST /slack/events — events,
 * slash commands, interactivity and shortcuts all arrive there), checks Slack's signature, answers
 * `url_verification` and `ssl_check`, drops retries of an event it already took, and hands the rest to Bolt.
 * The HTTP response is sent as soon as a listener calls `ack()` (Bolt's `processBeforeResponse: false`); the
 * listener's work — model turns, Web API calls — carries on after it, tracked so tests and shutdown can wait.
 */
import { parse as parseQuery } from "node:querystring";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { verifySlackRequest } from "@slack/bolt";
import type { Logger } from "../../log.js";

/** Slack allows five minutes of clock difference either way (its v0 signing algorithm). */
export const MAX_SKEW_SECONDS = 5 * 60;
/** Bolt's own limit for a request body. */
const BODY_LIMIT = 4 * 1024 * 1024;
/** Slack gives up after 3 s; without an ack by then the request is answered 404 like Bolt's HTTPReceiver does. */
const ACK_TIMEOUT_MS = 2_800;

export class SignatureError extends Error {
  override name = "SignatureError";
}

/**
 * Verifies Slack's `v0` signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret, compared
 * in constant time (Bolt's `verifySlackRequest`), and a timestamp no more than five minutes old — or ahead.
 */
export function verifySignature(
  signingSecret: string,
  headers: { timestamp: string | null; signature: string | null },
  body: string,
  nowMs = Date.now(),
): void {
  if (!headers.timestamp || !headers.signature)
    throw new SignatureError("missing x-slack-request-timestamp or x-slack-signature");
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts)) throw new SignatureError("x-slack-request-timestamp is not a number");
  if (ts > Math.floor(nowMs / 1000) + MAX_SKEW_SECONDS)
    throw new SignatureError("x-slack-request-timestamp is in the future");
  try {
    verifySlackRequest({
      signingSecret,
      body,
      headers: { "x-slack-signature": headers.signature, "x-slack-request-timestamp": ts },
      nowMilliseconds: nowMs,
    });
  } catch (err) {
    throw new SignatureError((err as Error).message);
  }
}

/**
 * Event ids already taken, so a retry Slack sends (x-slack-retry-num, same event_id) is acknowledged and
 * dropped. In memory, least recently seen out first: enough for one process; with several HTTP processes
 * behind a load balancer a retry that lands on another process can be answered twice.
 */
export class SeenEvents {
  private readonly ids = new Map<string, number>();
  constructor(
    private readonly max = 10_000,
    private readonly ttlMs = 60 * 60_000,
  ) {}

  /** True when the id was seen within the TTL; otherwise remembers it and returns false. */
  check(id: string, now = Date.now()): boolean {
    const at = this.ids.get(id);
    if (at !== undefined && now - at < this.ttlMs) return true;
    this.ids.delete(id);
    this.ids.set(id, now);
    if (this.ids.size > this.max) this.ids.delete(this.ids.keys().next().value!);
    return false;
  }
}

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Keeps the work that goes on after the ack, so it can be awaited. */
  track(work: Promise<unknown>): void;
  seen?: SeenEvents;
  now?: () => number;
}

export class HonoSlackReceiver implements Receiver {
  private bolt: App | undefined;
  private readonly seen: SeenEvents;

  constructor(private readonly opts: HttpReceiverOptions) {
    this.seen = opts.seen ?? new SeenEvents();
  }

  init(app: App): void {
    this.bolt = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** One request from Slack → its HTTP response (sent once a listener acks, not when its work is done). */
  async handle(req: Request): Promise<Response> {
    const log = this.opts.logger;
    const length = Number(req.headers.get("content-length") ?? 0);
    if (length > BODY_LIMIT) return new Response("payload too large", { status: 413 });
    const raw = await req.text();
    if (raw.length > BODY_LIMIT) return new Response("payload too large", { status: 413 });
    const form = (req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    // Slack checks the certificate with an unsigned ssl_check; nothing in it is processed.
    if (form && parseQuery(raw).ssl_check === "1") return new Response(null, { status: 200 });
    try {
      verifySignature(
        this.opts.signingSecret,
        {
          timestamp: req.headers.get("x-slack-request-timestamp"),
          signature: req.headers.get("x-slack-signature"),
        },
        raw,
        this.opts.now?.() ?? Date.now(),
      );
    } catch (err) {
      log.warn({ err: (err as Error).message }, "slack: request refused (signature)");
      return new Response("invalid signature", { status: 401 });
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, form);
    } catch {
      return new Response("malformed body", { status: 400 });
    }
    if (body.type === "url_verification") return Response.json({ challenge: body.challenge });
    if (!this.bolt) return new Response("not ready", { status: 503 });
    const retryNum = numberHeader(req.headers.get("x-slack-retry-num"));
    const retryReason = req.headers.get("x-slack-retry-reason") ?? undefined;
    if (
      body.type === "event_callback" &&
      typeof body.event_id === "string" &&
      this.seen.check(body.event_id)
    ) {
      log.info({ eventId: body.event_id, retryNum, retryReason }, "slack: retry of an event already taken");
      return new Response(null, { status: 200, headers: { "x-slack-no-retry": "1" } });
    }

    let settle!: (r: Response) => void;
    const response = new Promise<Response>((resolve) => {
      settle = resolve;
    });
    let acked = false;
    const timer = setTimeout(() => {
      if (acked) return;
      acked = true;
      log.error({ type: body.type }, "slack: no ack within 3 seconds");
      settle(new Response(null, { status: 404 }));
    }, ACK_TIMEOUT_MS);
    const event: ReceiverEvent = {
      body,
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason ? { retryReason } : {}),
      ack: async (reply?: unknown) => {
        if (acked) return;
        acked = true;
        clearTimeout(timer);
        settle(ackResponse(reply));
        // Let the response go out before the listener's work takes the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const bolt = this.bolt;
    const work = bolt
      .processEvent(event)
      .catch((err: unknown) => log.error({ err }, "slack: event processing failed"))
      .finally(() => {
        if (acked) return;
        // A request no listener acknowledged (no matching command or action).
        acked = true;
        clearTimeout(timer);
        settle(new Response(null, { status: 404 }));
      });
    this.opts.track(work);
    return response;
  }
}

function parseBody(raw: string, form: boolean): Record<string, unknown> {
  if (!form) return JSON.parse(raw) as Record<string, unknown>;
  const q = parseQuery(raw);
  if (typeof q.payload === "string") return JSON.parse(q.payload) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

function numberHeader(v: string | null): number | undefined {
  if (v === null) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? undefined : n;
}

function ackResponse(reply: unknown): Response {
  if (reply === undefined || reply === null || reply === "") return new Response(null, { status: 200 });
  if (typeof reply === "string") return new Response(reply, { status: 200 });
  return Response.json(reply);
}
