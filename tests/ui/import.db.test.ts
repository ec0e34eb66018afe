/**
 * CSV import in the admin UI with app.request, on both backends: names in id columns ("Customer") matched to
 * records (case-insensitive, missing and ambiguous names refused per row), a large file previewed as counts with
 * capped lists and the unlisted valid rows imported too, the progress page of a running job, a job whose process
 * is gone marked failed, and jobs private to their uploader.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertImportJob, startImportJob, updateImportProgress } from "../../db/queries/imports.js";
import { importJobs } from "../../db/schema/index.js";
import { withBusiness } from "../../db/tenancy.js";
import { backend } from "../helpers/db.js";
import { type UiHarness, uiHarness } from "./helpers.js";

const jobIdOf = (html: string) => {
  const id = /name="job" value="(imp_[0-9A-Z]{26})"/.exec(html)?.[1];
  if (!id) throw new Error("the preview holds no job id");
  return id;
};

describe(`CSV import (${backend})`, () => {
  let h: UiHarness;
  let b: string;
  const customer: Record<string, string> = {};

  beforeAll(async () => {
    h = await uiHarness();
    b = `/b/${h.main.slug}`;
    for (const name of ["North Pier Café", "Twin Co", "Twin Co", "Gull & Co", "Harbor Deli"]) {
      const r = await h.main.ok("owner", "customers_write", { method: "create", fields: { name } });
      customer[name] = (r.record as { id: string }).id;
    }
  });
  afterAll(() => h.close());

  /** Follows an import run to the page it leads to, polling while the job is still running. */
  async function runToEnd(form: Record<string, string | string[]>): Promise<string> {
    const run = await h.req("owner", `${b}/import/run`, { form });
    expect(run.status).toBe(303);
    const url = run.headers.get("location")!;
    for (let i = 0; i < 300; i++) {
      const html = await (await h.req("owner", url)).text();
      if (!html.includes("data-reload-after")) return html;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the import did not finish");
  }

  it("matches names in an id column to records, and says which names are missing or ambiguous", async () => {
    const csv = [
      "First name,Email,Customer",
      "Ada,ada@pier.test,  north PIER café ",
      "Bo,bo@nowhere.test,Nobody Ltd",
      "Cy,cy@twin.test,Twin Co",
      `Di,di@pier.test,${customer["North Pier Café"]}`,
      "Ed,ed@none.test,",
      "Flo,flo@gull.test,Gull & Co",
      "Gus,gus@deli.test,harbor deli",
    ].join("\n");
    const preview = await h.req("owner", `${b}/import/preview`, { form: { entity: "contact", text: csv } });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    // "Customer" is guessed to fill customerId.
    expect(html).toMatch(/<select name="map_2">.*?<option value="customerId" selected=""/);
    // Five names: read through the customer list once.
    expect(html).toContain("7 rows: <strong>5 ready</strong>");
    expect(html).toContain(`north PIER café → ${customer["North Pier Café"]}`);
    expect(html).toContain("customerId: no customer named &quot;Nobody Ltd&quot;");
    expect(html).toContain("customerId: &quot;Twin Co&quot; matches 2 customers; use the id");
    // A few names are each searched for instead; the answers are the same.
    const few = await (
      await h.req("owner", `${b}/import/preview`, {
        form: { entity: "contact", text: csv.split("\n").slice(0, 4).join("\n") },
      })
    ).text();
    expect(few).toContain("3 rows: <strong>1 ready</strong>");
    expect(few).toContain(`north PIER café → ${customer["North Pier Café"]}`);
    expect(few).toContain("customerId: no customer named &quot;Nobody Ltd&quot;");
    expect(few).toContain("customerId: &quot;Twin Co&quot; matches 2 customers; use the id");
    const done = await runToEnd({ job: jobIdOf(html), row: ["0", "3", "4", "5", "6"], shown: "0,3,4,5,6" });
    expect(done).toContain("Imported <strong>5</strong> of 7 rows");
    expect(done).toContain("2 rows failed");
    const contacts = (await h.main.ok("owner", "contacts_list", { limit: 100 })).items as {
      firstName: string;
      customerId: string | null;
    }[];
    expect(Object.fromEntries(contacts.map((c) => [c.firstName, c.customerId]))).toEqual({
      Ada: customer["North Pier Café"],
      Di: customer["North Pier Café"],
      Ed: null,
      Flo: customer["Gull & Co"],
      Gus: customer["Harbor Deli"],
    });
  });

  it("previews a large file as counts, lists capped rows, and imports the valid rows not listed too", async () => {
    const lines = ["Name,Email,Payment terms days"];
    for (let i = 1; i <= 1200; i++) lines.push(`Bulk ${i},b${i}@bulk.test,${i % 300 === 0 ? "soon" : "30"}`);
    const preview = await h.req("owner", `${b}/import/preview`, {
      form: { entity: "customer", text: lines.join("\n") },
    });
    const html = await preview.text();
    expect(html).toContain("1,200 rows: <strong>1,196 ready</strong>");
    expect(html).toContain("4 with errors");
    expect(html).toContain("The other 1,096 ready rows are not listed and are imported too.");
    // 100 ready rows with a checkbox, and the 4 rows with errors (disabled).
    expect(html.match(/<input type="checkbox" name="row"/g)).toHaveLength(104);
    expect(html.match(/name="row" value="\d+" disabled=""/g)).toHaveLength(4);
    const shown = /name="shown" value="([\d,]*)"/.exec(html)![1]!.split(",");
    expect(shown).toHaveLength(100);
    // Untick the first listed row: it is skipped; every other valid row is written.
    const done = await runToEnd({ job: jobIdOf(html), shown: shown.join(","), row: shown.slice(1) });
    expect(done).toContain("Import done");
    expect(done).toContain("Imported <strong>1,195</strong> of 1,200 rows");
    expect(done).toContain("4 rows failed; 1 rows were not ticked");
    expect(done).toContain("Row 301: paymentTermsDays: must be a whole number");
    const names = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Record<string, unknown> = await h.main.ok("owner", "customers_list", {
        q: "Bulk",
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of page.items as { name: string }[]) names.add(c.name);
      cursor = page.nextCursor as string | null;
    } while (cursor);
    expect(names.size).toBe(1195);
    expect(names.has("Bulk 1")).toBe(false);
    expect(names.has("Bulk 300")).toBe(false);
    expect(names.has("Bulk 1199")).toBe(true);
    // The upload itself is not kept once the records hold the data.
    const [job] = await withBusiness(h.db.db, { businessId: h.main.businessId }, (tx) =>
      tx
        .select({ csvText: importJobs.csvText })
        .from(importJobs)
        .where(eq(importJobs.id, jobIdOf(html))),
    );
    expect(job!.csvText).toBe("");
  });

  it("shows a running job's progress, and marks a job whose process stopped as failed", async () => {
    const tenant = { businessId: h.main.businessId };
    const job = await withBusiness(h.db.db, tenant, async (tx) => {
      const j = await insertImportJob(tx, {
        businessId: h.main.businessId,
        userId: h.main.users.owner,
        entityType: "customer",
        csvText: "name\nA\n",
        mapping: ["name"],
        total: 100,
      });
      await startImportJob(tx, h.main.businessId, h.main.users.owner, j.id, {
        mapping: ["name"],
        total: 100,
        processed: 0,
        failedCount: 0,
        failedRows: [],
      });
      await updateImportProgress(tx, h.main.businessId, j.id, { processed: 40, createdCount: 38 });
      return j;
    });
    const url = `${b}/import/${job.id}`;
    const running = await (await h.req("owner", url)).text();
    expect(running).toContain("Importing customers…");
    expect(running).toContain(`data-reload-after="2" data-reload-url="${url}"`);
    expect(running).toContain('<progress value="40" max="100">40%</progress>');
    expect(running).toContain("Imported <strong>38</strong> of 100 rows…");
    // Another member cannot see it; a made-up id is not found either.
    expect((await h.req("manager", url)).status).toBe(404);
    expect((await h.req("owner", `${b}/import/imp_01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(404);
    // No progress for ten minutes: the process that ran it is gone.
    await withBusiness(h.db.db, tenant, (tx) =>
      tx
        .update(importJobs)
        .set({ updatedAt: new Date(Date.now() - 10 * 60_000) })
        .where(eq(importJobs.id, job.id)),
    );
    const failed = await (await h.req("owner", url)).text();
    expect(failed).toContain("Import failed");
    expect(failed).toContain("The import was interrupted (the server stopped) after 40 of 100 rows.");
    expect(failed).not.toContain("data-reload-after");
  });

  it("keeps a draft private to its uploader and re-checks it with a changed column mapping", async () => {
    const csv = "Label,Mail\nRenamed Co,r@co.test\n";
    const html = await (
      await h.req("owner", `${b}/import/preview`, { form: { entity: "customer", text: csv } })
    ).text();
    expect(html).toContain("name: is required");
    const job = jobIdOf(html);
    const stranger = await h.req("manager", `${b}/import/preview`, { form: { job, map_0: "name" } });
    expect(stranger.status).toBe(404);
    const again = await (
      await h.req("owner", `${b}/import/preview`, { form: { job, map_0: "name", map_1: "email" } })
    ).text();
    expect(again).toContain("1 rows: <strong>1 ready</strong>");
    expect(jobIdOf(again)).toBe(job);
    // The mapping chosen is kept with the draft: the run uses it without the form repeating it.
    const done = await runToEnd({ job });
    expect(done).toContain("Imported <strong>1</strong> of 1 rows");
    const found = (await h.main.ok("owner", "customers_list", { q: "Renamed" })).items as { email: string }[];
    expect(found.map((c) => c.email)).toEqual(["r@co.test"]);
  });

  it("refuses a malformed file with the line to fix, and saves nothing", async () => {
    const res = await h.req("owner", `${b}/import/preview`, {
      form: { entity: "customer", text: 'name,email\nA,a@x.test\n"B,b@x.test\n' },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The quoted cell on line 3 is not closed");
    const drafts = await withBusiness(h.db.db, { businessId: h.main.businessId }, (tx) =>
      tx.select({ id: importJobs.id }).from(importJobs),
    );
    // Only the jobs of the tests above.
    expect(drafts).toHaveLength(5);
  });
});
