/**
 * Purchase orders and vendor bills: a bill for every received PO (linked PO ↔ bill), weekly bakery bills,
 * monthly utilities, insurance and bookkeeping, maintenance bills; the payments that settle them.
 * Exactly one bill ends overdue, one is a draft awaiting review, and the rest are paid or not yet due.
 */
import { billLines, bills } from "../schema/finance.js";
import { purchaseOrderLines, purchaseOrders } from "../schema/operations.js";
import { BAKERY_LINES, ITEMS, VENDORS, type VendorKey } from "./catalog.js";
import { at, type Day, iso, monthStart, type NewRow, type SeedContext, weekday } from "./context.js";
import type { PoPlan } from "./inventory.js";
import type { BillRef, World } from "./world.js";

export interface BillLinePlan {
  description: string;
  category: string;
  qty: number;
  unit: number;
  taxBp?: number;
  sku?: string;
}

export interface BillPlan {
  vendor: VendorKey;
  issueDay: Day;
  lines: BillLinePlan[];
  poId?: string;
  notes?: string;
  draft?: boolean;
}

const bySku = new Map(ITEMS.map((i) => [i.sku, i]));

/** Writes the POs with their lines and turns received ones into bill plans. */
export async function seedPurchaseOrders(
  ctx: SeedContext,
  world: World,
  pos: PoPlan[],
  plans: BillPlan[],
): Promise<void> {
  const poRows: NewRow<typeof purchaseOrders>[] = [];
  const lineRows: NewRow<typeof purchaseOrderLines>[] = [];
  for (const po of pos) {
    const total = po.lines.reduce((s, l) => s + l.qty * l.unitCost, 0);
    const created = at(po.orderedDay ?? ctx.today, 10);
    poRows.push({
      id: po.id,
      number: po.number,
      vendorId: world.vendors.get(po.vendor)!.id,
      orderedOn: po.orderedDay !== null ? iso(po.orderedDay) : null,
      expectedOn: po.expectedDay !== null ? iso(po.expectedDay) : null,
      receivedOn: po.receivedDay !== undefined ? iso(po.receivedDay) : null,
      status: po.status,
      totalMinor: total,
      notes:
        po.status === "partial"
          ? "Short shipment: remaining bags back-ordered by the importer."
          : po.status === "cancelled"
            ? "Cancelled: supplier could not meet the holiday delivery date."
            : null,
      createdAt: created,
      updatedAt: po.receivedDay !== undefined ? at(po.receivedDay, 9) : created,
    });
    po.lines.forEach((l, position) => {
      lineRows.push({
        id: ctx.id("pln"),
        poId: po.id,
        position,
        itemId: world.items.get(l.sku)!,
        description: bySku.get(l.sku)!.name,
        quantity: l.qty,
        quantityReceived: l.received,
        unitCostMinor: l.unitCost,
        amountMinor: l.qty * l.unitCost,
        createdAt: created,
      });
    });
    if (po.receivedDay !== undefined) {
      plans.push({
        vendor: po.vendor,
        issueDay: po.receivedDay,
        poId: po.id,
        notes: `For ${po.number}`,
        lines: po.lines.map((l) => ({
          description: bySku.get(l.sku)!.name,
          category: world.vendors.get(po.vendor)!.category,
          qty: l.received,
          unit: l.unitCost,
          sku: l.sku,
        })),
      });
    }
  }
  // Deliveries in the month before the history were billed too; those bills fall due early in it.
  const early = plans.filter((p) => p.issueDay < ctx.start + 30);
  for (const p of early)
    plans.push({ ...p, issueDay: p.issueDay - 30, poId: undefined, notes: "Delivered before this history" });
  await ctx.insert(purchaseOrders, poRows, "purchase orders");
  await ctx.insert(purchaseOrderLines, lineRows, "purchase order lines");
}

/** Recurring bills that do not come from POs: bakery, utilities, insurance, bookkeeping. */
export function planRecurringBills(ctx: SeedContext, world: World, plans: BillPlan[]): void {
  const { rng, start, today } = ctx;
  for (let day = start - 35; day <= today; day++) {
    if (weekday(day) !== 1) continue;
    let week = 0;
    for (let d = day - 7; d < day; d++) week += world.cafeDaily[d - start] ?? world.cafeDaily[0]!;
    const factor = week / (7 * 300_000);
    const base = [12, 6, 8, 7, 6, 8];
    plans.push({
      vendor: "bakery",
      issueDay: day,
      lines: BAKERY_LINES.map((l, i) => ({
        description: l.description,
        category: "cogs",
        qty: Math.max(1, Math.round(base[i]! * factor * rng.jitter(0.15))),
        unit: l.price,
      })),
    });
  }
  for (let m = monthStart(start, -1); m <= today; m = monthStart(m, 1)) {
    const month = new Date(m * 86_400_000).getUTCMonth();
    const summer = month >= 5 && month <= 8 ? 1.25 : month <= 1 || month === 11 ? 1.1 : 1;
    const add = (vendor: VendorKey, offset: number, description: string, cents: number) => {
      if (m + offset <= today) {
        plans.push({
          vendor,
          issueDay: m + offset,
          lines: [{ description, category: cat(vendor), qty: 1, unit: cents }],
        });
      }
    };
    add("power", 3, "Electricity – café and roastery", Math.round(145_000 * summer * rng.jitter(0.08)));
    add("water", 6, "Water and sewer", Math.round(38_000 * rng.jitter(0.1)));
    add("internet", 1, "Business fiber 1 Gbps + static IP", 24_900);
    add("insurance", 1, "Business owner's policy + liability (monthly)", 86_000);
    add("cpa", 2, "Monthly bookkeeping and payroll review", 65_000);
    if (month === 3) add("cpa", 9, "Annual tax return preparation", 240_000);
  }
}

function cat(vendor: VendorKey): string {
  return VENDORS.find((v) => v.key === vendor)!.category;
}

/** Inserts every planned bill (numbered per vendor) with lines; settles the due ones on the ledger. */
export async function seedBills(ctx: SeedContext, world: World, plans: BillPlan[]): Promise<void> {
  const { rng, today } = ctx;
  plans.sort((a, b) => a.issueDay - b.issueDay);
  const seq = new Map<VendorKey, number>();
  const overdue = plans.filter((p) => p.vendor === "bakery" && p.issueDay + 15 < today).pop();
  const billRows: NewRow<typeof bills>[] = [];
  const lineRows: NewRow<typeof billLines>[] = [];
  for (const p of plans) {
    const v = world.vendors.get(p.vendor)!;
    const spec = VENDORS.find((x) => x.key === p.vendor)!;
    const n = (seq.get(p.vendor) ?? 1000 + rng.int(0, 8000)) + 1;
    seq.set(p.vendor, n);
    const amount = (l: BillLinePlan) => Math.round(l.qty * l.unit);
    const subtotal = p.lines.reduce((s, l) => s + amount(l), 0);
    const tax = p.lines.reduce((s, l) => s + Math.round((amount(l) * (l.taxBp ?? 0)) / 10_000), 0);
    const total = subtotal + tax;
    const dueDay = p.issueDay + v.terms;
    const payDay = Math.max(p.issueDay, dueDay - rng.int(0, 3));
    let status: BillRef["status"] = payDay <= today ? "paid" : "open";
    if (p === overdue) status = "overdue";
    if (p.draft) status = "draft";
    const ref: BillRef = {
      id: ctx.id("bil"),
      number: `${spec.billPrefix}${n}`,
      vendorId: v.id,
      issueDay: p.issueDay,
      dueDay,
      status,
      total,
      category: v.category,
      poId: p.poId,
    };
    world.bills.push(ref);
    const created = at(p.issueDay, 12);
    billRows.push({
      id: ref.id,
      number: ref.number,
      vendorId: v.id,
      issueDate: iso(p.issueDay),
      dueDate: iso(dueDay),
      status,
      subtotalMinor: subtotal,
      taxMinor: tax,
      totalMinor: total,
      amountPaidMinor: status === "paid" ? total : 0,
      paidOn: status === "paid" ? iso(payDay) : null,
      category: v.category,
      notes: p.notes ?? (p === overdue ? "Held while cash is tight; Anna at Sunrise has asked twice." : null),
      createdAt: created,
      updatedAt: status === "paid" ? at(payDay, 15) : created,
    });
    p.lines.forEach((l, position) => {
      lineRows.push({
        id: ctx.id("bll"),
        billId: ref.id,
        position,
        description: l.description,
        category: l.category,
        quantity: l.qty,
        unitPriceMinor: l.unit,
        taxRateBp: l.taxBp ?? 0,
        amountMinor: amount(l),
        inventoryItemId: l.sku ? (world.items.get(l.sku) ?? null) : null,
        createdAt: created,
      });
    });
    if (status === "paid") {
      world.ledger.push({
        day: payDay,
        account: "checking",
        amount: -total,
        description: `${v.terms === 0 ? "Autopay" : "ACH payment"} ${ref.number} – ${v.name}`,
        counterparty: v.name,
        category: v.category,
        vendorId: v.id,
        billId: ref.id,
      });
    }
  }
  if (overdue) world.named.set("bill.overdue", world.bills.find((b) => b.status === "overdue")!.id);
  await ctx.insert(bills, billRows, "bills");
  await ctx.insert(billLines, lineRows, "bill lines");
}
