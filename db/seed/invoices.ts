/**
 * Wholesale invoices (~25 a month) with their lines, and the customer payments that settle them.
 * Totals are exact: subtotal = Σ line amounts, tax = Σ per-line tax, total = subtotal + tax.
 */
import { invoiceLines, invoices } from "../schema/finance.js";
import { ITEMS, SERVICE_LINES } from "./catalog.js";
import { at, type Day, iso, type NewRow, type SeedContext, weekday } from "./context.js";
import type { CustomerRef, InvoiceRef, World } from "./world.js";

const FIVE_LB = ITEMS.filter((i) => i.flow === "roasted" && i.unit === "bag" && i.greenPerUnit === 6);
const RETAIL = ITEMS.filter((i) => i.flow === "roasted" && i.greenPerUnit !== 6);
const FIVE_LB_WEIGHT: Record<string, number> = {
  "RST-ESP-5": 35,
  "RST-BRK-5": 25,
  "RST-DRK-5": 12,
  "RST-COL-5": 12,
  "RST-DEC-5": 8,
  "RST-ETH-5": 8,
};

interface Line {
  description: string;
  quantity: number;
  unit: number;
  taxBp: number;
  sku?: string;
}

function linesFor(ctx: SeedContext, c: CustomerRef): Line[] {
  const { rng } = ctx;
  const lines: Line[] = [];
  const bag = (min: number, max: number) => {
    const item = rng.weighted(FIVE_LB, (i) => FIVE_LB_WEIGHT[i.sku] ?? 1);
    const existing = lines.find((l) => l.sku === item.sku);
    const qty = rng.int(min, max);
    if (existing) existing.quantity += qty;
    else
      lines.push({ description: item.name, quantity: qty, unit: item.wholesale!, taxBp: 0, sku: item.sku });
  };
  switch (c.kind) {
    case "cafe":
      for (let n = rng.int(1, 3); n > 0; n--) bag(3, 12);
      break;
    case "restaurant":
      for (let n = rng.int(1, 2); n > 0; n--) bag(2, 7);
      break;
    case "grocery":
      for (const item of RETAIL) {
        if (rng.chance(0.7)) {
          lines.push({
            description: `${item.name} (case of 12)`,
            quantity: 12 * rng.int(1, 3),
            unit: item.wholesale!,
            taxBp: 0,
            sku: item.sku,
          });
        }
      }
      bag(2, 5);
      break;
    case "office":
      bag(2, 5);
      break;
    case "event":
      bag(4, 10);
      lines.push({
        description: "Event coffee service (staffed bar, 4 h)",
        quantity: 1,
        unit: 65_000,
        taxBp: 0,
      });
      break;
  }
  if (rng.chance(0.1)) {
    const s = rng.pick(SERVICE_LINES);
    lines.push({ description: s.description, quantity: 1, unit: s.price, taxBp: s.taxBp });
  }
  if (c.kind === "event") for (const l of lines) l.taxBp = 875;
  return lines;
}

interface Draft {
  ref: InvoiceRef;
  lines: Line[];
  sentDay?: Day;
  notes?: string;
}

/** Generates, numbers and inserts the invoices; pushes their payments onto the ledger. */
export async function seedInvoices(ctx: SeedContext, world: World): Promise<void> {
  const { rng, today } = ctx;
  const atRisk = world.named.get("customer.atRisk");
  const drafts: Draft[] = [];
  const make = (c: CustomerRef, issueDay: Day, status: InvoiceRef["status"] | null): Draft => {
    const lines = linesFor(ctx, c);
    const total = lines.reduce((s, l) => s + lineAmount(l) + lineTax(l), 0);
    const ref: InvoiceRef = {
      id: ctx.id("inv"),
      number: "",
      customerId: c.id,
      issueDay,
      dueDay: issueDay + c.terms,
      status: status ?? "sent",
      total,
      amountPaid: 0,
      stock: [],
    };
    if (status === null) {
      // Most customers pay around the due date; a few early, a few late.
      const lag = c.terms + Math.round((rng.next() + rng.next() + rng.next() - 1.5) * 9);
      const payDay = issueDay + Math.max(3, lag);
      if (c.id === atRisk && today - issueDay < 110) {
        ref.status = ref.dueDay < today ? "overdue" : "sent";
      } else if (payDay <= today) {
        ref.status = "paid";
        ref.paidDay = payDay;
        ref.amountPaid = total;
      } else {
        ref.status = ref.dueDay < today ? "overdue" : "sent";
      }
      ref.stock = lines.filter((l) => l.sku).map((l) => ({ sku: l.sku!, qty: l.quantity }));
    }
    return { ref, lines, sentDay: status === "draft" ? undefined : issueDay };
  };

  // Invoicing starts six weeks before the history so the first month already collects payments.
  const perWeekday = (25 * 12) / 261;
  for (let day = ctx.start - 42; day <= today; day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) continue;
    const count = Math.floor(perWeekday * rng.jitter(0.6) + rng.next());
    for (let k = 0; k < count; k++) {
      const open = world.customers.filter((c) => c.sinceDay <= day);
      if (open.length === 0) break;
      drafts.push(
        make(
          rng.weighted(open, (c) => c.weight),
          day,
          null,
        ),
      );
    }
  }
  // The at-risk account stopped paying about two and a half months ago.
  const risky = world.customers.find((c) => c.id === atRisk);
  if (risky) for (const ago of [74, 52, 31]) drafts.push(make(risky, today - ago, null));
  // One voided duplicate about five months back, and a few drafts waiting to be sent.
  const voidable = drafts.filter((d) => d.ref.status === "paid" && today - d.ref.issueDay > 140);
  const voided = voidable[voidable.length - 1];
  if (voided) {
    voided.ref.status = "void";
    voided.ref.amountPaid = 0;
    voided.ref.paidDay = undefined;
    voided.ref.stock = [];
    voided.notes = "Voided: duplicate of an order already invoiced the same week.";
  }
  const regulars = world.customers.filter((c) => c.kind !== "event" && c.sinceDay < today - 30);
  for (let k = 0; k < 3; k++) drafts.push(make(rng.pick(regulars), today - (k === 2 ? 1 : 0), "draft"));

  // There is always something overdue to chase, and the at-risk account's oldest overdue invoice got a
  // partial payment.
  if (!drafts.some((d) => d.ref.status === "overdue")) {
    const late = drafts.filter((d) => d.ref.status === "paid" && d.ref.dueDay < today - 7);
    const d = late[late.length - 1];
    if (d) Object.assign(d.ref, { status: "overdue", amountPaid: 0, paidDay: undefined });
  }
  const riskyOverdue = drafts.filter((d) => d.ref.customerId === atRisk && d.ref.status === "overdue");
  const partial = riskyOverdue[0];
  if (partial) {
    partial.ref.amountPaid = Math.round(partial.ref.total / 2);
    partial.ref.paidDay = Math.min(today - 3, partial.ref.dueDay + 10);
    partial.notes = "Partial payment received; balance promised by end of month.";
  }

  drafts.sort(
    (a, b) =>
      a.ref.issueDay - b.ref.issueDay ||
      (a.ref.status === "draft" ? 1 : 0) - (b.ref.status === "draft" ? 1 : 0),
  );
  const invRows: NewRow<typeof invoices>[] = [];
  const lineRows: NewRow<typeof invoiceLines>[] = [];
  const byId = new Map(world.customers.map((c) => [c.id, c]));
  drafts.forEach((d, i) => {
    const r = d.ref;
    r.number = `INV-${1001 + i}`;
    const subtotal = d.lines.reduce((s, l) => s + lineAmount(l), 0);
    const tax = d.lines.reduce((s, l) => s + lineTax(l), 0);
    const created = at(r.issueDay, 9, 15);
    invRows.push({
      id: r.id,
      number: r.number,
      customerId: r.customerId,
      issueDate: iso(r.issueDay),
      dueDate: iso(r.dueDay),
      status: r.status,
      subtotalMinor: subtotal,
      taxMinor: tax,
      totalMinor: subtotal + tax,
      amountPaidMinor: r.amountPaid,
      paidOn: r.status === "paid" && r.paidDay !== undefined ? iso(r.paidDay) : null,
      sentAt: d.sentDay !== undefined ? at(d.sentDay, 10, 5) : null,
      notes: d.notes ?? null,
      terms: `Net ${r.dueDay - r.issueDay}`,
      createdAt: created,
      updatedAt: r.paidDay !== undefined ? at(r.paidDay, 16) : created,
    });
    d.lines.forEach((l, position) => {
      lineRows.push({
        id: ctx.id("inl"),
        invoiceId: r.id,
        position,
        description: l.description,
        quantity: l.quantity,
        unitPriceMinor: l.unit,
        taxRateBp: l.taxBp,
        amountMinor: lineAmount(l),
        inventoryItemId: l.sku ? (world.items.get(l.sku) ?? null) : null,
        createdAt: created,
      });
    });
    world.invoices.push(r);
    if (r.amountPaid > 0 && r.paidDay !== undefined) {
      const c = byId.get(r.customerId)!;
      world.ledger.push({
        day: r.paidDay,
        account: "checking",
        amount: r.amountPaid,
        description: `ACH payment ${r.number} – ${c.name}`,
        counterparty: c.name,
        category: "revenue",
        customerId: c.id,
        invoiceId: r.id,
        memo: r.amountPaid < r.total ? "Partial payment" : undefined,
      });
    }
  });
  world.named.set("invoice.draft", drafts[drafts.length - 1]!.ref.id);
  await ctx.insert(invoices, invRows, "invoices");
  await ctx.insert(invoiceLines, lineRows, "invoice lines");
}

function lineAmount(l: Line): number {
  return Math.round(l.quantity * l.unit);
}

function lineTax(l: Line): number {
  return Math.round((lineAmount(l) * l.taxBp) / 10_000);
}
