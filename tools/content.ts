/**
 * Content drafts (spec §4.2): read-only tools, one per module so the role table applies, that fill a template
 * from prompts/templates/ with the figures of real records and return the draft, those facts and their refs.
 * Sending a draft is a separate action that needs approval. This file: invoice reminders and sales emails;
 * documents (SOPs, policies, job descriptions) and marketing copy live in content-documents.ts and
 * content-marketing.ts.
 */
import { z } from "zod";
import { idPrefix } from "../db/ids.js";
import {
  amount,
  amountText,
  firstName,
  idInput,
  notFound,
  productFact,
  productsSelling,
  ref,
  voiceOf,
} from "./content-common.js";
import { documentTools } from "./content-documents.js";
import { marketingContentTools } from "./content-marketing.js";
import * as q from "./content-queries.js";
import {
  DRAFT_NOTE,
  draftOutput,
  formatAmount,
  joinAnd,
  longDate,
  plural,
  renderDraft,
} from "./content-templates.js";
import { daysBetween, localDate, today } from "./dates.js";
import { type AnyTool, defineTool, type Ref, type ToolContext } from "./define.js";
import { ToolInputError, ToolNotFound } from "./errors.js";
import { money } from "./money.js";

/** Reminders get firmer wording after this many days past due. */
const LONG_OVERDUE_DAYS = 30;

// ── finance_draft_invoice_reminder ─────────────────────────────────────────────────────────────────────

export const invoiceReminderTool = defineTool({
  name: "finance_draft_invoice_reminder",
  module: "finance",
  title: "Draft a payment reminder",
  description:
    "Draft a payment reminder email for an open invoice (default: the one overdue longest) from its amount due, dates, days overdue and lines; returns the draft and the facts to ground a rewrite. Find invoice ids with invoices_list or finance_ar_aging; sending is a separate approved action.",
  input: z.strictObject({
    invoiceId: idInput(
      "inv",
      "an invoice",
      "invoice id (inv_…); default: the open invoice overdue longest. Find it with invoices_list q=<number>",
    ),
  }),
  output: draftOutput(["invoice_reminder"], {
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    status: z.string(),
    customerId: z.string(),
    customer: z.string(),
    contactId: z.string().nullable().describe("the contact at the customer the reminder greets"),
    greetingName: z.string(),
    to: z.string().nullable().describe("email address on record: the contact's, else the customer's"),
    issueDate: z.string(),
    dueDate: z.string(),
    today: z.string().describe("in the business's time zone"),
    daysOverdue: z.number().int().describe("days past the due date; 0 when not yet due"),
    daysUntilDue: z.number().int().describe("days until the due date; 0 when due today or past due"),
    currency: z.string(),
    total: amount,
    amountPaid: amount,
    amountDue: amount,
    items: z.array(z.string()).describe("what was invoiced: the line descriptions"),
    business: z.string(),
    sender: z.string(),
  }),
  access: "read",
  async run(ctx, input) {
    const b = ctx.business.id;
    const id = input.invoiceId ?? (await q.oldestOpenInvoice(ctx.db, b));
    if (!id)
      throw new ToolNotFound(
        "No open invoice to remind anyone about: every invoice is paid, void or a draft.",
      );
    const row = await q.invoiceWithCustomer(ctx.db, b, id);
    if (!row) throw notFound("invoice", id);
    const { invoice: inv, customer } = row;
    const due = inv.totalMinor - inv.amountPaidMinor;
    const fix = "invoiceId: pick an open (sent or overdue) invoice; finance_ar_aging lists them";
    if (inv.status === "void")
      throw new ToolInputError(`Invoice ${inv.number} is void; there is nothing to collect.`, [fix]);
    if (inv.status === "draft")
      throw new ToolInputError(
        `Invoice ${inv.number} is still a draft and has not been sent; send it before reminding anyone.`,
        [fix],
      );
    if (inv.status === "paid" || due <= 0)
      throw new ToolInputError(
        `Invoice ${inv.number} is paid${inv.paidOn ? ` (on ${inv.paidOn})` : ""}; there is nothing to remind ${customer.name} about.`,
        [fix],
      );
    const contact = await q.contactAtCustomer(ctx.db, b, customer.id);
    const lines = await q.invoiceLinesOf(ctx.db, b, inv.id);
    const t = today(ctx);
    const late = daysBetween(inv.dueDate, t);
    const cur = inv.currency;
    const items = lines.map((l) => l.description);
    const shown = items.length > 3 ? [...items.slice(0, 3), plural(items.length - 3, "more item")] : items;
    const greetingName = contact ? firstName(contact.firstName) : customer.name;
    const view = {
      ...(await voiceOf(ctx)),
      greetingName,
      invoiceNumber: inv.number,
      issueDate: longDate(inv.issueDate),
      dueDate: longDate(inv.dueDate),
      dueWhen: late === 0 ? "today" : `on ${longDate(inv.dueDate)}, in ${plural(-late, "day")}`,
      overdue: late > 0,
      longOverdue: late > LONG_OVERDUE_DAYS,
      daysOverdue: plural(Math.max(late, 0), "day"),
      items: shown.length ? joinAnd(shown) : "your order",
      total: amountText(inv.totalMinor, cur),
      amountPaid: amountText(inv.amountPaidMinor, cur),
      amountDue: amountText(due, cur),
      partiallyPaid: inv.amountPaidMinor > 0,
    };
    const refs: Ref[] = [ref("invoice", inv), ref("customer", customer)];
    if (contact) refs.push(ref("contact", contact));
    return {
      kind: "invoice_reminder" as const,
      ...renderDraft("invoice_reminder", view),
      facts: {
        invoiceId: inv.id,
        invoiceNumber: inv.number,
        status: inv.status,
        customerId: customer.id,
        customer: customer.name,
        contactId: contact?.id ?? null,
        greetingName,
        to: contact?.email ?? customer.email ?? null,
        issueDate: inv.issueDate,
        dueDate: inv.dueDate,
        today: t,
        daysOverdue: Math.max(late, 0),
        daysUntilDue: Math.max(-late, 0),
        currency: cur,
        total: money(inv.totalMinor, cur),
        amountPaid: money(inv.amountPaidMinor, cur),
        amountDue: money(due, cur),
        items,
        business: view.business,
        sender: view.sender,
      },
      note: DRAFT_NOTE,
      refs,
    };
  },
});

// ── sales_draft_email ──────────────────────────────────────────────────────────────────────────────────

const SALES_KINDS = ["follow_up", "cold_outreach"] as const;

const dealFact = z.object({
  dealId: z.string(),
  name: z.string(),
  amount,
  currency: z.string(),
  stage: z.string(),
  status: z.string(),
  expectedCloseOn: z.string().nullable(),
});

/** Who the email goes to and what is on record about them. */
interface Recipient {
  type: "deal" | "contact" | "lead";
  name: string | null;
  email: string | null;
  company: string | null;
  deal: z.infer<typeof dealFact> | null;
  lastContact: { kind: string; direction: string | null; at: Date } | null;
  lead: { status: string; source: string } | null;
  refs: Ref[];
}

async function recipientOf(ctx: ToolContext, id: string): Promise<Recipient> {
  const b = ctx.business.id;
  const db = ctx.db;
  const dealOf = async (dealId: string) => {
    const d = await q.dealWithStage(db, b, dealId);
    if (!d) return undefined;
    return {
      row: d.deal,
      fact: {
        dealId: d.deal.id,
        name: d.deal.name,
        amount: money(d.deal.amountMinor, d.deal.currency),
        currency: d.deal.currency,
        stage: d.stage,
        status: d.deal.status,
        expectedCloseOn: d.deal.expectedCloseOn,
      },
    };
  };
  const type = idPrefix(id);
  if (type === "dea") {
    const deal = await dealOf(id);
    if (!deal) throw notFound("deal", id);
    const customer = deal.row.customerId ? await q.customerById(db, b, deal.row.customerId) : undefined;
    const contact = deal.row.contactId
      ? await q.contactById(db, b, deal.row.contactId)
      : customer
        ? await q.contactAtCustomer(db, b, customer.id)
        : undefined;
    const last =
      (await q.lastContactWith(db, b, { dealId: id })) ??
      (contact ? await q.lastContactWith(db, b, { contactId: contact.id }) : undefined);
    return {
      type: "deal",
      name: contact ? [contact.firstName, contact.lastName].filter(Boolean).join(" ") : null,
      email: contact?.email ?? customer?.email ?? null,
      company: customer?.name ?? null,
      deal: deal.fact,
      lastContact: last ?? null,
      lead: null,
      refs: [
        ref("deal", deal.row),
        ...(contact ? [ref("contact", contact)] : []),
        ...(customer ? [ref("customer", customer)] : []),
      ],
    };
  }
  if (type === "ctc") {
    const contact = await q.contactById(db, b, id);
    if (!contact) throw notFound("contact", id);
    const customer = contact.customerId ? await q.customerById(db, b, contact.customerId) : undefined;
    const [top] = await q.openDealsOfContact(db, b, id);
    const deal = top ? await dealOf(top.id) : undefined;
    return {
      type: "contact",
      name: [contact.firstName, contact.lastName].filter(Boolean).join(" "),
      email: contact.email,
      company: customer?.name ?? null,
      deal: deal?.fact ?? null,
      lastContact: (await q.lastContactWith(db, b, { contactId: id })) ?? null,
      lead: null,
      refs: [
        ref("contact", contact),
        ...(customer ? [ref("customer", customer)] : []),
        ...(deal ? [ref("deal", deal.row)] : []),
      ],
    };
  }
  const lead = await q.leadById(db, b, id);
  if (!lead) throw notFound("lead", id);
  return {
    type: "lead",
    name: lead.name,
    email: lead.email,
    company: lead.company,
    deal: null,
    lastContact: (await q.lastContactWith(db, b, { leadId: id })) ?? null,
    lead: { status: lead.status, source: lead.sourceChannel },
    refs: [ref("lead", lead)],
  };
}

export const salesEmailTool = defineTool({
  name: "sales_draft_email",
  module: "sales",
  title: "Draft a sales email",
  description:
    "Draft a follow-up (deal, contact or lead) or cold outreach email (lead or contact) from the record: names, deal amount and stage, the last call/meeting/email, best-selling products. Without recordId: follow-up on the open deal gone longest without contact, or outreach to the newest lead. Find ids with search or deals_list/leads_list.",
  input: z.strictObject({
    kind: z.enum(SALES_KINDS).default("follow_up").describe("follow_up (default) or cold_outreach"),
    recordId: idInput(
      "dea|ctc|lea",
      "a deal, contact or lead",
      "the deal (dea_…), contact (ctc_…) or lead (lea_…) to write about; find it with search",
    ),
  }),
  output: draftOutput(SALES_KINDS, {
    recordId: z.string(),
    recordType: z.enum(["deal", "contact", "lead"]),
    recipient: z.string().nullable().describe("the person written to, when one is on record"),
    greetingName: z.string(),
    to: z.string().nullable().describe("email address on record"),
    company: z.string().nullable(),
    deal: dealFact.nullable().describe("the deal (for a contact: their largest open deal)"),
    lastContact: z
      .object({
        kind: z.string().describe("call, meeting or email"),
        direction: z.string().nullable(),
        date: z.string().describe("in the business's time zone"),
        daysAgo: z.number().int(),
      })
      .nullable(),
    lead: z.object({ status: z.string(), source: z.string() }).nullable(),
    products: z.array(productFact).describe("best sellers named in cold outreach; empty for follow-ups"),
    business: z.string(),
    sender: z.string(),
    today: z.string(),
  }),
  access: "read",
  async run(ctx, input) {
    const b = ctx.business.id;
    const kind = input.kind;
    const id =
      input.recordId ??
      (kind === "follow_up" ? await q.stalestOpenDeal(ctx.db, b) : await q.newestOpenLead(ctx.db, b));
    if (!id)
      throw new ToolNotFound(
        kind === "follow_up"
          ? "No open deal to follow up on; give recordId."
          : "No open lead to write to; give recordId.",
      );
    if (kind === "cold_outreach" && idPrefix(id) === "dea")
      throw new ToolInputError("Cold outreach is written to a lead or a contact, not about a deal", [
        "recordId: give a lead (lea_…) or contact (ctc_…) id, or use kind follow_up for a deal",
      ]);
    const r = await recipientOf(ctx, id);
    const t = today(ctx);
    const voice = await voiceOf(ctx);
    const greetingName = r.name ? firstName(r.name) : "there";
    const lastDay = r.lastContact && localDate(r.lastContact.at, ctx.business.timezone);
    const last =
      r.lastContact && lastDay
        ? {
            kind: r.lastContact.kind,
            direction: r.lastContact.direction,
            date: lastDay,
            daysAgo: daysBetween(lastDay, t),
          }
        : null;
    const products = kind === "cold_outreach" ? await productsSelling(ctx, 3) : { facts: [], refs: [] };
    const view = {
      ...voice,
      greetingName,
      company: r.company ?? "",
      deal: r.deal && {
        name: r.deal.name,
        amount: formatAmount(r.deal.amount, r.deal.currency),
        stage: r.deal.stage,
        [r.deal.status]: true,
        // A close date already past is not promised again.
        expectedClose:
          r.deal.expectedCloseOn && r.deal.expectedCloseOn >= t ? longDate(r.deal.expectedCloseOn) : "",
      },
      lastContact: last && {
        date: longDate(last.date),
        call: last.kind === "call",
        meeting: last.kind === "meeting",
        emailIn: last.kind === "email" && last.direction === "inbound",
        emailOut: last.kind === "email" && last.direction !== "inbound",
      },
      source: r.lead && { [r.lead.source]: true },
      products: joinAnd(products.facts.map((p) => p.name)),
    };
    return {
      kind,
      ...renderDraft(kind, view),
      facts: {
        recordId: id,
        recordType: r.type,
        recipient: r.name,
        greetingName,
        to: r.email,
        company: r.company,
        deal: r.deal,
        lastContact: last,
        lead: r.lead,
        products: products.facts,
        business: voice.business,
        sender: voice.sender,
        today: t,
      },
      note: DRAFT_NOTE,
      refs: [...r.refs, ...products.refs],
    };
  },
});

/** Every draft tool; tools/index.ts lists them after the analytics tools. */
export const contentTools: AnyTool[] = [
  invoiceReminderTool,
  salesEmailTool,
  ...documentTools,
  ...marketingContentTools,
];
