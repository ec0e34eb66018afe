/**
 * Onboarding and insights in the admin UI with app.request: a new business lands on its welcome page, whose
 * steps say Done once the details, a chat workspace or MCP token, and records exist; the business details are
 * saved by owners only (through business_update, with field errors) and read by everyone else; the insights
 * panel on the dashboard, list and record pages shows only what the viewer's role may read and decide; the
 * connect page shows the Slack, Discord and MCP instructions and what is connected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBusiness } from "../../db/queries/businesses.js";
import { connectWorkspace } from "../../db/queries/chat.js";
import type { Role } from "../../db/schema/core.js";
import { type UiHarness, uiHarness } from "./helpers.js";

type Profile = Record<string, unknown>;

/** Done or Not done of one welcome step (details, connect, records). */
function stepState(html: string, step: "details" | "connect" | "records"): "done" | "todo" {
  const m = new RegExp(`id="step-${step}-h">[^<]*<span class="step-state (done|todo)">`).exec(html);
  if (!m) throw new Error(`no state for the ${step} step`);
  return m[1] as "done" | "todo";
}

/** The right-hand panel of a page (the <aside>), so assertions do not match the page body. */
function panelOf(html: string): string {
  const m = /<aside class="insights" aria-label="Insights">([\s\S]*?)<\/aside>/.exec(html);
  if (!m) throw new Error("the page has no insights panel");
  return m[1]!;
}

/** The text of the "Waiting for your approval" section of a panel. */
function approvalsOf(panel: string): string {
  const m = /id="panel-approvals-h"[\s\S]*?<\/section>/.exec(panel);
  if (!m) throw new Error("the panel has no approvals section");
  return m[0];
}

/** The quick questions of a panel, as the hidden `q` values of their forms. */
function quickQuestionsOf(panel: string): string[] {
  const section = /id="panel-questions-h"[\s\S]*?<\/section>/.exec(panel)?.[0] ?? "";
  return [...section.matchAll(/<input type="hidden" name="q" value="([^"]*)"/g)].map((m) =>
    m[1]!
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  );
}

describe("onboarding, business details and the insights panel", () => {
  let h: UiHarness;
  let b: string;
  let taskId: string;

  const profile = async (role: Role = "owner") => (await h.main.ok(role, "business_get")).business as Profile;
  /** What a browser sends for the details form: every field as shown (the current values), with changes. */
  const detailsForm = async (changes: Record<string, string>) => {
    const p = await profile();
    const form: Record<string, string> = {};
    for (const k of [
      "name",
      "legalName",
      "industry",
      "description",
      "country",
      "timezone",
      "currency",
      "fiscalYearStartMonth",
      "email",
      "phone",
      "website",
      "address",
    ])
      form[k] = p[k] === null || p[k] === undefined ? "" : String(p[k]);
    return { ...form, ...changes };
  };

  beforeAll(async () => {
    h = await uiHarness();
    b = `/b/${h.main.slug}`;
    const task = await h.main.ok("staff", "tasks_write", {
      method: "create",
      fields: { title: "Descale the espresso machine" },
    });
    taskId = (task.record as { id: string }).id;
  });
  afterAll(() => h.close());

  describe("the welcome page of a new business", () => {
    it("is where creating a business lands, with its steps, the demo button and the overview card", async () => {
      const created = await h.req("staff", "/businesses", {
        form: { name: "Fresh Start Florist", currency: "gbp", timezone: "Europe/London" },
      });
      expect(created.status).toBe(303);
      expect(created.headers.get("location")).toBe("/b/fresh-start-florist/welcome?notice=welcome");
      const res = await h.req("staff", "/b/fresh-start-florist/welcome?notice=welcome");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("<h1>Get started</h1>");
      expect(html).toContain("Your business is ready.");
      expect(html).toMatch(/<form method="post" action="\/demo">[\s\S]*?Load the demo business/);
      expect(html).toContain('href="/b/fresh-start-florist/import"');
      expect(html).toContain('href="/b/fresh-start-florist/connect"');
      // The creator is its owner: the details are a form, generated from business_update's schema.
      expect(html).toContain('action="/b/fresh-start-florist/business"');
      expect(html).toContain('<input type="hidden" name="from" value="welcome"');
      expect(html).toMatch(/<input id="f-currency" name="currency"[^>]*value="GBP"/);
      expect(html).toMatch(/<input id="f-timezone" name="timezone"[^>]*value="Europe\/London"/);
      expect(html).toMatch(/<input id="f-fiscalYearStartMonth"[^>]*type="number"/);
      expect(html).not.toContain('name="slug"');
      // The overview card: figures in the business's currency and the preset question for the narrative.
      expect(html).toContain('<h2 id="overview-h">Overview</h2>');
      expect(html).toContain("in GBP");
      expect(html).toMatch(
        /name="q" value="Write a short narrative overview[^"]*"[\s\S]*?Write the overview/,
      );
      for (const step of ["details", "connect", "records"] as const)
        expect(stepState(html, step)).toBe("todo");
      // Its dashboard leads here too.
      const dash = await (await h.req("staff", "/b/fresh-start-florist")).text();
      expect(dash).toContain('href="/b/fresh-start-florist/welcome"');
    });

    it("marks each step done as the details, a chat workspace or MCP token, and records appear", async () => {
      const nb = "/b/fresh-start-florist";
      const biz = await findBusiness(h.db.db, "fresh-start-florist");
      const states = async () => {
        const html = await (await h.req("staff", `${nb}/welcome`)).text();
        return {
          details: stepState(html, "details"),
          connect: stepState(html, "connect"),
          records: stepState(html, "records"),
        };
      };

      // The industry alone is not enough: a way to reach the business is part of the step.
      const industry = await h.req("staff", `${nb}/business`, {
        form: { from: "welcome", industry: "florist" },
      });
      expect(industry.status).toBe(303);
      expect(industry.headers.get("location")).toBe(`${nb}/welcome?notice=saved`);
      expect(await states()).toEqual({ details: "todo", connect: "todo", records: "todo" });
      await h.req("staff", `${nb}/business`, { form: { from: "welcome", phone: "+44 20 7946 0000" } });
      expect(await states()).toEqual({ details: "done", connect: "todo", records: "todo" });

      // An MCP token of the viewer's own counts as connected; so does a Slack workspace.
      const token = await h.req("staff", `${nb}/connect/tokens`, { form: { name: "Laptop" } });
      expect(token.status).toBe(200);
      const withToken = await (await h.req("staff", `${nb}/welcome`)).text();
      expect(stepState(withToken, "connect")).toBe("done");
      expect(withToken).toContain("1 active token.");
      const id = /connect\/tokens\/(tok_[0-9A-Z]{26})\/revoke/.exec(
        await (await h.req("staff", `${nb}/connect`)).text(),
      )?.[1];
      expect((await h.req("staff", `${nb}/connect/tokens/${id}/revoke`, { form: {} })).status).toBe(303);
      expect((await states()).connect).toBe("todo"); // a revoked token connects nothing

      await connectWorkspace(h.db.db, {
        platform: "slack",
        teamId: "T0FLORIST",
        teamName: "Florist HQ",
        businessId: biz.id,
      });
      const withSlack = await (await h.req("staff", `${nb}/welcome`)).text();
      expect(stepState(withSlack, "connect")).toBe("done");
      expect(withSlack).toContain("connected to Florist HQ (T0FLORIST).");
      expect(withSlack).toMatch(/<strong>Discord<\/strong>:\s*not connected yet\./);

      // One customer, as a CSV import would create it, is enough to count as records; the dashboard's
      // "Get started" card goes away with it too.
      expect(await (await h.req("staff", nb)).text()).toContain('id="onboarding-h"');
      const customer = await h.req("staff", `${nb}/e/customers`, { form: { name: "Rose & Thorn Weddings" } });
      expect(customer.status).toBe(303);
      expect(await states()).toEqual({ details: "done", connect: "done", records: "done" });
      expect(await (await h.req("staff", nb)).text()).not.toContain('id="onboarding-h"');
    });
  });

  describe("the business details", () => {
    it("saves the owner's changes from /business and from the welcome page, through business_update", async () => {
      const page = await (await h.req("owner", `${b}/business`)).text();
      expect(page).toContain("<h1>Business details</h1>");
      expect(page).toContain(`<code>${b}</code>`);
      expect(page).toContain('<input type="hidden" name="from" value="business"');
      expect(page).toContain('aria-current="page">Business details</a>');

      const res = await h.req("owner", `${b}/business`, {
        form: await detailsForm({
          from: "business",
          legalName: "Main Street Bakery LLC",
          industry: "bakery",
          country: "de",
          timezone: "Europe/Berlin",
          currency: "EUR",
          fiscalYearStartMonth: "4",
          address: "Hauptstraße 1\r\n10115 Berlin",
        }),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`${b}/business?notice=saved`);
      expect(await profile("staff")).toMatchObject({
        name: "Main Street Bakery",
        legalName: "Main Street Bakery LLC",
        industry: "bakery",
        country: "DE",
        timezone: "Europe/Berlin",
        currency: "EUR",
        fiscalYearStartMonth: 4,
        address: "Hauptstraße 1\n10115 Berlin",
        email: null,
      });
      const saved = await (await h.req("owner", `${b}/business?notice=saved`)).text();
      expect(saved).toContain("Saved.");
      expect(saved).toMatch(/<input id="f-country" name="country"[^>]*value="DE"/);

      const fromWelcome = await h.req("owner", `${b}/business`, {
        form: await detailsForm({ from: "welcome", email: "hello@mainstreet.test", legalName: "" }),
      });
      expect(fromWelcome.status).toBe(303);
      expect(fromWelcome.headers.get("location")).toBe(`${b}/welcome?notice=saved`);
      const after = await profile();
      expect(after.email).toBe("hello@mainstreet.test");
      expect(after.legalName).toBeNull(); // clearing a field clears it
      expect(after.country).toBe("DE");

      // An unchanged form saves nothing and writes no audit event.
      const before = await profile();
      const same = await h.req("owner", `${b}/business`, { form: await detailsForm({ from: "business" }) });
      expect(same.status).toBe(303);
      expect(await profile()).toEqual(before);
      const events = (await h.main.ok("owner", "events_list", { q: "business_update", limit: 50 }))
        .items as Record<string, unknown>[];
      expect(events.filter((e) => e.action === "tool.business_update")).toHaveLength(2);
    });

    it("refuses bad values with 400 and the error next to the field, and saves nothing", async () => {
      const before = await profile();
      const cases: [string, Record<string, string>, RegExp][] = [
        ["country", { country: "USA" }, /two-letter ISO 3166 country code/],
        ["timezone", { timezone: "Mars/Base" }, /unknown time zone/],
        ["name", { name: "   " }, /is required/],
        ["fiscalYearStartMonth", { fiscalYearStartMonth: "13" }, /month number from 1/],
        ["email", { email: "not-an-email" }, /must be an email address/],
        ["currency", { currency: "" }, /is required/],
      ];
      for (const [field, change, message] of cases) {
        for (const from of ["business", "welcome"]) {
          // A valid change alongside: one bad field fails the whole save.
          const res = await h.req("owner", `${b}/business`, {
            form: await detailsForm({ from, industry: "patisserie", ...change }),
          });
          expect(res.status, `${field} from ${from}`).toBe(400);
          const html = await res.text();
          expect(html).toContain(from === "welcome" ? "<h1>Get started</h1>" : "<h1>Business details</h1>");
          expect(html).toContain('role="alert"');
          expect(html).toMatch(new RegExp(`<input id="f-${field}"[^>]*aria-invalid="true"`));
          const error = new RegExp(`<span class="field-error" id="f-${field}-error">([^<]*)</span>`).exec(
            html,
          );
          expect(error?.[1], `${field} error`).toMatch(message);
          // What was typed is shown back, so it can be corrected.
          expect(html).toMatch(/<input id="f-industry" name="industry"[^>]*value="patisserie"/);
        }
      }
      // A form that sends only some fields shows the others with their current values, not blank.
      const partial = await h.req("owner", `${b}/business`, { form: { from: "business", country: "USA" } });
      expect(partial.status).toBe(400);
      expect(await partial.text()).toMatch(
        /<input id="f-timezone" name="timezone"[^>]*value="Europe\/Berlin"/,
      );
      expect(await profile()).toEqual(before);
    });

    it("shows the details read-only to managers, staff and accountants, and refuses their saves", async () => {
      const before = await profile();
      for (const role of ["manager", "staff", "accountant"] as const) {
        for (const path of [`${b}/business`, `${b}/welcome`]) {
          const res = await h.req(role, path);
          expect(res.status, `${role} ${path}`).toBe(200);
          const html = await res.text();
          expect(html).toContain("Only an owner can change the business details.");
          expect(html).toMatch(/<dt>Industry<\/dt><dd>bakery<\/dd>/);
          expect(html).toMatch(/<dt>Timezone<\/dt><dd>Europe\/Berlin<\/dd>/);
          expect(html).not.toContain(`action="${b}/business"`);
          expect(html).not.toContain('id="f-name"');
        }
        const post = await h.req(role, `${b}/business`, { form: await detailsForm({ industry: "hacked" }) });
        expect(post.status, role).toBe(403);
      }
      expect(await profile()).toEqual(before);
    });

    it("refuses a save without the CSRF token, hides other businesses and sends strangers to sign in", async () => {
      const before = await profile();
      const noCsrf = await h.req("owner", `${b}/business`, {
        form: await detailsForm({ industry: "no token" }),
        csrf: false,
      });
      expect(noCsrf.status).toBe(403);
      const cross = await h.req("owner", `${b}/business`, {
        form: await detailsForm({ industry: "cross site" }),
        headers: { "sec-fetch-site": "cross-site" },
      });
      expect(cross.status).toBe(403);
      expect(await profile()).toEqual(before);

      const theirs = `/b/${h.other.slug}`;
      for (const path of [`${theirs}/business`, `${theirs}/welcome`, "/b/no-such-business/business"])
        expect((await h.req("owner", path)).status, path).toBe(404);
      const post = await h.req("owner", `${theirs}/business`, { form: { name: "Taken over" } });
      expect(post.status).toBe(404);
      expect(((await h.other.ok("owner", "business_get")).business as Profile).name).toBe("Other Co");

      const anon = await h.req("anon", `${b}/welcome`);
      expect(anon.status).toBe(303);
      expect(anon.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`${b}/welcome`)}`);
      expect((await h.req("anon", `${b}/business`, { form: { name: "x" } })).status).toBe(403);
    });

    it("escapes what the details contain", async () => {
      await h.main.ok("owner", "business_update", { description: '<script>alert("x")</script> & co' });
      const html = await (await h.req("staff", `${b}/business`)).text();
      expect(html).not.toContain("<script>alert");
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
      const form = await (await h.req("owner", `${b}/business`)).text();
      expect(form).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</textarea>");
      expect(form).not.toContain("<script>alert");
    });
  });

  describe("the insights panel", () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();
      const insight = async (key: string, fields: Record<string, unknown>) => {
        const out = await h.main.ok("owner", "ai_insights_write", {
          method: "create",
          fields: { kind: "risk", severity: "medium", title: key, ...fields },
        });
        ids[key] = (out.record as { id: string }).id;
      };
      await insight("Cash runs short in March", {
        module: "finance",
        severity: "high",
        generatedAt: hoursAgo(1),
      });
      await insight("Payroll costs jumped", { module: "people_private", generatedAt: hoursAgo(2) });
      await insight("Cup stock is low", { module: "operations", generatedAt: hoursAgo(3) });
      await insight("A quiet week ahead", { kind: "summary", severity: "info", generatedAt: hoursAgo(4) });
      await insight("Dismissed worry", { status: "dismissed", generatedAt: hoursAgo(0.5) });
      await insight("Yesterday's alert", { generatedAt: hoursAgo(30), expiresAt: hoursAgo(6) });
      // More dismissed ones than a page of the list holds must not push the open ones out of the panel.
      for (let i = 0; i < 30; i++)
        await h.main.ok("owner", "ai_insights_write", {
          method: "create",
          fields: {
            kind: "risk",
            title: `Old dismissed ${i}`,
            status: "dismissed",
            generatedAt: hoursAgo(0.1),
          },
        });

      // The AI proposes on people's behalf: a task (anyone may decide), a customer (finance approvers) and a
      // goal (strategy writers: owner and manager, though everyone may read goals).
      const ai = (role: Role) => ({
        db: h.db.db,
        businessId: h.main.businessId,
        userId: h.main.users[role],
        actor: "ai" as const,
      });
      const task = await h.main.registry.call(ai("staff"), "tasks_create", { title: "Call the flour mill" });
      const customer = await h.main.registry.call(ai("accountant"), "customers_write", {
        method: "create",
        fields: { name: "Proposed Wholesale Buyer" },
      });
      const goal = await h.main.registry.call(ai("manager"), "goals_write", {
        method: "create",
        fields: { title: "Open a second shop" },
      });
      expect(task.ok && task.pending?.approverRoles).toEqual(["owner", "manager", "staff", "accountant"]);
      expect(goal.ok && goal.pending?.approverRoles).toEqual(["owner", "manager"]);
      expect(customer.ok && customer.pending?.approverRoles).toEqual(["owner", "manager", "accountant"]);
      ids.taskAction = task.ok ? task.pending!.id : "";
      ids.customerAction = customer.ok ? customer.pending!.id : "";
      ids.goalAction = goal.ok ? goal.pending!.id : "";
    });

    const pages = () => ({
      dashboard: b,
      list: `${b}/e/tasks`,
      record: `${b}/r/${taskId}`,
    });

    it("appears on the dashboard, a list page and a record page with the insights the role may read", async () => {
      for (const [kind, path] of Object.entries(pages())) {
        for (const role of ["owner", "manager", "accountant"] as const) {
          const res = await h.req(role, path);
          expect(res.status, `${role} ${kind}`).toBe(200);
          const panel = panelOf(await res.text());
          expect(panel, `${role} ${kind}`).toContain('<h2 id="panel-insights-h">Insights</h2>');
          expect(panel).toContain(
            `href="${b}/r/${ids["Cash runs short in March"]}">Cash runs short in March</a>`,
          );
          expect(panel).toContain(`href="${b}/r/${ids["Cup stock is low"]}">Cup stock is low</a>`);
          expect(panel).toContain("A quiet week ahead");
          expect(panel).toContain('<span class="severity severity-high">high</span>');
          expect(panel).not.toContain("Dismissed worry");
          expect(panel).not.toContain("Old dismissed");
          expect(panel).not.toContain("Yesterday&#39;s alert");
        }
        // Staff may read operations and module-less insights, never finance or payroll ones.
        const staff = await (await h.req("staff", path)).text();
        const panel = panelOf(staff);
        expect(panel, `staff ${kind}`).toContain("Cup stock is low");
        expect(panel).toContain("A quiet week ahead");
        expect(staff).not.toContain("Cash runs short in March");
        expect(staff).not.toContain(ids["Cash runs short in March"]);
        expect(staff).not.toContain("Payroll costs jumped");
      }
    });

    it("shows an action waiting for approval only to the roles that may decide it", async () => {
      for (const [kind, path] of Object.entries(pages())) {
        const approvals = async (role: Role) => approvalsOf(panelOf(await (await h.req(role, path)).text()));
        for (const role of ["owner", "manager"] as const) {
          const mine = await approvals(role);
          expect(mine, `${role} ${kind}`).toContain(`href="${b}/approvals">3 actions</a>`);
          expect(mine).toContain(`href="${b}/approvals#${ids.goalAction}"`);
          expect(mine).toContain("Open a second shop");
          expect(mine).toContain(`href="${b}/approvals#${ids.customerAction}"`);
          expect(mine).toContain("Proposed Wholesale Buyer");
          expect(mine).toContain(`href="${b}/approvals#${ids.taskAction}"`);
        }
        // The accountant decides finance and tasks, not goals, though it may read them.
        const accountant = await approvals("accountant");
        expect(accountant, `accountant ${kind}`).toContain(`href="${b}/approvals">2 actions</a>`);
        expect(accountant).toContain("Proposed Wholesale Buyer");
        expect(accountant).toContain(`href="${b}/approvals#${ids.taskAction}"`);
        expect(accountant).not.toContain("Open a second shop");
        const staff = await approvals("staff");
        expect(staff, `staff ${kind}`).toContain(`href="${b}/approvals">1 action</a>`);
        expect(staff).toContain(`href="${b}/approvals#${ids.taskAction}"`);
        expect(staff).toContain("Call the flour mill");
        expect(staff).not.toContain(ids.customerAction!);
        expect(staff).not.toContain("Proposed Wholesale Buyer");
        expect(staff).not.toContain("Open a second shop");
      }
      // Decided, it waits for nobody.
      await h.req("owner", `${b}/approvals/${ids.customerAction}`, { form: { decision: "reject" } });
      const after = approvalsOf(panelOf(await (await h.req("accountant", b)).text()));
      expect(after).toContain(`href="${b}/approvals">1 action</a>`);
      expect(after).not.toContain("Proposed Wholesale Buyer");
    });

    it("offers quick questions that fit the page, each an ask form", async () => {
      const q = async (path: string) => {
        const html = await (await h.req("staff", path)).text();
        const panel = panelOf(html);
        expect(panel).toMatch(new RegExp(`<form method="post" action="${b}/ask" data-ask="true">`));
        return quickQuestionsOf(panel);
      };
      expect(await q(b)).toEqual(["What should I focus on today?", "What happened this week?"]);
      expect(await q(`${b}/e/tasks`)).toEqual(["Anything unusual in the tasks?"]);
      expect(await q(`${b}/r/${taskId}`)).toEqual([
        `What should I know about Descale the espresso machine (${taskId})?`,
      ]);
      expect(await q(`${b}/welcome`)).toEqual(["How are we doing this week?"]);
      // A quick question is answered like the ask bar (command mode here: no model is configured).
      const answer = await h.req("staff", `${b}/ask`, { form: { q: "What should I focus on today?" } });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain("Command mode");
    });

    it("is not shown outside a business", async () => {
      const home = await (await h.req("owner", "/?choose")).text();
      expect(home).not.toContain('id="panel-insights-h"');
    });
  });

  describe("the connect page", () => {
    it("shows the Slack, Discord and MCP instructions and what is connected", async () => {
      const before = await (await h.req("staff", `${b}/connect`)).text();
      expect(before).toContain('<h2 id="connect-slack-h">Slack</h2>');
      expect(before).toContain('<h2 id="connect-discord-h">Discord</h2>');
      expect(before).toContain("MCP clients (Claude Desktop, Claude Code, Cursor)");
      expect(before).toContain(`npx omni slack connect --business ${h.main.slug} --team T0123ABCD`);
      expect(before).toContain(
        `npx omni discord connect --business ${h.main.slug} --guild &lt;server id&gt;`,
      );
      expect(before).toContain("http://omni.test/slack/events");
      expect(before).toContain("http://omni.test/discord/interactions");
      expect(before).toContain("No workspace is connected to Main Street Bakery yet.");
      expect(before).toContain("No server is connected to Main Street Bakery yet.");

      await connectWorkspace(h.db.db, {
        platform: "slack",
        teamId: "T0BAKERY1",
        teamName: "Bakery <HQ>",
        businessId: h.main.businessId,
      });
      await connectWorkspace(h.db.db, {
        platform: "discord",
        teamId: "1234567890",
        businessId: h.main.businessId,
      });
      // Another business's workspace is not this one's.
      await connectWorkspace(h.db.db, {
        platform: "slack",
        teamId: "T0OTHER01",
        businessId: h.other.businessId,
      });
      const after = await (await h.req("staff", `${b}/connect`)).text();
      expect(after).toContain("Connected: Bakery &lt;HQ&gt; (workspace T0BAKERY1).");
      expect(after).toContain("Connected: (server 1234567890).");
      expect(after).not.toContain("T0OTHER01");
      expect(after).not.toContain("No workspace is connected");

      const welcome = await (await h.req("staff", `${b}/welcome`)).text();
      expect(stepState(welcome, "connect")).toBe("done");
      expect(welcome).toContain("connected to Bakery &lt;HQ&gt; (T0BAKERY1).");
      expect(welcome).toContain("connected to 1234567890.");
      expect(welcome).toContain("http://omni.test/mcp");
    });
  });
});
