/**
 * Every tool on the demo business: called by the owner with a valid input, it succeeds and its output
 * validates against its schema (the registry checks that); then every role × every tool is allowed or
 * refused exactly as the permission table says, and refusals write nothing.
 */

import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, ROLES } from "../../db/schema/index.js";
import { seedDemo } from "../../db/seed/demo.js";
import { withBusiness } from "../../db/tenancy.js";
import { createSmtpSender } from "../../integrations/email/smtp-sender.js";
import { saveSmtpSettings } from "../../integrations/email/smtp-settings.js";
import { toolDefinition } from "../../tools/describe.js";
import { registry, TOOLS } from "../../tools/index.js";
import { allowed } from "../../tools/permissions.js";
import { type SmtpSink, startSmtpSink } from "../fakes/smtp-sink.js";
import { backend, createTestDb, type TestDb } from "../helpers/db.js";
import { FIXED_NOW } from "../helpers/tools.js";
import { sampleIds, sampleInput } from "./samples.js";

describe(`every tool on the demo business (${backend})`, () => {
  let db: TestDb;
  let businessId: string;
  let users: Record<string, string>;
  let rows: Map<string, Record<string, unknown>>;
  // Tools that send email reach a real SMTP server (a local sink) through the business's own settings.
  const key = randomBytes(32);
  const mail = createSmtpSender({ key, timeoutMs: 5_000 });
  let sink: SmtpSink;

  beforeAll(async () => {
    db = await createTestDb();
    const seeded = await seedDemo(db.db, {
      scale: 0.05,
      seed: 7,
      today: "2026-11-25",
      name: "Every Tool Café",
    });
    businessId = seeded.businessId;
    users = Object.fromEntries(seeded.users.map((u) => [u.role, u.id]));
    rows = await withBusiness(db.db, { businessId }, sampleIds);
    sink = await startSmtpSink();
    await withBusiness(db.db, { businessId }, (tx) =>
      saveSmtpSettings(
        tx,
        businessId,
        { host: sink.host, port: sink.port, from: "hello@every.test" },
        undefined,
        key,
      ),
    );
  });
  afterAll(async () => {
    mail.close();
    await sink.close();
    await db.dispose();
  });

  const call = (role: string, name: string, input: unknown) =>
    registry.call(
      { db: db.db, businessId, userId: users[role]!, now: FIXED_NOW, effects: { mail } },
      name,
      input,
    );
  const eventCount = () =>
    withBusiness(db.db, { businessId }, async (tx) => (await tx.select({ n: count() }).from(events))[0]!.n);

  it("each tool succeeds for the owner and returns refs", async () => {
    const failures: string[] = [];
    for (const tool of TOOLS) {
      const r = await call("owner", tool.name, sampleInput(tool, rows));
      if (!r.ok)
        failures.push(
          `${tool.name}: ${r.error.code} ${r.error.message} ${(r.error.issues ?? []).join("; ")}`,
        );
      else expect(Array.isArray(r.output.refs), tool.name).toBe(true);
    }
    expect(failures).toEqual([]);
  });

  it("each definition renders to JSON Schema with an object input", () => {
    for (const tool of TOOLS) expect(toolDefinition(tool).inputSchema.type, tool.name).toBe("object");
  });

  for (const role of ROLES) {
    it(`${role}: allowed or refused exactly as the permission table says; refusals write nothing`, async () => {
      const wrong: string[] = [];
      for (const tool of TOOLS) {
        const before = tool.access === "read" ? 0 : await eventCount();
        const r = await call(role, tool.name, sampleInput(tool, rows));
        const may = allowed(role, tool.module, tool.access);
        if (may && !r.ok) wrong.push(`${tool.name} refused: ${r.error.code} ${r.error.message}`);
        if (!may) {
          if (r.ok || r.error.code !== "forbidden") wrong.push(`${tool.name} not refused`);
          if (tool.access !== "read" && (await eventCount()) !== before)
            wrong.push(`${tool.name} wrote an event`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
