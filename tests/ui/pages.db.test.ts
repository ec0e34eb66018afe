/**
 * Every admin UI page's authorisation with app.request, and the pages' own behaviour: records (list, filters,
 * detail, forms with field errors, another business's id → 404), approvals, members, connect,
 * audit, export and delete. Roles come from the one permission table, so these also pin what it says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBusiness } from "../../db/queries/businesses.js";
import { listInvitations } from "../../db/queries/web.js";
import type { Role } from "../../db/schema/core.js";
import { type UiHarness, uiHarness } from "./helpers.js";

const ROLES: Role[] = ["owner", "manager", "staff", "accountant"];

describe("admin UI pages", () => {
  let h: UiHarness;
  let b: string;
  let customerId: string;
  let invoiceId: string;
  let payrollId: string;
  let otherCustomerId: string;
  let otherTaskId: string;

  beforeAll(async () => {
    h = await uiHarness();
    b = `/b/${h.main.slug}`;
    const cus = await h.main.ok("owner", "customers_write", {
      method: "create",
      fields: { name: "Blue Door Café" },
    });
    customerId = (cus.record as { id: string }).id;
    const inv = await h.main.ok("owner", "invoices_write", {
      method: "create",
      fields: {
        number: "INV-1",
        customerId,
        issueDate: "2026-10-01",
        dueDate: "2026-10-31",
        status: "overdue",
        total: "120.00",
      },
    });
    invoiceId = (inv.record as { id: string }).id;
    const emp = await h.main.ok("owner", "employees_write", {
      method: "create",
      fields: { firstName: "Sam" },
    });
    const pay = await h.main.ok("owner", "payroll_records_write", {
      method: "create",
      fields: {
        employeeId: (emp.record as { id: string }).id,
        periodStart: "2026-10-01",
        periodEnd: "2026-10-31",
        payDate: "2026-11-01",
      },
    });
    payrollId = (pay.record as { id: string }).id;
    const oc = await h.other.ok("owner", "customers_write", {
      method: "create",
      fields: { name: "Elsewhere Ltd" },
    });
    otherCustomerId = (oc.record as { id: string }).id;
    const ot = await h.other.ok("staff", "tasks_write", {
      method: "create",
      fields: { title: "Their task" },
    });
    otherTaskId = (ot.record as { id: string }).id;
  });
  afterAll(() => h.close());

  it("lets each role open exactly the pages the permission table allows", async () => {
    const pages: Array<[string, Role[]]> = [
      [b, ROLES],
      [`${b}/charts`, ROLES],
      [`${b}/approvals`, ROLES],
      [`${b}/import`, ROLES],
      [`${b}/connect`, ROLES],
      [`${b}/search?q=blue`, ROLES],
      [`${b}/e/tasks`, ROLES],
      [`${b}/e/deals`, ROLES],
      [`${b}/e/customers`, ["owner", "manager", "accountant"]],
      [`${b}/e/invoices`, ["owner", "manager", "accountant"]],
      [`${b}/e/payroll_records`, ["owner", "manager", "accountant"]],
      [`${b}/r/${payrollId}`, ["owner", "manager", "accountant"]],
      [`${b}/e/performance_notes`, ["owner", "manager", "accountant"]],
      [`${b}/members`, ["owner", "manager"]],
      [`${b}/integrations`, ["owner", "manager"]],
      [`${b}/integrations/smtp`, ["owner", "manager"]],
      [`${b}/audit`, ["owner", "manager"]],
      [`${b}/settings`, ["owner", "manager"]],
      [`${b}/e/events`, ["owner", "manager"]],
      [`${b}/e/customers/new`, ["owner", "manager", "accountant"]],
      [`${b}/r/${customerId}/edit`, ["owner", "manager", "accountant"]],
    ];
    for (const [path, allowedRoles] of pages) {
      for (const role of ROLES) {
        const res = await h.req(role, path);
        expect(res.status, `${role} GET ${path}`).toBe(allowedRoles.includes(role) ? 200 : 403);
      }
    }
  });

  it("sends strangers to sign in and hides businesses from non-members", async () => {
    const res = await h.req("anon", `${b}/e/customers?status=active`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(
      `/login?next=${encodeURIComponent(`${b}/e/customers?status=active`)}`,
    );
    expect((await h.req("owner", `/b/${h.other.slug}`)).status).toBe(404);
    expect((await h.req("owner", `/b/${h.other.slug}/r/${otherCustomerId}`)).status).toBe(404);
    expect((await h.req("owner", "/b/no-such-business/e/customers")).status).toBe(404);
    // An anonymous POST has no session token: refused before anything else.
    expect((await h.req("anon", `${b}/ask`, { form: { q: "hi" } })).status).toBe(403);
  });

  it("answers another business's record id, an unknown id or an unknown list with 404", async () => {
    for (const role of ROLES) expect((await h.req(role, `${b}/r/${otherTaskId}`)).status).toBe(404);
    for (const role of ["owner", "manager", "accountant"] as const)
      expect((await h.req(role, `${b}/r/${otherCustomerId}`)).status).toBe(404);
    // Staff may not read customers at all: the same 403 for any customer id, so nothing leaks either way.
    expect((await h.req("staff", `${b}/r/${otherCustomerId}`)).status).toBe(403);
    expect((await h.req("owner", `${b}/r/cus_01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(404);
    expect((await h.req("owner", `${b}/r/not-an-id`)).status).toBe(404);
    expect((await h.req("owner", `${b}/e/unicorns`)).status).toBe(404);
    const edit = await h.req("owner", `${b}/r/${otherCustomerId}`, { form: { name: "Mine now" } });
    expect(edit.status).toBe(404);
    const theirs = await h.other.ok("owner", "customers_get", { id: otherCustomerId });
    expect((theirs.record as { name: string }).name).toBe("Elsewhere Ltd");
  });

  it("refuses every POST without the CSRF token with 403 and changes nothing", async () => {
    const posts: Array<[string, Record<string, string>]> = [
      [`${b}/e/customers`, { name: "Sneaky" }],
      [`${b}/r/${customerId}`, { name: "Renamed" }],
      [`${b}/r/${customerId}/archive`, {}],
      [`${b}/r/${customerId}/tags`, { tags: "vip" }],
      [`${b}/ask`, { q: "hello" }],
      [`${b}/approvals/act_01ARZ3NDEKTSV4RRFFQ69G5FAV`, { decision: "approve" }],
      [`${b}/members/role`, { userId: h.main.users.staff, role: "owner" }],
      [`${b}/invitations`, { role: "owner" }],
      [`${b}/connect/tokens`, { name: "x" }],
      [`${b}/connect/link-code`, {}],
      [`${b}/integrations/smtp`, { host: "smtp.test", port: "587", from: "a@b.test" }],
      [`${b}/import/preview`, { entity: "customer", text: "name\nx" }],
      [`${b}/import/run`, { job: "imp_01ARZ3NDEKTSV4RRFFQ69G5FAV", row: "0" }],
      [`${b}/delete`, { confirm: h.main.slug }],
      ["/businesses", { name: "Sneaky Co" }],
      ["/demo", {}],
      ["/logout", {}],
    ];
    for (const [path, form] of posts) {
      const res = await h.req("owner", path, { form, csrf: false });
      expect(res.status, `POST ${path}`).toBe(403);
    }
    // A cross-site request is refused even with a token (belt and braces with SameSite cookies).
    const cross = await h.req("owner", `${b}/r/${customerId}/tags`, {
      form: { tags: "vip" },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(cross.status).toBe(403);
    const still = await h.main.ok("owner", "customers_get", { id: customerId });
    expect((still.record as { name: string }).name).toBe("Blue Door Café");
    expect(still.tags).toEqual([]);
    expect(await findBusiness(h.db.db, h.main.businessId)).toBeDefined();
  });

  it("lists records with filters from the list tool's schema, sorts and pages with the cursor", async () => {
    for (const n of ["Acorn", "Birch", "Cedar"])
      await h.main.ok("owner", "customers_write", { method: "create", fields: { name: `${n} Grocers` } });
    const list = await h.req("owner", `${b}/e/customers?sort=name&order=asc&limit=2`);
    const html = await list.text();
    expect(html).toContain('<select id="filter-status" name="status">');
    expect(html).toContain("Acorn Grocers");
    expect(html).toContain("Birch Grocers");
    expect(html).not.toContain("Cedar Grocers");
    const next = /href="([^"]*cursor=[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toBeDefined();
    const page2 = await (await h.req("owner", next!)).text();
    expect(page2).toContain("Blue Door Café");
    expect(page2).toContain("First page");
    const filtered = await (await h.req("owner", `${b}/e/invoices?status=paid`)).text();
    expect(filtered).toContain("No records match.");
    const overdue = await (await h.req("owner", `${b}/e/invoices?status=overdue`)).text();
    expect(overdue).toContain(`href="${b}/r/${invoiceId}"`);
    const bad = await h.req("owner", `${b}/e/invoices?status=bogus`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("status: expected one of");
  });

  it("shows a record with its fields, related records, tags and audit history", async () => {
    const tag = await h.req("accountant", `${b}/r/${customerId}/tags`, { form: { tags: "wholesale, vip" } });
    expect(tag.status).toBe(303);
    const html = await (await h.req("owner", `${b}/r/${invoiceId}`)).text();
    expect(html).toContain("INV-1");
    expect(html).toContain(`href="${b}/r/${customerId}"`);
    const customer = await (await h.req("owner", `${b}/r/${customerId}`)).text();
    expect(customer).toContain('<span class="tag">vip</span>');
    expect(customer).toContain(`href="${b}/r/${invoiceId}"`);
    expect(customer).toContain("tool.customers_write");
    expect(customer).toContain("tool.records_tag");
    const accountant = await (await h.req("accountant", `${b}/r/${customerId}`)).text();
    expect(accountant).toContain("The audit history is visible to owners and managers.");
    expect((await h.req("staff", `${b}/r/${customerId}`)).status).toBe(403);
  });

  it("creates and edits through the write tool, with field errors", async () => {
    const form = await (await h.req("owner", `${b}/e/invoices/new`)).text();
    expect(form).toContain('name="customerId"');
    expect(form).toContain('<select id="f-status" name="status"');
    expect(form).toContain('type="date"');
    const missing = await h.req("owner", `${b}/e/invoices`, { form: { number: "INV-2", total: "12.5x" } });
    expect(missing.status).toBe(400);
    const err = await missing.text();
    expect(err).toMatch(/id="f-total-error">[^<]*decimal/);
    expect(err).toContain('value="INV-2"');
    const noCustomer = await h.req("owner", `${b}/e/invoices`, {
      form: { number: "INV-2", dueDate: "2026-12-01" },
    });
    expect(noCustomer.status).toBe(400);
    expect(await noCustomer.text()).toMatch(/id="f-customerId-error"/);
    const ok = await h.req("accountant", `${b}/e/invoices`, {
      form: {
        number: "INV-2",
        customerId,
        issueDate: "2026-11-20",
        dueDate: "2026-12-01",
        total: "99.90",
        notes: "",
      },
    });
    expect(ok.status).toBe(303);
    const id = /\/r\/(inv_[0-9A-Z]{26})\?notice=created/.exec(ok.headers.get("location")!)?.[1];
    expect(id).toBeDefined();
    const edit = await h.req("accountant", `${b}/r/${id}`, {
      form: {
        number: "INV-2",
        customerId,
        issueDate: "2026-11-20",
        dueDate: "2026-12-15",
        total: "99.90",
        notes: "net 15",
      },
    });
    expect(edit.status).toBe(303);
    const rec = (await h.main.ok("owner", "invoices_get", { id })).record as Record<string, unknown>;
    expect(rec).toMatchObject({ dueDate: "2026-12-15", notes: "net 15", total: "99.90" });
    const staff = await h.req("staff", `${b}/e/invoices`, {
      form: { number: "INV-3", customerId, dueDate: "2026-12-01" },
    });
    expect(staff.status).toBe(403);
    const archived = await h.req("owner", `${b}/r/${id}/archive`, { form: {} });
    expect(archived.status).toBe(303);
    expect(
      ((await h.main.ok("owner", "invoices_get", { id })).record as { archivedAt: string | null }).archivedAt,
    ).not.toBeNull();
  });

  it("shows the approvals queue with buttons only for those who may decide, through decideAction", async () => {
    // The AI (on the staff member's behalf) asks to create a customer: finance approvers decide.
    const proposed = await h.main.registry.call(
      { db: h.db.db, businessId: h.main.businessId, userId: h.main.users.staff, actor: "ai" },
      "tasks_create",
      { title: "Call the roaster" },
    );
    const viaAccountant = await h.main.registry.call(
      { db: h.db.db, businessId: h.main.businessId, userId: h.main.users.accountant, actor: "ai" },
      "customers_write",
      { method: "create", fields: { name: "Proposed Customer" } },
    );
    expect(proposed.ok && proposed.pending).toBeTruthy();
    expect(viaAccountant.ok && viaAccountant.pending).toBeTruthy();
    const cardId = viaAccountant.ok ? viaAccountant.pending!.id : "";
    const staffPage = await (await h.req("staff", `${b}/approvals`)).text();
    expect(staffPage).toContain("Proposed Customer");
    expect(staffPage).toMatch(/Waits for approval by owner or manager or accountant/);
    expect(staffPage.match(/>Approve</g)?.length).toBe(1); // the task only
    expect((await h.req("staff", `${b}/approvals/${cardId}`, { form: { decision: "approve" } })).status).toBe(
      403,
    );
    const ok = await h.req("owner", `${b}/approvals/${cardId}`, {
      form: { decision: "reject", note: "duplicate" },
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`${b}/approvals?notice=rejected`);
    const again = await h.req("owner", `${b}/approvals/${cardId}`, { form: { decision: "approve" } });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already rejected");
    const done = await (await h.req("owner", `${b}/approvals?view=done`)).text();
    expect(done).toContain("Proposed Customer");
  });

  it("changes roles (never the last owner), and creates and lists invitations", async () => {
    const page = await (await h.req("manager", `${b}/members`)).text();
    expect(page).toContain("staff user");
    expect(page).not.toContain("Set role");
    expect(
      (await h.req("manager", `${b}/members/role`, { form: { userId: h.main.users.staff, role: "manager" } }))
        .status,
    ).toBe(403);
    const demote = await h.req("owner", `${b}/members/role`, {
      form: { userId: h.main.users.owner, role: "staff" },
    });
    expect(demote.status).toBe(409);
    const promote = await h.req("owner", `${b}/members/role`, {
      form: { userId: h.main.users.staff, role: "manager" },
    });
    expect(promote.status).toBe(303);
    expect((await h.req("staff", `${b}/members`)).status).toBe(200);
    await h.req("owner", `${b}/members/role`, { form: { userId: h.main.users.staff, role: "staff" } });
    expect((await h.req("staff", `${b}/members`)).status).toBe(403);
    await h.req("owner", `${b}/invitations`, { form: { role: "staff" } });
    const [inv] = await listInvitations(h.db.db, h.main.businessId);
    const revoke = await h.req("owner", `${b}/invitations/${inv!.id}/revoke`, { form: {} });
    expect(revoke.status).toBe(303);
    expect((await listInvitations(h.db.db, h.main.businessId))[0]!.revokedAt).not.toBeNull();
  });

  it("gives chat link codes and MCP tokens once, and revokes tokens", async () => {
    const code = await (await h.req("staff", `${b}/connect/link-code`, { form: {} })).text();
    expect(code).toMatch(/Your code: <strong class="mono">[A-Z0-9]{8}<\/strong>/);
    const created = await (
      await h.req("staff", `${b}/connect/tokens`, {
        form: { name: "Laptop", readOnly: "true", toolsets: ["sales", "support"] },
      })
    ).text();
    const token = /New token \(copy it now\): <code>(omni_[A-Za-z0-9_-]{43})<\/code>/.exec(created)?.[1];
    expect(token).toBeDefined();
    const listed = await (await h.req("staff", `${b}/connect`)).text();
    expect(listed).not.toContain(token!);
    expect(listed).toContain("read-only sales, support");
    const refused = await h.req("staff", `${b}/connect/tokens`, { form: { toolsets: "people_private" } });
    expect(refused.status).toBe(400);
    const id = /connect\/tokens\/(tok_[0-9A-Z]{26})\/revoke/.exec(listed)?.[1];
    expect((await h.req("manager", `${b}/connect/tokens/${id}/revoke`, { form: {} })).status).toBe(403);
    expect((await h.req("staff", `${b}/connect/tokens/${id}/revoke`, { form: {} })).status).toBe(303);
  });

  it("shows the audit log with the chain's status and filters", async () => {
    const html = await (await h.req("manager", `${b}/audit?actorType=user`)).text();
    expect(html).toContain("Chain verified:");
    expect(html).toContain("tool.customers_write");
    expect(html).not.toContain("business.created"); // a system event, filtered out
  });

  it("answers in command mode without a model, streamed or as a page", async () => {
    const sse = await h.req("owner", `${b}/ask`, {
      form: { q: "any overdue invoices?" },
      headers: { accept: "text/event-stream" },
    });
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const text = await sse.text();
    expect(text).toContain("event: text");
    expect(text).toContain("Command mode");
    expect(text).toContain("event: done");
    expect(text).toContain(`href=\\"${b}/r/${invoiceId}\\"`);
    const page = await h.req("staff", `${b}/ask`, { form: { q: "how is our cash?" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Command mode");
  });

  it("exports (owners and managers) and deletes only with the owner's typed confirmation", async () => {
    const zip = await h.req("manager", `${b}/export`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const bytes = new Uint8Array(await zip.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    expect((await h.req("manager", `${b}/delete`, { form: { confirm: h.main.slug } })).status).toBe(403);
    const wrong = await h.req("owner", `${b}/delete`, { form: { confirm: "nope" } });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(`Type ${h.main.slug} exactly to confirm the deletion.`);
    const del = await h.req("owner", `${b}/delete`, { form: { confirm: h.main.slug } });
    expect(del.status).toBe(303);
    await expect(findBusiness(h.db.db, h.main.businessId)).rejects.toThrow(/No business/);
    expect((await h.req("owner", b)).status).toBe(404);
  });
});
