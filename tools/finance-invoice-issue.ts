/**
 * Creating an invoice with its lines in one step, and optionally emailing it to the customer. Asked by the AI it
 * is an approved action whose preview is the invoice exactly as it will be saved (number, lines, tax, totals, due
 * date) and, when sending, the email exactly as it will go out. The run saves and sends in one transaction: if
 * the email fails, no invoice is left behind.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "../db/client.js";
import { newId } from "../db/ids.js";
import { customers, invoiceLines, invoices } from "../db/schema/finance.js";
import { addDays, isoDate, today } from "./dates.js";
import { defineTool, type OutgoingEmail, type ToolContext, withRefs } from "./define.js";
import { envelope, logSent, sendOrExplain } from "./email.js";
import { ToolInputError, ToolNotFound } from "./errors.js";
import { money, moneyString, toMinor } from "./money.js";

const input = z.strictObject({
  customer_id: z
    .string()
    .regex(/^cus_[0-9A-Z]{26}$/, "must be a cus_ id")
    .describe("customer id (cus_…)"),
  lines: z
    .array(
      z.strictObject({
        description: z.string().trim().min(1).max(500),
        quantity: z.number().positive().max(1_000_000).default(1),
        unit_price: moneyString.describe("price of one unit in the customer's currency, e.g. 18.50"),
        tax_rate_percent: z.number().min(0).max(100).multipleOf(0.01).default(0),
      }),
    )
    .min(1)
    .max(100),
  issue_date: isoDate.optional().describe("defaults to today"),
  due_date: isoDate.optional().describe("defaults to the issue date plus the customer's payment terms"),
  notes: z.string().max(2000).optional(),
  send: z.boolean().default(false).describe("also email the invoice to the customer"),
  send_to: z.email().optional().describe("address to send to; defaults to the customer's email"),
  message: z.string().max(5000).optional().describe("a short note above the invoice in the email"),
});
type Input = z.output<typeof input>;

interface Draft {
  number: string;
  customer: { id: string; name: string; email: string | null };
  issueDate: string;
  dueDate: string;
  currency: string;
  lines: Array<{
    description: string;
    quantity: number;
    unitPriceMinor: number;
    taxRateBp: number;
    amountMinor: number;
    taxMinor: number;
  }>;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  notes: string | null;
  email: OutgoingEmail | null;
}

export const issueInvoiceTool = defineTool({
  name: "finance_issue_invoice",
  module: "finance",
  title: "Create (and send) an invoice",
  description:
    "Create an invoice with its lines for a customer, and optionally email it to them. Use invoices_write to change an existing invoice.",
  input,
  output: withRefs({
    invoiceId: z.string(),
    number: z.string(),
    total: z.string(),
    currency: z.string(),
    sent: z.boolean(),
    messageId: z.string().nullable(),
  }),
  access: "external",
  async preview(ctx, args: Input) {
    const d = await draft(ctx, args);
    const total = `${money(d.totalMinor, d.currency)} ${d.currency}`;
    return {
      summary: `Invoice ${d.number} to ${d.customer.name} for ${total}${d.email ? `, emailed to ${d.email.to.join(", ")}` : ""}`,
      preview: { invoice: showDraft(d), email: d.email },
      pinned: {
        number: d.number,
        ...(d.email ? { messageId: d.email.messageId, from: d.email.from, replyTo: d.email.replyTo } : {}),
      },
    };
  },
  async run(ctx, args: Input) {
    const d = await draft(ctx, args);
    const taken = await ctx.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.businessId, ctx.business.id), eq(invoices.number, d.number)));
    if (taken.length) throw new ToolInputError(`Invoice number ${d.number} is already used`, []);
    const id = newId("inv");
    await ctx.db.insert(invoices).values({
      id,
      businessId: ctx.business.id,
      number: d.number,
      customerId: d.customer.id,
      issueDate: d.issueDate,
      dueDate: d.dueDate,
      status: d.email ? "sent" : "draft",
      currency: d.currency,
      subtotalMinor: d.subtotalMinor,
      taxMinor: d.taxMinor,
      totalMinor: d.totalMinor,
      sentAt: d.email ? ctx.now : null,
      notes: d.notes,
    });
    await ctx.db.insert(invoiceLines).values(
      d.lines.map((l, position) => ({
        id: newId("inl"),
        businessId: ctx.business.id,
        invoiceId: id,
        position,
        description: l.description,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        taxRateBp: l.taxRateBp,
        amountMinor: l.amountMinor,
      })),
    );
    let messageId: string | null = null;
    if (d.email) {
      messageId = (await sendOrExplain(ctx, d.email)).messageId;
      await logSent(ctx, d.email, { customerId: d.customer.id });
    }
    return {
      invoiceId: id,
      number: d.number,
      total: money(d.totalMinor, d.currency),
      currency: d.currency,
      sent: d.email !== null,
      messageId,
      refs: [{ type: "invoice", id, label: `${d.number} – ${d.customer.name}` }],
    };
  },
});

/** Everything the invoice will be, computed the same way for the preview and the run. */
async function draft(ctx: ToolContext, args: Input): Promise<Draft> {
  const [customer] = await ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.businessId, ctx.business.id), eq(customers.id, args.customer_id)));
  if (!customer) throw new ToolNotFound(`No customer with id ${args.customer_id} in this business.`);
  const currency = customer.currency;
  const issueDate = args.issue_date ?? today(ctx);
  const dueDate = args.due_date ?? addDays(issueDate, customer.paymentTermsDays);
  if (dueDate < issueDate) throw new ToolInputError("The due date is before the issue date", ["due_date"]);
  const lines = args.lines.map((l, i) => {
    let unitPriceMinor: number;
    try {
      unitPriceMinor = toMinor(l.unit_price, currency);
    } catch (err) {
      throw new ToolInputError("Invalid price", [`lines.${i}.unit_price: ${(err as Error).message}`]);
    }
    if (unitPriceMinor < 0)
      throw new ToolInputError("Invalid price", [`lines.${i}.unit_price: must not be negative`]);
    const amountMinor = Math.round(l.quantity * unitPriceMinor);
    const taxRateBp = Math.round(l.tax_rate_percent * 100);
    return {
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor,
      taxRateBp,
      amountMinor,
      taxMinor: Math.round((amountMinor * taxRateBp) / 10_000),
    };
  });
  const subtotalMinor = lines.reduce((s, l) => s + l.amountMinor, 0);
  const taxMinor = lines.reduce((s, l) => s + l.taxMinor, 0);
  const d: Draft = {
    number: (ctx.pinned?.number as string | undefined) ?? (await nextNumber(ctx)),
    customer: { id: customer.id, name: customer.name, email: customer.email },
    issueDate,
    dueDate,
    currency,
    lines,
    subtotalMinor,
    taxMinor,
    totalMinor: subtotalMinor + taxMinor,
    notes: args.notes ?? null,
    email: null,
  };
  if (args.send) d.email = await invoiceEmail(ctx, d, args);
  return d;
}

async function nextNumber(ctx: ToolContext): Promise<string> {
  const [row] = await queryRows<{ n: number | null }>(
    ctx.db,
    sql`select max(substring(number from 5)::bigint)::int as n from invoices
        where business_id = ${ctx.business.id} and number ~ '^INV-[0-9]{1,15}$'`,
  );
  return `INV-${(row?.n ?? 1000) + 1}`;
}

async function invoiceEmail(ctx: ToolContext, d: Draft, args: Input): Promise<OutgoingEmail> {
  const to = args.send_to ?? d.customer.email;
  if (!to) {
    throw new ToolInputError(`${d.customer.name} has no email address`, [
      "send_to: give the address to send the invoice to",
    ]);
  }
  const head = await envelope(ctx, ", or create the invoice without send");
  const amount = (minor: number) => `${money(minor, d.currency)} ${d.currency}`;
  const text = [
    ...(args.message ? [args.message.trim(), ""] : []),
    `Invoice ${d.number} from ${ctx.business.name}`,
    `Issued ${d.issueDate}, due ${d.dueDate}`,
    "",
    ...d.lines.map(
      (l) => `${l.description} — ${l.quantity} × ${amount(l.unitPriceMinor)} = ${amount(l.amountMinor)}`,
    ),
    "",
    `Subtotal: ${amount(d.subtotalMinor)}`,
    `Tax: ${amount(d.taxMinor)}`,
    `Total due: ${amount(d.totalMinor)}`,
    ...(d.notes ? ["", d.notes] : []),
    "",
    ctx.business.name,
  ].join("\n");
  return { ...head, to: [to], cc: [], subject: `Invoice ${d.number} from ${ctx.business.name}`, text };
}

function showDraft(d: Draft) {
  const m = (minor: number) => money(minor, d.currency);
  return {
    number: d.number,
    customer: d.customer,
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    currency: d.currency,
    status: d.email ? "sent" : "draft",
    lines: d.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: m(l.unitPriceMinor),
      taxRatePercent: l.taxRateBp / 100,
      amount: m(l.amountMinor),
      tax: m(l.taxMinor),
    })),
    subtotal: m(d.subtotalMinor),
    tax: m(d.taxMinor),
    total: m(d.totalMinor),
    notes: d.notes,
  };
}
