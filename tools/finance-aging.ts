/** Finance aging tools: what customers owe (AR) and what is owed to vendors (AP), by days past due. */
import { z } from "zod";
import * as q from "../db/queries/finance.js";
import { today } from "./dates.js";
import { defineTool, type ToolContext, withRefs } from "./define.js";
import { amount, big, REF_CAP, refFor, scope } from "./finance-common.js";
import { money } from "./money.js";

const buckets = {
  open: amount.describe("total still owed"),
  notDue: amount.describe("not yet due"),
  days1to30: amount,
  days31to60: amount,
  days61to90: amount,
  days90plus: amount,
};

const agingInput = z.strictObject({
  limit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .describe("how many parties to list, largest balance first"),
});

async function agingReport(ctx: ToolContext, side: q.AgingSide, limit: number) {
  const cur = ctx.business.currency;
  const t = today(ctx);
  const rows = await q.aging(ctx.db, side, scope(ctx), t, limit);
  const overdue = await q.overdueDocuments(ctx.db, side, scope(ctx), t, REF_CAP);
  const figures = (r: q.AgingRow | undefined) => ({
    open: money(r?.total, cur),
    notDue: money(r?.not_due, cur),
    days1to30: money(r?.d1_30, cur),
    days31to60: money(r?.d31_60, cur),
    days61to90: money(r?.d61_90, cur),
    days90plus: money(r?.d90_plus, cur),
  });
  const total = rows.find((r) => r.is_total);
  const overdueTotal = total
    ? big(total.d1_30) + big(total.d31_60) + big(total.d61_90) + big(total.d90_plus)
    : 0n;
  return {
    asOf: t,
    currency: cur,
    totals: { ...figures(total), overdue: money(overdueTotal, cur), documents: total?.documents ?? 0 },
    parties: rows
      .filter((r) => !r.is_total)
      .map((r) => ({
        id: r.party_id!,
        name: r.name!,
        ...figures(r),
        documents: r.documents,
        oldestDueDate: r.oldest_due,
      })),
    partyCount: total?.parties ?? 0,
    otherCurrencyDocuments: total?.other_currency ?? 0,
    overdue: overdue.map((o) => ({
      id: o.id,
      number: o.number,
      partyId: o.party_id,
      partyName: o.name,
      dueDate: o.due_date,
      daysPastDue: o.days,
      open: money(o.open, cur),
    })),
    refs: overdue.map((o) => refFor(side === "ar" ? "invoice" : "bill", o)),
  };
}

const agingTotals = z.object({ ...buckets, overdue: amount, documents: z.number().int() });
const overdueItem = {
  number: z.string().nullable(),
  dueDate: z.string(),
  daysPastDue: z.number().int(),
  open: amount,
};

export const arAgingTool = defineTool({
  name: "finance_ar_aging",
  module: "finance",
  title: "Receivables aging",
  description:
    "Open invoices (sent or overdue, not fully paid) as of today by days past due — not due, 1–30, 31–60, 61–90, 90+ — per customer, with the overdue invoices oldest first. For one invoice use invoices_get; for what is owed to vendors finance_ap_aging.",
  input: agingInput,
  output: withRefs({
    asOf: z.string(),
    currency: z.string(),
    totals: agingTotals,
    customers: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        ...buckets,
        invoices: z.number().int(),
        oldestDueDate: z.string().nullable(),
      }),
    ),
    customersWithOpenInvoices: z.number().int(),
    otherCurrencyInvoices: z.number().int().describe("open invoices in other currencies, not in the figures"),
    overdueInvoices: z
      .array(
        z.object({ invoiceId: z.string(), customerId: z.string(), customer: z.string(), ...overdueItem }),
      )
      .describe("oldest due date first, up to 50"),
  }),
  access: "read",
  async run(ctx, input) {
    const r = await agingReport(ctx, "ar", input.limit);
    return {
      asOf: r.asOf,
      currency: r.currency,
      totals: r.totals,
      customers: r.parties.map(({ id, documents, ...p }) => ({ customerId: id, ...p, invoices: documents })),
      customersWithOpenInvoices: r.partyCount,
      otherCurrencyInvoices: r.otherCurrencyDocuments,
      overdueInvoices: r.overdue.map(({ id, partyId, partyName, ...o }) => ({
        invoiceId: id,
        customerId: partyId,
        customer: partyName,
        ...o,
      })),
      refs: r.refs,
    };
  },
});

export const apAgingTool = defineTool({
  name: "finance_ap_aging",
  module: "finance",
  title: "Payables aging",
  description:
    "Open bills (open or overdue, not fully paid) as of today by days past due — not due, 1–30, 31–60, 61–90, 90+ — per vendor, with the overdue bills oldest first. For one bill use bills_get; for what customers owe finance_ar_aging.",
  input: agingInput,
  output: withRefs({
    asOf: z.string(),
    currency: z.string(),
    totals: agingTotals,
    vendors: z.array(
      z.object({
        vendorId: z.string(),
        name: z.string(),
        ...buckets,
        bills: z.number().int(),
        oldestDueDate: z.string().nullable(),
      }),
    ),
    vendorsWithOpenBills: z.number().int(),
    otherCurrencyBills: z.number().int().describe("open bills in other currencies, not in the figures"),
    overdueBills: z
      .array(z.object({ billId: z.string(), vendorId: z.string(), vendor: z.string(), ...overdueItem }))
      .describe("oldest due date first, up to 50"),
  }),
  access: "read",
  async run(ctx, input) {
    const r = await agingReport(ctx, "ap", input.limit);
    return {
      asOf: r.asOf,
      currency: r.currency,
      totals: r.totals,
      vendors: r.parties.map(({ id, documents, ...p }) => ({ vendorId: id, ...p, bills: documents })),
      vendorsWithOpenBills: r.partyCount,
      otherCurrencyBills: r.otherCurrencyDocuments,
      overdueBills: r.overdue.map(({ id, partyId, partyName, ...o }) => ({
        billId: id,
        vendorId: partyId,
        vendor: partyName,
        ...o,
      })),
      refs: r.refs,
    };
  },
});
