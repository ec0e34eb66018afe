import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

describe(`registry call pipeline (${backend})`, () => {
  let h: ToolHarness;
  beforeAll(async () => {
    h = await toolHarness();
  });
  afterAll(() => h.db.dispose());

  const error = async (...args: Parameters<ToolHarness["call"]>) => {
    const r = await h.call(...args);
    if (r.ok) throw new Error(`${args[1]} unexpectedly succeeded`);
    return r.error;
  };

  it("an unknown tool suggests the nearest names", async () => {
    const e = await error("owner", "invoice_list", {});
    expect(e.code).toBe("unknown_tool");
    expect(e.hint).toMatch(/invoices_list/);
  });

  it("wrong types and unknown enum values name the field and what is allowed", async () => {
    const e = await error("owner", "tasks_list", { priority: "asap", limit: "ten" });
    expect(e.code).toBe("invalid_input");
    expect(e.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^priority: expected one of low, normal, high, urgent/),
        expect.stringMatching(/^limit: expected number/),
      ]),
    );
  });

  it("read-only sessions may read but not write", async () => {
    expect((await h.call("owner", "tasks_list", {}, { readOnly: true })).ok).toBe(true);
    const e = await error(
      "owner",
      "tasks_write",
      { method: "create", fields: { title: "x" } },
      { readOnly: true },
    );
    expect(e.code).toBe("read_only");
    expect(((await h.ok("owner", "tasks_list", {})).items as unknown[]).length).toBe(0);
  });

  it("a user who is not a member is refused", async () => {
    const r = await h.registry.call(
      { db: h.db.db, businessId: h.businessId, userId: "usr_01JZZZZZZZZZZZZZZZZZZZZZZZ" },
      "tasks_list",
      {},
    );
    expect(r.ok ? "ok" : r.error.code).toBe("forbidden");
  });

  it("writes append to the audit chain with the actor and tool; reads do not", async () => {
    const before = (await h.ok("owner", "events_list", { limit: 100 })).items as unknown[];
    await h.ok("manager", "tasks_write", { method: "create", fields: { title: "Audit me" } });
    await h.ok("manager", "tasks_list", {});
    const after = (await h.ok("owner", "events_list", { limit: 100, sort: "occurredAt", order: "desc" }))
      .items as Record<string, unknown>[];
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({
      action: "tool.tasks_write",
      tool: "tasks_write",
      actorType: "user",
      actorId: h.users.manager,
      entityType: "task",
    });
  });
});
