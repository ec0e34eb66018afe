import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantTables } from "../../db/catalog.js";
import { exportBusiness } from "../../db/export.js";
import { seedDemo } from "../../db/seed/demo.js";
import { backend, createTestDb, type TestDb } from "../helpers/db.js";

describe(`export-business (${backend})`, () => {
  let db: TestDb;
  let businessId: string;
  let other: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-export-"));
  beforeAll(async () => {
    db = await createTestDb();
    businessId = (
      await seedDemo(db.db, { scale: 0.05, seed: 5, today: "2026-11-25", name: "Export Espresso" })
    ).businessId;
    other = (await seedDemo(db.db, { scale: 0.05, seed: 6, today: "2026-11-25", name: "Other Oven" }))
      .businessId;
  });
  afterAll(async () => {
    await db.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes every table as JSON Lines and CSV, with rows, and only this business's rows", async () => {
    const file = path.join(dir, "export.zip");
    const res = await exportBusiness(db.db, businessId, file, { batchSize: 500 });
    const zip = unzipSync(fs.readFileSync(file));
    const text = (name: string) => new TextDecoder().decode(zip[name]);
    const expected = [
      ...tenantTables()
        .map((t) => t.name)
        .filter((n) => !["api_tokens", "chat_link_codes", "web_invitations"].includes(n)),
      "businesses",
      "users",
    ];
    for (const name of expected) {
      expect(zip[`${name}.jsonl`], `${name}.jsonl`).toBeDefined();
      expect(zip[`${name}.csv`], `${name}.csv`).toBeDefined();
      const lines = text(`${name}.jsonl`).trim().split("\n");
      expect(lines.length, name).toBe(res.tables[name]);
      expect(res.tables[name], `${name} has rows`).toBeGreaterThan(0);
      const csvLines = text(`${name}.csv`).trim().split("\n");
      expect(csvLines.length, `${name}.csv header + rows`).toBeGreaterThanOrEqual(res.tables[name]! + 1);
      if (name !== "users") {
        for (const l of lines.slice(0, 50)) {
          const row = JSON.parse(l) as { businessId?: string; id: string };
          expect(row.businessId ?? row.id).toBe(businessId);
        }
      }
    }
    const all = Object.keys(zip)
      .map((k) => text(k))
      .join("\n");
    expect(all.includes(other)).toBe(false);
    expect(all).not.toMatch(/scrypt\$/); // password hashes never leave
  });
});
