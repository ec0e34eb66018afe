/**
 * Command mode without a model: the parser, the keyword router, and answers on the demo business whose
 * figures must equal the tools' own output (called directly through the registry).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../db/schema/core.js";
import { seedDemo } from "../db/seed/demo.js";
import { createTestDb, type TestDb } from "../tests/helpers/db.js";
import { FIXED_NOW } from "../tests/helpers/tools.js";
import { DRAFT_NOTE } from "../tools/content-templates.js";
import { registry } from "../tools/index.js";
import type { CallEnv } from "../tools/registry.js";
import {
  answerInCommandMode,
  COMMAND_MODE_NOTICE,
  HELP,
  parseCommand,
  routeDraft,
  routeIntent,
} from "./command-mode.js";
import { formatMoney, renderGeneric } from "./command-render.js";

describe("parseCommand", () => {
  it("types unquoted numbers and booleans, keeps quoted values as text", () => {
    expect(
      parseCommand('/omni invoices_list status=overdue limit=5 includeArchived=false q="Danbury Brasserie"'),
    ).toEqual({
      tool: "invoices_list",
      input: { status: "overdue", limit: 5, includeArchived: false, q: "Danbury Brasserie" },
    });
    expect(parseCommand(`/omni x amount="12.50" n=-3.5 ok=true note='say "hi"' e="a \\"b\\""`)).toEqual({
      tool: "x",
      input: { amount: "12.50", n: -3.5, ok: true, note: 'say "hi"', e: 'a "b"' },
    });
    expect(parseCommand("/omni business_overview")).toEqual({ tool: "business_overview", input: {} });
    expect(parseCommand('/omni legal_expiring {"include": ["licenses"], "withinDays": 30}')).toEqual({
      tool: "legal_expiring",
      input: { include: ["licenses"], withinDays: 30 },
    });
  });

  it("accepts a known tool name without the prefix, and leaves questions alone", () => {
    expect(parseCommand("finance_ar_aging limit=3")).toEqual({
      tool: "finance_ar_aging",
      input: { limit: 3 },
    });
    expect(parseCommand("sales_pipeline")).toEqual({ tool: "sales_pipeline", input: {} });
    expect(parseCommand("search for invoices")).toBeUndefined();
    expect(parseCommand("How is our cash?")).toBeUndefined();
    expect(parseCommand("not_a_tool a=1")).toBeUndefined();
    expect(parseCommand("/omnibus a=1")).toBeUndefined();
  });

  it("explains bad syntax", () => {
    const err = (text: string) => {
      const r = parseCommand(text);
      expect(r && "error" in r, text).toBe(true);
      return (r as { error: string }).error;
    };
    expect(err("/omni")).toMatch(/Name a tool/);
    expect(err("/omni Invoices-List")).toMatch(/not a tool name/);
    expect(err("/omni invoices_list overdue")).toMatch(/Expected key=value but got "overdue"/);
    expect(err('/omni invoices_list q="open')).toMatch(/no closing "/);
    expect(err("/omni invoices_list limit=1 limit=2")).toMatch(/"limit" is given twice/);
    expect(err("/omni invoices_list a.b=1")).toMatch(/Nested fields/);
    expect(err("/omni invoices_list limit=")).toMatch(/"limit" has no value/);
    expect(err('/omni invoices_list q="a"b')).toMatch(/Put a space/);
    expect(err("/omni invoices_list [1]")).toMatch(/Expected key=value/);
    expect(err("/omni invoices_list {oops")).toMatch(/not a JSON object/);
    expect(err("/omni invoices_list status=overdue x")).toContain(
      '/omni <tool> key=value key2="quoted value"',
    );
  });
});

describe("routeIntent", () => {
  const tools = (text: string) => routeIntent(text)?.map((c) => c.tool);
  it("maps the common questions to analytics tools", () => {
    expect(routeIntent("What happened this week?")).toEqual([
      { tool: "period_summary", input: { preset: "this_week" } },
    ]);
    expect(routeIntent("what happened last week")).toEqual([
      { tool: "period_summary", input: { preset: "last_week" } },
    ]);
    expect(tools("How is our cash?")).toEqual([
      "finance_cash_position",
      "finance_ar_aging",
      "finance_ap_aging",
    ]);
    expect(tools("What's our AR?")).toEqual([
      "finance_cash_position",
      "finance_ar_aging",
      "finance_ap_aging",
    ]);
    expect(tools("accounts payable")).toEqual([
      "finance_cash_position",
      "finance_ar_aging",
      "finance_ap_aging",
    ]);
    expect(tools("Any overdue invoices?")).toEqual(["finance_ar_aging"]);
    expect(tools("How is the pipeline?")).toEqual(["sales_pipeline"]);
    expect(tools("open deals")).toEqual(["sales_pipeline"]);
    expect(tools("What is low stock?")).toEqual(["operations_low_stock"]);
    expect(tools("what should we reorder")).toEqual(["operations_low_stock"]);
    expect(tools("Which licenses are expiring?")).toEqual(["legal_expiring"]);
    expect(tools("What should I focus on today?")).toEqual(["business_overview"]);
    expect(tools("pipeline and low stock")).toEqual(["sales_pipeline", "operations_low_stock"]);
  });

  it("returns undefined for anything else", () => {
    expect(routeIntent("hello there")).toBeUndefined();
    expect(routeIntent("how are the bars and apps")).toBeUndefined();
    expect(routeIntent("dealer")).toBeUndefined();
  });
});

describe("routeDraft", () => {
  const ULID = "01K8211JVQKDWCTD8FKVYA61TA";
  const route = (text: string) => {
    const r = routeDraft(text);
    return (
      r && { tool: r.tool, input: r.input, lookup: r.lookup?.call, next: r.lookup?.next?.call, ask: r.ask }
    );
  };
  it("maps draft requests to the draft tools, with the lookup that turns a number or name into an id", () => {
    expect(route("draft a reminder for INV-1042")).toMatchObject({
      tool: "finance_draft_invoice_reminder",
      input: {},
      lookup: { tool: "invoices_list", input: { q: "INV-1042", limit: 5 } },
    });
    expect(route(`Write the reminder for invoice inv_${ULID}`)).toMatchObject({
      input: { invoiceId: `inv_${ULID}` },
      lookup: undefined,
    });
    expect(route("draft a payment reminder")).toMatchObject({
      tool: "finance_draft_invoice_reminder",
      input: {},
    });
    expect(route("a follow-up for the deal with Blue Door")).toMatchObject({
      tool: "sales_draft_email",
      input: { kind: "follow_up" },
      lookup: { tool: "deals_list", input: { q: "Blue Door", status: "open", limit: 5 } },
      next: { tool: "search", input: { q: "Blue Door", types: ["deal"], limit: 5 } },
    });
    expect(route("cold outreach to lead Jane Doe")).toMatchObject({
      input: { kind: "cold_outreach" },
      lookup: { tool: "search", input: { q: "Jane Doe", types: ["lead"] } },
    });
    expect(route("an SOP for closing the shop")).toMatchObject({
      tool: "knowledge_draft_document",
      input: { kind: "sop", topic: "closing the shop" },
    });
    expect(route("draft the closing checklist")?.input).toEqual({ kind: "sop", topic: "closing" });
    expect(route("write an SOP")?.input).toEqual({ kind: "sop" });
    expect(route("our refund policy")?.input).toEqual({ kind: "policy", topic: "refund" });
    expect(route("please draft our refund policy")?.input).toEqual({ kind: "policy", topic: "refund" });
    expect(route("a job description for the barista position")).toMatchObject({
      tool: "people_draft_job_description",
      lookup: { tool: "search", input: { q: "barista", types: ["position"] } },
    });
    expect(route("barista job description")?.lookup).toMatchObject({ input: { q: "barista" } });
    expect(route("write a job description")).toMatchObject({ input: {}, lookup: undefined });
    expect(route("post ideas for next week")).toMatchObject({
      tool: "marketing_draft_content",
      input: { kind: "post_ideas" },
      lookup: undefined,
    });
    expect(route("a caption for this post")?.ask).toMatch(/Which post\?/);
    expect(route(`a caption for pst_${ULID}`)?.input).toEqual({ kind: "caption", postId: `pst_${ULID}` });
    expect(route("ad copy for campaign Spring sale")).toMatchObject({
      input: { kind: "ad_copy" },
      lookup: { tool: "campaigns_list", input: { q: "Spring sale", status: "active" } },
      next: { tool: "campaigns_list", input: { q: "Spring sale", status: "planned" } },
    });
    const subject = routeDraft("subject lines for the newsletter");
    expect(subject?.input).toEqual({ kind: "subject_lines" });
    expect(subject?.lookup?.next?.otherwise).toEqual({ topic: "newsletter" });
  });

  it("leaves questions and the analytics intents alone", () => {
    expect(routeDraft("what is our refund policy?")).toBeUndefined();
    expect(routeDraft("How is the pipeline?")).toBeUndefined();
    expect(routeDraft("Any overdue invoices?")).toBeUndefined();
    expect(routeDraft("What happened this week?")).toBeUndefined();
    expect(routeDraft("remind me to call the bank")).toBeUndefined();
  });
});

describe("formatMoney", () => {
  it("groups digits as text", () => {
    expect(formatMoney("28131.00", "USD")).toBe("28,131.00 USD");
    expect(formatMoney("-5443.97", "USD")).toBe("-5,443.97 USD");
    expect(formatMoney("1234567", "JPY")).toBe("1,234,567 JPY");
    expect(formatMoney("0.00", "EUR")).toBe("0.00 EUR");
    expect(formatMoney("999.5", "USD")).toBe("999.5 USD");
    expect(formatMoney(null, "USD")).toBe("n/a");
  });
});

describe("renderGeneric", () => {
  it("prints scalars, list lengths, nested scalars and the cited records", () => {
    const text = renderGeneric({
      basis: "cash",
      total: null,
      items: [1, 2],
      totals: { income: "10.00", nested: { no: 1 } },
      refs: [{ type: "invoice", id: "inv_1", label: "Invoice INV-1" }],
    });
    expect(text).toBe(
      "- basis: cash\n- total: none\n- items: 2 items\n- totals: income 10.00\nRecords: Invoice INV-1",
    );
  });
});

describe("answerInCommandMode on the demo business", () => {
  let db: TestDb;
  let env: (role: Role) => CallEnv;

  beforeAll(async () => {
    db = await createTestDb();
    const seeded = await seedDemo(db.db, { scale: 0.05, seed: 7, today: "2026-11-25", name: "Command Café" });
    const users = Object.fromEntries(seeded.users.map((u) => [u.role, u.id]));
    env = (role) => ({ db: db.db, businessId: seeded.businessId, userId: users[role]!, now: FIXED_NOW });
  });
  afterAll(() => db.dispose());

  const ask = (text: string, role: Role = "owner") => answerInCommandMode(env(role), registry, text);
  // biome-ignore lint/suspicious/noExplicitAny: tool outputs are read by field name in assertions
  const direct = async (tool: string, input: unknown = {}): Promise<any> => {
    const r = await registry.call(env("owner"), tool, input);
    if (!r.ok) throw new Error(`${tool}: ${r.error.message}`);
    return r.output;
  };
  const expectFigures = (text: string, currency: string, amounts: string[]) => {
    for (const a of amounts) expect(text).toContain(formatMoney(a, currency));
  };

  it("what happened this week / last week: the period summary's figures", async () => {
    for (const [q, preset] of [
      ["What happened this week?", "this_week"],
      ["What happened last week?", "last_week"],
    ] as const) {
      const { text, refs } = await ask(q);
      const o = await direct("period_summary", { preset });
      expect(text.split("\n")[0]).toBe(COMMAND_MODE_NOTICE);
      expect(text).toContain(`${o.period.from} to ${o.period.to}`);
      expectFigures(text, o.currency, [o.transactions.moneyIn, o.transactions.moneyOut, o.transactions.net]);
      expectFigures(text, o.currency, [o.invoices.issuedTotal, o.invoices.paidTotal, o.deals.wonValue]);
      expect(text).toContain(`${o.invoices.issuedCount} issued`);
      expect(refs.map((r) => r.id)).toEqual(o.refs.map((r: { id: string }) => r.id));
    }
  });

  it("cash: cash position, receivables and payables", async () => {
    const { text, refs } = await ask("How is our cash?");
    const cash = await direct("finance_cash_position");
    const ar = await direct("finance_ar_aging");
    const ap = await direct("finance_ap_aging");
    expectFigures(text, cash.currency, [cash.totals.cash, cash.totals.netCash, cash.totals.cashChange30Days]);
    expect(text).toContain(cash.accounts[0].name);
    expect(text).toContain(
      `Accounts receivable: ${formatMoney(ar.totals.open, ar.currency)} open, ${formatMoney(ar.totals.overdue, ar.currency)} overdue (${ar.overdueInvoices.length} invoices)`,
    );
    expect(text).toContain(
      `Accounts payable: ${formatMoney(ap.totals.open, ap.currency)} open, ${formatMoney(ap.totals.overdue, ap.currency)} overdue`,
    );
    expect(text).toContain(ar.customers[0].name);
    expect(text).toContain(ap.vendors[0].name);
    expect(refs.length).toBeGreaterThan(0);
  });

  it("overdue invoices: the AR aging, oldest first", async () => {
    const { text } = await ask("Any overdue invoices?");
    const ar = await direct("finance_ar_aging");
    const oldest = ar.overdueInvoices[0];
    expect(text).toContain(formatMoney(ar.totals.overdue, ar.currency));
    expect(text).toContain(
      `oldest: Invoice ${oldest.number} (${oldest.customer}) ${formatMoney(oldest.open, ar.currency)}, ${oldest.daysPastDue} days late`,
    );
    expect(text).not.toContain("Cash position");
  });

  it("pipeline: totals and stages", async () => {
    const { text } = await ask("How is the pipeline?");
    const o = await direct("sales_pipeline");
    expect(text).toContain(`${o.totals.deals} open deals`);
    expectFigures(text, o.currency, [o.totals.value, o.totals.weightedValue]);
    for (const s of o.stages) expect(text).toContain(`${s.name}: ${s.deals} deal`);
  });

  it("low stock: count and the first items with their suggested orders", async () => {
    const { text } = await ask("What is low on stock?");
    const o = await direct("operations_low_stock");
    expect(text).toContain(`Low stock: ${o.lowItems} items`);
    const first = o.items[0];
    expect(text).toContain(
      `${first.name}: ${first.onHand} ${first.unit} on hand, reorder at ${first.reorderPoint}`,
    );
    expect(text).toContain(formatMoney(first.suggestedCost, first.currency));
  });

  it("licenses expiring: counts and the nearest dates", async () => {
    const { text } = await ask("Which licenses are expiring?");
    const o = await direct("legal_expiring");
    const s = o.summary;
    expect(text).toContain(`${s.licenses.total} licenses (${s.licenses.past} expired)`);
    expect(text).toContain(`${s.contracts.total} contracts (${s.contracts.past} ended)`);
    const soonest = o.licenses.find((l: { daysLeft: number }) => l.daysLeft >= 0);
    expect(text).toContain(
      `License ${soonest.name}: expires ${soonest.expiresOn} (in ${soonest.daysLeft} days)`,
    );
  });

  it("focus today: the business overview", async () => {
    const { text } = await ask("What should I focus on today?");
    const o = await direct("business_overview");
    expectFigures(text, o.currency, [o.cash.balance, o.receivables.openTotal, o.receivables.overdueTotal]);
    expectFigures(text, o.currency, [o.payables.dueNext14DaysTotal, o.pipeline.value]);
    const largest = o.refs.find((r: { id: string }) => r.id === o.receivables.largestOverdue[0].invoiceId);
    expect(text).toContain(largest.label);
    expect(text).toContain(`Tasks: ${o.tasks.overdue} overdue, ${o.tasks.dueToday} due today`);
  });

  it("a Staff user asking about cash gets the refusal, not figures", async () => {
    const { text, refs } = await ask("How is our cash?", "staff");
    const cash = await direct("finance_cash_position");
    expect(text.split("\n")[0]).toBe(COMMAND_MODE_NOTICE);
    expect(text).toContain("The staff role may not read finance data (finance_cash_position).");
    expect(text).toContain("(finance_ar_aging)");
    expect(text.match(/Ask an owner or manager/g)).toHaveLength(1);
    expect(text).not.toContain(formatMoney(cash.totals.cash, cash.currency));
    expect(refs).toEqual([]);
  });

  it("/omni invoices_list status=overdue limit=3 runs the tool for the owner", async () => {
    const { text, refs } = await ask("/omni invoices_list status=overdue limit=3");
    const o = await direct("invoices_list", { status: "overdue", limit: 3 });
    expect(o.items).toHaveLength(3);
    expect(text).toContain("items: 3 items");
    for (const r of o.refs) expect(text).toContain(r.label);
    expect(refs).toEqual(o.refs);
  });

  it("tool errors come back as their message", async () => {
    expect((await ask("/omni invoices_list status=late")).text).toContain("status: expected one of");
    expect((await ask("/omni invoice_list")).text).toContain("There is no tool named");
    expect((await ask("/omni invoices_list overdue")).text).toContain("Expected key=value");
  });

  describe("drafts", () => {
    const draftText = (o: { draft: { subject?: string; body?: string; items?: string[] } }) =>
      [o.draft.subject ?? "", o.draft.body ?? "", ...(o.draft.items ?? []).map((i) => `- ${i}`)].join("\n");
    const expectDraft = (text: string, o: Parameters<typeof draftText>[0] & { template: string }) => {
      expect(text.split("\n")[0]).toBe(COMMAND_MODE_NOTICE);
      expect(text).toContain(
        `prompts/templates/${o.template} filled from the records below, not written by an AI.`,
      );
      if (o.draft.subject) expect(text).toContain(`Subject: ${o.draft.subject}`);
      if (o.draft.body) expect(text).toContain(o.draft.body);
      for (const i of o.draft.items ?? []) expect(text).toContain(`- ${i}`);
      expect(text).toContain(DRAFT_NOTE);
    };

    it("draft a reminder for <invoice number>: the number is looked up, the draft carries its figures", async () => {
      const ar = await direct("finance_ar_aging");
      const late = ar.overdueInvoices[0];
      const { text, refs } = await ask(`Draft a reminder for ${late.number}`);
      const o = await direct("finance_draft_invoice_reminder", { invoiceId: late.invoiceId });
      expectDraft(text, o);
      expect(text).toContain(
        `Subject: Overdue: invoice ${late.number} (${formatMoney(late.open, ar.currency)})`,
      );
      expect(text).toContain(`${late.daysPastDue} days past due`);
      expect(refs).toEqual(o.refs);
      expect(text).toContain(`Records: ${o.refs.map((r: { label: string }) => r.label).join("; ")}`);
    });

    it("a Staff user asking for a reminder gets the finance refusal and no figures", async () => {
      const ar = await direct("finance_ar_aging");
      const late = ar.overdueInvoices[0];
      const { text, refs } = await ask(`draft a reminder for ${late.number}`, "staff");
      expect(text).toContain("The staff role may not read finance data");
      expect(text).not.toContain(formatMoney(late.open, ar.currency));
      expect(refs).toEqual([]);
    });

    it("a reminder for a paid invoice says so; an unknown number says it is not found", async () => {
      const paid = await direct("invoices_list", { status: "paid", limit: 1 });
      const { text } = await ask(`draft a reminder for ${paid.items[0].number}`);
      expect(text).toContain(`Invoice ${paid.items[0].number} is paid`);
      expect((await ask("draft a reminder for INV-99999")).text).toContain("No invoice numbered INV-99999");
    });

    it("a follow-up for the deal with <customer>: the open deal is found by name", async () => {
      const open = await direct("deals_list", { status: "open", limit: 1 });
      const deal = open.items[0];
      const name = deal.name.split(" – ").at(-1);
      const { text } = await ask(`a follow-up for the deal with ${name}`);
      const found = await direct("deals_list", { q: name, status: "open", limit: 5 });
      const o = await direct("sales_draft_email", { kind: "follow_up", recordId: found.items[0].id });
      expectDraft(text, o);
      expect(text).toContain(formatMoney(o.facts.deal.amount, "USD"));
    });

    it("cold outreach to lead <name>: found with search", async () => {
      const lead = (await direct("leads_list", { status: "new", limit: 1 })).items[0];
      const { text } = await ask(`cold outreach to lead ${lead.name}`);
      const o = await direct("sales_draft_email", { kind: "cold_outreach", recordId: lead.id });
      expectDraft(text, o);
    });

    it("an SOP for closing the shop, our refund policy, a job description for the barista position", async () => {
      const sop = await ask("an SOP for closing the shop");
      expectDraft(
        sop.text,
        await direct("knowledge_draft_document", { kind: "sop", topic: "closing the shop" }),
      );
      expect(sop.text).toContain("Café closing checklist");

      const policy = await ask("our refund policy");
      const p = await direct("knowledge_draft_document", { kind: "policy", topic: "refund" });
      expectDraft(policy.text, p);
      for (const rule of p.facts.points) expect(policy.text).toContain(rule);

      const jd = await ask("a job description for the barista position");
      const positions = await direct("positions_list", { q: "barista" });
      const barista = positions.items.find((x: { title: string }) => x.title === "Barista");
      const j = await direct("people_draft_job_description", { positionId: barista.id });
      expectDraft(jd.text, j);
      expect(jd.text).toContain(formatMoney(j.facts.salaryMax, "USD"));
    });

    it("post ideas for next week, ad copy for a campaign, subject lines for the newsletter", async () => {
      const ideas = await ask("post ideas for next week");
      expectDraft(ideas.text, await direct("marketing_draft_content", { kind: "post_ideas" }));

      const campaign = (await direct("campaigns_list", { status: "active", limit: 1 })).items[0];
      const ad = await ask(`ad copy for campaign ${campaign.name}`);
      const a = await direct("marketing_draft_content", { kind: "ad_copy", campaignId: campaign.id });
      expectDraft(ad.text, a);

      // "the newsletter": a running or planned campaign of that name, else the word as the topic.
      const running = [
        ...(await direct("campaigns_list", { q: "newsletter", status: "active", limit: 5 })).items,
        ...(await direct("campaigns_list", { q: "newsletter", status: "planned", limit: 5 })).items,
      ];
      const input = running[0]
        ? { kind: "subject_lines", campaignId: running[0].id }
        : { kind: "subject_lines", topic: "newsletter" };
      const subject = await ask("subject lines for the newsletter");
      expectDraft(subject.text, await direct("marketing_draft_content", input));
    });

    it("a caption for this post asks which post; /omni runs a draft tool and shows it as a draft", async () => {
      const { text, refs } = await ask("a caption for this post");
      expect(text).toContain("Which post?");
      expect(refs).toEqual([]);
      const direct_ = await ask("/omni knowledge_draft_document kind=policy topic=parking");
      expect(direct_.text).toContain("Template draft (policy)");
      expect(direct_.text).toContain("Parking policy");
    });
  });

  it("unknown text gets the help", async () => {
    const { text, refs } = await ask("tell me a joke");
    expect(text).toBe(`${COMMAND_MODE_NOTICE}\n\n${HELP}`);
    expect(text).toContain("/omni <tool> key=value");
    expect(text).toContain("omni tools");
    expect(refs).toEqual([]);
  });
});
