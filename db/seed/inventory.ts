/**
 * Stock: ~60 items simulated day by day over the history. Purchase orders arrive as receipts, the roaster
 * turns green coffee into bags, wholesale invoices and the café use stock up. `on_hand` is exactly the sum
 * of the item's movements, and a handful of items end below their reorder point.
 */
import { inventoryItems, inventoryMovements } from "../schema/operations.js";
import { ITEMS, type ItemSpec, LOW_AT_END, VENDORS, type VendorKey } from "./catalog.js";
import { at, type Day, monthKey, type NewRow, type SeedContext, weekday } from "./context.js";
import { addMonthly, type World } from "./world.js";

export interface PoPlan {
  id: string;
  number: string;
  vendor: VendorKey;
  orderedDay: Day | null;
  expectedDay: Day | null;
  receivedDay?: Day;
  status: "draft" | "ordered" | "partial" | "received" | "cancelled";
  lines: { sku: string; qty: number; received: number; unitCost: number }[];
}

type Movement = NewRow<typeof inventoryMovements>;

/** Allocates item ids up front so invoice lines can point at stock. */
export function planItems(ctx: SeedContext, world: World): void {
  for (const item of ITEMS) world.items.set(item.sku, ctx.id("itm"));
}

const LOCATION: Record<string, string> = {
  "green coffee": "Roastery – green room",
  "roasted coffee": "Roastery – finished goods",
  "retail coffee": "Café – retail shelf",
  dairy: "Café – walk-in fridge",
  merchandise: "Café – retail shelf",
  cleaning: "Café – back room",
};

export async function seedInventory(ctx: SeedContext, world: World): Promise<PoPlan[]> {
  const { rng, today, start } = ctx;
  const bySku = new Map(ITEMS.map((i) => [i.sku, i]));
  const days = today - start + 1;
  const cafeAvg = world.cafeDaily.reduce((a, b) => a + b, 0) / Math.max(1, days);

  // Wholesale demand per roasted item, from the invoices, sets roasting targets and green reorder points.
  const wholesale = new Map<string, number>();
  for (const inv of world.invoices)
    for (const s of inv.stock) wholesale.set(s.sku, (wholesale.get(s.sku) ?? 0) + s.qty);
  const rp = new Map<string, { point: number; qty: number; target: number }>();
  const greenUse = new Map<string, number>();
  for (const item of ITEMS) {
    if (item.flow !== "roasted") continue;
    const daily = item.perDay + (wholesale.get(item.sku) ?? 0) / days;
    greenUse.set(item.green!, (greenUse.get(item.green!) ?? 0) + daily * item.greenPerUnit!);
    rp.set(item.sku, {
      point: Math.max(item.reorderPoint, Math.ceil(daily * 3)),
      qty: Math.ceil(daily * 10),
      target: Math.ceil(daily * 7) + 10,
    });
  }
  const lead = (v: VendorKey | null) => VENDORS.find((x) => x.key === v)?.leadDays ?? 5;
  for (const item of ITEMS) {
    if (item.flow === "green") {
      const use = greenUse.get(item.sku) ?? item.perDay;
      rp.set(item.sku, {
        point: Math.ceil(use * (lead(item.vendor) + 7)),
        qty: Math.ceil((use * 35) / 10) * 10,
        target: 0,
      });
    } else if (item.flow === "cafe") {
      // Reorder early enough to cover the vendor's lead time plus three days.
      const point = Math.max(2, Math.ceil(item.perDay * (lead(item.vendor) + 3)));
      rp.set(item.sku, { point, qty: Math.max(item.reorderQty, Math.ceil(item.perDay * 21)), target: 0 });
    }
  }
  const point = (sku: string) => rp.get(sku)!.point;

  const stock = new Map<string, number>();
  const onOrder = new Map<string, number>();
  const pending = new Map<string, number>();
  const moves: Movement[] = [];
  const pos: PoPlan[] = [];
  const addPo = (po: Omit<PoPlan, "id" | "number">) => {
    const plan = { id: ctx.id("po"), number: `PO-${2001 + pos.length}`, ...po };
    pos.push(plan);
    return plan;
  };
  const move = (
    sku: string,
    day: Day,
    hour: number,
    kind: Movement["kind"],
    qty: number,
    note: string,
    ref?: string,
  ) => {
    if (qty === 0) return;
    stock.set(sku, (stock.get(sku) ?? 0) + qty);
    const item = bySku.get(sku)!;
    moves.push({
      id: ctx.id("mov"),
      itemId: world.items.get(sku)!,
      movedAt: at(day, hour, rng.int(0, 59)),
      kind,
      quantity: qty,
      unitCostMinor: item.cost,
      referenceId: ref ?? null,
      note,
      createdAt: at(day, hour),
    });
    if (qty < 0 && kind !== "transfer") addMonthly(world, monthKey(day), "inv_usage_value", -qty * item.cost);
  };

  for (const item of ITEMS) {
    const r = rp.get(item.sku)!;
    const opening = item.flow === "roasted" ? r.target : r.point + Math.ceil(r.qty / 2);
    move(item.sku, start, 7, "adjustment", opening, "Opening stock count");
  }

  const roast = (item: ItemSpec, units: number, day: Day) => {
    const greenSku = item.green!;
    const canMake = Math.floor((stock.get(greenSku) ?? 0) / item.greenPerUnit!);
    const make = Math.min(units, canMake);
    if (make <= 0) return 0;
    move(item.sku, day, 7, "transfer", make, "Roast batch – from roaster");
    move(greenSku, day, 7, "transfer", -Math.ceil(make * item.greenPerUnit!), `Roasted into ${item.name}`);
    return make;
  };

  const invoicesByDay = new Map<Day, typeof world.invoices>();
  for (const inv of world.invoices) {
    if (inv.stock.length === 0) continue;
    const list = invoicesByDay.get(inv.issueDay) ?? [];
    list.push(inv);
    invoicesByDay.set(inv.issueDay, list);
  }
  let partialDone = false;

  for (let day = start; day <= today; day++) {
    const wd = weekday(day);
    for (const po of pos) {
      if (po.expectedDay !== day || po.status !== "ordered") continue;
      const partial: boolean = !partialDone && po.vendor === "green" && today - day < 30 && today - day > 5;
      for (const l of po.lines) {
        l.received = partial && l === po.lines[0] ? Math.round(l.qty * 0.6) : l.qty;
        onOrder.set(l.sku, (onOrder.get(l.sku) ?? 0) - l.qty);
        move(l.sku, day, 8, "receipt", l.received, `Received on ${po.number}`, po.id);
      }
      po.status = partial ? "partial" : "received";
      po.receivedDay = day;
      partialDone ||= partial;
    }
    for (const inv of invoicesByDay.get(day) ?? []) {
      for (const s of inv.stock) {
        const item = bySku.get(s.sku)!;
        const short = s.qty - (stock.get(s.sku) ?? 0);
        if (short > 0) roast(item, short + rp.get(s.sku)!.target, day);
        const qty = Math.min(s.qty, stock.get(s.sku) ?? 0);
        move(s.sku, day, 11, "sale", -qty, "Wholesale order", inv.id);
      }
    }
    if (wd === 1 || wd === 4) {
      for (const item of ITEMS) {
        if (item.flow !== "roasted") continue;
        const r = rp.get(item.sku)!;
        const have = stock.get(item.sku) ?? 0;
        if (have < r.target) roast(item, r.target + r.qty - have, day);
      }
    }
    const factor = world.cafeDaily[day - start]! / cafeAvg;
    for (const item of ITEMS) {
      if (item.flow === "green" || item.perDay === 0) continue;
      const want = Math.floor(item.perDay * factor + rng.next());
      const used = Math.min(want, stock.get(item.sku) ?? 0);
      if (used <= 0) continue;
      if (item.daily) move(item.sku, day, 20, "sale", -used, "Café usage");
      else pending.set(item.sku, (pending.get(item.sku) ?? 0) + used);
      if (!item.daily) stock.set(item.sku, (stock.get(item.sku) ?? 0) - used);
    }
    if (wd === 0 || day === today) {
      for (const [sku, qty] of pending) {
        if (qty === 0) continue;
        // Weekly items were already taken from the running stock; record the week's usage as one movement.
        stock.set(sku, (stock.get(sku) ?? 0) + qty);
        move(sku, day, 21, "sale", -qty, "Café usage (week)");
        pending.set(sku, 0);
      }
    }
    if (rng.chance(0.05)) {
      const sku = rng.pick(["DRY-MLK-WHL", "DRY-MLK-OAT", "DRY-HNH"]);
      move(sku, day, 21, "waste", -Math.min(rng.int(1, 3), stock.get(sku) ?? 0), "Expired – discarded");
    }
    // Reorder: any item of a vendor at or below its reorder point triggers one PO for all its low-ish items.
    const suppressed = (sku: string) => sku in LOW_AT_END && today - day < 9;
    for (const v of VENDORS) {
      if (!v.leadDays) continue;
      const items = ITEMS.filter((i) => i.vendor === v.key && i.flow !== "roasted" && !suppressed(i.sku));
      const level = (i: ItemSpec) => (stock.get(i.sku) ?? 0) + (onOrder.get(i.sku) ?? 0);
      if (!items.some((i) => level(i) <= point(i.sku))) continue;
      const lines = items
        .filter((i) => level(i) <= point(i.sku) * 1.5)
        .map((i) => ({ sku: i.sku, qty: rp.get(i.sku)!.qty, received: 0, unitCost: i.cost }));
      let expected = day + v.leadDays;
      if (weekday(expected) === 0) expected++;
      addPo({ vendor: v.key, orderedDay: day, expectedDay: expected, status: "ordered", lines });
      for (const l of lines) onOrder.set(l.sku, (onOrder.get(l.sku) ?? 0) + l.qty);
    }
    if (day === start + 60) {
      const tee = bySku.get("MER-TEE")!;
      addPo({
        vendor: "merch",
        orderedDay: day,
        expectedDay: day + 14,
        status: "cancelled",
        lines: [{ sku: tee.sku, qty: 120, received: 0, unitCost: tee.cost }],
      });
    }
    if (day === today - 2) {
      for (const [sku, opt] of Object.entries(LOW_AT_END)) {
        if (!opt.openPo) continue;
        const item = bySku.get(sku)!;
        addPo({
          vendor: item.vendor!,
          orderedDay: day,
          expectedDay: today + 4,
          status: "ordered",
          lines: [{ sku, qty: rp.get(sku)!.qty, received: 0, unitCost: item.cost }],
        });
      }
    }
    if (monthKey(day + 1) !== monthKey(day)) {
      let value = 0;
      for (const item of ITEMS) value += (stock.get(item.sku) ?? 0) * item.cost;
      addMonthly(world, monthKey(day), "inv_stock_value", value);
    }
  }

  // The items the demo flags as low end below their reorder point, whatever the simulation did.
  for (const sku of Object.keys(LOW_AT_END)) {
    const have = stock.get(sku) ?? 0;
    const target = Math.max(0, Math.floor(point(sku) * 0.6));
    if (have > target) move(sku, today - 1, 18, "adjustment", target - have, "Cycle count correction");
  }

  addPo({
    vendor: "cleaning",
    orderedDay: null,
    expectedDay: null,
    status: "draft",
    lines: ITEMS.filter((i) => i.vendor === "cleaning")
      .slice(0, 2)
      .map((i) => ({ sku: i.sku, qty: rp.get(i.sku)!.qty, received: 0, unitCost: i.cost })),
  });
  const vendorId = (k: VendorKey | null) => (k ? world.vendors.get(k)!.id : null);
  const itemRows: NewRow<typeof inventoryItems>[] = ITEMS.map((item) => {
    const r = rp.get(item.sku)!;
    return {
      id: world.items.get(item.sku)!,
      sku: item.sku,
      name: item.name,
      category: item.category,
      unit: item.unit,
      onHand: stock.get(item.sku) ?? 0,
      reorderPoint: r.point,
      reorderQuantity: r.qty,
      unitCostMinor: item.cost,
      unitPriceMinor: item.price ?? item.wholesale ?? null,
      vendorId: vendorId(item.vendor),
      location: LOCATION[item.category] ?? (item.flow === "cafe" ? "Café – stockroom" : "Roastery"),
      notes:
        item.flow === "roasted"
          ? `Roasted in house from ${bySku.get(item.green!)!.name.replace("Green coffee – ", "")}.`
          : null,
      createdAt: at(start - 30),
    };
  });
  for (const r of itemRows) {
    if (r.onHand! <= r.reorderPoint!)
      world.lowStock.push({
        id: r.id!,
        sku: r.sku,
        name: r.name,
        onHand: r.onHand!,
        reorderPoint: r.reorderPoint!,
      });
  }
  await ctx.insert(inventoryItems, itemRows, "inventory items");
  await ctx.insert(inventoryMovements, moves, "inventory movements");
  return pos;
}
