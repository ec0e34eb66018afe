/** What every Slack listener shares: the app's dependencies, identities, and the way to track background work. */
import type { webApi } from "@slack/bolt";
import type { AgentModel } from "../../agent/model.js";
import type { Db } from "../../db/client.js";
import type { ActionWorker } from "../../jobs/action-worker.js";
import type { Logger } from "../../log.js";
import type { Effects, Ref } from "../../tools/define.js";
import type { Registry } from "../../tools/registry.js";
import type { Identities } from "./identity.js";

export type WebClient = webApi.WebClient;

export interface SlackBotDeps {
  db: Db;
  registry: Registry;
  logger: Logger;
  /** Bot token (xoxb-…) of the installation; one workspace per install, several businesses per workspace. */
  botToken: string;
  /** HTTP mode (POST /slack/events): the app's signing secret. */
  signingSecret?: string;
  /** Socket Mode: the app-level token (xapp-…, scope connections:write). Wins over HTTP when both are set. */
  appToken?: string;
  /** Web API base URL (default https://slack.com/api/); tests point it at a local fake. */
  apiUrl?: string;
  /** Base of record links: `${publicUrl}/b/<slug>/r/<id>`. */
  publicUrl: string;
  appRole?: string;
  /** The model; without it answers come from command mode. */
  model?: AgentModel;
  /** Lets proposals compute exact previews (the email's sender). */
  effects?: Effects;
  /** Woken when an action is approved, so it runs at once. */
  worker: Pick<ActionWorker, "wake">;
  /** Stream answers with chat.startStream where Slack allows it (default true); else batched chat.update. */
  streaming?: boolean;
  /** Least time between two chat.update calls of one answer written without streaming (default 1500 ms). */
  updateIntervalMs?: number;
  /**
   * Answers worked on at once in this process (default 8); more wait their turn. Preparing a model call is CPU
   * work on the event loop (all tool definitions are serialized into each request), and so is every query on the
   * embedded database: capping it keeps acknowledgements fast when many questions arrive together.
   */
  maxConcurrentTurns?: number;
}

export interface BotContext {
  deps: SlackBotDeps;
  ids: Identities;
  logger: Logger;
  /** Keeps work that runs after the ack (so tests and shutdown can wait for it). */
  track<T>(work: Promise<T>): Promise<T>;
  /** Teams where chat.startStream was refused: answers there use chat.update from then on. */
  noStreaming: Set<string>;
  link(slug: string): (r: Ref) => string;
  /** Admits answers up to `maxConcurrentTurns` at a time. */
  turns: Semaphore;
  /** Brief buttons already used in this process (`channel:ts:action_id`), so a double click acts once. */
  usedSuggestions: Set<string>;
}

/** A counting semaphore: `run` waits for a free slot, first come first served. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly slots: number) {}

  /** How many are waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Whether the next `run` would wait. */
  get full(): boolean {
    return this.active >= this.slots;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    // Start on a later turn of the event loop, so requests waiting to be acknowledged go first.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** A Web API error's code (`not_in_channel`, `missing_scope`…), or its message. */
export function slackError(err: unknown): string {
  const data = (err as { data?: { error?: string } }).data;
  return data?.error ?? (err instanceof Error ? err.message : String(err));
}
