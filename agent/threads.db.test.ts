/** Conversation memory on PGlite and PostgreSQL: threads per surface key, history budget, summary, tenancy. */
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages/messages.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../db/errors.js";
import { createBusiness } from "../db/queries/businesses.js";
import { addMember, createUser } from "../db/queries/users.js";
import { threads } from "../db/schema/core.js";
import { withBusiness } from "../db/tenancy.js";
import { backend, createTestDb, type TestDb } from "../tests/helpers/db.js";
import {
  appendMessage,
  type HistoryMessage,
  loadHistory,
  openThread,
  SUMMARY_MAX_CHARS,
  type Thread,
} from "./threads.js";

describe(`conversation threads (${backend})`, () => {
  let db: TestDb;
  let a: string;
  let b: string;
  let userA: string;
  let userB: string;

  beforeAll(async () => {
    db = await createTestDb();
    a = (await createBusiness(db.db, { name: "Alpha Threads" })).id;
    b = (await createBusiness(db.db, { name: "Beta Threads" })).id;
    userA = (await createUser(db.db, { email: "alpha@threads.test", name: "Alpha" })).id;
    userB = (await createUser(db.db, { email: "beta@threads.test", name: "Beta" })).id;
    await addMember(db.db, { businessId: a, userId: userA, role: "owner" });
    await addMember(db.db, { businessId: b, userId: userB, role: "owner" });
  });
  afterAll(() => db.dispose());

  const open = (surfaceKey: string, surface: Thread["surface"] = "slack") =>
    openThread(db.db, { businessId: a, userId: userA, surface, surfaceKey });

  const threadRow = (id: string) =>
    withBusiness(db.db, { businessId: a }, async (tx) => {
      const [row] = await tx
        .select()
        .from(threads)
        .where(and(eq(threads.businessId, a), eq(threads.id, id)));
      return row!;
    });

  /** One exchange with a tool round trip: question, tool_use, a large tool_result, the answer citing a record. */
  const exchange = (n: number) => {
    const useId = `toolu_${String(n).padStart(4, "0")}`;
    const msgs: Array<{ role: "user" | "assistant"; content: MessageParam["content"]; text: string }> = [
      {
        role: "user",
        content: `Question ${n}: how much does Blue Door owe?`,
        text: `Question ${n}: how much?`,
      },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: useId, name: "invoices_list", input: { status: "sent" } }],
        text: "",
      },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: useId, content: "x".repeat(400) }],
        text: "",
      },
      {
        role: "assistant",
        content: [{ type: "text", text: `Answer ${n}: ${"owes $1,200. ".repeat(5)}` }],
        text: `Answer ${n}: ${"owes $1,200. ".repeat(5)}`,
      },
    ];
    return msgs;
  };

  const append = async (threadId: string, n: number) => {
    const msgs = exchange(n);
    for (const m of msgs) {
      const refs =
        m.role === "assistant" && m.text
          ? [{ type: "invoice", id: `inv_${n}`, label: `INV-${1000 + n}` }]
          : undefined;
      await appendMessage(db.db, a, { threadId, ...m, ...(refs ? { refs } : {}) });
    }
    return msgs.map((m): HistoryMessage => ({ role: m.role, content: m.content }));
  };

  it("opens one thread per (surface, surfaceKey)", async () => {
    const first = await openThread(db.db, {
      businessId: a,
      userId: userA,
      surface: "slack",
      surfaceKey: "C1:1700000000.0001",
      title: "AR question",
    });
    const again = await open("C1:1700000000.0001");
    const otherSurface = await open("C1:1700000000.0001", "discord");
    const otherKey = await open("C1:1700000000.0002");
    expect(again.id).toBe(first.id);
    expect(again.title).toBe("AR question");
    expect(again.userId).toBe(userA);
    expect(otherSurface.id).not.toBe(first.id);
    expect(otherKey.id).not.toBe(first.id);
  });

  it("returns messages in order, verbatim, with no summary while they fit", async () => {
    const t = await open("in-order");
    const sent = [...(await append(t.id, 1)), ...(await append(t.id, 2))];
    const history = await loadHistory(db.db, a, t.id);
    expect(history.summary).toBeNull();
    expect(history.messages).toEqual(sent);
  });

  it("summarizes what falls outside the budget, keeps the rest verbatim from a user turn, and does it once", async () => {
    const t = await open("over-budget");
    const sent: HistoryMessage[] = [];
    for (let n = 1; n <= 5; n++) sent.push(...(await append(t.id, n)));

    // A budget that reaches back into exchange 4 as far as its tool_result but not its tool_use: the
    // window must not start at that orphan tool_result (nor at the bare answer before it).
    const size = (m: HistoryMessage) => JSON.stringify(m).length;
    const last = sent.slice(-4);
    const budget = last.reduce((s, m) => s + size(m), 0) + size(sent.at(-5)!) + size(sent.at(-6)!) + 5;

    const history = await loadHistory(db.db, a, t.id, { budgetChars: budget });
    expect(history.messages).toEqual(last);
    expect(history.messages[0]!.role).toBe("user");
    expect(history.messages[0]!.content).toBe("Question 5: how much does Blue Door owe?");
    expect(JSON.stringify(history.messages).length).toBeLessThanOrEqual(budget);

    const summary = history.summary!;
    expect(summary).toMatch(/^Earlier in this conversation/);
    for (let n = 1; n <= 4; n++) {
      expect(summary).toContain(`Question ${n}`);
      expect(summary).toContain(`Answer ${n}`);
      expect(summary).toContain(`Invoice INV-${1000 + n} [inv_${n}]`);
    }
    expect(summary).not.toContain("Question 5");
    for (const line of summary.split("\n").slice(1)) expect(line.length).toBeLessThan(320);

    const stored = await threadRow(t.id);
    expect(stored.summary).toBe(summary);
    expect(stored.summarizedThroughId).toMatch(/^msg_/);

    // A second load: same result, and the thread row is not written again.
    const again = await loadHistory(db.db, a, t.id, { budgetChars: budget });
    expect(again).toEqual(history);
    const after = await threadRow(t.id);
    expect(after.updatedAt).toEqual(stored.updatedAt);
    expect(after.summarizedThroughId).toBe(stored.summarizedThroughId);

    // A new exchange pushes exchange 5 out: the summary is extended, not rebuilt.
    const sixth = await append(t.id, 6);
    const next = await loadHistory(db.db, a, t.id, { budgetChars: budget });
    expect(next.messages).toEqual(sixth);
    expect(next.summary!.startsWith(summary)).toBe(true);
    expect(next.summary).toContain("Question 5");
    expect((await threadRow(t.id)).summarizedThroughId! > stored.summarizedThroughId!).toBe(true);
  });

  it("keeps nothing verbatim when even the newest exchange is over budget, and caps the summary", async () => {
    const t = await open("tiny-budget");
    for (let n = 1; n <= 30; n++) await append(t.id, n);
    const history = await loadHistory(db.db, a, t.id, { budgetChars: 100 });
    expect(history.messages).toEqual([]);
    expect(history.summary!.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(history.summary).toContain("(older exchanges omitted)");
    expect(history.summary).toContain("Question 30");
    expect(history.summary).not.toContain("Question 1:");
  });

  it("does not show business A's threads to business B", async () => {
    const t = await open("shared-key");
    const sent = await append(t.id, 1);

    const fromB = await openThread(db.db, {
      businessId: b,
      userId: userB,
      surface: "slack",
      surfaceKey: "shared-key",
    });
    expect(fromB.id).not.toBe(t.id);
    expect(fromB.businessId).toBe(b);
    expect(await loadHistory(db.db, b, fromB.id)).toEqual({ summary: null, messages: [] });

    await expect(loadHistory(db.db, b, t.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      appendMessage(db.db, b, { threadId: t.id, role: "user", content: "hi", text: "hi" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await loadHistory(db.db, a, t.id)).messages).toEqual(sent);
  });
});
