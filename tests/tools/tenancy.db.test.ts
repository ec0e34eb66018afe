/**
 * Calls made as business A never return a ref of business B, whatever the input: every read tool with
 * default input, every get tool with B's id (not found), every list tool filtered by B's ids (empty).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantTables } from "../../db/catalog.js";
import { queryRows } from "../../db/client.js";
import { seedDemo } from "../../db/seed/demo.js";
import { withBusiness } from "../../db/tenancy.js";
import { ENTITIES } from "../../tools/entities.js";
import { fieldsOf } from "../../tools/fields.js";
import { registry, TOOLS } from "../../tools/index.js";
import { backend, createTestDb, type TestDb } from "../helpers/db.js";
import { FIXED_NOW } from "../helpers/tools.js";
import { sampleIds, sampleInput } from "./samples.js";

describe(`tools never cross businesses (${backend})`, () => {
  let db: TestDb;
  let a: { id: string; owner: string };
  let bIds: Set<string>;
  let bRows: Map<string, Record<string, unknown>>;
  let aRows: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    db = await createTestDb();
    const sa = await seedDemo(db.db, { scale: 0.05, seed: 11, today: "2026-11-25", name: "Alpha" });
    const sb = await seedDemo(db.db, { scale: 0.05, seed: 12, today: "2026-11-25", name: "Beta" });
    a = { id: sa.businessId, owner: sa.users.find((u) => u.role === "owner")!.id };
    const parts = tenantTables().map(
      (t) => sql`select id from ${sql.identifier(t.name)} where business_id = ${sb.businessId}`,
    );
    bIds = new Set(
      (await queryRows<{ id: string }>(db.db, sql.join(parts, sql` union all `))).map((r) => r.id),
    );
    bRows = await withBusiness(db.db, { businessId: sb.businessId }, sampleIds);
    aRows = await withBusiness(db.db, { businessId: a.id }, sampleIds);
  });
  afterAll(() => db.dispose());

  const callA = (name: string, input: unknown) =>
    registry.call({ db: db.db, businessId: a.id, userId: a.owner, now: FIXED_NOW }, name, input);

  const leaks = (output: Record<string, unknown>) =>
    JSON.stringify(output)
      .match(/[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}/g)
      ?.filter((id) => bIds.has(id)) ?? [];

  it("read tools with their default input return only A's records", async () => {
    for (const tool of TOOLS.filter((t) => t.access === "read")) {
      const r = await callA(tool.name, sampleInput(tool, aRows));
      expect(r.ok, tool.name).toBe(true);
      if (r.ok) expect(leaks(r.output), tool.name).toEqual([]);
    }
  });

  it("get tools given B's ids say not found", async () => {
    for (const spec of ENTITIES) {
      const row = bRows.get(spec.plural);
      if (!row) continue;
      const r = await callA(`${spec.plural}_get`, { id: row.id });
      expect(r.ok ? "ok" : r.error.code, spec.plural).toBe("not_found");
    }
  });

  it("list tools filtered by B's ids return nothing of B", async () => {
    for (const spec of ENTITIES) {
      for (const f of fieldsOf(spec).filter((x) => x.kind === "id" && x.idPrefix && x.key !== "id")) {
        const target = [...bRows.values()].find((r) => String(r.id).startsWith(`${f.idPrefix}_`));
        if (!target) continue;
        const r = await callA(`${spec.plural}_list`, { [f.key]: target.id });
        expect(r.ok, `${spec.plural}.${f.key}`).toBe(true);
        if (r.ok) expect((r.output.items as unknown[]).length, `${spec.plural}.${f.key}`).toBe(0);
      }
    }
  });

  it("writes aimed at B's records change nothing", async () => {
    for (const spec of ENTITIES.filter((e) => !e.readOnly)) {
      const row = bRows.get(spec.plural);
      if (!row) continue;
      const r = await callA(`${spec.plural}_write`, { method: "update", id: row.id, fields: {} });
      expect(r.ok ? "ok" : r.error.code, spec.plural).toBe("not_found");
    }
    const tag = await callA("records_tag", { id: bRows.get("customers")!.id, tags: ["stolen"] });
    expect(tag.ok ? "ok" : tag.error.code).toBe("not_found");
    const link = await callA("records_link", {
      fromId: aRows.get("deals")!.id,
      toId: bRows.get("customers")!.id,
    });
    expect(link.ok ? "ok" : link.error.code).toBe("not_found");
  });
});
