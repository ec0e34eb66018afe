import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

describe(`generated CRUD tools (${backend})`, () => {
  let h: ToolHarness;
  let customerId: string;
  let invoiceId: string;
  beforeAll(async () => {
    h = await toolHarness();
  });
  afterAll(() => h.db.dispose());

  it("creates a customer and an invoice with lines; totals follow the lines", async () => {
    const c = await h.ok("accountant", "customers_write", {
      method: "create",
      fields: { name: "Blue Door Café", email: "ap@bluedoor.test" },
    });
    customerId = (c.record as { id: string }).id;
    expect(customerId).toMatch(/^cus_/);
    const inv = await h.ok("accountant", "invoices_write", {
      method: "create",
      fields: {
        number: "INV-1001",
        customerId,
        issueDate: "2026-11-01",
        dueDate: "2026-12-01",
        status: "sent",
      },
    });
    invoiceId = (inv.record as { id: string }).id;
    await h.ok("accountant", "invoice_lines_write", {
      method: "create",
      fields: { invoiceId, description: "House blend 5 lb", quantity: 3, unitPrice: "42.50", taxRateBp: 800 },
    });
    await h.ok("accountant", "invoice_lines_write", {
      method: "create",
      fields: { invoiceId, description: "Delivery", quantity: 1, unitPrice: "15.00" },
    });
    const got = await h.ok("manager", "invoices_get", { id: invoiceId });
    const rec = got.record as Record<string, unknown>;
    // 3 × 42.50 = 127.50 (+8% = 10.20 tax) + 15.00 → subtotal 142.50, tax 10.20, total 152.70
    expect(rec).toMatchObject({
      subtotal: "142.50",
      tax: "10.20",
      total: "152.70",
      currency: "USD",
      status: "sent",
    });
    const related = got.related as Record<string, { id: string }[]>;
    expect(related.customer?.[0]?.id).toBe(customerId);
    expect(related.invoice_lines).toHaveLength(2);
  });

  it("lists with filters, text query, sort and cursor", async () => {
    for (let i = 0; i < 5; i++) {
      await h.ok("staff", "tasks_write", {
        method: "create",
        fields: { title: `Call supplier ${i}`, priority: i % 2 ? "high" : "low" },
      });
    }
    const high = await h.ok("staff", "tasks_list", { priority: "high" });
    expect((high.items as unknown[]).length).toBe(2);
    const page1 = await h.ok("staff", "tasks_list", { limit: 3, sort: "title", order: "asc" });
    expect((page1.items as { title: string }[]).map((t) => t.title)).toEqual([
      "Call supplier 0",
      "Call supplier 1",
      "Call supplier 2",
    ]);
    const page2 = await h.ok("staff", "tasks_list", {
      limit: 3,
      sort: "title",
      order: "asc",
      cursor: page1.nextCursor,
    });
    expect((page2.items as unknown[]).length).toBe(2);
    expect(page2.nextCursor).toBeNull();
    const found = await h.ok("staff", "tasks_list", { q: "supplier 3" });
    expect((found.items as { title: string }[]).some((t) => t.title === "Call supplier 3")).toBe(true);
  });

  it("updates and archives; archived records leave default lists", async () => {
    const up = await h.ok("accountant", "customers_write", {
      method: "update",
      id: customerId,
      fields: { paymentTermsDays: 15 },
    });
    expect((up.record as { paymentTermsDays: number }).paymentTermsDays).toBe(15);
    await h.ok("owner", "customers_write", { method: "archive", id: customerId });
    expect(((await h.ok("owner", "customers_list", {})).items as unknown[]).length).toBe(0);
    expect(
      ((await h.ok("owner", "customers_list", { includeArchived: true })).items as unknown[]).length,
    ).toBe(1);
  });

  it("explains bad input and writes nothing", async () => {
    const before = ((await h.ok("owner", "invoices_list", {})).items as unknown[]).length;
    const cases: Array<[string, unknown, RegExp]> = [
      [
        "invoices_write",
        { method: "create", fields: { number: "X", customerId, dueDate: "2026-12-01", colour: "red" } },
        /unknown field 'colour'/,
      ],
      [
        "invoices_write",
        { method: "create", fields: { number: "X", customerId, dueDate: "2026-12-01", status: "done" } },
        /status: expected one of draft, sent, paid, overdue, void/,
      ],
      [
        "invoices_write",
        { method: "create", fields: { number: "X", customerId, dueDate: "2026-12-01", currency: "XYZ" } },
        /currency/,
      ],
      [
        "invoices_write",
        { method: "create", fields: { number: "X", customerId: "cus_123", dueDate: "2026-12-01" } },
        /customerId: must be a cus_ id/,
      ],
      [
        "invoices_write",
        { method: "create", fields: { number: "X", customerId, dueDate: "2026-12-01", total: "12.345" } },
        /more than 2 decimal places/,
      ],
      ["invoices_list", { limit: 1000 }, /at most 100/],
      ["invoices_get", { id: "inv_01JZZZZZZZZZZZZZZZZZZZZZZZ" }, /No invoice with id/],
      [
        "inventory_items_write",
        { method: "create", fields: { sku: "N-1", name: "Neg", onHand: -4 } },
        /on_hand/,
      ],
    ];
    for (const [tool, input, re] of cases) {
      const r = await h.call("owner", tool, input);
      expect(r.ok, tool).toBe(false);
      if (!r.ok)
        expect(`${r.error.message} ${(r.error.issues ?? []).join(" ")}`, JSON.stringify(input)).toMatch(re);
    }
    expect(((await h.ok("owner", "invoices_list", {})).items as unknown[]).length).toBe(before);
    expect(((await h.ok("owner", "inventory_items_list", {})).items as unknown[]).length).toBe(0);
  });

  it("refuses by role and hides salaries from staff", async () => {
    const r = await h.call("staff", "invoices_list", {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("forbidden");
    await h.ok("owner", "employees_write", {
      method: "create",
      fields: { firstName: "Ana", lastName: "Ruiz", salary: "52000.00" },
    });
    const staffView = (await h.ok("staff", "employees_list", {})).items as Record<string, unknown>[];
    expect(staffView[0]).not.toHaveProperty("salary");
    const ownerView = (await h.ok("owner", "employees_list", {})).items as Record<string, unknown>[];
    expect(ownerView[0]).toHaveProperty("salary", "52000.00");
  });
});
