import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, InputError, NotFoundError } from "../db/errors.js";
import { createBusiness } from "../db/queries/businesses.js";
import { insertSyncRun, listSyncRuns, updateSyncRun } from "../db/queries/integrations.js";
import { events, integrations } from "../db/schema/core.js";
import { customers } from "../db/schema/finance.js";
import { withBusiness } from "../db/tenancy.js";
import { smtpConnector } from "../integrations/email/smtp-connector.js";
import { saveIntegration, setIntegrationEnabled } from "../integrations/settings.js";
import { createLogger } from "../log.js";
import { type FakeRemote, fakeCrmConnector, fakeRemote } from "../tests/helpers/connector.js";
import { backend, createTestDb, type TestDb } from "../tests/helpers/db.js";
import { createSyncRunner, type SyncRunnerDeps } from "./sync-runner.js";

const key = randomBytes(32);
const logger = createLogger("silent");

describe(`sync runner (${backend})`, () => {
  let db: TestDb;
  let remote: FakeRemote;
  let biz: string;
  const inBiz = <T>(fn: Parameters<typeof withBusiness<T>>[2]) =>
    withBusiness(db.db, { businessId: biz }, fn);
  const runner = (extra: Partial<SyncRunnerDeps> = {}) =>
    createSyncRunner({
      db: db.db,
      logger,
      connectors: [fakeCrmConnector(remote), smtpConnector],
      secretKey: () => key,
      ...extra,
    });
  const crmRow = () =>
    inBiz(async (tx) => {
      const [row] = await tx
        .select()
        .from(integrations)
        .where(and(eq(integrations.businessId, biz), eq(integrations.type, "fake_crm")));
      return row!;
    });

  beforeAll(async () => {
    db = await createTestDb();
  });
  beforeEach(async () => {
    remote = fakeRemote();
    biz = (await createBusiness(db.db, { name: `Shop ${randomBytes(3).toString("hex")}` })).id;
    await inBiz((tx) =>
      saveIntegration(
        tx,
        biz,
        fakeCrmConnector(remote),
        { config: { account: "shop" }, secrets: { apiToken: "token-1234" } },
        key,
      ),
    );
  });
  afterAll(() => db?.dispose());

  it("runs a sync in the background, logs its counts, and marks the integration synced", async () => {
    const r = runner();
    const { run, done } = await r.start(biz, "fake_crm", { trigger: "manual" });
    expect(run.status).toBe("running");
    const outcome = await done;
    expect(outcome).toEqual({
      runId: run.id,
      status: "succeeded",
      stats: { fetched: 5, created: 5 },
      error: null,
    });
    expect(remote.seen[0]).toEqual({
      config: { account: "shop", pageSize: 2 },
      secrets: { apiToken: "token-1234" },
      since: null,
    });
    const [logged] = await inBiz((tx) => listSyncRuns(tx, biz));
    expect(logged).toMatchObject({ status: "succeeded", stats: { fetched: 5, created: 5 }, error: null });
    expect(logged!.finishedAt).toBeInstanceOf(Date);
    const row = await crmRow();
    expect(row.status).toBe("enabled");
    expect(row.lastSyncAt?.getTime()).toBe(run.startedAt.getTime());
    const names = await inBiz((tx) => tx.select({ name: customers.name }).from(customers));
    expect(names.map((n) => n.name).sort()).toEqual(["Acme", "Birch", "Cedar", "Dune", "Elm"]);
    // A second run upserts: nothing doubles, and it starts from the last sync.
    const again = await (await r.start(biz, "fake_crm", { trigger: "manual", actorUserId: "usr_x" })).done;
    expect(again.stats).toEqual({ fetched: 5, created: 0 });
    expect(remote.seen[1]!.since?.getTime()).toBe(run.startedAt.getTime());
    const audit = await inBiz((tx) =>
      tx.select().from(events).where(eq(events.action, "integration.synced")),
    );
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actorType: "integration", actorId: row.id, entityId: again.runId });
    expect(audit[1]!.data).toMatchObject({ trigger: "manual", requestedBy: "usr_x", stats: { created: 0 } });
  });

  it("logs a failure with the connector's message, keeps what was written, and shows the integration in error", async () => {
    remote.failAfterPages = { pages: 1, message: "The CRM answered 503 Service Unavailable" };
    const outcome = await (await runner().start(biz, "fake_crm", { trigger: "manual" })).done;
    expect(outcome).toMatchObject({
      status: "failed",
      stats: { fetched: 2, created: 2 },
      error: "The CRM answered 503 Service Unavailable",
    });
    expect((await crmRow()).status).toBe("error");
    expect(await inBiz((tx) => tx.select().from(customers))).toHaveLength(2);
    const [failed] = await inBiz((tx) =>
      tx.select().from(events).where(eq(events.action, "integration.sync_failed")),
    );
    expect(failed!.data).toMatchObject({ error: "The CRM answered 503 Service Unavailable" });
    // The next good run clears the error.
    remote.failAfterPages = undefined;
    remote.pages = 0;
    expect((await (await runner().start(biz, "fake_crm", { trigger: "manual" })).done).status).toBe(
      "succeeded",
    );
    expect((await crmRow()).status).toBe("enabled");
  });

  it("runs once when started twice at the same time, even from two runners", async () => {
    let open!: () => void;
    remote.gate = new Promise((resolve) => {
      open = resolve;
    });
    const [one, two] = [runner(), runner()];
    const results = await Promise.allSettled([
      one.start(biz, "fake_crm", { trigger: "manual" }),
      two.start(biz, "fake_crm", { trigger: "manual" }),
      one.start(biz, "fake_crm", { trigger: "manual" }),
    ]);
    const started = results.filter((x) => x.status === "fulfilled");
    const refused = results.filter((x) => x.status === "rejected");
    expect(started).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const x of refused) {
      expect(x.reason).toBeInstanceOf(ConflictError);
      expect(String(x.reason.message)).toMatch(/already running/);
    }
    open();
    await Promise.all([one.drain(), two.drain()]);
    expect(remote.seen).toHaveLength(1);
  });

  it("takes a run whose heartbeat stopped as dead: marked failed, and a new run may start", async () => {
    const row = await crmRow();
    const old = new Date(Date.now() - 10 * 60_000);
    const ghost = await inBiz(async (tx) => {
      const run = await insertSyncRun(tx, biz, row.id, old);
      await updateSyncRun(tx, biz, run.id, { updatedAt: old });
      return run;
    });
    const outcome = await (await runner().start(biz, "fake_crm", { trigger: "manual" })).done;
    expect(outcome.status).toBe("succeeded");
    const runs = await inBiz((tx) => listSyncRuns(tx, biz));
    expect(runs.find((r) => r.id === ghost.id)).toMatchObject({
      status: "failed",
      error: "Interrupted: the process running this sync stopped.",
    });
  });

  it("refuses clearly: switched off, not set up, nothing to sync, unknown connector", async () => {
    await inBiz((tx) => setIntegrationEnabled(tx, biz, fakeCrmConnector(remote), false));
    await expect(runner().start(biz, "fake_crm", { trigger: "manual" })).rejects.toThrow(
      new ConflictError("Fake CRM is switched off; switch it on to sync."),
    );
    const empty = (await createBusiness(db.db, { name: "Empty" })).id;
    await expect(runner().start(empty, "fake_crm", { trigger: "manual" })).rejects.toThrow(NotFoundError);
    await expect(runner().start(biz, "smtp", { trigger: "manual" })).rejects.toThrow(InputError);
    await expect(runner().start(biz, "nope", { trigger: "manual" })).rejects.toThrow(
      /no connector called "nope"/,
    );
    expect(await inBiz((tx) => listSyncRuns(tx, biz))).toHaveLength(0);
  });

  it("stops a run that takes too long, and one cut short by shutdown, as failed with the reason", async () => {
    // The connector waits longer than its time limit, then checks its signal.
    const slow = fakeCrmConnector(
      {
        ...remote,
        gate: new Promise((resolve) => setTimeout(resolve, 300)),
      },
      { timeoutMs: 100 },
    );
    const timed = await (
      await createSyncRunner({ db: db.db, logger, connectors: [slow], secretKey: () => key }).start(
        biz,
        "fake_crm",
        {
          trigger: "manual",
        },
      )
    ).done;
    expect(timed).toMatchObject({ status: "failed", error: "Stopped: the sync took longer than 100 ms." });
    const r = createSyncRunner({
      db: db.db,
      logger,
      connectors: [fakeCrmConnector({ ...remote, gate: new Promise((resolve) => setTimeout(resolve, 200)) })],
      secretKey: () => key,
    });
    const { done } = await r.start(biz, "fake_crm", { trigger: "manual" });
    await r.stop();
    expect(await done).toMatchObject({ status: "failed", error: "Stopped: the process was shutting down." });
  });

  it("fails a run whose secrets cannot be decrypted, saying why", async () => {
    const outcome = await (
      await runner({ secretKey: () => randomBytes(32) }).start(biz, "fake_crm", {
        trigger: "manual",
      })
    ).done;
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toMatch(/Cannot decrypt the stored secret/);
  });

  it("schedules periodic syncs only when due", async () => {
    const periodic = (every: number) =>
      createSyncRunner({
        db: db.db,
        logger,
        connectors: [fakeCrmConnector(remote, { every })],
        secretKey: () => key,
      });
    const r = periodic(60);
    // Every business with a due integration starts (other tests' businesses included).
    expect(await r.startDue()).toBeGreaterThanOrEqual(1);
    await r.drain();
    const before = remote.seen.length;
    expect(await r.startDue()).toBe(0); // just synced: not due for an hour
    await r.drain();
    expect(remote.seen.length).toBe(before);
    const clockLater = createSyncRunner({
      db: db.db,
      logger,
      connectors: [fakeCrmConnector(remote, { every: 60 })],
      secretKey: () => key,
      clock: () => new Date(Date.now() + 61 * 60_000),
    });
    expect(await clockLater.startDue()).toBeGreaterThanOrEqual(1);
    await clockLater.drain();
  });
});
