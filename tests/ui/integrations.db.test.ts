/**
 * The integrations screens with app.request: forms generated from each connector's schemas, secrets never
 * shown back, switch on/off, "test connection" against a real SMTP server, "sync now" with the sync log, and
 * who may do what. A test connector (tests/helpers/connector.ts) stands in for the connectors still to come.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSyncRuns } from "../../db/queries/integrations.js";
import type { Role } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import { smtpConnector } from "../../integrations/email/smtp-connector.js";
import { getSmtpSettings } from "../../integrations/email/smtp-settings.js";
import { createSyncRunner, type SyncRunner } from "../../jobs/sync-runner.js";
import { createLogger } from "../../log.js";
import { type SmtpSink, startSmtpSink } from "../fakes/smtp-sink.js";
import { type FakeRemote, fakeCrmConnector, fakeRemote } from "../helpers/connector.js";
import { type UiHarness, uiHarness } from "./helpers.js";

const ROLES: Role[] = ["owner", "manager", "staff", "accountant"];
const KEY = Buffer.alloc(32, 7);

describe("integrations screens", () => {
  let h: UiHarness;
  let b: string;
  let remote: FakeRemote;
  let syncs: SyncRunner;
  let sink: SmtpSink;

  beforeAll(async () => {
    remote = fakeRemote();
    const connectors = [smtpConnector, fakeCrmConnector(remote)];
    // The runner needs the harness's database, so it is attached once the harness exists.
    h = await uiHarness({ connectors });
    syncs = createSyncRunner({
      db: h.db.db,
      logger: createLogger("silent"),
      connectors,
      secretKey: () => KEY,
    });
    h.deps.syncs = syncs;
    b = `/b/${h.main.slug}/integrations`;
    sink = await startSmtpSink({ auth: { user: "mailer", pass: "right-pass" } });
  });
  afterAll(async () => {
    await syncs?.stop();
    await sink?.close();
    await h?.close();
  });

  it("lets owners and managers see the screens; only owners change anything", async () => {
    for (const role of ROLES) {
      const allowed = role === "owner" || role === "manager";
      for (const path of [b, `${b}/smtp`, `${b}/fake_crm`])
        expect((await h.req(role, path)).status, `${role} GET ${path}`).toBe(allowed ? 200 : 403);
    }
    for (const role of ["manager", "staff", "accountant"] as const)
      for (const verb of ["", "/enable", "/disable", "/test", "/sync"])
        expect((await h.req(role, `${b}/fake_crm${verb}`, { form: {} })).status, `${role} ${verb}`).toBe(403);
    expect((await h.req("owner", `${b}/nope`)).status).toBe(404);
    expect((await h.req("owner", `${b}/fake_crm`, { form: { account: "x" }, csrf: false })).status).toBe(403);
    const list = await (await h.req("manager", b)).text();
    expect(list).toContain("Outgoing email (SMTP)");
    expect(list).toContain("Fake CRM");
    expect(list).toContain("not set up");
    expect(list).toContain("No syncs yet.");
  });

  it("generates the settings form from the connector's schemas, with secrets as password fields", async () => {
    const html = await (await h.req("owner", `${b}/fake_crm`)).text();
    expect(html).toMatch(/<input[^>]*name="account"[^>]*aria-required="true"/);
    expect(html).toMatch(/<input[^>]*name="pageSize"[^>]*type="number"/);
    expect(html).toMatch(/<select[^>]*name="region"/);
    expect(html).toContain("account name at the CRM");
    expect(html).toMatch(/<input[^>]*name="secrets.apiToken"[^>]*type="password"/);
    expect(html).toContain("none stored");
    const manager = await (await h.req("manager", `${b}/fake_crm`)).text();
    expect(manager).toContain("Only owners change integration settings.");
    expect(manager).toMatch(/<input[^>]*name="account"[^>]*disabled/);
  });

  it("names the fields that need fixing and saves nothing", async () => {
    const bad = await h.req("owner", `${b}/fake_crm`, {
      form: { account: "", pageSize: "many", "secrets.apiToken": "short" },
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="setting-pageSize-error"');
    const noSecret = await h.req("owner", `${b}/fake_crm`, { form: { account: "harbor", pageSize: "2" } });
    expect(noSecret.status).toBe(400);
    expect(await noSecret.text()).toContain('id="secret-apiToken-error"');
    expect(await (await h.req("owner", b)).text()).toContain("not set up");
  });

  it("saves SMTP settings, never shows the password back, and keeps it when left blank", async () => {
    const bad = await h.req("owner", `${b}/smtp`, {
      form: { host: "https://smtp", port: "99999", from: "nope" },
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const f of ["host", "port", "from"]) expect(badHtml).toContain(`id="setting-${f}-error"`);
    const ok = await h.req("owner", `${b}/smtp`, {
      form: {
        host: sink.host,
        port: String(sink.port),
        user: "mailer",
        "secrets.password": "right-pass",
        from: '"Main St" <hi@main.test>',
      },
    });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain("Outgoing email (SMTP): settings saved.");
    expect(html).not.toContain("right-pass");
    expect(html).toContain("one is stored; leave blank to keep it");
    const stored = () =>
      withBusiness(h.db.db, { businessId: h.main.businessId }, (tx) =>
        getSmtpSettings(tx, h.main.businessId),
      );
    expect(await stored()).toMatchObject({
      hasPassword: true,
      settings: { host: sink.host, port: sink.port, user: "mailer", from: '"Main St" <hi@main.test>' },
    });
    // Saved again without a password: the stored one stays and the connection test logs in with it.
    await h.req("owner", `${b}/smtp`, {
      form: { host: sink.host, port: String(sink.port), user: "mailer", from: "hi@main.test" },
    });
    expect((await stored())?.hasPassword).toBe(true);
    const tested = await (await h.req("owner", `${b}/smtp/test`, { form: {} })).text();
    expect(tested).toContain(`Connected to ${sink.host}:${sink.port}`);
    expect(tested).toContain("logged in as mailer");
    expect(sink.messages).toHaveLength(0);
    // A wrong password is a clear message on the page, not an error page.
    await h.req("owner", `${b}/smtp`, {
      form: {
        host: sink.host,
        port: String(sink.port),
        user: "mailer",
        from: "hi@main.test",
        "secrets.password": "nope",
      },
    });
    const failed = await h.req("owner", `${b}/smtp/test`, { form: {} });
    expect(failed.status).toBe(200);
    expect(await failed.text()).toContain("the server refused the login for &quot;mailer&quot;");
    // Removing the stored password.
    await h.req("owner", `${b}/smtp`, {
      form: { host: sink.host, port: String(sink.port), from: "hi@main.test", "clear.password": "true" },
    });
    expect((await stored())?.hasPassword).toBe(false);
    expect(await (await h.req("manager", `${b}/smtp`)).text()).not.toContain("right-pass");
  });

  it("switches an integration off and on; off, SMTP sends nothing", async () => {
    expect(await (await h.req("owner", `${b}/smtp/disable`, { form: {} })).text()).toContain(
      "Outgoing email (SMTP) is switched off.",
    );
    expect(
      await withBusiness(h.db.db, { businessId: h.main.businessId }, (tx) =>
        getSmtpSettings(tx, h.main.businessId),
      ),
    ).toBeUndefined();
    expect(await (await h.req("owner", b)).text()).toContain("switched off");
    expect(await (await h.req("owner", `${b}/smtp/enable`, { form: {} })).text()).toContain(
      "is switched on.",
    );
    const missing = await h.req("owner", `${b}/fake_crm/enable`, { form: {} });
    expect(missing.status).toBe(409);
    expect(await missing.text()).toContain("Fake CRM is not set up for this business");
  });

  it("syncs now in the background and shows the run in the sync log, errors included", async () => {
    const saved = await h.req("owner", `${b}/fake_crm`, {
      form: { account: "harbor", pageSize: "2", region: "eu", "secrets.apiToken": "token-1234" },
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).not.toContain("token-1234");
    let open!: () => void;
    remote.gate = new Promise((resolve) => {
      open = resolve;
    });
    const started = await h.req("owner", `${b}/fake_crm/sync`, { form: {} });
    expect(started.status).toBe(303);
    expect(started.headers.get("location")).toBe(`${b}/fake_crm?notice=sync-started`);
    const running = await (await h.req("owner", `${b}/fake_crm?notice=sync-started`)).text();
    expect(running).toContain("Sync started: the log below shows how it goes.");
    expect(running).toContain("A sync is running.");
    expect(running).toContain(`data-reload-url="${b}/fake_crm"`);
    const twice = await h.req("owner", `${b}/fake_crm/sync`, { form: {} });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("already running");
    open();
    await syncs.drain();
    const page = await (await h.req("manager", `${b}/fake_crm`)).text();
    expect(page).toContain("succeeded");
    expect(page).toMatch(/created 5, fetched 5|fetched 5, created 5/);
    expect(remote.seen.at(-1)).toMatchObject({
      secrets: { apiToken: "token-1234" },
      config: { region: "eu" },
    });
    remote.failAfterPages = { pages: remote.pages + 1, message: "The CRM answered 503" };
    await h.req("owner", `${b}/fake_crm/sync`, { form: {} });
    await syncs.drain();
    const list = await (await h.req("owner", b)).text();
    expect(list).toContain("The CRM answered 503");
    expect(list).toContain("on — the last sync failed");
    const runs = await withBusiness(h.db.db, { businessId: h.main.businessId }, (tx) =>
      listSyncRuns(tx, h.main.businessId),
    );
    expect(runs.map((r) => r.status)).toEqual(["failed", "succeeded"]);
    // Another business sees none of it.
    const other = await withBusiness(h.db.db, { businessId: h.other.businessId }, (tx) =>
      listSyncRuns(tx, h.other.businessId),
    );
    expect(other).toHaveLength(0);
    // SMTP has nothing to sync: no button.
    expect(await (await h.req("owner", `${b}/smtp`)).text()).not.toContain("Sync now");
  });
});
