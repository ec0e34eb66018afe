/** Operations analytics: low stock with days of cover, inventory valuation, open purchase orders, maintenance due. */

import { z } from "zod";
import { idPattern } from "../db/ids.js";
import {
  equipmentMaintenanceDue,
  lowStockItems,
  openPurchaseOrders,
  otherCurrencyStockedItems,
  scheduledMaintenance,
  valuationByCategory,
} from "../db/queries/operations.js";
import { addDays, isoDate, today } from "./dates.js";
import { type AnyTool, defineTool, type Ref, withRefs } from "./define.js";
import { ToolInputError } from "./errors.js";
import { fromMinor, money, moneyOrNull } from "./money.js";

const REF_CAP = 50;

const idOf = (prefix: string, what: string) =>
  z.string().regex(idPattern(prefix), `must be a ${what} id (${prefix}_…)`);
const moneyOut = z.string().nullable().describe("decimal amount in `currency`");
const vendorOut = z.object({ id: z.string(), name: z.string() }).nullable();
const itemRef = (r: { id: string; name: string; sku: string }): Ref => ({
  type: "inventory_item",
  id: r.id,
  label: `${r.name} (${r.sku})`,
});

export const lowStockTool = defineTool({
  name: "operations_low_stock",
  module: "operations",
  title: "Low stock",
  description:
    "Active items at or below their reorder point, with 30-day usage, days of cover, a suggested reorder quantity and the vendor, least cover first. For one item's history use inventory_movements_list; to order use purchase_orders_write.",
  input: z.strictObject({
    category: z.string().trim().min(1).max(100).optional().describe("only this item category (exact name)"),
    vendorId: idOf("ven", "vendor")
      .optional()
      .describe("only items from this vendor (find ids with vendors_list)"),
    limit: z.number().int().min(1).max(200).default(50).describe("most items to list"),
  }),
  output: withRefs({
    usageWindow: z
      .object({ from: z.string(), to: z.string() })
      .describe("the 30 days (instants, ISO) whose sale and waste movements make up usage"),
    lowItems: z.number().int().describe("all items at or below their reorder point"),
    items: z.array(
      z.object({
        id: z.string(),
        sku: z.string(),
        name: z.string(),
        category: z.string().nullable(),
        unit: z.string(),
        onHand: z.number().int(),
        reorderPoint: z.number().int(),
        reorderQuantity: z.number().int(),
        used30d: z.number().int().describe("units sold or wasted in the last 30 days"),
        dailyUsage: z.number().describe("used30d / 30, 2 decimals"),
        daysOfCover: z.number().nullable().describe("onHand / dailyUsage, 1 decimal; null without usage"),
        onOrder: z.number().int().describe("units still to receive on ordered/partial purchase orders"),
        suggestedQuantity: z.number().int(),
        suggestedBasis: z
          .enum(["reorder_quantity", "30_days_usage"])
          .describe("the item's reorder quantity, or 30 days of usage minus on hand when it has none"),
        unitCost: moneyOut,
        suggestedCost: moneyOut.describe("suggestedQuantity × unitCost"),
        currency: z.string(),
        vendor: vendorOut,
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const rows = await lowStockItems(ctx.db, { businessId: ctx.business.id, now: ctx.now, ...input });
    return {
      usageWindow: {
        from: new Date(ctx.now.getTime() - 30 * 86_400_000).toISOString(),
        to: ctx.now.toISOString(),
      },
      lowItems: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        sku: r.sku,
        name: r.name,
        category: r.category,
        unit: r.unit,
        onHand: r.onHand,
        reorderPoint: r.reorderPoint,
        reorderQuantity: r.reorderQuantity,
        used30d: r.used30d,
        dailyUsage: r.dailyUsage,
        daysOfCover: r.daysOfCover,
        onOrder: r.onOrder,
        suggestedQuantity: r.suggestedQuantity,
        suggestedBasis: r.suggestedBasis,
        unitCost: moneyOrNull(r.unitCost, r.currency),
        suggestedCost:
          r.unitCost === null
            ? null
            : fromMinor(BigInt(r.unitCost) * BigInt(r.suggestedQuantity), r.currency),
        currency: r.currency,
        vendor: r.vendorId ? { id: r.vendorId, name: r.vendorName ?? r.vendorId } : null,
      })),
      refs: rows.slice(0, REF_CAP).map(itemRef),
    };
  },
});

const valuationFigures = {
  items: z.number().int().describe("items with a non-zero quantity"),
  units: z.number().describe("sum of quantities"),
  value: z.string().describe("quantity × unit cost, in `currency`"),
  itemsWithoutCost: z.number().int().describe("items counted but not valued (no unit cost)"),
};

export const inventoryValuationTool = defineTool({
  name: "operations_inventory_valuation",
  module: "operations",
  title: "Inventory valuation",
  description:
    "Stock value (quantity × current unit cost) by category and in total, now or as of the end of a past date (quantities rebuilt from movements). For items to reorder use operations_low_stock.",
  input: z.strictObject({
    asOf: isoDate
      .optional()
      .describe("value stock as it stood at the end of this day, YYYY-MM-DD; default now"),
    category: z.string().trim().min(1).max(100).optional().describe("only this item category (exact name)"),
    top: z.number().int().min(0).max(50).default(10).describe("how many most valuable items to list"),
  }),
  output: withRefs({
    asOf: z.string(),
    currency: z.string(),
    costBasis: z.literal("current_unit_cost").describe("quantities are as of asOf; costs are today's"),
    categories: z.array(z.object({ category: z.string().nullable(), ...valuationFigures })),
    total: z.object(valuationFigures),
    otherCurrencyItems: z
      .number()
      .int()
      .describe("stocked items priced in another currency, left out of the sums"),
    topItems: z.array(
      z.object({
        id: z.string(),
        sku: z.string(),
        name: z.string(),
        category: z.string().nullable(),
        quantity: z.number().int(),
        unitCost: moneyOut,
        value: moneyOut,
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const now = today(ctx);
    if (input.asOf !== undefined && input.asOf > now) {
      throw new ToolInputError("asOf is in the future", [`asOf: must be on or before today (${now})`]);
    }
    const cur = ctx.business.currency;
    const filter = {
      businessId: ctx.business.id,
      currency: cur,
      category: input.category,
      asOf: input.asOf === undefined ? undefined : { date: input.asOf, timeZone: ctx.business.timezone },
    };
    const [groups, other] = await Promise.all([
      valuationByCategory(ctx.db, { ...filter, top: Math.max(input.top, REF_CAP) }),
      otherCurrencyStockedItems(ctx.db, { businessId: ctx.business.id, currency: cur }),
    ]);
    const figures = (g: (typeof groups)[number] | undefined) => ({
      items: g?.items ?? 0,
      units: Number(g?.units ?? 0),
      value: money(g?.value, cur),
      itemsWithoutCost: g?.itemsWithoutCost ?? 0,
    });
    const total = groups.find((g) => g.isTotal);
    const top = total?.topItems ?? [];
    return {
      asOf: input.asOf ?? now,
      currency: cur,
      costBasis: "current_unit_cost" as const,
      categories: groups.filter((g) => !g.isTotal).map((g) => ({ category: g.category, ...figures(g) })),
      total: figures(total),
      otherCurrencyItems: other,
      topItems: top.slice(0, input.top).map((r) => ({
        ...r,
        unitCost: moneyOrNull(r.unitCost, cur),
        value: moneyOrNull(r.value, cur),
      })),
      refs: top.slice(0, REF_CAP).map(itemRef),
    };
  },
});

export const openPurchaseOrdersTool = defineTool({
  name: "operations_open_purchase_orders",
  module: "operations",
  title: "Open purchase orders",
  description:
    "Purchase orders ordered or partly received, with vendor, expected date, overdue flag, total and the lines still to receive, soonest expected first. For one PO with all its lines use purchase_orders_get.",
  input: z.strictObject({
    vendorId: idOf("ven", "vendor")
      .optional()
      .describe("only this vendor's orders (find ids with vendors_list)"),
    overdueOnly: z.boolean().default(false).describe("only orders whose expected date has passed"),
    limit: z.number().int().min(1).max(200).default(50).describe("most orders to list"),
  }),
  output: withRefs({
    asOf: z.string(),
    currency: z.string().describe("currency of the sums (the business currency)"),
    openOrders: z.number().int(),
    overdueOrders: z.number().int(),
    totalOrdered: z.string().describe("sum of open order totals in `currency`"),
    totalRemaining: z.string().describe("value of the units still to receive in `currency`"),
    orders: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        status: z.enum(["ordered", "partial"]),
        vendor: z.object({ id: z.string(), name: z.string() }),
        orderedOn: z.string().nullable(),
        expectedOn: z.string().nullable(),
        overdue: z.boolean(),
        daysOverdue: z.number().int().nullable(),
        total: moneyOut,
        remainingValue: moneyOut,
        currency: z.string(),
        linesRemaining: z.number().int(),
        unitsRemaining: z.number().int(),
        lines: z
          .array(
            z.object({
              lineId: z.string(),
              itemId: z.string().nullable(),
              description: z.string(),
              ordered: z.number().int(),
              received: z.number().int(),
              remaining: z.number().int(),
            }),
          )
          .describe("lines still to receive (first 20)"),
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const now = today(ctx);
    const cur = ctx.business.currency;
    const rows = await openPurchaseOrders(ctx.db, {
      businessId: ctx.business.id,
      today: now,
      currency: cur,
      ...input,
    });
    const first = rows[0];
    return {
      asOf: now,
      currency: cur,
      openOrders: first?.count ?? 0,
      overdueOrders: first?.overdueCount ?? 0,
      totalOrdered: money(first?.sumTotal, cur),
      totalRemaining: money(first?.sumRemaining, cur),
      orders: rows.map((r) => ({
        id: r.id,
        number: r.number,
        status: r.status,
        vendor: { id: r.vendorId, name: r.vendorName },
        orderedOn: r.orderedOn,
        expectedOn: r.expectedOn,
        overdue: r.overdue,
        daysOverdue: r.daysOverdue,
        total: moneyOrNull(r.total, r.currency),
        remainingValue: moneyOrNull(r.remainingValue, r.currency),
        currency: r.currency,
        linesRemaining: r.linesRemaining,
        unitsRemaining: r.unitsRemaining,
        lines: r.lines,
      })),
      refs: rows
        .slice(0, REF_CAP)
        .map((r) => ({ type: "purchase_order", id: r.id, label: `PO ${r.number}` })),
    };
  },
});

export const maintenanceDueTool = defineTool({
  name: "operations_maintenance_due",
  module: "operations",
  title: "Maintenance due",
  description:
    "Equipment whose next maintenance falls within N days or is past, and maintenance events still scheduled in that window (late ones included). To record maintenance use maintenance_events_write.",
  input: z.strictObject({
    withinDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(30)
      .describe("look this many days ahead (overdue items are always included)"),
    limit: z.number().int().min(1).max(200).default(50).describe("most equipment and events to list each"),
  }),
  output: withRefs({
    asOf: z.string(),
    horizon: z.string().describe("last date included"),
    equipmentDue: z.number().int(),
    equipmentOverdue: z.number().int(),
    equipment: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string().nullable(),
        location: z.string().nullable(),
        status: z.string(),
        nextMaintenanceOn: z.string(),
        lastMaintainedOn: z.string().nullable(),
        maintenanceIntervalDays: z.number().int().nullable(),
        daysLeft: z.number().int().describe("negative when overdue"),
        overdue: z.boolean(),
        vendor: vendorOut,
      }),
    ),
    scheduledEvents: z.number().int(),
    lateEvents: z.number().int().describe("scheduled before today and not done"),
    events: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        scheduledOn: z.string(),
        daysLeft: z.number().int(),
        overdue: z.boolean(),
        equipment: z.object({ id: z.string(), name: z.string() }),
        vendor: vendorOut,
        cost: moneyOut,
        currency: z.string(),
      }),
    ),
  }),
  access: "read",
  async run(ctx, input) {
    const now = today(ctx);
    const p = {
      businessId: ctx.business.id,
      today: now,
      horizon: addDays(now, input.withinDays),
      limit: input.limit,
    };
    const [equipment, events] = await Promise.all([
      equipmentMaintenanceDue(ctx.db, p),
      scheduledMaintenance(ctx.db, p),
    ]);
    const vendor = (id: string | null, name: string | null) => (id ? { id, name: name ?? id } : null);
    const refs: Ref[] = [
      ...equipment.map((e) => ({ type: "equipment", id: e.id, label: e.name })),
      ...events.map((m) => ({
        type: "maintenance_event",
        id: m.id,
        label: `${m.kind} ${m.scheduledOn} (${m.equipmentName})`,
      })),
    ];
    return {
      asOf: now,
      horizon: p.horizon,
      equipmentDue: equipment[0]?.count ?? 0,
      equipmentOverdue: equipment[0]?.overdueCount ?? 0,
      equipment: equipment.map((e) => ({
        id: e.id,
        name: e.name,
        kind: e.kind,
        location: e.location,
        status: e.status,
        nextMaintenanceOn: e.nextMaintenanceOn,
        lastMaintainedOn: e.lastMaintainedOn,
        maintenanceIntervalDays: e.maintenanceIntervalDays,
        daysLeft: e.daysLeft,
        overdue: e.daysLeft < 0,
        vendor: vendor(e.vendorId, e.vendorName),
      })),
      scheduledEvents: events[0]?.count ?? 0,
      lateEvents: events[0]?.overdueCount ?? 0,
      events: events.map((m) => ({
        id: m.id,
        kind: m.kind,
        scheduledOn: m.scheduledOn,
        daysLeft: m.daysLeft,
        overdue: m.daysLeft < 0,
        equipment: { id: m.equipmentId, name: m.equipmentName },
        vendor: vendor(m.vendorId, m.vendorName),
        cost: moneyOrNull(m.cost, m.currency),
        currency: m.currency,
      })),
      refs: refs.slice(0, REF_CAP),
    };
  },
});

export const operationsTools: AnyTool[] = [
  lowStockTool,
  inventoryValuationTool,
  openPurchaseOrdersTool,
  maintenanceDueTool,
];
