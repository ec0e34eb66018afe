/**
 * The admin UI end to end in real headless Chromium (Debian's `chromium`, driven by playwright-core): sign up →
 * create a business → load the demo → ask a question (fake Anthropic API) and see cited links → approve the
 * proposed action → see it in the audit log → import a CSV with one bad row and see the error. Screenshots of
 * each page go to tests/artifacts/e2e/.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelClient } from "../../agent/model.js";
import { type ActionWorker, createActionWorker } from "../../jobs/action-worker.js";
import { createLogger } from "../../log.js";
import { createApp } from "../../server/app.js";
import { createUi } from "../../server/ui/index.js";
import { registry } from "../../tools/index.js";
import { type FakeAnthropic, type FakeRequestBody, startFakeAnthropic } from "../fakes/anthropic.js";
import { createTestDb, type TestDb } from "../helpers/db.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.resolve("tests/artifacts/e2e");
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`e2e: ${CHROMIUM} is missing (apt-get install -y chromium); the browser test is skipped`);

const RECORD_ID = /\b(?!biz_|usr_|act_)[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}\b/;

describe.skipIf(!haveChromium)("admin UI in Chromium", () => {
  let db: TestDb;
  let fake: FakeAnthropic;
  let worker: ActionWorker;
  let server: ReturnType<typeof serve>;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  /** The demo business's slug, known once it is loaded (the fake model writes links with it). */
  let slug = "";

  const lastToolResult = (body: FakeRequestBody | undefined) => {
    const content = body?.messages.at(-1)?.content;
    return Array.isArray(content) ? JSON.stringify(content) : String(content ?? "");
  };
  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    db = await createTestDb();
    fake = await startFakeAnthropic();
    const logger = createLogger("silent");
    worker = createActionWorker({ db: db.db, registry, logger, pollMs: 200 });
    worker.start();
    const ui = createUi({
      db: db.db,
      registry,
      logger,
      publicUrl: "http://127.0.0.1",
      model: {
        client: createModelClient({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0 }),
        name: "claude-sonnet-4-6",
        toolSearch: "local",
      },
      worker,
      demoScale: 0.05,
      secretKey: () => Buffer.alloc(32, 1),
    });
    const app = createApp({ handle: db, logger, version: "e2e", ui });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "omni-e2e-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    await worker?.stop();
    await fake?.close();
    await db?.dispose();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it("signs up, creates a business, loads the demo, asks, approves, audits and imports", async () => {
    // Sign up.
    await page.goto(`${base}/signup`);
    await shot("01-signup");
    await page.getByLabel("Your name").fill("Erin Example");
    await page.getByLabel("Email").fill("erin@example.test");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/`);
    await expect(page.getByRole("heading", { name: "Hello, Erin Example" }).isVisible()).resolves.toBe(true);
    await shot("02-home");

    // Create a business: the onboarding card greets it.
    await page.getByLabel("Business name").fill("E2E Roasters");
    await page.getByRole("button", { name: "Create business" }).click();
    await page.waitForURL(/\/b\/e2e-roasters/);
    await page.getByRole("heading", { name: "Get started" }).waitFor();
    await shot("03-new-business");

    // Load the demo business.
    await page.getByRole("button", { name: "Load the demo business" }).click();
    await page.waitForURL(/\/b\/harbor-pine-coffee-co/, { timeout: 120_000 });
    slug = new URL(page.url()).pathname.split("/")[2]!;
    await page.getByRole("heading", { name: "Key figures" }).waitFor();
    await page.locator("svg[role=img]").first().waitFor(); // the charts panel loads after the page
    expect(await page.locator("svg[role=img]").count()).toBe(2);
    await shot("04-demo-dashboard");

    // Ask: the fake model reads the overview, finds the task tool, proposes a task and cites a record.
    let cited = "";
    fake.script(
      () => ({ content: [{ type: "tool_use", id: "toolu_1", name: "business_overview", input: {} }] }),
      (req) => {
        cited = RECORD_ID.exec(lastToolResult(req.body))?.[0] ?? "";
        return {
          content: [
            { type: "tool_use", id: "toolu_2", name: "find_tools", input: { query: "create a task" } },
          ],
        };
      },
      () => ({
        content: [
          {
            type: "tool_use",
            id: "toolu_3",
            name: "tasks_create",
            input: { title: "Follow up on the overdue invoice", priority: "high", related_id: cited },
          },
        ],
      }),
      () => ({
        content: [
          {
            type: "text",
            text: `This needs attention first: [the record](/b/${slug}/r/${cited}). I proposed a task to follow up; approve it below.`,
          },
        ],
      }),
    );
    await page.getByLabel("Ask about the business").fill("What should I worry about this week?");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    const source = page.locator("#ask-result .sources a").first();
    await source.waitFor();
    expect(cited).toMatch(RECORD_ID);
    expect(await source.getAttribute("href")).toBe(`/b/${slug}/r/${cited}`);
    expect(await page.locator("#ask-result .answer-text a").first().getAttribute("href")).toBe(
      `/b/${slug}/r/${cited}`,
    );
    await shot("05-answer");

    // Approve the proposed action from the answer.
    await page.locator("#ask-result").getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/\/approvals\?notice=approved/);
    await page.getByText("Approved: the action runs now.").waitFor();
    await shot("06-approved");
    await worker.drain();

    // The audit log shows the approval and the task it created; the chain verifies.
    await page.goto(`${base}/b/${slug}/audit`);
    await page.getByText("Chain verified").waitFor();
    await page.getByText("action.approved").first().waitFor();
    await page.getByText("tool.tasks_create").first().waitFor();
    await shot("07-audit");

    // Integrations: the SMTP settings form is generated from the connector's schema; the password is never shown.
    await page.goto(`${base}/b/${slug}/integrations`);
    await page.getByRole("heading", { name: "Sync log" }).waitFor();
    await shot("07a-integrations");
    await page.getByRole("heading", { name: "Outgoing email (SMTP)" }).getByRole("link").click();
    await page.getByRole("button", { name: "Test connection" }).waitFor();
    expect(await page.locator('input[name="secrets.password"]').getAttribute("type")).toBe("password");
    await shot("07b-integration-smtp");

    // Import customers from a CSV with one bad row (no name): the preview names the error; the rest import.
    await page.goto(`${base}/b/${slug}/import`);
    await page.getByLabel("What the file holds").selectOption("customer");
    await page
      .getByLabel("…or paste the CSV")
      .fill(
        "Name,Email,Phone\nNorth Pier Café,orders@northpier.test,555-0101\n,nobody@example.test,555-0102\nGull Bakery,hi@gull.test,555-0103\n",
      );
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("name: is required").waitFor();
    await expect(page.getByText("2 ready").isVisible()).resolves.toBe(true);
    await shot("08-import-preview");
    await page.getByRole("button", { name: "Import the ticked rows" }).click();
    await page.getByRole("heading", { name: "Import done" }).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("Imported 2 of 3 rows");
    await shot("09-import-done");

    // The imported record has its own page.
    await page.goto(`${base}/b/${slug}/e/customers?q=Gull`);
    await page.getByRole("link", { name: "Gull Bakery" }).click();
    await page.waitForURL(new RegExp(`/b/${slug}/r/cus_`));
    await shot("10-record");

    // Dark mode follows the system setting.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${base}/b/${slug}`);
    await page.locator("svg[role=img]").first().waitFor();
    expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).toBe("rgb(19, 20, 22)");
    await shot("11-dashboard-dark");
  }, 240_000);
});
