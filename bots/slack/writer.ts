/**
 * Writing an answer while the model produces it. In a thread, Slack's streaming API (chat.startStream /
 * appendStream / stopStream through the Web API's ChatStreamer, which buffers to spare rate limits) shows the
 * text as it comes, and the sources are added when the stream stops. Where streaming is not possible (a DM's
 * top level) or Slack refuses it, a placeholder message is posted at once and updated at most every
 * `intervalMs` (chat.update is rate limited), then replaced by the final Block Kit answer. Long answers
 * continue in further messages of the same thread.
 */
import type { Logger } from "../../log.js";
import type { Ref } from "../../tools/define.js";
import { slackError, type WebClient } from "./context.js";
import {
  answerMessages,
  escapeText,
  type KnownBlock,
  SECTION_MAX,
  sourcesBlock,
  toMrkdwn,
} from "./render.js";

export interface ReplyTarget {
  teamId: string;
  channel: string;
  /** The thread to answer in; undefined answers at the top level (a DM). */
  threadTs?: string;
  /** The Slack user who asked (streams outside DMs are addressed to them). */
  userId: string;
  /** An Assistant container thread: "thinking…" shows through assistant.threads.setStatus. */
  assistant?: boolean;
}

export interface AnswerWriter {
  /** Shows that work started (a placeholder or a status). */
  start(): Promise<void>;
  append(delta: string): Promise<void>;
  /** A short progress note while tools run. */
  status(text: string): Promise<void>;
  finish(markdown: string, refs: Ref[]): Promise<void>;
  fail(message: string): Promise<void>;
}

export interface WriterOptions {
  client: WebClient;
  logger: Logger;
  link: (r: Ref) => string;
  stream: boolean;
  intervalMs: number;
  /** Called when Slack refuses streaming, so the team's next answers do not try again. */
  onStreamRefused?: () => void;
}

/** Streamed text beyond this goes to continuation messages (chat.startStream takes 12,000 per call). */
const STREAM_MAX = 11_000;
const THINKING = "_Thinking…_";

export function openWriter(target: ReplyTarget, opts: WriterOptions): AnswerWriter {
  return opts.stream && target.threadTs ? new StreamWriter(target, opts) : new UpdateWriter(target, opts);
}

/** Posts a list of messages into the target's thread (or top level), returning the first one's ts. */
async function postAll(
  client: WebClient,
  target: ReplyTarget,
  messages: Array<{ text: string; blocks: KnownBlock[] }>,
): Promise<string | undefined> {
  let first: string | undefined;
  for (const m of messages) {
    const r = await client.chat.postMessage({
      channel: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      text: m.text,
      blocks: m.blocks,
    });
    first ??= r.ts;
  }
  return first;
}

class StreamWriter implements AnswerWriter {
  private readonly streamer: ReturnType<WebClient["chatStream"]>;
  private streamed = "";
  private overflow = "";
  private broken = false;
  private lastStatus = "";

  constructor(
    private readonly target: ReplyTarget,
    private readonly opts: WriterOptions,
  ) {
    const dm = target.channel.startsWith("D");
    this.streamer = opts.client.chatStream({
      channel: target.channel,
      thread_ts: target.threadTs!,
      ...(dm ? {} : { recipient_team_id: target.teamId, recipient_user_id: target.userId }),
      buffer_size: 200,
    });
  }

  async start(): Promise<void> {
    await this.status("is thinking…");
  }

  async append(delta: string): Promise<void> {
    if (this.broken || this.overflow || this.streamed.length + delta.length > STREAM_MAX) {
      this.overflow += delta;
      return;
    }
    this.streamed += delta;
    try {
      await this.streamer.append({ markdown_text: delta });
    } catch (err) {
      this.refused(err);
    }
  }

  /** Slack shows the status after the app's name: "Omni is looking at finance ar aging…". */
  async status(text: string): Promise<void> {
    const status = /^is /.test(text) ? text : `is ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
    if (!this.target.assistant || status === this.lastStatus) return;
    this.lastStatus = status;
    await this.opts.client.assistant.threads
      .setStatus({ channel_id: this.target.channel, thread_ts: this.target.threadTs!, status })
      .catch((err: unknown) => this.opts.logger.debug({ err: slackError(err) }, "slack: setStatus failed"));
  }

  async finish(markdown: string, refs: Ref[]): Promise<void> {
    const sources = sourcesBlock(refs, this.opts.link);
    if (!this.broken) {
      try {
        // A turn that streamed nothing (all its text came in one piece) still answers through the stream.
        const whole = markdown || "(no answer)";
        const rest = this.streamed ? "" : whole.slice(0, STREAM_MAX);
        if (!this.streamed) this.overflow = whole.slice(STREAM_MAX);
        await this.streamer.stop({
          ...(rest ? { markdown_text: rest } : {}),
          ...(sources && !this.overflow ? { blocks: [sources] } : {}),
        });
        if (this.overflow)
          await postAll(this.opts.client, this.target, answerMessages(this.overflow, refs, this.opts.link));
        return;
      } catch (err) {
        this.refused(err);
      }
    }
    // Streaming failed: the whole answer as ordinary messages (a started stream is closed first).
    if (this.streamer.ts) await this.streamer.stop().catch(() => {});
    await postAll(this.opts.client, this.target, answerMessages(markdown, refs, this.opts.link));
  }

  async fail(message: string): Promise<void> {
    const text = `:warning: ${message}`;
    if (!this.broken && this.streamer.ts) {
      try {
        await this.streamer.stop({ markdown_text: `\n\n${text}` });
        return;
      } catch {}
    }
    await postAll(this.opts.client, this.target, [
      { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: escapeText(text) } }] },
    ]);
  }

  private refused(err: unknown): void {
    this.broken = true;
    this.opts.logger.warn({ err: slackError(err) }, "slack: streaming refused; answering with messages");
    if (!this.streamer.ts) this.opts.onStreamRefused?.();
  }
}

class UpdateWriter implements AnswerWriter {
  private ts: string | undefined;
  private text = "";
  private note = "";
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private done = false;

  constructor(
    private readonly target: ReplyTarget,
    private readonly opts: WriterOptions,
  ) {}

  async start(): Promise<void> {
    const r = await this.opts.client.chat.postMessage({
      channel: this.target.channel,
      ...(this.target.threadTs ? { thread_ts: this.target.threadTs } : {}),
      text: "Thinking…",
      blocks: [{ type: "context", elements: [{ type: "mrkdwn", text: THINKING }] }],
    });
    this.ts = r.ts;
    this.last = Date.now();
  }

  async append(delta: string): Promise<void> {
    this.text += delta;
    this.schedule();
  }

  async status(text: string): Promise<void> {
    this.note = text;
    this.schedule();
  }

  async finish(markdown: string, refs: Ref[]): Promise<void> {
    const [first, ...more] = answerMessages(markdown, refs, this.opts.link);
    await this.settle();
    if (this.ts) {
      await this.opts.client.chat.update({ channel: this.target.channel, ts: this.ts, ...first! });
      if (more.length) await postAll(this.opts.client, this.target, more);
    } else await postAll(this.opts.client, this.target, [first!, ...more]);
  }

  async fail(message: string): Promise<void> {
    const text = `:warning: ${message}`;
    const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: escapeText(text) } }];
    await this.settle();
    if (this.ts)
      await this.opts.client.chat.update({ channel: this.target.channel, ts: this.ts, text, blocks });
    else await postAll(this.opts.client, this.target, [{ text, blocks }]);
  }

  /** No more interim updates; waits for the one in flight. */
  private async settle(): Promise<void> {
    this.done = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.done || this.timer || !this.ts) return;
    const wait = Math.max(0, this.opts.intervalMs - (Date.now() - this.last));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.done) return;
      this.last = Date.now();
      this.inFlight = this.inFlight.then(() => this.interim());
    }, wait);
  }

  /** The text so far (its tail cut to one section) with a "…" to show more is coming. */
  private async interim(): Promise<void> {
    if (this.done || !this.ts) return;
    let body = toMrkdwn(this.text);
    if (body.length > SECTION_MAX - 40) body = `${body.slice(0, SECTION_MAX - 40)}…`;
    const blocks: KnownBlock[] = [];
    if (body.trim()) blocks.push({ type: "section", text: { type: "mrkdwn", text: body } });
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: this.note ? `_${escapeText(this.note)}_` : THINKING }],
    });
    try {
      await this.opts.client.chat.update({
        channel: this.target.channel,
        ts: this.ts,
        text: body.slice(0, 150) || "Thinking…",
        blocks,
      });
    } catch (err) {
      this.opts.logger.warn({ err: slackError(err) }, "slack: interim update failed");
    }
  }
}
