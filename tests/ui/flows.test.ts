/**
 * Admin UI flows with app.request: the start page and creating a business, loading the demo, the dashboard on
 * demo data, the ask bar streaming a model turn over SSE (fake Anthropic API), and CSV import.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelClient } from "../../agent/model.js";
import { userBusinesses } from "../../db/queries/web.js";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic.js";
import { type UiHarness, uiHarness } from "./helpers.js";

describe("admin UI flows", () => {
  let h: UiHarness;
  let fake: FakeAnthropic;
  let b: string;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    h = await uiHarness({
      model: {
        client: createModelClient({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0 }),
        name: "claude-sonnet-4-6",
        toolSearch: "local",
      },
    });
    b = `/b/${h.main.slug}`;
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it("goes straight to a member's only business, and creates a business with its creator as owner", async () => {
    const home = await h.req("staff", "/");
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe(b);
    const choose = await (await h.req("staff", "/?choose")).text();
    expect(choose).toContain("Create a business");
    const bad = await h.req("staff", "/businesses", { form: { name: "", currency: "dollars" } });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="name-error"');
    expect(badHtml).toContain('id="currency-error"');
    const ok = await h.req("staff", "/businesses", {
      form: { name: "Side Hustle", currency: "eur", timezone: "Europe/Berlin" },
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/b/side-hustle/welcome?notice=welcome");
    const mine = await userBusinesses(h.db.db, h.main.users.staff);
    expect(mine.find((x) => x.slug === "side-hustle")?.role).toBe("owner");
    const dash = await (await h.req("staff", "/b/side-hustle/welcome?notice=welcome")).text();
    expect(dash).toContain("Get started");
    expect(dash).toContain("Your business is ready.");
    expect(dash).toContain("EUR");
  });

  it("loads the demo business and shows its dashboard: alerts, tiles and SVG charts", async () => {
    const res = await h.req("accountant", "/demo", { form: {} });
    expect(res.status).toBe(303);
    const demo = res.headers.get("location")!;
    expect(demo).toMatch(/^\/b\/harbor-pine-coffee-co/);
    const html = await (await h.req("accountant", demo)).text();
    expect(html).toContain("Key figures");
    expect(html).toMatch(/class="alerts"/);
    expect(html).not.toContain("Get started");
    // The charts come as a panel the page loads after it is shown (and as a page of their own).
    expect(html).toContain(`data-fragment="${demo}/charts?fragment=1"`);
    const panel = await (await h.req("accountant", `${demo}/charts?fragment=1`)).text();
    expect(panel).not.toContain("<html");
    expect(panel).toContain("Cash at month end");
    expect(panel).toContain("Open pipeline by stage");
    expect(panel).toMatch(/Cash risk|Next 30 days/);
    expect(panel.match(/<svg /g)?.length).toBe(2);
    expect(panel).toContain('<table class="sr-only">');
    const chartsPage = await (await h.req("accountant", `${demo}/charts`)).text();
    expect(chartsPage).toContain("<h1>Cash and pipeline</h1>");
    // Staff of the main business is not a member of the demo.
    expect((await h.req("staff", demo)).status).toBe(404);
  });

  it("streams a model turn over SSE with cited links and an approvable proposal", async () => {
    const inv = await h.main.ok("owner", "tasks_write", {
      method: "create",
      fields: { title: "Renew the lease" },
    });
    const taskId = (inv.record as { id: string }).id;
    fake.script(
      { content: [{ type: "tool_use", id: "t1", name: "search", input: { q: "lease" } }] },
      { content: [{ type: "tool_use", id: "t2", name: "find_tools", input: { query: "create a task" } }] },
      {
        content: [
          { type: "tool_use", id: "t3", name: "tasks_create", input: { title: "Call the landlord" } },
        ],
      },
      {
        content: [
          {
            type: "text",
            text: `See [Renew the lease](http://omni.test${b}/r/${taskId}) and [elsewhere](https://evil.test/x). I proposed a call.`,
          },
        ],
      },
    );
    const res = await h.req("manager", `${b}/ask`, {
      form: { q: "What about the lease?" },
      headers: { accept: "text/event-stream" },
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = (await res.text())
      .split("\n\n")
      .filter(Boolean)
      .map((chunk) => ({
        event: /^event: (.*)$/m.exec(chunk)?.[1],
        data: JSON.parse(/^data: (.*)$/m.exec(chunk)?.[1] ?? "null") as Record<string, string>,
      }));
    const kinds = events.map((e) => e.event);
    expect(kinds.filter((k) => k === "tool")).toHaveLength(3);
    expect(kinds).toContain("text");
    expect(kinds.at(-1)).toBe("done");
    const html = events.at(-1)!.data.html!;
    expect(html).toContain(`<a href="${b}/r/${taskId}">Renew the lease</a>`);
    expect(html).toContain("[elsewhere](https://evil.test/x)"); // not a link: only this app's record pages are
    expect(html).toContain("Call the landlord");
    expect(html).toMatch(new RegExp(`action="${b}/approvals/act_[0-9A-Z]{26}"`));
    expect(html).toContain(">Approve<");
  });

  it("imports a CSV: column mapping, per-row errors, only the ticked valid rows written", async () => {
    const csv =
      "SKU;Name;On Hand;Colour\nBEAN-1;House blend;12;brown\nBEAN-2;;5;green\nBEAN-3;Decaf;lots;brown\nBEAN-4;Espresso;7;black\n";
    const preview = await h.req("owner", `${b}/import/preview`, {
      form: { entity: "inventory_item", text: csv },
    });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("4 rows: <strong>2 ready</strong>");
    expect(html).toContain("name: is required");
    expect(html).toContain("onHand: must be a whole number");
    expect(html).toMatch(
      /<select name="map_0"><option value="">ignore<\/option>.*?<option value="sku" selected=""/,
    );
    const colour = /<select name="map_3">(.*?)<\/select>/.exec(html)?.[1];
    expect(colour).toBeDefined();
    expect(colour).not.toContain("selected");
    // Nothing is written by the preview.
    expect(((await h.main.ok("owner", "inventory_items_list", {})).items as unknown[]).length).toBe(0);
    // The upload is kept as a draft job; the form carries its id, not the file.
    const job = /name="job" value="(imp_[0-9A-Z]{26})"/.exec(html)?.[1];
    expect(job).toBeDefined();
    const run = await h.req("owner", `${b}/import/run`, {
      form: {
        job: job!,
        shown: "0,3",
        map_0: "sku",
        map_1: "name",
        map_2: "onHand",
        map_3: "",
        row: ["0"],
      },
    });
    expect(run.status).toBe(303);
    expect(run.headers.get("location")).toBe(`${b}/import/${job}`);
    const done = await (await h.req("owner", run.headers.get("location")!)).text();
    expect(done).toContain("Import done");
    expect(done).toContain("Imported <strong>1</strong> of 4 rows");
    expect(done).toContain("Row 3: name: is required");
    expect(done).toContain("1 rows were not ticked");
    // The same form again does not import twice: the job has run and the form leads to its page.
    const again = await h.req("owner", `${b}/import/run`, { form: { job: job!, row: ["0"] } });
    expect(again.headers.get("location")).toBe(`${b}/import/${job}`);
    const items = (await h.main.ok("owner", "inventory_items_list", {})).items as {
      sku: string;
      onHand: number;
    }[];
    expect(items.map((i) => [i.sku, i.onHand])).toEqual([["BEAN-1", 12]]);
    // The same through a file upload (multipart), and a request over the size limit.
    const upload = new FormData();
    upload.set("_csrf", h.sessions.owner.csrf);
    upload.set("entity", "inventory_item");
    upload.set("file", new File([csv], "stock.csv", { type: "text/csv" }));
    const uploaded = await h.app.request(`${b}/import/preview`, {
      method: "POST",
      headers: { cookie: `omni_session=${h.sessions.owner.token}` },
      body: upload,
    });
    expect(await uploaded.text()).toContain("4 rows: <strong>2 ready</strong>");
    const huge = await h.req("owner", `${b}/import/preview`, {
      form: { entity: "customer", text: "x".repeat(12 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    const refused = await h.req("staff", `${b}/import/preview`, {
      form: { entity: "customer", text: "name\nx" },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Pick what the file holds.");
  });
});
