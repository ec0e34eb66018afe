import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, NotFoundError } from "../db/errors.js";
import { createBusiness } from "../db/queries/businesses.js";
import { events, integrations } from "../db/schema/core.js";
import { withBusiness } from "../db/tenancy.js";
import { fakeCrmConnector, fakeRemote } from "../tests/helpers/connector.js";
import { backend, createTestDb, type TestDb } from "../tests/helpers/db.js";
import { SecretError } from "./secrets.js";
import { loadIntegration, saveIntegration, setIntegrationEnabled } from "./settings.js";

const key = randomBytes(32);
const TOKEN = "tok-that-must-never-be-stored-in-clear";
const crm = fakeCrmConnector(fakeRemote());

describe(`integration settings (${backend})`, () => {
  let db: TestDb;
  let a: string;
  let b: string;
  const inA = <T>(fn: Parameters<typeof withBusiness<T>>[2]) => withBusiness(db.db, { businessId: a }, fn);
  const inB = <T>(fn: Parameters<typeof withBusiness<T>>[2]) => withBusiness(db.db, { businessId: b }, fn);
  const rowOf = (businessId: string) =>
    withBusiness(db.db, { businessId }, async (tx) => {
      const [row] = await tx
        .select()
        .from(integrations)
        .where(and(eq(integrations.businessId, businessId), eq(integrations.type, "fake_crm")));
      return row;
    });

  beforeAll(async () => {
    db = await createTestDb();
    a = (await createBusiness(db.db, { name: "Harbor & Pine" })).id;
    b = (await createBusiness(db.db, { name: "Other Shop" })).id;
  });
  afterAll(() => db?.dispose());

  it("names every bad field, config and secrets alike, and writes nothing", async () => {
    const err = await inA((tx) =>
      saveIntegration(tx, a, crm, { config: { account: " ", pageSize: 0, extra: 1 } }, key),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const fields = (err as InputError).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["account", "pageSize"]));
    const noToken = await inA((tx) =>
      saveIntegration(tx, a, crm, { config: { account: "harbor" }, secrets: { apiToken: "short" } }, key),
    ).catch((e: unknown) => e);
    expect((noToken as InputError).issues).toEqual([
      { field: "secrets.apiToken", message: "must be at least 8 characters" },
    ]);
    const missing = await inA((tx) =>
      saveIntegration(tx, a, crm, { config: { account: "harbor" } }, key),
    ).catch((e: unknown) => e);
    expect((missing as InputError).issues.map((i) => i.field)).toEqual(["secrets.apiToken"]);
    expect(await rowOf(a)).toBeUndefined();
  });

  it("stores the config as parsed and the secrets encrypted; starts enabled; audits without the secret", async () => {
    const saved = await inA((tx) =>
      saveIntegration(tx, a, crm, { config: { account: " harbor " }, secrets: { apiToken: TOKEN } }, key, {
        actorType: "user",
        actorId: null,
      }),
    );
    expect(saved).toMatchObject({
      created: true,
      hasSecrets: true,
      config: { account: "harbor", pageSize: 2 },
    });
    const row = (await rowOf(a))!;
    expect(row.status).toBe("enabled");
    expect(row.config).toEqual({ account: "harbor", pageSize: 2 });
    expect(row.secretsEncrypted).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    const log = await inA((tx) => tx.select().from(events).where(eq(events.businessId, a)));
    const created = log.find((e) => e.action === "integration.created")!;
    expect(created.data).toEqual({
      type: "fake_crm",
      config: { account: "harbor", pageSize: 2 },
      secretsChanged: ["apiToken"],
    });
    expect(JSON.stringify(log)).not.toContain(TOKEN);
    const loaded = await inA((tx) => loadIntegration(tx, a, crm, key));
    expect(loaded?.secrets).toEqual({ apiToken: TOKEN });
  });

  it("keeps a stored secret when none is given, replaces it when one is, and needs no key to edit config", async () => {
    await inA((tx) =>
      saveIntegration(tx, a, crm, { config: { account: "harbor2", pageSize: 5 } }, randomBytes(32)),
    );
    let loaded = await inA((tx) => loadIntegration(tx, a, crm, key));
    expect(loaded?.config).toEqual({ account: "harbor2", pageSize: 5 });
    expect(loaded?.secrets.apiToken).toBe(TOKEN);
    const update = await inA((tx) =>
      saveIntegration(
        tx,
        a,
        crm,
        { config: { account: "harbor2" }, secrets: { apiToken: "new-token-123" } },
        key,
      ),
    );
    expect(update.created).toBe(false);
    loaded = await inA((tx) => loadIntegration(tx, a, crm, key));
    expect(loaded?.secrets.apiToken).toBe("new-token-123");
    // Removing a required secret is refused, and the stored one stays.
    await expect(
      inA((tx) =>
        saveIntegration(tx, a, crm, { config: { account: "x" }, secrets: { apiToken: null } }, key),
      ),
    ).rejects.toThrow(/secrets\.apiToken/);
    expect((await inA((tx) => loadIntegration(tx, a, crm, key)))?.secrets.apiToken).toBe("new-token-123");
  });

  it("binds the ciphertext to its business: copied into another business it does not decrypt", async () => {
    await inB((tx) =>
      saveIntegration(
        tx,
        b,
        crm,
        { config: { account: "other" }, secrets: { apiToken: "b-token-123" } },
        key,
      ),
    );
    const fromA = (await rowOf(a))!.secretsEncrypted;
    await inB((tx) =>
      tx.update(integrations).set({ secretsEncrypted: fromA }).where(eq(integrations.businessId, b)),
    );
    await expect(inB((tx) => loadIntegration(tx, b, crm, key))).rejects.toThrow(SecretError);
    await expect(inA((tx) => loadIntegration(tx, a, crm, randomBytes(32)))).rejects.toThrow(
      /cannot decrypt/i,
    );
    // Business B's transaction cannot see A's row at all.
    expect(await inB((tx) => loadIntegration(tx, a, crm, key))).toBeUndefined();
  });

  it("switches off and on, audited once per change; an unknown integration is not found", async () => {
    await inA((tx) => setIntegrationEnabled(tx, a, crm, false));
    await inA((tx) => setIntegrationEnabled(tx, a, crm, false));
    expect((await rowOf(a))!.status).toBe("disabled");
    // Saving settings keeps it off.
    await inA((tx) => saveIntegration(tx, a, crm, { config: { account: "harbor3" } }, key));
    expect((await rowOf(a))!.status).toBe("disabled");
    await inA((tx) => setIntegrationEnabled(tx, a, crm, true));
    expect((await rowOf(a))!.status).toBe("enabled");
    const actions = (await inA((tx) => tx.select().from(events).where(eq(events.businessId, a)))).map(
      (e) => e.action,
    );
    expect(actions.filter((x) => x === "integration.disabled")).toHaveLength(1);
    expect(actions.filter((x) => x === "integration.enabled")).toHaveLength(1);
    const other = await createBusiness(db.db, { name: "Empty" });
    await expect(
      withBusiness(db.db, { businessId: other.id }, (tx) => setIntegrationEnabled(tx, other.id, crm, true)),
    ).rejects.toThrow(NotFoundError);
  });
});
