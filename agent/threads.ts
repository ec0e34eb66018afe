/**
 * Conversation memory: one thread per (business, surface, surfaceKey), its messages as sent to and received
 * from the model, and `loadHistory`, which returns the recent messages that fit a budget plus a summary of
 * the older ones.
 */
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages/messages.js";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { NotFoundError } from "../db/errors.js";
import { newId } from "../db/ids.js";
import { messages, type THREAD_SURFACES, threads } from "../db/schema/core.js";
import { withBusiness } from "../db/tenancy.js";
import type { Ref } from "../tools/define.js";

export type Thread = typeof threads.$inferSelect;
export type StoredMessage = typeof messages.$inferSelect;
export type ThreadSurface = (typeof THREAD_SURFACES)[number];
export type HistoryMessage = Pick<MessageParam, "role" | "content">;

/** ~6k tokens of verbatim history per request. */
export const HISTORY_BUDGET_CHARS = 24_000;
/** The stored summary keeps its newest exchanges within this many characters. */
export const SUMMARY_MAX_CHARS = 4_000;
/** Each summarized exchange (question plus answer) is cut to about this many characters. */
export const EXCHANGE_MAX_CHARS = 200;
const SUMMARY_HEADER = "Earlier in this conversation (oldest first):";
const OMITTED_LINE = "- (older exchanges omitted)";
const MAX_CITED = 5;

export interface OpenThreadInput {
  businessId: string;
  userId: string;
  surface: ThreadSurface;
  /** The surface's own conversation key: Slack channel+thread ts, Discord channel, MCP session, … */
  surfaceKey: string;
  title?: string;
}

/**
 * The thread for this surface conversation, created on first use. Later calls return the same row (the
 * first opener stays its `userId`; a title is only filled in when the thread has none).
 */
export async function openThread(db: Db, input: OpenThreadInput): Promise<Thread> {
  if (!input.surfaceKey) throw new Error("openThread needs a non-empty surfaceKey");
  return withBusiness(db, { businessId: input.businessId, userId: input.userId }, async (tx) => {
    const [row] = await tx
      .insert(threads)
      .values({
        id: newId("thr"),
        businessId: input.businessId,
        surface: input.surface,
        surfaceKey: input.surfaceKey,
        userId: input.userId,
        title: input.title ?? null,
      })
      .onConflictDoUpdate({
        target: [threads.businessId, threads.surface, threads.surfaceKey],
        set: { title: sql`coalesce(${threads.title}, excluded.title)`, updatedAt: new Date() },
      })
      .returning();
    return row!;
  });
}

export interface AppendMessageInput {
  threadId: string;
  role: "user" | "assistant";
  userId?: string;
  /** Exactly what goes back to the model on a later turn: a string or content blocks. */
  content: MessageParam["content"];
  /** Plain text for people, search and the summary ("" for tool_use / tool_result messages). */
  text: string;
  refs?: Ref[];
  inputTokens?: number;
  outputTokens?: number;
}

/** Appends one message and touches the thread. Throws NotFoundError when the thread is not this business's. */
export async function appendMessage(
  db: Db,
  businessId: string,
  input: AppendMessageInput,
): Promise<StoredMessage> {
  const ctx = input.userId ? { businessId, userId: input.userId } : { businessId };
  return withBusiness(db, ctx, async (tx) => {
    const touched = await tx
      .update(threads)
      .set({ updatedAt: new Date() })
      .where(and(eq(threads.businessId, businessId), eq(threads.id, input.threadId)))
      .returning({ id: threads.id });
    if (touched.length === 0) throw new NotFoundError(`No thread with id ${JSON.stringify(input.threadId)}`);
    const [row] = await tx
      .insert(messages)
      .values({
        id: newId("msg"),
        businessId,
        threadId: input.threadId,
        role: input.role,
        userId: input.userId ?? null,
        content: input.content,
        text: input.text,
        refs: input.refs ?? [],
        inputTokens: input.inputTokens ?? null,
        outputTokens: input.outputTokens ?? null,
      })
      .returning();
    return row!;
  });
}

export interface History {
  /** Older exchanges in a few lines, for the system prompt or a preamble; null while everything fits. */
  summary: string | null;
  /** Oldest first; starts at a user's own message (never a tool_result), ready to precede the new one. */
  messages: HistoryMessage[];
}

/**
 * The thread's memory for the next model request: the newest messages whose JSON fits `budgetChars`, and a
 * summary of everything older. Messages that fall out of the budget are folded into `threads.summary` once
 * (tracked by `summarized_through_id`), so repeated loads neither redo nor rewrite it.
 *
 * The summary is deterministic text built without a model: each earlier exchange as the user's question
 * and the answer, cut to ~200 characters, with the records it cited. A model-written summary can replace
 * `summarizeExchange` later without changing the storage or the callers.
 *
 * Throws NotFoundError when the thread is not this business's.
 */
export async function loadHistory(
  db: Db,
  businessId: string,
  threadId: string,
  opts: { budgetChars?: number } = {},
): Promise<History> {
  const budget = opts.budgetChars ?? HISTORY_BUDGET_CHARS;
  return withBusiness(db, { businessId }, async (tx) => {
    const [thread] = await tx
      .select()
      .from(threads)
      .where(and(eq(threads.businessId, businessId), eq(threads.id, threadId)));
    if (!thread) throw new NotFoundError(`No thread with id ${JSON.stringify(threadId)}`);

    const through = thread.summarizedThroughId;
    const rows = await tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.businessId, businessId),
          eq(messages.threadId, threadId),
          through ? gt(messages.id, through) : undefined,
        ),
      )
      .orderBy(asc(messages.id));

    const start = windowStart(rows, budget);
    const kept = trimIncompleteTail(rows.slice(start));
    const overflow = rows.slice(0, start);
    let summary = thread.summary;
    if (overflow.length > 0) {
      summary = extendSummary(summary, overflow);
      const last = overflow[overflow.length - 1]!.id;
      // Conditional on the old mark: of two concurrent loads only one writes; both return the same text.
      await tx
        .update(threads)
        .set({ summary, summarizedThroughId: last })
        .where(
          and(
            eq(threads.businessId, businessId),
            eq(threads.id, threadId),
            through ? eq(threads.summarizedThroughId, through) : isNull(threads.summarizedThroughId),
          ),
        );
    }
    return { summary: summary ?? null, messages: kept.map(toHistory) };
  });
}

function toHistory(row: StoredMessage): HistoryMessage {
  return { role: row.role, content: row.content as MessageParam["content"] };
}

function sizeOf(row: StoredMessage): number {
  return JSON.stringify(toHistory(row)).length;
}

/** A message the user wrote, as opposed to tool results the agent sends back under the user role. */
function isUserTurn(row: StoredMessage): boolean {
  if (row.role !== "user") return false;
  const content = row.content as MessageParam["content"];
  return typeof content === "string" || !content.some((b) => b.type === "tool_result");
}

/**
 * Index of the first message to keep: the earliest user turn such that it and everything after it fit the
 * budget; `rows.length` (keep nothing) when even the newest exchange does not fit.
 */
function windowStart(rows: StoredMessage[], budget: number): number {
  let used = 0;
  let start = rows.length;
  for (let i = rows.length - 1; i >= 0; i--) {
    used += sizeOf(rows[i]!);
    if (used > budget) break;
    if (isUserTurn(rows[i]!)) start = i;
  }
  return start;
}

/** Drops a trailing assistant tool_use with no tool_result after it (a turn that died mid-way). */
function trimIncompleteTail(rows: StoredMessage[]): StoredMessage[] {
  let end = rows.length;
  while (end > 0) {
    const last = rows[end - 1]!;
    const content = last.content as MessageParam["content"];
    const pendingToolUse =
      last.role === "assistant" && typeof content !== "string" && content.some((b) => b.type === "tool_use");
    if (!pendingToolUse) break;
    end--;
  }
  return rows.slice(0, end);
}

/** Appends one line per exchange in `rows` (which start at a user turn) and keeps the newest lines in budget. */
function extendSummary(previous: string | null, rows: StoredMessage[]): string {
  const lines = previous ? previous.split("\n").slice(1) : [];
  let exchange: StoredMessage[] = [];
  for (const row of rows) {
    if (isUserTurn(row) && exchange.length > 0) {
      lines.push(`- ${summarizeExchange(exchange)}`);
      exchange = [];
    }
    exchange.push(row);
  }
  if (exchange.length > 0) lines.push(`- ${summarizeExchange(exchange)}`);

  const body = lines.filter((l) => l !== OMITTED_LINE);
  let omitted = body.length < lines.length;
  const fits = () => [SUMMARY_HEADER, ...(omitted ? [OMITTED_LINE] : []), ...body].join("\n").length;
  while (body.length > 1 && fits() > SUMMARY_MAX_CHARS) {
    body.shift();
    omitted = true;
  }
  return [SUMMARY_HEADER, ...(omitted ? [OMITTED_LINE] : []), ...body].join("\n");
}

/** One exchange as a line: what the user asked, what the assistant answered, which records it cited. */
export function summarizeExchange(rows: StoredMessage[]): string {
  const question = rows.find(isUserTurn);
  const answers = rows.filter((r) => r.role === "assistant").map(plainText);
  const answer = answers.filter(Boolean).at(-1) ?? "";
  const askedMax = Math.min(plainText(question).length, Math.floor(EXCHANGE_MAX_CHARS * 0.4));
  let line = `user asked "${clip(plainText(question), askedMax)}"`;
  line += answer
    ? `; assistant answered "${clip(answer, EXCHANGE_MAX_CHARS - askedMax)}"`
    : "; no answer was recorded";

  const cited = new Map<string, Ref>();
  for (const row of rows) for (const ref of (row.refs ?? []) as Ref[]) cited.set(ref.id, ref);
  const refs = [...cited.values()];
  if (refs.length > 0) {
    const shown = refs.slice(0, MAX_CITED).map(refLabel);
    if (refs.length > MAX_CITED) shown.push(`${refs.length - MAX_CITED} more`);
    line += ` (cited: ${shown.join(", ")})`;
  }
  return line.replace(/\s+/g, " ");
}

function refLabel(ref: Ref): string {
  const type = ref.type.charAt(0).toUpperCase() + ref.type.slice(1);
  const label = ref.label.toLowerCase().startsWith(ref.type.toLowerCase())
    ? ref.label
    : `${type} ${ref.label}`;
  return `${label} [${ref.id}]`;
}

function plainText(row: StoredMessage | undefined): string {
  if (!row) return "";
  if (row.text.trim()) return row.text;
  const content = row.content as MessageParam["content"];
  if (typeof content === "string") return content;
  return content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join(" ");
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
