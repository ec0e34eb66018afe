/**
 * Exactly-once email against a real SMTP server (the smtp-server package): the preview is the message that
 * arrives; 20 concurrent approvals deliver one message; a worker killed between the send and the mark, then
 * retried, delivers no second copy. The crash test needs a second process on the same database (PostgreSQL).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { activities } from "../../db/schema/sales.js";
import { createSmtpSender } from "../../integrations/email/smtp-sender.js";
import { saveSmtpSettings } from "../../integrations/email/smtp-settings.js";
import { createActionWorker } from "../../jobs/action-worker.js";
import { type SmtpSink, startSmtpSink } from "../../tests/fakes/smtp-sink.js";
import { backend } from "../../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../../tests/helpers/tools.js";
import type { OutgoingEmail } from "../define.js";
import { type ActionCard, decideAction, getAction } from "./index.js";

const key = randomBytes(32);
let h: ToolHarness;
let sink: SmtpSink;
const mail = createSmtpSender({ key, timeoutMs: 5_000 });
const effects = { mail };

beforeAll(async () => {
  h = await toolHarness({ businessName: "Harbor Mail Co" });
  sink = await startSmtpSink();
  await h.tx((tx) =>
    saveSmtpSettings(
      tx,
      h.businessId,
      { host: sink.host, port: sink.port, secure: false, from: '"Harbor Mail" <hello@harbor.test>' },
      undefined,
      key,
    ),
  );
}, 60_000);
afterAll(async () => {
  mail.close();
  await sink.close();
  await h.db.dispose();
});

async function proposeEmail(subject: string): Promise<ActionCard> {
  const r = await h.registry.call(
    { db: h.db.db, businessId: h.businessId, userId: h.users.staff, now: new Date(), actor: "ai", effects },
    "email_send",
    { to: ["ana@customer.test"], subject, body: `Hello Ana,\n\n${subject}.\n\nHarbor Mail` },
  );
  if (!r.ok || !r.pending) throw new Error(JSON.stringify(r));
  return r.pending;
}

const received = (subject: string) => sink.messages.filter((m) => m.subject === subject);
const status = async (id: string) =>
  (await getAction(h.db.db, { businessId: h.businessId, userId: h.users.owner, actionId: id }))!;

describe("email_send as an approved action", () => {
  it("proposes the exact message and sends nothing until approved", async () => {
    const card = await proposeEmail("Your beans have shipped");
    const email = card.preview.email as OutgoingEmail;
    expect(card.summary).toBe("Email ana@customer.test: Your beans have shipped");
    expect(email).toMatchObject({ from: '"Harbor Mail" <hello@harbor.test>', to: ["ana@customer.test"] });
    expect(email.messageId).toMatch(/^<.+@harbor\.test>$/);
    expect(card.approverRoles).toEqual(["owner", "manager"]);
    await createActionWorker({ db: h.db.db, registry: h.registry, effects }).drain();
    expect(received("Your beans have shipped")).toHaveLength(0);
  });

  it("20 concurrent approvals deliver exactly one message, the one previewed", async () => {
    const card = await proposeEmail("Exactly once");
    const email = card.preview.email as OutgoingEmail;
    const worker = createActionWorker({ db: h.db.db, registry: h.registry, effects });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        decideAction(
          h.db.db,
          { businessId: h.businessId, userId: h.users.owner, actionId: card.id, decision: "approve" },
          { onApproved: () => worker.wake() },
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    await Promise.all([
      worker.drain(),
      createActionWorker({ db: h.db.db, registry: h.registry, effects }).drain(),
    ]);
    const got = received("Exactly once");
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      messageId: email.messageId,
      to: ["ana@customer.test"],
      text: `${email.text}\n`,
    });
    const done = await status(card.id);
    expect(done.status).toBe("succeeded");
    expect(done.result).toMatchObject({ messageId: email.messageId, accepted: ["ana@customer.test"] });
    const logged = await h.tx((tx) =>
      tx.select().from(activities).where(eq(activities.externalId, email.messageId)),
    );
    expect(logged).toMatchObject([{ kind: "email", direction: "outbound", subject: "Exactly once" }]);
  });

  it("a refusal by the mail server fails the action with the server's answer", async () => {
    const card = await proposeEmail("Refused");
    sink.failWith = { at: "rcpt", code: 550, message: "No such user" };
    try {
      await decideAction(h.db.db, {
        businessId: h.businessId,
        userId: h.users.manager,
        actionId: card.id,
        decision: "approve",
      });
      await createActionWorker({ db: h.db.db, registry: h.registry, effects }).drain();
    } finally {
      sink.failWith = undefined;
    }
    const done = await status(card.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/not sent.*550/s);
    const logged = await h.tx((tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from activities where subject = 'Refused'`),
    );
    expect(logged[0]!.n).toBe(0);
  });

  it.skipIf(backend === "pglite")(
    "a worker killed between send and mark, then retried, sends no duplicate",
    async () => {
      const card = await proposeEmail("Crash after send");
      await decideAction(h.db.db, {
        businessId: h.businessId,
        userId: h.users.owner,
        actionId: card.id,
        decision: "approve",
      });
      const script = path.join(import.meta.dirname, "../../tests/actions/crash-executor.ts");
      const exit = await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", script, h.db.url!, key.toString("hex")],
        {
          timeout: 60_000,
        },
      ).then(
        () => ({ signal: null }),
        (err: { signal?: string; code?: number }) => ({ signal: err.signal ?? `exit ${err.code}` }),
      );
      expect(exit.signal).toBe("SIGKILL");
      expect(received("Crash after send")).toHaveLength(1);
      expect((await status(card.id)).status).toBe("executing");

      // The retry comes after the dead worker's lease ran out.
      const later = new Date(Date.now() + 10 * 60_000);
      await createActionWorker({ db: h.db.db, registry: h.registry, effects, clock: () => later }).drain();
      const done = await status(card.id);
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(/may already have happened/);
      expect(received("Crash after send")).toHaveLength(1);
    },
    90_000,
  );

  it.skipIf(backend === "pglite")(
    "a database-only action killed before its commit runs again on retry, once",
    async () => {
      const r = await h.registry.call(
        { db: h.db.db, businessId: h.businessId, userId: h.users.staff, now: new Date(), actor: "ai" },
        "tasks_create",
        { title: "Survives a crash" },
      );
      if (!r.ok || !r.pending) throw new Error(JSON.stringify(r));
      await decideAction(h.db.db, {
        businessId: h.businessId,
        userId: h.users.staff,
        actionId: r.pending.id,
        decision: "approve",
      });
      const script = path.join(import.meta.dirname, "../../tests/actions/crash-executor.ts");
      await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", script, h.db.url!, key.toString("hex")],
        {
          timeout: 60_000,
        },
      ).catch(() => {});
      const count = () =>
        h.tx((tx) =>
          queryRows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from tasks where title = 'Survives a crash'`,
          ),
        );
      expect((await count())[0]!.n).toBe(0);
      const later = new Date(Date.now() + 10 * 60_000);
      await createActionWorker({ db: h.db.db, registry: h.registry, effects, clock: () => later }).drain();
      expect((await status(r.pending.id)).status).toBe("succeeded");
      expect((await count())[0]!.n).toBe(1);
    },
    90_000,
  );
});
