import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as s from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { FIXED_NOW, type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

interface Result {
  type: string;
  id: string;
  label: string;
  snippet: string;
  score: number;
  matchedBy: string[];
  untrusted: boolean;
}

describe(`search (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};
  const search = async (role: "owner" | "staff" | "accountant", input: Record<string, unknown>) => {
    const out = await h.ok(role, "search", input);
    return out as { results: Result[]; omittedTypes: string[]; refs: { type: string; id: string }[] };
  };

  beforeAll(async () => {
    h = await toolHarness();
    const businessId = h.businessId;
    await h.tx(async (tx) => {
      const ins = async (table: Parameters<typeof tx.insert>[0], values: Record<string, unknown>) => {
        const [row] = await tx
          .insert(table)
          .values({ businessId, ...values } as never)
          .returning();
        return (row as { id: string }).id;
      };
      id.blueDoor = await ins(s.customers, {
        name: "Blue Door Café",
        notes: "Wholesale coffee every Monday",
      });
      id.greenleaf = await ins(s.customers, { name: "Greenleaf Bakery" });
      id.oldBlue = await ins(s.customers, { name: "Blue Door Café", archivedAt: FIXED_NOW });
      id.roasters = await ins(s.vendors, { name: "Bluebird Roasters", category: "coffee" });
      id.invoice = await ins(s.invoices, {
        number: "INV-1001",
        customerId: id.blueDoor,
        issueDate: "2026-11-01",
        dueDate: "2026-12-01",
        notes: "Coffee beans for November",
      });
      id.ana = await ins(s.employees, { firstName: "Ana", lastName: "Ruiz" });
      id.note = await ins(s.performanceNotes, {
        employeeId: id.ana,
        body: "Led the coffee tasting training",
      });
      id.ticket = await ins(s.tickets, { number: 1, subject: "Coffee machine leaking", requesterName: "Jo" });
      id.contact = await ins(s.contacts, { firstName: "Marta", lastName: "Blum" });
    });
  });
  afterAll(() => h.db.dispose());

  it("ranks a record found by both words and name first, with an RRF score of 2/61", async () => {
    const out = await search("owner", { q: "Blue Door" });
    expect(out.results[0]).toMatchObject({
      type: "customer",
      id: id.blueDoor,
      label: "Blue Door Café",
      matchedBy: ["text", "name"],
      untrusted: false,
    });
    expect(out.results[0]!.score).toBeCloseTo(2 / 61, 6);
    expect(out.results[0]!.snippet).toContain("«Blue» «Door» Café");
    // the archived namesake never shows
    expect(out.results.map((r) => r.id)).not.toContain(id.oldBlue);
    expect(out.refs[0]).toEqual({ type: "customer", id: id.blueDoor, label: "Blue Door Café" });
  });

  it("finds a misspelt name by trigram similarity alone", async () => {
    const out = await search("owner", { q: "Blu Dor Cafe" });
    expect(out.results[0]).toMatchObject({ id: id.blueDoor, matchedBy: ["name"] });
    expect(out.results[0]!.score).toBeCloseTo(1 / 61, 6);
    const person = await search("owner", { q: "Marta Blumm" });
    expect(person.results[0]).toMatchObject({ type: "contact", id: id.contact, label: "Marta Blum" });
  });

  it("searches every readable type, weight-A matches first; staff never see finance or private notes", async () => {
    const owner = await search("owner", { q: "coffee" });
    expect(new Set(owner.results.map((r) => r.id))).toEqual(
      new Set([id.blueDoor, id.roasters, id.invoice, id.note, id.ticket]),
    );
    expect(owner.omittedTypes).toEqual([]);
    const scores = owner.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // subject / body are weight A, notes / category weight B
    const pos = (x: string | undefined) => owner.results.findIndex((r) => r.id === x);
    expect(pos(id.ticket)).toBeLessThan(pos(id.blueDoor));
    expect(owner.results.find((r) => r.id === id.invoice)).toMatchObject({
      label: "Invoice INV-1001",
      snippet: "INV-1001 · «Coffee» beans for November",
    });

    const staff = await search("staff", { q: "coffee" });
    expect(staff.results.map((r) => r.id)).toEqual([id.ticket]);
    expect(staff.omittedTypes).toEqual(
      expect.arrayContaining(["invoice", "customer", "vendor", "transaction", "performance_note"]),
    );
    expect(staff.omittedTypes).not.toContain("ticket");
    const accountant = await search("accountant", { q: "coffee" });
    expect(accountant.results.map((r) => r.id)).toContain(id.note);
  });

  it("filters by type and marks outside text as untrusted", async () => {
    const out = await search("owner", { q: "coffee", types: ["ticket"] });
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({
      type: "ticket",
      label: "#1 Coffee machine leaking",
      snippet: "«Coffee» machine leaking",
      untrusted: true,
    });
    const staff = await search("staff", { q: "coffee", types: ["invoice", "ticket"] });
    expect(staff.omittedTypes).toEqual(["invoice"]);
    expect(staff.results.map((r) => r.type)).toEqual(["ticket"]);
    const limited = await search("owner", { q: "coffee", limit: 2 });
    expect(limited.results).toHaveLength(2);
    expect(limited.refs).toHaveLength(2);
  });

  it("rejects bad input", async () => {
    for (const input of [{ q: "" }, { q: "coffee", limit: 51 }, { q: "coffee", types: ["bogus"] }, {}]) {
      const r = await h.call("owner", "search", input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("invalid_input");
    }
  });

  it("finds nothing gracefully for stop words only", async () => {
    const out = await search("owner", { q: "the" });
    expect(out.results).toEqual([]);
  });
});
