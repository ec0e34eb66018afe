import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../db/errors.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { events, integrations } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import { backend, createTestDb, type TestDb } from "../../tests/helpers/db.js";
import { SecretError } from "../secrets.js";
import { setIntegrationEnabled } from "../settings.js";
import {
  getSmtpSettings,
  loadSmtpSettings,
  SMTP_SCHEMAS,
  saveSmtpSettings,
  smtpStatus,
} from "./smtp-settings.js";

const key = randomBytes(32);
const PASSWORD = "pa55-w0rd-that-must-never-be-stored";

describe(`SMTP settings (${backend})`, () => {
  let db: TestDb;
  let a: string;
  let b: string;
  const inA = <T>(fn: Parameters<typeof withBusiness<T>>[2]) => withBusiness(db.db, { businessId: a }, fn);
  const inB = <T>(fn: Parameters<typeof withBusiness<T>>[2]) => withBusiness(db.db, { businessId: b }, fn);

  beforeAll(async () => {
    db = await createTestDb();
    a = (await createBusiness(db.db, { name: "Harbor & Pine" })).id;
    b = (await createBusiness(db.db, { name: "Other Shop" })).id;
  });
  afterAll(() => db?.dispose());

  it("is undefined until configured", async () => {
    expect(await inA((tx) => loadSmtpSettings(tx, a, key))).toBeUndefined();
    expect(await inA((tx) => getSmtpSettings(tx, a))).toBeUndefined();
  });

  it("saves and loads the settings and password; the row holds no plaintext password", async () => {
    const saved = await inA((tx) =>
      saveSmtpSettings(
        tx,
        a,
        {
          host: "smtp.harbor.test",
          port: 587,
          user: "hello@harbor.test",
          from: ' "Harbor & Pine"  <hello@harbor.test> ',
          replyTo: "team@harbor.test",
        },
        PASSWORD,
        key,
      ),
    );
    expect(saved.hasPassword).toBe(true);
    const loaded = await inA((tx) => loadSmtpSettings(tx, a, key));
    expect(loaded?.settings).toEqual({
      host: "smtp.harbor.test",
      port: 587,
      secure: false,
      user: "hello@harbor.test",
      from: '"Harbor & Pine" <hello@harbor.test>',
      replyTo: "team@harbor.test",
    });
    expect(loaded?.password).toBe(PASSWORD);
    expect(loaded?.integrationId).toBe(saved.integrationId);

    // Read as the table owner, past RLS: the whole row and the audit log never contain the password.
    const rows = await db.db.select().from(integrations).where(eq(integrations.businessId, a));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: "smtp", name: "Outgoing email (SMTP)", status: "enabled" });
    expect(rows[0]!.secretsEncrypted).toMatch(/^v1:/);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    expect(JSON.stringify(rows[0]!.config)).not.toMatch(/password/i);
    const log = await db.db.select().from(events).where(eq(events.businessId, a));
    expect(log.map((e) => e.action)).toContain("integration.created");
    expect(JSON.stringify(log)).not.toContain(PASSWORD);
  });

  it("getSmtpSettings reports the settings without decrypting anything", async () => {
    const s = await inA((tx) => getSmtpSettings(tx, a));
    expect(s?.hasPassword).toBe(true);
    expect(s?.settings.from).toBe('"Harbor & Pine" <hello@harbor.test>');
    expect(s && "password" in s).toBe(false);
  });

  it("upserts one row: undefined keeps the password, a string replaces it, null removes it", async () => {
    const base = {
      host: "mail.harbor.test",
      port: 465,
      user: "hello@harbor.test",
      from: "hello@harbor.test",
    };
    await inA((tx) => saveSmtpSettings(tx, a, base, undefined, key));
    let loaded = await inA((tx) => loadSmtpSettings(tx, a, key));
    expect(loaded?.settings).toMatchObject({ host: "mail.harbor.test", port: 465, secure: true });
    expect(loaded?.settings.replyTo).toBeUndefined();
    expect(loaded?.password).toBe(PASSWORD);

    await inA((tx) => saveSmtpSettings(tx, a, { ...base, secure: false }, "new-password", key));
    loaded = await inA((tx) => loadSmtpSettings(tx, a, key));
    expect(loaded?.settings.secure).toBe(false);
    expect(loaded?.password).toBe("new-password");

    const cleared = await inA((tx) => saveSmtpSettings(tx, a, base, null, key));
    expect(cleared.hasPassword).toBe(false);
    expect((await inA((tx) => loadSmtpSettings(tx, a, key)))?.password).toBeUndefined();
    const rows = await db.db
      .select()
      .from(integrations)
      .where(and(eq(integrations.businessId, a), eq(integrations.type, "smtp")));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secretsEncrypted).toBeNull();
    await inA((tx) => saveSmtpSettings(tx, a, base, PASSWORD, key));
  });

  it("refuses bad settings, naming each field, and writes nothing", async () => {
    const err = await inA((tx) =>
      saveSmtpSettings(tx, a, { host: "smtp://x y", port: 70000, from: "not an address" }, "x", key),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/host: must be a host name/);
    expect(msg).toMatch(/port: must be between 1 and 65535/);
    expect(msg).toMatch(/from: must be one sender address/);
    expect((await inA((tx) => loadSmtpSettings(tx, a, key)))?.settings.host).toBe("mail.harbor.test");
    await expect(
      inA((tx) =>
        saveSmtpSettings(tx, a, { host: "h", port: 25, from: "a@b.test, c@d.test" }, undefined, key),
      ),
    ).rejects.toThrow(/from: must be one sender address/);
  });

  it("setting them switches a switched-off SMTP back on, and the audit event says so", async () => {
    await inA((tx) => setIntegrationEnabled(tx, a, SMTP_SCHEMAS, false));
    expect(await inA((tx) => smtpStatus(tx, a))).toBe("disabled");
    await inA((tx) =>
      saveSmtpSettings(
        tx,
        a,
        { host: "mail.harbor.test", port: 587, from: "hi@harbor.test" },
        undefined,
        key,
      ),
    );
    expect(await inA((tx) => smtpStatus(tx, a))).toBe("enabled");
    const [last] = await inA((tx) =>
      tx
        .select()
        .from(events)
        .where(and(eq(events.businessId, a), eq(events.action, "integration.updated")))
        .orderBy(desc(events.seq))
        .limit(1),
    );
    expect(last?.data).toMatchObject({ type: "smtp", switchedOn: true });
  });

  it("a wrong key is a clear error", async () => {
    await expect(inA((tx) => loadSmtpSettings(tx, a, randomBytes(32)))).rejects.toThrow(SecretError);
    await expect(inA((tx) => loadSmtpSettings(tx, a, randomBytes(32)))).rejects.toThrow(
      /secret key changed\?/,
    );
  });

  it("is per business: B sees nothing of A's, and A's ciphertext copied to B does not decrypt", async () => {
    expect(await inB((tx) => loadSmtpSettings(tx, b, key))).toBeUndefined();
    // Inside B's tenant context, asking for A's business id finds nothing either (RLS).
    expect(await inB((tx) => getSmtpSettings(tx, a))).toBeUndefined();
    await inB((tx) =>
      saveSmtpSettings(tx, b, { host: "smtp.other.test", port: 25, from: "o@other.test" }, "b-pass", key),
    );
    const [rowA] = await db.db.select().from(integrations).where(eq(integrations.businessId, a));
    await db.db
      .update(integrations)
      .set({ secretsEncrypted: rowA!.secretsEncrypted })
      .where(eq(integrations.businessId, b));
    await expect(inB((tx) => loadSmtpSettings(tx, b, key))).rejects.toThrow(/cannot decrypt/i);
  });
});
