import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  equipment,
  inventoryItems,
  inventoryMovements,
  maintenanceEvents,
  purchaseOrderLines,
  purchaseOrders,
  vendors,
} from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";

// FIXED_NOW is 2026-11-25T12:00:00Z and the business is on UTC: "today" is 2026-11-25 and the usage window is
// (2026-10-26T12:00Z, 2026-11-25T12:00Z]. Movements are inserted directly, so on_hand is exactly what is set here.
describe(`operations analytics tools (${backend})`, () => {
  let h: ToolHarness;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await toolHarness();
    await h.tx(async (tx) => {
      const businessId = h.businessId;
      for (const [key, name] of [
        ["beans", "Bean Supply"],
        ["paper", "Paper Co"],
      ] as const) {
        const [v] = await tx.insert(vendors).values({ businessId, name }).returning({ id: vendors.id });
        id[key] = v!.id;
      }
      const item = async (key: string, f: Omit<typeof inventoryItems.$inferInsert, "businessId">) => {
        const [row] = await tx
          .insert(inventoryItems)
          .values({ businessId, ...f })
          .returning({ id: inventoryItems.id });
        id[key] = row!.id;
      };
      await item("coffee", {
        sku: "BEAN-1",
        name: "Coffee beans",
        category: "Coffee",
        onHand: 20,
        reorderPoint: 30,
        unitCostMinor: 1250,
        vendorId: id.beans,
      });
      await item("milk", {
        sku: "MILK-1",
        name: "Milk",
        category: "Dairy",
        onHand: 6,
        reorderPoint: 10,
        reorderQuantity: 24,
        unitCostMinor: 300,
      });
      await item("cups", {
        sku: "CUP-1",
        name: "Cups",
        category: "Packaging",
        onHand: 0,
        reorderPoint: 100,
        reorderQuantity: 500,
        unitCostMinor: 5,
        vendorId: id.paper,
      });
      await item("sugar", { sku: "SUG-1", name: "Sugar", onHand: 50, reorderPoint: 10, unitCostMinor: 100 });
      await item("syrup", { sku: "SYR-1", name: "Old syrup", onHand: 0, reorderPoint: 5, isActive: false });
      await item("lids", { sku: "LID-1", name: "Lids", category: "Packaging", onHand: 7, reorderPoint: 7 });
      await item("tea", {
        sku: "TEA-1",
        name: "Euro tea",
        onHand: 10,
        reorderPoint: 20,
        unitCostMinor: 200,
        currency: "EUR",
      });
      await item("mugs", {
        sku: "MUG-1",
        name: "Archived mugs",
        onHand: 5,
        unitCostMinor: 100,
        archivedAt: new Date("2026-01-01T00:00:00Z"),
      });

      const move = (key: string, kind: "sale" | "waste" | "receipt", quantity: number, at: string) =>
        tx
          .insert(inventoryMovements)
          .values({ businessId, itemId: id[key]!, kind, quantity, movedAt: new Date(at) });
      await move("coffee", "sale", -45, "2026-11-20T09:00:00Z");
      await move("coffee", "waste", -15, "2026-11-01T09:00:00Z");
      await move("coffee", "receipt", 50, "2026-11-10T09:00:00Z");
      await move("coffee", "sale", -100, "2026-10-20T09:00:00Z");
      await move("milk", "sale", -90, "2026-11-24T10:00:00Z");
      await move("cups", "sale", -40, "2026-11-20T10:00:00Z");
      await move("lids", "sale", -7, "2026-10-26T12:00:00Z");
      await move("lids", "sale", -3, "2026-10-26T12:00:01Z");

      const po = async (
        key: string,
        f: Omit<typeof purchaseOrders.$inferInsert, "businessId">,
        lines: Array<[string | null, string, number, number, number]>,
      ) => {
        const [row] = await tx
          .insert(purchaseOrders)
          .values({ businessId, ...f })
          .returning({ id: purchaseOrders.id });
        id[key] = row!.id;
        let position = 0;
        for (const [itemKey, description, quantity, quantityReceived, unitCostMinor] of lines) {
          const [l] = await tx
            .insert(purchaseOrderLines)
            .values({
              businessId,
              poId: row!.id,
              position: position++,
              itemId: itemKey ? id[itemKey]! : null,
              description,
              quantity,
              quantityReceived,
              unitCostMinor,
              amountMinor: quantity * unitCostMinor,
            })
            .returning({ id: purchaseOrderLines.id });
          id[`${key}:${description}`] = l!.id;
        }
      };
      await po(
        "po1",
        {
          number: "PO-1001",
          vendorId: id.paper!,
          status: "partial",
          orderedOn: "2026-11-01",
          expectedOn: "2026-11-20",
          totalMinor: 3500,
        },
        [
          ["cups", "Cups", 300, 100, 5],
          [null, "Straws", 10, 10, 200],
        ],
      );
      await po(
        "po2",
        {
          number: "PO-1002",
          vendorId: id.beans!,
          status: "ordered",
          orderedOn: "2026-11-20",
          expectedOn: "2026-12-01",
          totalMinor: 51500,
        },
        [
          ["coffee", "Coffee beans", 40, 0, 1250],
          [null, "Filters", 5, 2, 300],
        ],
      );
      await po("po3", { number: "PO-1003", vendorId: id.beans!, status: "received", totalMinor: 100 }, [
        ["coffee", "Coffee beans", 1, 1, 100],
      ]);
      await po("po4", { number: "PO-1004", vendorId: id.paper!, status: "draft", totalMinor: 500 }, [
        ["cups", "Cups", 100, 0, 5],
      ]);
      await po(
        "po5",
        { number: "PO-1005", vendorId: id.beans!, status: "ordered", currency: "EUR", totalMinor: 1000 },
        [[null, "Tea sampler", 1, 0, 1000]],
      );

      const eq = async (key: string, f: Omit<typeof equipment.$inferInsert, "businessId">) => {
        const [row] = await tx
          .insert(equipment)
          .values({ businessId, ...f })
          .returning({ id: equipment.id });
        id[key] = row!.id;
      };
      await eq("espresso", {
        name: "Espresso machine",
        kind: "machine",
        location: "Bar",
        nextMaintenanceOn: "2026-11-20",
        lastMaintainedOn: "2026-08-22",
        maintenanceIntervalDays: 90,
        vendorId: id.beans,
      });
      await eq("grinder", { name: "Grinder", status: "out_of_service", nextMaintenanceOn: "2026-12-10" });
      await eq("van", { name: "Van", nextMaintenanceOn: "2027-02-01" });
      await eq("fridge", { name: "Old fridge", status: "retired", nextMaintenanceOn: "2026-11-01" });
      await eq("dishwasher", { name: "Dishwasher" });

      const mnt = async (key: string, f: Omit<typeof maintenanceEvents.$inferInsert, "businessId">) => {
        const [row] = await tx
          .insert(maintenanceEvents)
          .values({ businessId, ...f })
          .returning({ id: maintenanceEvents.id });
        id[key] = row!.id;
      };
      await mnt("m1", {
        equipmentId: id.grinder!,
        kind: "repair",
        scheduledOn: "2026-12-05",
        costMinor: 15000,
        vendorId: id.beans,
      });
      await mnt("m2", { equipmentId: id.espresso!, scheduledOn: "2026-11-18" });
      await mnt("m3", { equipmentId: id.van!, kind: "inspection", scheduledOn: "2027-01-10" });
      await mnt("m4", {
        equipmentId: id.espresso!,
        scheduledOn: "2026-11-01",
        performedOn: "2026-11-02",
        status: "done",
      });
    });
  });
  afterAll(() => h.db.dispose());

  const ids = (refs: unknown) => (refs as { id: string }[]).map((r) => r.id);

  it("operations_low_stock: usage, days of cover, suggestion and vendor, least cover first", async () => {
    const out = await h.ok("staff", "operations_low_stock", {});
    expect(out.usageWindow).toEqual({ from: "2026-10-26T12:00:00.000Z", to: "2026-11-25T12:00:00.000Z" });
    expect(out.lowItems).toBe(5);
    const items = out.items as Record<string, unknown>[];
    expect(items.map((i) => i.sku)).toEqual(["CUP-1", "MILK-1", "BEAN-1", "LID-1", "TEA-1"]);
    expect(items[0]).toEqual({
      id: id.cups,
      sku: "CUP-1",
      name: "Cups",
      category: "Packaging",
      unit: "each",
      onHand: 0,
      reorderPoint: 100,
      reorderQuantity: 500,
      used30d: 40,
      dailyUsage: 1.33,
      daysOfCover: 0,
      onOrder: 200,
      suggestedQuantity: 500,
      suggestedBasis: "reorder_quantity",
      unitCost: "0.05",
      suggestedCost: "25.00",
      currency: "USD",
      vendor: { id: id.paper, name: "Paper Co" },
    });
    // Milk: 90 sold → 3.00/day, 6 on hand → 2.0 days; reorder quantity 24 × 3.00.
    expect(items[1]).toMatchObject({
      used30d: 90,
      dailyUsage: 3,
      daysOfCover: 2,
      onOrder: 0,
      suggestedQuantity: 24,
      suggestedCost: "72.00",
      vendor: null,
    });
    // Coffee: 45 sold + 15 wasted in the window (the October sale and the receipt do not count) → 2.00/day,
    // 20 on hand → 10.0 days; no reorder quantity so 60 − 20 = 40 units for 30 days.
    expect(items[2]).toMatchObject({
      used30d: 60,
      dailyUsage: 2,
      daysOfCover: 10,
      onOrder: 40,
      suggestedQuantity: 40,
      suggestedBasis: "30_days_usage",
      unitCost: "12.50",
      suggestedCost: "500.00",
      vendor: { id: id.beans, name: "Bean Supply" },
    });
    // Lids: the sale exactly 30 days ago is outside the window, the one a second later inside → 3 used, 70.0 days.
    expect(items[3]).toMatchObject({
      used30d: 3,
      dailyUsage: 0.1,
      daysOfCover: 70,
      suggestedQuantity: 0,
      unitCost: null,
      suggestedCost: null,
    });
    expect(items[4]).toMatchObject({ used30d: 0, dailyUsage: 0, daysOfCover: null, currency: "EUR" });
    expect(ids(out.refs)).toEqual([id.cups, id.milk, id.coffee, id.lids, id.tea]);
    expect((out.refs as { label: string }[])[0]!.label).toBe("Cups (CUP-1)");
  });

  it("operations_low_stock: filters by category and vendor; rejects a bad vendor id", async () => {
    const pack = await h.ok("accountant", "operations_low_stock", { category: "Packaging" });
    expect(ids(pack.refs)).toEqual([id.cups, id.lids]);
    const beans = await h.ok("staff", "operations_low_stock", { vendorId: id.beans });
    expect(ids(beans.refs)).toEqual([id.coffee]);
    const bad = await h.call("staff", "operations_low_stock", { vendorId: "cus_01" });
    expect(!bad.ok && bad.error.code).toBe("invalid_input");
  });

  it("operations_inventory_valuation: value by category and total now", async () => {
    const out = await h.ok("staff", "operations_inventory_valuation", {});
    expect(out).toMatchObject({
      asOf: "2026-11-25",
      currency: "USD",
      costBasis: "current_unit_cost",
      otherCurrencyItems: 1,
    });
    expect(out.categories).toEqual([
      { category: "Coffee", items: 1, units: 20, value: "250.00", itemsWithoutCost: 0 },
      { category: "Dairy", items: 1, units: 6, value: "18.00", itemsWithoutCost: 0 },
      { category: "Packaging", items: 1, units: 7, value: "0.00", itemsWithoutCost: 1 },
      { category: null, items: 1, units: 50, value: "50.00", itemsWithoutCost: 0 },
    ]);
    expect(out.total).toEqual({ items: 4, units: 83, value: "318.00", itemsWithoutCost: 1 });
    expect(out.topItems).toEqual([
      {
        id: id.coffee,
        sku: "BEAN-1",
        name: "Coffee beans",
        category: "Coffee",
        quantity: 20,
        unitCost: "12.50",
        value: "250.00",
      },
      {
        id: id.sugar,
        sku: "SUG-1",
        name: "Sugar",
        category: null,
        quantity: 50,
        unitCost: "1.00",
        value: "50.00",
      },
      {
        id: id.milk,
        sku: "MILK-1",
        name: "Milk",
        category: "Dairy",
        quantity: 6,
        unitCost: "3.00",
        value: "18.00",
      },
      {
        id: id.lids,
        sku: "LID-1",
        name: "Lids",
        category: "Packaging",
        quantity: 7,
        unitCost: null,
        value: null,
      },
    ]);
    expect(ids(out.refs)).toEqual([id.coffee, id.sugar, id.milk, id.lids]);
  });

  it("operations_inventory_valuation: as of a past date, movements since undone", async () => {
    // End of 2026-11-15: coffee 20 + 45 = 65, milk 6 + 90 = 96, cups 0 + 40 = 40, sugar 50, lids 7.
    const out = await h.ok("manager", "operations_inventory_valuation", { asOf: "2026-11-15", top: 2 });
    expect(out.asOf).toBe("2026-11-15");
    expect(out.categories).toEqual([
      { category: "Coffee", items: 1, units: 65, value: "812.50", itemsWithoutCost: 0 },
      { category: "Dairy", items: 1, units: 96, value: "288.00", itemsWithoutCost: 0 },
      { category: "Packaging", items: 2, units: 47, value: "2.00", itemsWithoutCost: 1 },
      { category: null, items: 1, units: 50, value: "50.00", itemsWithoutCost: 0 },
    ]);
    expect(out.total).toEqual({ items: 5, units: 258, value: "1152.50", itemsWithoutCost: 1 });
    expect((out.topItems as { id: string }[]).map((i) => i.id)).toEqual([id.coffee, id.milk]);
    const pack = await h.ok("manager", "operations_inventory_valuation", {
      asOf: "2026-11-15",
      category: "Packaging",
    });
    expect(pack.total).toEqual({ items: 2, units: 47, value: "2.00", itemsWithoutCost: 1 });
    const future = await h.call("manager", "operations_inventory_valuation", { asOf: "2026-11-26" });
    expect(future.ok).toBe(false);
    if (!future.ok) {
      expect(future.error.code).toBe("invalid_input");
      expect(future.error.issues).toEqual(["asOf: must be on or before today (2026-11-25)"]);
    }
  });

  it("operations_open_purchase_orders: ordered and partial POs, overdue first, lines to receive", async () => {
    const out = await h.ok("staff", "operations_open_purchase_orders", {});
    expect(out).toMatchObject({
      asOf: "2026-11-25",
      currency: "USD",
      openOrders: 3,
      overdueOrders: 1,
      totalOrdered: "550.00",
      totalRemaining: "519.00",
    });
    const orders = out.orders as Record<string, unknown>[];
    expect(orders.map((o) => o.number)).toEqual(["PO-1001", "PO-1002", "PO-1005"]);
    expect(orders[0]).toEqual({
      id: id.po1,
      number: "PO-1001",
      status: "partial",
      vendor: { id: id.paper, name: "Paper Co" },
      orderedOn: "2026-11-01",
      expectedOn: "2026-11-20",
      overdue: true,
      daysOverdue: 5,
      total: "35.00",
      remainingValue: "10.00",
      currency: "USD",
      linesRemaining: 1,
      unitsRemaining: 200,
      lines: [
        {
          lineId: id["po1:Cups"],
          itemId: id.cups,
          description: "Cups",
          ordered: 300,
          received: 100,
          remaining: 200,
        },
      ],
    });
    expect(orders[1]).toMatchObject({
      overdue: false,
      daysOverdue: null,
      total: "515.00",
      remainingValue: "509.00",
      linesRemaining: 2,
      unitsRemaining: 43,
    });
    expect((orders[1]!.lines as { description: string }[]).map((l) => l.description)).toEqual([
      "Coffee beans",
      "Filters",
    ]);
    expect(orders[2]).toMatchObject({ expectedOn: null, overdue: false, total: "10.00", currency: "EUR" });
    expect(out.refs).toEqual([
      { type: "purchase_order", id: id.po1, label: "PO PO-1001" },
      { type: "purchase_order", id: id.po2, label: "PO PO-1002" },
      { type: "purchase_order", id: id.po5, label: "PO PO-1005" },
    ]);
  });

  it("operations_open_purchase_orders: overdue only and by vendor", async () => {
    const late = await h.ok("manager", "operations_open_purchase_orders", { overdueOnly: true });
    expect(ids(late.refs)).toEqual([id.po1]);
    expect(late).toMatchObject({ openOrders: 1, overdueOrders: 1, totalOrdered: "35.00" });
    const beans = await h.ok("manager", "operations_open_purchase_orders", { vendorId: id.beans });
    expect(ids(beans.refs)).toEqual([id.po2, id.po5]);
    expect(beans).toMatchObject({ openOrders: 2, totalOrdered: "515.00", totalRemaining: "509.00" });
    const bad = await h.call("manager", "operations_open_purchase_orders", { overdueOnly: "yes" });
    expect(!bad.ok && bad.error.code).toBe("invalid_input");
  });

  it("operations_maintenance_due: equipment due or overdue and scheduled events in the window", async () => {
    const out = await h.ok("staff", "operations_maintenance_due", {});
    expect(out).toMatchObject({
      asOf: "2026-11-25",
      horizon: "2026-12-25",
      equipmentDue: 2,
      equipmentOverdue: 1,
      scheduledEvents: 2,
      lateEvents: 1,
    });
    expect(out.equipment).toEqual([
      {
        id: id.espresso,
        name: "Espresso machine",
        kind: "machine",
        location: "Bar",
        status: "in_service",
        nextMaintenanceOn: "2026-11-20",
        lastMaintainedOn: "2026-08-22",
        maintenanceIntervalDays: 90,
        daysLeft: -5,
        overdue: true,
        vendor: { id: id.beans, name: "Bean Supply" },
      },
      {
        id: id.grinder,
        name: "Grinder",
        kind: null,
        location: null,
        status: "out_of_service",
        nextMaintenanceOn: "2026-12-10",
        lastMaintainedOn: null,
        maintenanceIntervalDays: null,
        daysLeft: 15,
        overdue: false,
        vendor: null,
      },
    ]);
    expect(out.events).toEqual([
      {
        id: id.m2,
        kind: "preventive",
        scheduledOn: "2026-11-18",
        daysLeft: -7,
        overdue: true,
        equipment: { id: id.espresso, name: "Espresso machine" },
        vendor: null,
        cost: null,
        currency: "USD",
      },
      {
        id: id.m1,
        kind: "repair",
        scheduledOn: "2026-12-05",
        daysLeft: 10,
        overdue: false,
        equipment: { id: id.grinder, name: "Grinder" },
        vendor: { id: id.beans, name: "Bean Supply" },
        cost: "150.00",
        currency: "USD",
      },
    ]);
    expect(ids(out.refs)).toEqual([id.espresso, id.grinder, id.m2, id.m1]);
  });

  it("operations_maintenance_due: a longer horizon (operations reads are open to every role, so no refusal)", async () => {
    const out = await h.ok("accountant", "operations_maintenance_due", { withinDays: 90 });
    expect(out).toMatchObject({ horizon: "2027-02-23", equipmentDue: 3, scheduledEvents: 3 });
    const bad = await h.call("staff", "operations_maintenance_due", { withinDays: 400 });
    expect(!bad.ok && bad.error.code).toBe("invalid_input");
  });
});
