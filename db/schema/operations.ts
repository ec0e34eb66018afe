/** Operations & inventory (spec §3.5): SOPs, stock and its movements, purchase orders, equipment and its upkeep. */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import {
  businessColumns,
  businessTableExtras,
  currency,
  enumText,
  money,
  nonNegative,
  oneOf,
  searchVector,
  sourceColumns,
  tenantRef,
  trigramIndex,
  tstz,
} from "./columns.js";
import { businesses, users } from "./core.js";
import { vendors } from "./finance.js";

export const SOP_STATUSES = ["draft", "active", "retired"] as const;
/** A standard operating procedure: free-text `body` plus ordered `steps`; `reviewed_on` is the last review. */
export const sops = pgTable(
  "sops",
  {
    ...businessColumns("sop"),
    ...sourceColumns(),
    title: text("title").notNull(),
    category: text("category"),
    version: text("version"),
    status: enumText("status", SOP_STATUSES).notNull().default("draft"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body"),
    steps: jsonb("steps").$type<string[]>().notNull().default([]),
    reviewedOn: date("reviewed_on", { mode: "string" }),
    archivedAt: tstz("archived_at"),
    search: searchVector(["title", "category", "body", "steps"]),
  },
  (t) => [
    ...businessTableExtras("sops", t, businesses.id),
    oneOf("sops_status_check", t.status, SOP_STATUSES),
    check("sops_steps_check", sql`jsonb_typeof(${t.steps}) = 'array'`),
    index("sops_category_idx").on(t.businessId, t.category),
    index("sops_status_idx").on(t.businessId, t.status),
    index("sops_reviewed_idx").on(t.businessId, t.reviewedOn),
  ],
);

/**
 * A stocked item, `sku` unique per business. `on_hand` is the running sum of its movements: the tools change
 * both in one transaction. An item is low when `on_hand <= reorder_point`.
 */
export const inventoryItems = pgTable(
  "inventory_items",
  {
    ...businessColumns("itm"),
    ...sourceColumns(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    category: text("category"),
    unit: text("unit").notNull().default("each"),
    onHand: integer("on_hand").notNull().default(0),
    reorderPoint: integer("reorder_point").notNull().default(0),
    reorderQuantity: integer("reorder_quantity").notNull().default(0),
    unitCostMinor: money("unit_cost_minor"),
    unitPriceMinor: money("unit_price_minor"),
    currency: currency(),
    vendorId: text("vendor_id"),
    location: text("location"),
    isActive: boolean("is_active").notNull().default(true),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "sku", "category", "notes"]),
  },
  (t) => [
    ...businessTableExtras("inventory_items", t, businesses.id),
    trigramIndex("inventory_items_name_trgm_idx", t.name),
    trigramIndex("inventory_items_sku_trgm_idx", t.sku),
    tenantRef("inventory_items_vendor_id_fk", t, t.vendorId, vendors, "no action"),
    uniqueIndex("inventory_items_sku_key").on(t.businessId, t.sku),
    nonNegative("inventory_items_on_hand_check", t.onHand),
    nonNegative("inventory_items_reorder_point_check", t.reorderPoint),
    nonNegative("inventory_items_reorder_quantity_check", t.reorderQuantity),
    nonNegative("inventory_items_unit_cost_minor_check", t.unitCostMinor),
    nonNegative("inventory_items_unit_price_minor_check", t.unitPriceMinor),
    index("inventory_items_category_idx").on(t.businessId, t.category),
    index("inventory_items_vendor_idx").on(t.businessId, t.vendorId),
    index("inventory_items_name_idx").on(t.businessId, t.name),
    index("inventory_items_low_stock_idx")
      .on(t.businessId, t.onHand)
      .where(sql`${t.isActive} and ${t.onHand} <= ${t.reorderPoint}`),
  ],
);

export const MOVEMENT_KINDS = ["receipt", "sale", "adjustment", "return", "transfer", "waste"] as const;
/**
 * A signed change to an item's stock (+ in, − out, never zero): receipts are positive, sales and waste
 * negative. `reference_id` is the purchase order or invoice it came from (a prefixed id, any table).
 */
export const inventoryMovements = pgTable(
  "inventory_movements",
  {
    ...businessColumns("mov"),
    ...sourceColumns(),
    itemId: text("item_id").notNull(),
    movedAt: tstz("moved_at").notNull().defaultNow(),
    kind: enumText("kind", MOVEMENT_KINDS).notNull(),
    quantity: integer("quantity").notNull(),
    unitCostMinor: money("unit_cost_minor"),
    currency: currency(),
    referenceId: text("reference_id"),
    note: text("note"),
  },
  (t) => [
    ...businessTableExtras("inventory_movements", t, businesses.id),
    tenantRef("inventory_movements_item_id_fk", t, t.itemId, inventoryItems, "cascade"),
    oneOf("inventory_movements_kind_check", t.kind, MOVEMENT_KINDS),
    check("inventory_movements_quantity_check", sql`${t.quantity} <> 0`),
    check(
      "inventory_movements_sign_check",
      sql`(${t.kind} <> 'receipt' or ${t.quantity} > 0) and (${t.kind} not in ('sale', 'waste') or ${t.quantity} < 0)`,
    ),
    nonNegative("inventory_movements_unit_cost_minor_check", t.unitCostMinor),
    index("inventory_movements_item_idx").on(t.businessId, t.itemId, t.movedAt),
    index("inventory_movements_moved_idx").on(t.businessId, t.movedAt),
    index("inventory_movements_kind_idx").on(t.businessId, t.kind, t.movedAt),
    index("inventory_movements_reference_idx").on(t.businessId, t.referenceId),
  ],
);

export const PURCHASE_ORDER_STATUSES = ["draft", "ordered", "partial", "received", "cancelled"] as const;
/** An order to a vendor, `number` unique per business; `total_minor` is kept in step with the lines by the tools. */
export const purchaseOrders = pgTable(
  "purchase_orders",
  {
    ...businessColumns("po"),
    ...sourceColumns(),
    number: text("number").notNull(),
    vendorId: text("vendor_id").notNull(),
    orderedOn: date("ordered_on", { mode: "string" }),
    expectedOn: date("expected_on", { mode: "string" }),
    receivedOn: date("received_on", { mode: "string" }),
    status: enumText("status", PURCHASE_ORDER_STATUSES).notNull().default("draft"),
    currency: currency(),
    totalMinor: money("total_minor").notNull().default(0),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["number", "notes"]),
  },
  (t) => [
    ...businessTableExtras("purchase_orders", t, businesses.id),
    tenantRef("purchase_orders_vendor_id_fk", t, t.vendorId, vendors, "no action"),
    uniqueIndex("purchase_orders_number_key").on(t.businessId, t.number),
    oneOf("purchase_orders_status_check", t.status, PURCHASE_ORDER_STATUSES),
    nonNegative("purchase_orders_total_minor_check", t.totalMinor),
    check("purchase_orders_dates_check", sql`${t.expectedOn} >= ${t.orderedOn}`),
    index("purchase_orders_status_expected_idx").on(t.businessId, t.status, t.expectedOn),
    index("purchase_orders_ordered_idx").on(t.businessId, t.orderedOn),
    index("purchase_orders_vendor_idx").on(t.businessId, t.vendorId),
  ],
);

/**
 * A line of a purchase order, deleted with it, in the order's currency. `item_id` is empty for non-stock lines;
 * `quantity_received` grows as goods arrive.
 */
export const purchaseOrderLines = pgTable(
  "purchase_order_lines",
  {
    ...businessColumns("pln"),
    poId: text("po_id").notNull(),
    position: integer("position").notNull().default(0),
    itemId: text("item_id"),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    quantityReceived: integer("quantity_received").notNull().default(0),
    unitCostMinor: money("unit_cost_minor").notNull(),
    amountMinor: money("amount_minor").notNull(),
  },
  (t) => [
    ...businessTableExtras("purchase_order_lines", t, businesses.id),
    tenantRef("purchase_order_lines_po_id_fk", t, t.poId, purchaseOrders, "cascade"),
    tenantRef("purchase_order_lines_item_id_fk", t, t.itemId, inventoryItems, "no action"),
    check("purchase_order_lines_quantity_check", sql`${t.quantity} > 0`),
    nonNegative("purchase_order_lines_quantity_received_check", t.quantityReceived),
    nonNegative("purchase_order_lines_unit_cost_minor_check", t.unitCostMinor),
    nonNegative("purchase_order_lines_amount_minor_check", t.amountMinor),
    index("purchase_order_lines_po_idx").on(t.businessId, t.poId, t.position),
    index("purchase_order_lines_item_idx").on(t.businessId, t.itemId),
  ],
);

export const EQUIPMENT_STATUSES = ["in_service", "out_of_service", "retired"] as const;
/** A tool, machine or vehicle the business maintains; `next_maintenance_on` drives maintenance reminders. */
export const equipment = pgTable(
  "equipment",
  {
    ...businessColumns("eqp"),
    ...sourceColumns(),
    name: text("name").notNull(),
    kind: text("kind"),
    serialNumber: text("serial_number"),
    location: text("location"),
    purchasedOn: date("purchased_on", { mode: "string" }),
    purchaseCostMinor: money("purchase_cost_minor"),
    currency: currency(),
    status: enumText("status", EQUIPMENT_STATUSES).notNull().default("in_service"),
    maintenanceIntervalDays: integer("maintenance_interval_days"),
    lastMaintainedOn: date("last_maintained_on", { mode: "string" }),
    nextMaintenanceOn: date("next_maintenance_on", { mode: "string" }),
    vendorId: text("vendor_id"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "kind", "serial_number", "location", "notes"]),
  },
  (t) => [
    ...businessTableExtras("equipment", t, businesses.id),
    tenantRef("equipment_vendor_id_fk", t, t.vendorId, vendors, "no action"),
    oneOf("equipment_status_check", t.status, EQUIPMENT_STATUSES),
    nonNegative("equipment_purchase_cost_minor_check", t.purchaseCostMinor),
    check("equipment_maintenance_interval_days_check", sql`${t.maintenanceIntervalDays} > 0`),
    index("equipment_next_maintenance_idx").on(t.businessId, t.nextMaintenanceOn),
    index("equipment_status_idx").on(t.businessId, t.status),
    index("equipment_kind_idx").on(t.businessId, t.kind),
  ],
);

export const MAINTENANCE_KINDS = ["preventive", "repair", "inspection"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "done", "cancelled"] as const;
/** A scheduled or performed maintenance of one piece of equipment, deleted with it. A done event has `performed_on`. */
export const maintenanceEvents = pgTable(
  "maintenance_events",
  {
    ...businessColumns("mnt"),
    ...sourceColumns(),
    equipmentId: text("equipment_id").notNull(),
    kind: enumText("kind", MAINTENANCE_KINDS).notNull().default("preventive"),
    scheduledOn: date("scheduled_on", { mode: "string" }),
    performedOn: date("performed_on", { mode: "string" }),
    costMinor: money("cost_minor"),
    currency: currency(),
    vendorId: text("vendor_id"),
    status: enumText("status", MAINTENANCE_STATUSES).notNull().default("scheduled"),
    notes: text("notes"),
    search: searchVector(["notes"]),
  },
  (t) => [
    ...businessTableExtras("maintenance_events", t, businesses.id),
    tenantRef("maintenance_events_equipment_id_fk", t, t.equipmentId, equipment, "cascade"),
    tenantRef("maintenance_events_vendor_id_fk", t, t.vendorId, vendors, "no action"),
    oneOf("maintenance_events_kind_check", t.kind, MAINTENANCE_KINDS),
    oneOf("maintenance_events_status_check", t.status, MAINTENANCE_STATUSES),
    nonNegative("maintenance_events_cost_minor_check", t.costMinor),
    check("maintenance_events_date_check", sql`${t.scheduledOn} is not null or ${t.performedOn} is not null`),
    check("maintenance_events_done_check", sql`${t.status} <> 'done' or ${t.performedOn} is not null`),
    index("maintenance_events_equipment_idx").on(t.businessId, t.equipmentId, t.scheduledOn),
    index("maintenance_events_status_idx").on(t.businessId, t.status, t.scheduledOn),
    index("maintenance_events_performed_idx").on(t.businessId, t.performedOn),
  ],
);
