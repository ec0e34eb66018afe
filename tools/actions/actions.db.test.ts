/**
 * AI actions end to end on both backends: what the AI asks for is proposed with an exact preview and changes
 * nothing; approvals re-check roles, exactly one of many concurrent approvals wins, the worker runs it once,
 * rejection and expiry reach the thread, and every transition is in the audit chain.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../db/audit.js";
import { queryRows } from "../../db/client.js";
import type { Role } from "../../db/schema/core.js";
import { messages, tasks, threads } from "../../db/schema/core.js";
import { createActionWorker } from "../../jobs/action-worker.js";
import { FIXED_NOW, type ToolHarness, toolHarness } from "../../tests/helpers/tools.js";
import type { CallResult } from "../registry.js";
import { type ActionCard, decideAction, getAction, listActions, onActionOutcome } from "./index.js";

let h: ToolHarness;
let threadId: string;

const asAi = (role: Role, tool: string, input: unknown, opts: { untrusted?: boolean; now?: Date } = {}) =>
  h.registry.call(
    {
      db: h.db.db,
      businessId: h.businessId,
      userId: h.users[role],
      now: opts.now ?? FIXED_NOW,
      actor: "ai",
      threadId,
      untrusted: opts.untrusted ?? false,
    },
    tool,
    input,
  );

function pendingOf(r: CallResult): ActionCard {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  if (!r.pending) throw new Error(`expected a proposal, got ${JSON.stringify(r.output)}`);
  return r.pending;
}

const decide = (
  role: Role,
  actionId: string,
  decision: "approve" | "reject",
  note?: string,
  now = FIXED_NOW,
) =>
  decideAction(h.db.db, { businessId: h.businessId, userId: h.users[role], actionId, decision, note, now });

const worker = () => createActionWorker({ db: h.db.db, registry: h.registry, clock: () => FIXED_NOW });

const taskCount = (title: string) =>
  h.tx(async (tx) => (await tx.select().from(tasks).where(eq(tasks.title, title))).length);

const threadTexts = () =>
  h.tx(async (tx) =>
    (await tx.select().from(messages).where(eq(messages.threadId, threadId)).orderBy(messages.id)).map(
      (m) => m.text,
    ),
  );

beforeAll(async () => {
  h = await toolHarness();
  threadId = await h.tx(async (tx) => {
    const [t] = await tx
      .insert(threads)
      .values({
        id: "thr_01KAAAAAAAAAAAAAAAAAAAAAAA",
        businessId: h.businessId,
        surface: "cli",
        surfaceKey: "t",
      })
      .returning();
    return t!.id;
  });
}, 60_000);
afterAll(() => h.db.dispose());

describe("proposals", () => {
  it("an AI write is proposed with its preview and writes nothing; the same call by a person runs", async () => {
    const card = pendingOf(
      await asAi("staff", "tasks_create", { title: "Call the roaster", due: "2026-11-27" }),
    );
    expect(card.status).toBe("proposed");
    expect(card.summary).toBe("Task for staff user: Call the roaster, due 2026-11-27T23:59:59.000Z");
    expect(card.preview).toMatchObject({ task: { title: "Call the roaster", priority: "normal" } });
    expect(card.threadId).toBe(threadId);
    expect(card.fromUntrustedContent).toBe(false);
    expect(await taskCount("Call the roaster")).toBe(0);

    const direct = await h.call("staff", "tasks_create", { title: "Done by hand" });
    expect(direct.ok && !direct.pending).toBe(true);
    expect(await taskCount("Done by hand")).toBe(1);
  });

  it("a CRUD write is previewed by rehearsal: the preview is the record the approved run creates", async () => {
    const customer = await h.ok("owner", "customers_write", {
      method: "create",
      fields: { name: "Preview Café", email: "ap@preview.test" },
    });
    const card = pendingOf(
      await asAi("manager", "contacts_write", {
        method: "create",
        fields: { firstName: "Rita", lastName: "Preview", email: "rita@preview.test" },
      }),
    );
    expect(card.preview).toMatchObject({
      method: "create",
      record: { firstName: "Rita", lastName: "Preview" },
    });
    expect((card.preview.record as Record<string, unknown>).id).toBeUndefined();
    expect((await decide("manager", card.id, "approve")).ok).toBe(true);
    await worker().drain();
    const done = await getAction(h.db.db, {
      businessId: h.businessId,
      userId: h.users.owner,
      actionId: card.id,
    });
    expect(done?.status).toBe("succeeded");
    const created = (done!.result as { record: Record<string, unknown> }).record;
    const { id: _i, createdAt: _c, updatedAt: _u, ...fields } = created;
    expect(fields).toEqual(card.preview.record);
    expect(customer).toBeDefined();
  });

  it("tagging runs at once for the AI, but is proposed after the turn read outside content", async () => {
    const task = await h.ok("owner", "tasks_create", { title: "Tag me" });
    const id = (task as { taskId: string }).taskId;
    const now = await asAi("staff", "records_tag", { id, tags: ["urgent"] });
    expect(now.ok && !now.pending).toBe(true);
    const later = pendingOf(await asAi("staff", "records_tag", { id, tags: ["later"] }, { untrusted: true }));
    expect(later.fromUntrustedContent).toBe(true);
  });

  it("a role that may not use a tool cannot even propose it", async () => {
    const r = await asAi("staff", "finance_issue_invoice", {
      customer_id: "cus_01KAAAAAAAAAAAAAAAAAAAAAAA",
      lines: [{ description: "x", unit_price: "1.00" }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("forbidden");
  });

  it("bad input is refused at proposal time, and nothing is stored", async () => {
    const before = await listActions(h.db.db, {
      businessId: h.businessId,
      userId: h.users.owner,
      limit: 200,
    });
    const r = await asAi("owner", "tasks_create", { title: "x", assignee: "nobody@else.test" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("not_found");
    const after = await listActions(h.db.db, { businessId: h.businessId, userId: h.users.owner, limit: 200 });
    expect(after.length).toBe(before.length);
  });
});

describe("decisions", () => {
  it("the approver's role is checked at decision time; the owner's approval runs it once", async () => {
    const card = pendingOf(
      await asAi("staff", "marketing_schedule_post", {
        social_account_id: await socialAccount(),
        body: "Holiday blend is back!",
        scheduled_at: "2026-12-01T09:00:00-05:00",
      }),
    );
    expect(card.approverRoles).toEqual(["owner", "manager"]);
    expect(card.preview).toMatchObject({
      post: { body: "Holiday blend is back!", scheduledAt: "2026-12-01T14:00:00.000Z" },
    });
    const listed = await listActions(h.db.db, { businessId: h.businessId, userId: h.users.staff });
    expect(listed.find((a) => a.id === card.id)?.canDecide).toBe(false);

    const refused = await decide("staff", card.id, "approve");
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe("forbidden");
      expect(refused.error.message).toMatch(/owner or manager/);
    }
    const heard: string[] = [];
    const off = onActionOutcome((o) => heard.push(`${o.card.id}:${o.card.status}`));
    expect((await decide("owner", card.id, "approve")).ok).toBe(true);
    await worker().drain();
    off();
    const posts = await h.tx((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from posts where body = 'Holiday blend is back!'`,
      ),
    );
    expect(posts[0]!.n).toBe(1);
    expect(heard).toContain(`${card.id}:succeeded`);
    expect((await threadTexts()).at(-1)).toMatch(/^Done: .*Holiday blend/);
    const again = await decide("manager", card.id, "approve");
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe("conflict");
  });

  it("of 20 concurrent approvals exactly one wins, and the task is created once", async () => {
    const card = pendingOf(await asAi("staff", "tasks_create", { title: "Race me" }));
    const w = worker();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        decideAction(
          h.db.db,
          {
            businessId: h.businessId,
            userId: h.users[i % 2 ? "owner" : "manager"],
            actionId: card.id,
            decision: "approve",
            now: FIXED_NOW,
          },
          { onApproved: () => w.wake() },
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === "conflict")).toHaveLength(19);
    await Promise.all([w.drain(), worker().drain(), worker().drain()]);
    expect(await taskCount("Race me")).toBe(1);
  });

  it("a rejection with a reason reaches the thread and nothing runs", async () => {
    const card = pendingOf(await asAi("staff", "tasks_create", { title: "Reject me" }));
    const r = await decide("staff", card.id, "reject", "not needed");
    expect(r.ok && r.action.status).toBe("rejected");
    await worker().drain();
    expect(await taskCount("Reject me")).toBe(0);
    expect((await threadTexts()).at(-1)).toMatch(/Reject me.*was rejected by staff user: not needed/);
  });

  it("stale proposals expire by the sweep, and a late approval is refused", async () => {
    const card = pendingOf(await asAi("staff", "tasks_create", { title: "Too late" }));
    const later = new Date(FIXED_NOW.getTime() + 8 * 24 * 3_600_000);
    await createActionWorker({ db: h.db.db, registry: h.registry, clock: () => later }).drain();
    const after = await getAction(h.db.db, {
      businessId: h.businessId,
      userId: h.users.owner,
      actionId: card.id,
    });
    expect(after?.status).toBe("expired");
    const late = await decide("owner", card.id, "approve", undefined, later);
    expect(late.ok).toBe(false);
    expect((await threadTexts()).at(-1)).toMatch(/Too late.*expired/);
  });

  it("an approval found past its expiry expires instead of running", async () => {
    const card = pendingOf(await asAi("staff", "tasks_create", { title: "Expired on approval" }));
    const later = new Date(FIXED_NOW.getTime() + 8 * 24 * 3_600_000);
    const r = await decide("owner", card.id, "approve", undefined, later);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/expired/);
    const after = await getAction(h.db.db, {
      businessId: h.businessId,
      userId: h.users.owner,
      actionId: card.id,
    });
    expect(after?.status).toBe("expired");
  });

  it("a failed run is reported, with the reason, and the effect rolled back", async () => {
    const account = await socialAccount();
    const card = pendingOf(
      await asAi("manager", "marketing_schedule_post", {
        social_account_id: account,
        body: "Fails later",
        scheduled_at: "2026-12-02T09:00:00Z",
      }),
    );
    await h.ok("owner", "social_accounts_write", {
      method: "update",
      id: account,
      fields: { status: "inactive" },
    });
    expect((await decide("owner", card.id, "approve")).ok).toBe(true);
    await worker().drain();
    const after = await getAction(h.db.db, {
      businessId: h.businessId,
      userId: h.users.owner,
      actionId: card.id,
    });
    expect(after?.status).toBe("failed");
    expect(after?.error).toMatch(/inactive/);
    expect((await threadTexts()).at(-1)).toMatch(/failed: .*inactive/);
    await h.ok("owner", "social_accounts_write", {
      method: "update",
      id: account,
      fields: { status: "active" },
    });
  });

  it("unknown ids and other businesses' actions are not found", async () => {
    const r = await decide("owner", "act_01KAAAAAAAAAAAAAAAAAAAAAAA", "approve");
    expect(!r.ok && r.error.code).toBe("not_found");
    const bad = await decide("owner", "nonsense", "approve");
    expect(!bad.ok && bad.error.code).toBe("not_found");
  });

  it("every transition is in the audit chain, and the chain verifies", async () => {
    const rows = await h.tx((tx) =>
      queryRows<{ action: string }>(
        tx,
        sql`select action from events where entity_type = 'ai_action' order by seq`,
      ),
    );
    const kinds = new Set(rows.map((r) => r.action));
    for (const k of ["proposed", "approved", "rejected", "expired", "executing", "succeeded", "failed"])
      expect(kinds).toContain(`action.${k}`);
    const report = await h.tx((tx) => verifyChain(tx, h.businessId));
    expect(report.ok).toBe(true);
  });
});

async function socialAccount(): Promise<string> {
  const existing = await h.tx((tx) =>
    queryRows<{ id: string }>(tx, sql`select id from social_accounts where handle = 'harborpine' limit 1`),
  );
  if (existing[0]) return existing[0].id;
  const out = await h.ok("owner", "social_accounts_write", {
    method: "create",
    fields: { platform: "instagram", handle: "harborpine" },
  });
  return (out.record as { id: string }).id;
}
