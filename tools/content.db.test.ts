/**
 * The draft tools on the demo business: every kind fills its template with the figures of real records
 * (checked against the database and the existing list and analytics tools, never against fixed strings),
 * cites those records, refuses what the role table refuses, and explains bad ids and unremindable invoices.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/client.js";
import {
  activities,
  campaigns,
  contacts,
  customers,
  deals,
  invoiceLines,
  invoices,
  leads,
  pipelineStages,
  policies,
  positions,
  posts,
  sops,
} from "../db/schema/index.js";
import { seedDemo } from "../db/seed/demo.js";
import { backend, createTestDb, type TestDb } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";
import { DRAFT_NOTE, formatAmount, longDate, weekdayDate } from "./content-templates.js";
import { addDays, localDate } from "./dates.js";
import type { Ref } from "./define.js";
import { money } from "./money.js";

// FIXED_NOW = 2026-11-25T12:00:00Z; the demo business is in America/Los_Angeles and keeps USD.
const TODAY = "2026-11-25";
const TZ = "America/Los_Angeles";
const ids = (refs: Ref[]) => refs.map((r) => r.id);
const usd = (minor: number | string) => formatAmount(money(minor, "USD"), "USD");

// biome-ignore lint/suspicious/noExplicitAny: tool outputs are read by field name in assertions
type Out = any;

describe(`content drafts on the demo business (${backend})`, () => {
  let db: TestDb;
  let h: ToolHarness;

  beforeAll(async () => {
    db = await createTestDb();
    const seeded = await seedDemo(db.db, { scale: 0.05, seed: 7, today: TODAY, name: "Draft Roasters" });
    h = await toolHarness({ db, businessId: seeded.businessId });
  });
  afterAll(() => db.dispose());

  const ok = async (tool: string, input: unknown = {}, role: "owner" | "staff" = "owner"): Promise<Out> =>
    h.ok(role, tool, input);
  const fails = async (tool: string, input: unknown, role: "owner" | "staff" = "owner") => {
    const r = await h.call(role, tool, input);
    if (r.ok) throw new Error(`${tool} succeeded: ${JSON.stringify(r.output).slice(0, 200)}`);
    return r.error;
  };
  const bodyOf = (o: Out): string => o.draft.body;

  describe("finance_draft_invoice_reminder", () => {
    it("drafts from the invoice overdue longest: amount due, days overdue, dates, lines, customer", async () => {
      const aging: Out = await ok("finance_ar_aging");
      const oldest = aging.overdueInvoices[0];
      const o = await ok("finance_draft_invoice_reminder", { invoiceId: oldest.invoiceId });
      const [inv] = await h.tx((tx) => tx.select().from(invoices).where(eq(invoices.id, oldest.invoiceId)));
      const lines = await h.tx((tx) =>
        tx
          .select()
          .from(invoiceLines)
          .where(eq(invoiceLines.invoiceId, inv!.id))
          .orderBy(invoiceLines.position),
      );
      const due = inv!.totalMinor - inv!.amountPaidMinor;

      expect(o.kind).toBe("invoice_reminder");
      expect(o.template).toBe("invoice-reminder.mustache");
      expect(o.note).toBe(DRAFT_NOTE);
      expect(o.facts).toMatchObject({
        invoiceId: inv!.id,
        invoiceNumber: inv!.number,
        customer: oldest.customer,
        dueDate: inv!.dueDate,
        today: TODAY,
        daysOverdue: oldest.daysPastDue,
        amountDue: money(due, "USD"),
        total: money(inv!.totalMinor, "USD"),
        items: lines.map((l) => l.description),
      });
      expect(o.facts.amountDue).toBe(oldest.open); // the aging report's own figure
      expect(o.draft.subject).toBe(`Overdue: invoice ${inv!.number} (${usd(due)})`);
      const body = bodyOf(o);
      expect(body).toMatch(new RegExp(`^Hi ${o.facts.greetingName},`));
      expect(body).toContain(`issued on ${longDate(inv!.issueDate)}`);
      expect(body).toContain(
        `was due on ${longDate(inv!.dueDate)} and is now ${oldest.daysPastDue} days past due`,
      );
      expect(body).toContain(usd(due));
      expect(body).toContain(lines[0]!.description);
      expect(body).toContain("owner user"); // signed by the caller
      expect(body).toContain("Draft Roasters"); // and the business
      expect(body).not.toMatch(/\{\{|undefined|null/);
      expect(ids(o.refs)).toEqual(expect.arrayContaining([inv!.id, oldest.customerId]));

      // The greeting and the address are the customer's contact talked to most recently, else the customer.
      const [contact] = await h.tx((tx) =>
        tx
          .select()
          .from(contacts)
          .where(and(eq(contacts.customerId, oldest.customerId), isNull(contacts.archivedAt)))
          .orderBy(sql`${contacts.lastContactedAt} desc nulls last`, asc(contacts.id))
          .limit(1),
      );
      const [customer] = await h.tx((tx) =>
        tx.select().from(customers).where(eq(customers.id, oldest.customerId)),
      );
      expect(o.facts.greetingName).toBe(contact ? contact.firstName : customer!.name);
      expect(o.facts.to).toBe(contact?.email ?? customer!.email ?? null);
      if (contact) expect(ids(o.refs)).toContain(contact.id);
    });

    it("without an id, takes the open invoice overdue longest", async () => {
      const aging: Out = await ok("finance_ar_aging");
      const o = await ok("finance_draft_invoice_reminder");
      expect(o.facts.dueDate).toBe(aging.overdueInvoices[0].dueDate);
      expect(o.facts.daysOverdue).toBe(aging.overdueInvoices[0].daysPastDue);
    });

    it("thanks for a part payment and asks for the balance", async () => {
      const [inv] = await h.tx((tx) =>
        tx
          .select()
          .from(invoices)
          .where(and(eq(invoices.status, "overdue"), sql`${invoices.amountPaidMinor} > 0`))
          .limit(1),
      );
      const o = await ok("finance_draft_invoice_reminder", { invoiceId: inv!.id });
      const balance = inv!.totalMinor - inv!.amountPaidMinor;
      expect(bodyOf(o)).toContain(
        `Thank you for the ${usd(inv!.amountPaidMinor)} already received. The remaining balance is ${usd(balance)} of the ${usd(inv!.totalMinor)} total.`,
      );
      expect(o.facts.amountPaid).toBe(money(inv!.amountPaidMinor, "USD"));
    });

    it("a reminder before the due date counts the days in the business's time zone", async () => {
      const [inv] = await h.tx((tx) =>
        tx
          .select()
          .from(invoices)
          .where(and(eq(invoices.status, "sent"), sql`${invoices.dueDate} > ${TODAY}::date`))
          .orderBy(asc(invoices.dueDate), asc(invoices.id))
          .limit(1),
      );
      const days = Math.round((Date.parse(inv!.dueDate) - Date.parse(TODAY)) / 86_400_000);
      // 03:00 UTC on the 26th is still the 25th in Los Angeles: the same day count as at noon UTC.
      for (const now of [new Date("2026-11-25T12:00:00Z"), new Date("2026-11-26T03:00:00Z")]) {
        const r = await h.call("owner", "finance_draft_invoice_reminder", { invoiceId: inv!.id }, { now });
        const o: Out = r.ok ? r.output : undefined;
        expect(o.facts.today).toBe(TODAY);
        expect(o.facts).toMatchObject({ daysOverdue: 0, daysUntilDue: days });
        expect(o.draft.subject).toBe(
          `Reminder: invoice ${inv!.number} is due on ${longDate(inv!.dueDate)}, in ${days} day${days === 1 ? "" : "s"}`,
        );
        expect(bodyOf(o)).toContain(`The amount due is ${usd(inv!.totalMinor - inv!.amountPaidMinor)}.`);
      }
    });

    it("refuses paid, draft and void invoices with a clear message", async () => {
      for (const status of ["paid", "draft", "void"] as const) {
        const [inv] = await h.tx((tx) =>
          tx.select().from(invoices).where(eq(invoices.status, status)).limit(1),
        );
        const e = await fails("finance_draft_invoice_reminder", { invoiceId: inv!.id });
        expect(e.code, status).toBe("invalid_input");
        expect(e.message).toContain(
          `Invoice ${inv!.number} is ${status === "paid" ? "paid" : status === "void" ? "void" : "still a draft"}`,
        );
        expect(e.issues?.[0]).toMatch(/^invoiceId: /);
      }
      const [paid] = await h.tx((tx) =>
        tx.select().from(invoices).where(eq(invoices.status, "paid")).limit(1),
      );
      const e = await fails("finance_draft_invoice_reminder", { invoiceId: paid!.id });
      expect(e.message).toContain(`(on ${paid!.paidOn}); there is nothing to remind`);
    });

    it("bad ids: not found for an unknown or another business's id, invalid for a malformed one", async () => {
      const unknown = "inv_01AAAAAAAAAAAAAAAAAAAAAAAA";
      const e = await fails("finance_draft_invoice_reminder", { invoiceId: unknown });
      expect(e).toMatchObject({ code: "not_found", message: `No invoice ${unknown} in this business.` });

      const [inv] = await h.tx((tx) =>
        tx.select().from(invoices).where(eq(invoices.status, "overdue")).limit(1),
      );
      const other = await toolHarness({ db, businessName: "Other Oven" });
      const r = await other.call("owner", "finance_draft_invoice_reminder", { invoiceId: inv!.id });
      expect(r.ok ? "ok" : r.error.code).toBe("not_found");

      const bad = await fails("finance_draft_invoice_reminder", { invoiceId: "INV-1042" });
      expect(bad.code).toBe("invalid_input");
      expect(bad.issues).toEqual(["invoiceId: must be an invoice id (inv_…)"]);
    });

    it("a Staff user may not draft an invoice reminder (finance); an accountant may", async () => {
      const e = await fails("finance_draft_invoice_reminder", {}, "staff");
      expect(e).toMatchObject({
        code: "forbidden",
        message: "The staff role may not read finance data (finance_draft_invoice_reminder).",
      });
      expect((await h.call("accountant", "finance_draft_invoice_reminder", {})).ok).toBe(true);
      const staffTools = h.registry.list({ role: "staff" }).map((t) => t.name);
      expect(staffTools).not.toContain("finance_draft_invoice_reminder");
      expect(staffTools).toEqual(
        expect.arrayContaining([
          "sales_draft_email",
          "knowledge_draft_document",
          "people_draft_job_description",
          "marketing_draft_content",
        ]),
      );
    });
  });

  describe("sales_draft_email", () => {
    it("follow-up on a deal: its name, amount, stage, contact and the last call/meeting/email", async () => {
      // An open deal with a contact, a close date ahead and a call, meeting or email on record.
      const [deal] = await h.tx((tx) =>
        queryRows<{ id: string }>(
          tx,
          sql`select d.id from deals d where d.status = 'open' and d.contact_id is not null
                and d.expected_close_on > ${TODAY}::date
                and exists (select 1 from activities a where a.deal_id = d.id and a.kind in ('call', 'meeting', 'email'))
              order by d.id limit 1`,
        ),
      );
      const o = await ok("sales_draft_email", { kind: "follow_up", recordId: deal!.id }, "staff");
      const [row] = await h.tx((tx) =>
        tx
          .select({ deal: deals, stage: pipelineStages.name, contact: contacts })
          .from(deals)
          .innerJoin(pipelineStages, eq(pipelineStages.id, deals.stageId))
          .innerJoin(contacts, eq(contacts.id, deals.contactId))
          .where(eq(deals.id, deal!.id)),
      );
      const [last] = await h.tx((tx) =>
        tx
          .select()
          .from(activities)
          .where(and(eq(activities.dealId, deal!.id), inArray(activities.kind, ["call", "meeting", "email"])))
          .orderBy(desc(activities.occurredAt), desc(activities.id))
          .limit(1),
      );
      expect(o.kind).toBe("follow_up");
      expect(o.template).toBe("sales-follow-up.mustache");
      expect(o.facts.deal).toEqual({
        dealId: deal!.id,
        name: row!.deal.name,
        amount: money(row!.deal.amountMinor, "USD"),
        currency: "USD",
        stage: row!.stage,
        status: "open",
        expectedCloseOn: row!.deal.expectedCloseOn,
      });
      expect(o.draft.subject).toBe(`Following up: ${row!.deal.name}`);
      const body = bodyOf(o);
      expect(body).toMatch(new RegExp(`^Hi ${row!.contact.firstName},`));
      expect(body).toContain(
        `${row!.deal.name} (${usd(row!.deal.amountMinor)}), which we have at the ${row!.stage} stage and hope to wrap up by ${longDate(row!.deal.expectedCloseOn!)}`,
      );
      const day = localDate(last!.occurredAt, TZ);
      expect(o.facts.lastContact).toMatchObject({
        kind: last!.kind,
        date: day,
        daysAgo: Math.round((Date.parse(TODAY) - Date.parse(day)) / 86_400_000),
      });
      expect(body).toContain(longDate(day));
      expect(body).not.toContain(last!.subject); // outside text is never quoted into the draft
      expect(ids(o.refs)).toEqual(expect.arrayContaining([deal!.id, row!.contact.id]));
      expect(o.facts.to).toBe(row!.contact.email);
    });

    it("follow-up without a record: the open deal gone longest without contact", async () => {
      const o = await ok("sales_draft_email");
      expect(o.kind).toBe("follow_up");
      expect(o.facts.recordType).toBe("deal");
      expect(o.facts.deal.status).toBe("open");
    });

    it("follow-up to a contact names their company and largest open deal", async () => {
      const [row] = await h.tx((tx) =>
        tx
          .select({ contact: contacts, customer: customers.name })
          .from(contacts)
          .innerJoin(customers, eq(customers.id, contacts.customerId))
          .innerJoin(deals, and(eq(deals.contactId, contacts.id), eq(deals.status, "open")))
          .orderBy(asc(contacts.id))
          .limit(1),
      );
      const o = await ok("sales_draft_email", { recordId: row!.contact.id });
      const [top] = await h.tx((tx) =>
        tx
          .select()
          .from(deals)
          .where(
            and(eq(deals.contactId, row!.contact.id), eq(deals.status, "open"), isNull(deals.archivedAt)),
          )
          .orderBy(desc(deals.amountMinor), asc(deals.id))
          .limit(1),
      );
      expect(o.facts).toMatchObject({ recordType: "contact", company: row!.customer });
      expect(o.facts.deal.dealId).toBe(top!.id);
      expect(bodyOf(o)).toContain(`${top!.name} (${usd(top!.amountMinor)})`);
    });

    it("cold outreach to a lead: name, company, source and the best sellers of the last 90 days", async () => {
      const [lead] = await h.tx((tx) =>
        tx
          .select()
          .from(leads)
          .where(and(eq(leads.status, "new"), sql`${leads.company} is not null`))
          .limit(1),
      );
      const o = await ok("sales_draft_email", { kind: "cold_outreach", recordId: lead!.id });
      const best = await h.tx((tx) =>
        queryRows<{ id: string; name: string; sold: number }>(
          tx,
          sql`select i.id, i.name, (-sum(m.quantity))::int as sold from inventory_movements m
              join inventory_items i on i.id = m.item_id
              where m.kind = 'sale' and m.moved_at >= ${new Date(Date.parse("2026-11-25T12:00:00Z") - 90 * 86_400_000).toISOString()}::timestamptz
                and i.unit_price_minor is not null and i.is_active
              group by i.id, i.name order by sold desc, i.name limit 3`,
        ),
      );
      expect(o.template).toBe("sales-cold-outreach.mustache");
      expect(o.facts.products.map((p: Out) => [p.itemId, p.soldLast90Days])).toEqual(
        best.map((b) => [b.id, b.sold]),
      );
      expect(o.draft.subject).toBe(`Draft Roasters for ${lead!.company}`);
      const body = bodyOf(o);
      expect(body).toMatch(new RegExp(`^Hi ${lead!.name.split(" ")[0]},`));
      expect(body).toContain(`good fit for ${lead!.company}`);
      for (const b of best) expect(body).toContain(b.name);
      expect(body).toContain("I'm owner user from Draft Roasters — specialty coffee roaster");
      expect(ids(o.refs)).toEqual([lead!.id, ...best.map((b) => b.id)]);
      expect(o.facts.lead).toEqual({ status: "new", source: lead!.sourceChannel });
    });

    it("refuses cold outreach about a deal, and unknown ids", async () => {
      const [deal] = await h.tx((tx) => tx.select().from(deals).limit(1));
      const e = await fails("sales_draft_email", { kind: "cold_outreach", recordId: deal!.id });
      expect(e.code).toBe("invalid_input");
      expect(e.issues?.[0]).toMatch(/^recordId: give a lead/);
      const lead = "lea_01AAAAAAAAAAAAAAAAAAAAAAAA";
      expect(await fails("sales_draft_email", { recordId: lead })).toMatchObject({
        code: "not_found",
        message: `No lead ${lead} in this business.`,
      });
      expect((await fails("sales_draft_email", { recordId: "cus_01AAAAAAAAAAAAAAAAAAAAAAAA" })).code).toBe(
        "invalid_input",
      );
    });
  });

  describe("knowledge_draft_document", () => {
    it("an SOP about closing the shop revises the closing SOP: its steps, version and review date", async () => {
      const list: Out = await ok("sops_list", { q: "closing" });
      const [sop] = await h.tx((tx) => tx.select().from(sops).where(eq(sops.id, list.items[0].id)));
      const o = await ok("knowledge_draft_document", { kind: "sop", topic: "closing the shop" }, "staff");
      expect(o.template).toBe("sop.mustache");
      expect(o.facts.basedOn).toMatchObject({ id: sop!.id, title: sop!.title, version: sop!.version });
      expect(o.facts.steps).toEqual(sop!.steps);
      const body = bodyOf(o);
      expect(body.split("\n")[0]).toBe(sop!.title);
      sop!.steps.forEach((step, i) => {
        expect(body).toContain(`${i + 1}. ${step}`);
      });
      expect(body).toContain(
        `Revises "${sop!.title}" v${sop!.version}, last reviewed ${longDate(sop!.reviewedOn!)}`,
      );
      expect(body).toContain(`Next review by ${longDate(addDays(TODAY, 365))}`);
      expect(ids(o.refs)).toEqual([sop!.id]);
    });

    it("our refund policy revises the refunds policy: summary and each rule", async () => {
      const list: Out = await ok("policies_list", { q: "refund" });
      const [pol] = await h.tx((tx) => tx.select().from(policies).where(eq(policies.id, list.items[0].id)));
      const o = await ok("knowledge_draft_document", { kind: "policy", topic: "refund" });
      expect(o.facts.basedOn.id).toBe(pol!.id);
      const body = bodyOf(o);
      expect(body).toContain(`In short: ${pol!.summary}`);
      for (const rule of pol!.body!.split(/(?<=\.)\s+/)) expect(body).toContain(`- ${rule}`);
      expect(body).toContain(
        `Draft Roasters LLC · Version ${o.facts.version} · Effective ${longDate(TODAY)}`,
      );
      expect(ids(o.refs)).toEqual([pol!.id]);
    });

    it("a topic with no SOP or policy starts a skeleton; no topic takes the one due for review", async () => {
      const fresh = await ok("knowledge_draft_document", { kind: "policy", topic: "parking" });
      expect(fresh.facts).toMatchObject({ basedOn: null, title: "Parking policy", version: "1.0" });
      expect(bodyOf(fresh)).toContain("- [What this policy covers");
      expect(fresh.refs).toEqual([]);

      const [due] = await h.tx((tx) =>
        tx
          .select()
          .from(sops)
          .where(and(eq(sops.status, "active"), isNull(sops.archivedAt)))
          .orderBy(sql`${sops.reviewedOn} asc nulls first`, asc(sops.id))
          .limit(1),
      );
      const o = await ok("knowledge_draft_document");
      expect(o.kind).toBe("sop");
      expect(o.facts.basedOn.id).toBe(due!.id);
    });

    it("basedOnId of the wrong kind is bad input; an unknown one is not found", async () => {
      const [sop] = await h.tx((tx) => tx.select().from(sops).limit(1));
      expect((await fails("knowledge_draft_document", { kind: "policy", basedOnId: sop!.id })).code).toBe(
        "invalid_input",
      );
      const missing = "pol_01AAAAAAAAAAAAAAAAAAAAAAAA";
      expect(await fails("knowledge_draft_document", { kind: "policy", basedOnId: missing })).toMatchObject({
        code: "not_found",
        message: `No policy ${missing} in this business.`,
      });
    });
  });

  describe("people_draft_job_description", () => {
    it("a barista job description: title, department, pay band, team size, manager and café SOPs", async () => {
      const list: Out = await ok("positions_list", { q: "barista" });
      const id = list.items.find((p: Out) => p.title === "Barista").id;
      const [pos] = await h.tx((tx) => tx.select().from(positions).where(eq(positions.id, id)));
      const o = await ok("people_draft_job_description", { positionId: id }, "staff");
      const [team] = await h.tx((tx) =>
        queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from employees where status = 'active' and lower(department) = lower(${pos!.department})`,
        ),
      );
      const procedures = await h.tx((tx) =>
        tx
          .select()
          .from(sops)
          .where(and(eq(sops.status, "active"), sql`lower(${sops.category}) = lower(${pos!.department})`))
          .orderBy(asc(sops.title)),
      );
      expect(o.template).toBe("job-description.mustache");
      expect(o.facts).toMatchObject({
        positionId: id,
        title: "Barista",
        department: pos!.department,
        salaryMin: money(pos!.salaryMinMinor!, "USD"),
        salaryMax: money(pos!.salaryMaxMinor!, "USD"),
        departmentSize: team!.n,
      });
      const body = bodyOf(o);
      expect(body.split("\n")[0]).toBe("Barista — Draft Roasters");
      expect(body).toContain(
        `Pay: ${usd(pos!.salaryMinMinor!).replace(" USD", "")}–${usd(pos!.salaryMaxMinor!)} a year`,
      );
      expect(body).toContain(`Join our ${pos!.department} team of ${team!.n} as our new Barista`);
      if (o.facts.reportsTo) expect(body).toContain(`reporting to the ${o.facts.reportsTo}`);
      for (const p of procedures.slice(0, 4)) expect(body).toContain(`"${p.title}"`);
      expect(body).toContain("212 Harbor St, Harbor Bay, CA 94000");
      expect(ids(o.refs)).toEqual([id, ...procedures.slice(0, 4).map((p) => p.id)]);
    });

    it("without an id, the oldest open position; an unknown id is not found", async () => {
      const open: Out = await ok("positions_list", { isOpen: true });
      const o = await ok("people_draft_job_description");
      expect(open.items.map((p: Out) => p.id)).toContain(o.facts.positionId);
      expect(o.facts.isOpen).toBe(true);
      const missing = "pos_01AAAAAAAAAAAAAAAAAAAAAAAA";
      expect((await fails("people_draft_job_description", { positionId: missing })).code).toBe("not_found");
    });
  });

  describe("marketing_draft_content", () => {
    it("post ideas for next week: running campaigns, open days, the best post and the idea backlog", async () => {
      const o = await ok("marketing_draft_content", {}, "staff");
      const week = { from: "2026-11-30", to: "2026-12-06" }; // the Monday after the week of Wed 25 November
      expect(o.kind).toBe("post_ideas");
      expect(o.template).toBe("post-ideas.mustache");
      expect(o.facts.week).toEqual(week);
      const running = await h.tx((tx) =>
        tx
          .select()
          .from(campaigns)
          .where(
            and(
              isNull(campaigns.archivedAt),
              sql`${campaigns.status} <> 'paused'`,
              sql`${campaigns.startsOn} <= ${week.to}::date`,
              sql`(${campaigns.endsOn} is null or ${campaigns.endsOn} >= ${week.from}::date)`,
            ),
          )
          .orderBy(sql`${campaigns.endsOn} asc nulls last`, asc(campaigns.id))
          .limit(3),
      );
      expect(o.facts.campaigns.map((c: Out) => c.campaignId)).toEqual(running.map((c) => c.id));
      const plannedDays = await h.tx((tx) =>
        queryRows<{ day: string }>(
          tx,
          sql`select distinct to_char(scheduled_at at time zone ${TZ}, 'YYYY-MM-DD') as day from posts
              where status in ('scheduled', 'draft', 'idea') and archived_at is null
                and to_char(scheduled_at at time zone ${TZ}, 'YYYY-MM-DD') between ${week.from} and ${week.to}`,
        ),
      );
      const open = Array.from({ length: 7 }, (_, i) => addDays(week.from, i)).filter(
        (d) => !plannedDays.some((p) => p.day === d),
      );
      expect(o.facts.openDays).toEqual(open);
      expect(o.draft.items).toHaveLength(5);
      o.draft.items.forEach((item: string, i: number) => {
        if (open[i]) expect(item.startsWith(`${weekdayDate(open[i])}: `)).toBe(true);
      });
      const text = o.draft.items.join("\n");
      for (const c of running) expect(text).toContain(c.name);
      const perf: Out = await ok("marketing_post_performance", { from: addDays(TODAY, -90), to: TODAY });
      const best = perf.platforms
        .flatMap((p: Out) => p.top)
        .sort((a: Out, b: Out) => b.engagements - a.engagements || a.postId.localeCompare(b.postId))[0];
      expect(o.facts.topPost).toMatchObject({ postId: best.postId, engagements: best.engagements });
      expect(text).toContain(`${best.engagements} engagements`);
      expect(ids(o.refs)).toEqual(expect.arrayContaining([...running.map((c) => c.id), best.postId]));
    });

    it("a caption for a scheduled post: its text, campaign and hashtags", async () => {
      const [post] = await h.tx((tx) =>
        tx
          .select({ post: posts, campaign: campaigns })
          .from(posts)
          .innerJoin(campaigns, eq(campaigns.id, posts.campaignId))
          .where(eq(posts.status, "scheduled"))
          .orderBy(asc(posts.scheduledAt))
          .limit(1),
      );
      const o = await ok("marketing_draft_content", { kind: "caption", postId: post!.post.id });
      expect(o.template).toBe("caption.mustache");
      const body = bodyOf(o);
      expect(body.split("\n")[0]).toBe(post!.post.body);
      expect(body).toContain(post!.campaign.name);
      if (post!.campaign.endsOn! >= TODAY)
        expect(body).toContain(`runs until ${longDate(post!.campaign.endsOn!)}`);
      expect(o.facts.post.scheduledOn).toBe(localDate(post!.post.scheduledAt!, TZ));
      expect(o.facts.hashtags).toEqual([
        "#DraftRoasters",
        `#${post!.campaign.name
          .split(" ")
          .map((w) => w[0]!.toUpperCase() + w.slice(1))
          .join("")}`,
      ]);
      expect(ids(o.refs)).toEqual([post!.post.id, post!.campaign.id]);
    });

    it("ad copy for a campaign: its name, end date, audience and best sellers", async () => {
      const list: Out = await ok("campaigns_list", { status: "active", limit: 1 });
      const c = list.items[0];
      const o = await ok("marketing_draft_content", { kind: "ad_copy", campaignId: c.id });
      const body = bodyOf(o);
      expect(body.split("\n")[0]).toBe(`Headline: ${c.name} | Draft Roasters`);
      expect(body).toContain(`Primary text: ${c.name} at Draft Roasters, until ${longDate(c.endsOn)}.`);
      for (const p of o.facts.products) expect(body).toContain(p.name);
      if (c.targetAudience) expect(body).toContain(c.targetAudience);
      expect(o.facts.campaign.campaignId).toBe(c.id);
      expect(ids(o.refs)[0]).toBe(c.id);
    });

    it("subject lines on a topic: as many as asked, with the business and its best sellers", async () => {
      const o = await ok("marketing_draft_content", { kind: "subject_lines", topic: "newsletter", count: 4 });
      expect(o.draft.items).toHaveLength(4);
      expect(o.draft.items[0]).toBe("Newsletter from Draft Roasters");
      expect(o.draft.items[1]).toBe(`Customer favourite: ${o.facts.products[0].name}`);
      expect(o.facts.campaign).toBeNull();
    });

    it("bad input: postId outside captions, an unknown campaign", async () => {
      const [post] = await h.tx((tx) => tx.select().from(posts).limit(1));
      expect((await fails("marketing_draft_content", { kind: "ad_copy", postId: post!.id })).code).toBe(
        "invalid_input",
      );
      const missing = "cmp_01AAAAAAAAAAAAAAAAAAAAAAAA";
      expect(await fails("marketing_draft_content", { kind: "ad_copy", campaignId: missing })).toMatchObject({
        code: "not_found",
        message: `No campaign ${missing} in this business.`,
      });
    });
  });
});
