/**
 * Operations analytics in SQL: low stock with usage and cover, inventory valuation (now or as of a date), open
 * purchase orders, maintenance due. Money leaves as text minor units (bigint-safe on both drivers).
 */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../client.js";

export type MinorText = string | null;

export interface LowStockRow {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  unit: string;
  onHand: number;
  reorderPoint: number;
  reorderQuantity: number;
  unitCost: MinorText;
  currency: string;
  vendorId: string | null;
  vendorName: string | null;
  used30d: number;
  dailyUsage: number;
  daysOfCover: number | null;
  suggestedQuantity: number;
  suggestedBasis: "reorder_quantity" | "30_days_usage";
  onOrder: number;
  total: number;
}

/**
 * Active items with on_hand ≤ reorder_point. Usage is the sale + waste quantity in the 30 days before `now`;
 * daily usage = used / 30, days of cover = on_hand / daily usage (null without usage). The suggestion is the
 * item's reorder quantity, or else what 30 days of usage needs beyond what is on hand. Least cover first.
 */
export async function lowStockItems(
  db: Db,
  p: { businessId: string; now: Date; category?: string; vendorId?: string; limit: number },
): Promise<LowStockRow[]> {
  const now = p.now.toISOString();
  return queryRows<LowStockRow>(
    db,
    sql`select i.id, i.sku, i.name, i.category, i.unit, i.on_hand as "onHand", i.reorder_point as "reorderPoint",
          i.reorder_quantity as "reorderQuantity", i.unit_cost_minor::text as "unitCost", i.currency,
          i.vendor_id as "vendorId", v.name as "vendorName",
          u.used::int as "used30d",
          round(u.used / 30.0, 2)::float8 as "dailyUsage",
          case when u.used > 0 then round(i.on_hand * 30.0 / u.used, 1)::float8 end as "daysOfCover",
          (case when i.reorder_quantity > 0 then i.reorder_quantity
                else greatest(u.used - i.on_hand, 0) end)::int as "suggestedQuantity",
          case when i.reorder_quantity > 0 then 'reorder_quantity' else '30_days_usage' end as "suggestedBasis",
          o.on_order::int as "onOrder",
          count(*) over ()::int as total
        from inventory_items i
        left join vendors v on v.business_id = i.business_id and v.id = i.vendor_id
        cross join lateral (
          select coalesce(-sum(m.quantity), 0) as used
          from inventory_movements m
          where m.business_id = i.business_id and m.item_id = i.id and m.kind in ('sale', 'waste')
            and m.moved_at > ${now}::timestamptz - interval '30 days' and m.moved_at <= ${now}::timestamptz
        ) u
        cross join lateral (
          select coalesce(sum(l.quantity - l.quantity_received), 0) as on_order
          from purchase_order_lines l
          join purchase_orders po on po.business_id = l.business_id and po.id = l.po_id
          where l.business_id = i.business_id and l.item_id = i.id and l.quantity > l.quantity_received
            and po.status in ('ordered', 'partial') and po.archived_at is null
        ) o
        where i.business_id = ${p.businessId} and i.is_active and i.archived_at is null
          and i.on_hand <= i.reorder_point
          ${p.category === undefined ? sql`` : sql`and i.category = ${p.category}`}
          ${p.vendorId === undefined ? sql`` : sql`and i.vendor_id = ${p.vendorId}`}
        order by "daysOfCover" asc nulls last, i.name, i.sku
        limit ${p.limit}`,
  );
}

interface ValuationFilter {
  businessId: string;
  currency: string;
  /** Value stock as it stood at the end of this day in `timeZone` (movements after it are undone); omit for now. */
  asOf?: { date: string; timeZone: string };
  category?: string;
}

/** Quantity per item (now, or at the end of the as-of day = on_hand minus the movements since) in one currency. */
const itemQuantities = (p: ValuationFilter) =>
  sql`select i.id, i.sku, i.name, i.category, i.unit_cost_minor,
        i.on_hand ${p.asOf === undefined ? sql`` : sql`- coalesce(a.since, 0)`} as qty
      from inventory_items i
      ${
        p.asOf === undefined
          ? sql``
          : sql`left join (
              select item_id, sum(quantity) as since from inventory_movements
              where business_id = ${p.businessId}
                and moved_at >= ((${p.asOf.date}::date + 1)::timestamp at time zone ${p.asOf.timeZone})
              group by item_id) a on a.item_id = i.id`
      }
      where i.business_id = ${p.businessId} and i.archived_at is null and i.currency = ${p.currency}
        ${p.category === undefined ? sql`` : sql`and i.category = ${p.category}`}`;

export interface ValuedItem {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  quantity: number;
  /** Minor units as JSON numbers (exact below 2^53). */
  unitCost: number | null;
  value: number | null;
}

export interface ValuationRow {
  category: string | null;
  isTotal: boolean;
  items: number;
  units: string;
  value: MinorText;
  itemsWithoutCost: number;
  /** On the total row only: the `top` items carrying the most value. */
  topItems: ValuedItem[] | null;
}

/**
 * Stock value (qty × current unit cost) per category plus a total row that also carries the most valuable
 * items; items with zero quantity are skipped. Quantities are computed once (one pass over movements).
 */
export async function valuationByCategory(
  db: Db,
  p: ValuationFilter & { top: number },
): Promise<ValuationRow[]> {
  return queryRows<ValuationRow>(
    db,
    sql`with q as materialized (
          select * from (${itemQuantities(p)}) x where x.qty <> 0
        )
        select q.category, grouping(q.category) = 1 as "isTotal", count(*)::int as items,
          sum(q.qty)::text as units,
          coalesce(sum(q.qty * q.unit_cost_minor), 0)::text as value,
          count(*) filter (where q.unit_cost_minor is null)::int as "itemsWithoutCost",
          case when grouping(q.category) = 1 then (
            select coalesce(json_agg(json_build_object('id', t.id, 'sku', t.sku, 'name', t.name,
              'category', t.category, 'quantity', t.qty, 'unitCost', t.unit_cost_minor,
              'value', t.qty * t.unit_cost_minor) order by t.n), '[]'::json)
            from (
              select q2.*, row_number() over (order by q2.qty * q2.unit_cost_minor desc nulls last, q2.name) as n
              from q q2
              order by n
              limit ${p.top}
            ) t
          ) end as "topItems"
        from q
        group by grouping sets ((q.category), ())
        order by "isTotal", q.category nulls last`,
  );
}

/** Items with stock in another currency than the one valued (left out of the sums). */
export async function otherCurrencyStockedItems(
  db: Db,
  p: { businessId: string; currency: string },
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from inventory_items
        where business_id = ${p.businessId} and archived_at is null and currency <> ${p.currency} and on_hand <> 0`,
  );
  return row?.n ?? 0;
}

export interface OpenPurchaseOrderRow {
  id: string;
  number: string;
  status: "ordered" | "partial";
  vendorId: string;
  vendorName: string;
  orderedOn: string | null;
  expectedOn: string | null;
  overdue: boolean;
  daysOverdue: number | null;
  total: MinorText;
  currency: string;
  linesRemaining: number;
  unitsRemaining: number;
  remainingValue: MinorText;
  lines: {
    lineId: string;
    itemId: string | null;
    description: string;
    ordered: number;
    received: number;
    remaining: number;
  }[];
  count: number;
  overdueCount: number;
  sumTotal: MinorText;
  sumRemaining: MinorText;
}

/**
 * Ordered / partially received POs with vendor and the lines still to receive (first 20 per PO); overdue when
 * expected before today. Window columns carry totals over all matches (sums in `currency` only).
 */
export async function openPurchaseOrders(
  db: Db,
  p: {
    businessId: string;
    today: string;
    currency: string;
    vendorId?: string;
    overdueOnly: boolean;
    limit: number;
  },
): Promise<OpenPurchaseOrderRow[]> {
  return queryRows<OpenPurchaseOrderRow>(
    db,
    sql`select po.id, po.number, po.status, po.vendor_id as "vendorId", v.name as "vendorName",
          po.ordered_on::text as "orderedOn", po.expected_on::text as "expectedOn",
          coalesce(po.expected_on < ${p.today}::date, false) as overdue,
          case when po.expected_on < ${p.today}::date then ${p.today}::date - po.expected_on end as "daysOverdue",
          po.total_minor::text as total, po.currency,
          coalesce(l.lines_remaining, 0)::int as "linesRemaining",
          coalesce(l.units_remaining, 0)::int as "unitsRemaining",
          coalesce(l.remaining_value, 0)::text as "remainingValue",
          coalesce(l.lines, '[]'::json) as lines,
          count(*) over ()::int as count,
          count(*) filter (where po.expected_on < ${p.today}::date) over ()::int as "overdueCount",
          coalesce(sum(po.total_minor) filter (where po.currency = ${p.currency}) over (), 0)::text as "sumTotal",
          coalesce(sum(l.remaining_value) filter (where po.currency = ${p.currency}) over (), 0)::text
            as "sumRemaining"
        from purchase_orders po
        join vendors v on v.business_id = po.business_id and v.id = po.vendor_id
        left join lateral (
          select count(*) as lines_remaining, sum(r.remaining) as units_remaining,
            sum(r.remaining * r.unit_cost_minor) as remaining_value,
            json_agg(json_build_object('lineId', r.id, 'itemId', r.item_id, 'description', r.description,
              'ordered', r.quantity, 'received', r.quantity_received, 'remaining', r.remaining)
              order by r.position, r.id) filter (where r.n <= 20) as lines
          from (
            select x.*, x.quantity - x.quantity_received as remaining,
              row_number() over (order by x.position, x.id) as n
            from purchase_order_lines x
            where x.business_id = po.business_id and x.po_id = po.id and x.quantity_received < x.quantity
          ) r
        ) l on true
        where po.business_id = ${p.businessId} and po.status in ('ordered', 'partial') and po.archived_at is null
          ${p.vendorId === undefined ? sql`` : sql`and po.vendor_id = ${p.vendorId}`}
          ${p.overdueOnly ? sql`and po.expected_on < ${p.today}::date` : sql``}
        order by po.expected_on asc nulls last, po.number
        limit ${p.limit}`,
  );
}

export interface EquipmentDueRow {
  id: string;
  name: string;
  kind: string | null;
  location: string | null;
  status: string;
  nextMaintenanceOn: string;
  lastMaintainedOn: string | null;
  maintenanceIntervalDays: number | null;
  daysLeft: number;
  vendorId: string | null;
  vendorName: string | null;
  count: number;
  overdueCount: number;
}

/** Equipment still in use whose next maintenance is on or before `horizon` (past dates included), soonest first. */
export async function equipmentMaintenanceDue(
  db: Db,
  p: { businessId: string; today: string; horizon: string; limit: number },
): Promise<EquipmentDueRow[]> {
  return queryRows<EquipmentDueRow>(
    db,
    sql`select e.id, e.name, e.kind, e.location, e.status, e.next_maintenance_on::text as "nextMaintenanceOn",
          e.last_maintained_on::text as "lastMaintainedOn", e.maintenance_interval_days as "maintenanceIntervalDays",
          (e.next_maintenance_on - ${p.today}::date)::int as "daysLeft",
          e.vendor_id as "vendorId", v.name as "vendorName",
          count(*) over ()::int as count,
          count(*) filter (where e.next_maintenance_on < ${p.today}::date) over ()::int as "overdueCount"
        from equipment e
        left join vendors v on v.business_id = e.business_id and v.id = e.vendor_id
        where e.business_id = ${p.businessId} and e.archived_at is null and e.status <> 'retired'
          and e.next_maintenance_on <= ${p.horizon}
        order by e.next_maintenance_on, e.name
        limit ${p.limit}`,
  );
}

export interface ScheduledMaintenanceRow {
  id: string;
  kind: string;
  scheduledOn: string;
  daysLeft: number;
  equipmentId: string;
  equipmentName: string;
  vendorId: string | null;
  vendorName: string | null;
  cost: MinorText;
  currency: string;
  count: number;
  overdueCount: number;
}

/** Maintenance events still scheduled on or before `horizon` (earlier ones not yet done included). */
export async function scheduledMaintenance(
  db: Db,
  p: { businessId: string; today: string; horizon: string; limit: number },
): Promise<ScheduledMaintenanceRow[]> {
  return queryRows<ScheduledMaintenanceRow>(
    db,
    sql`select m.id, m.kind, m.scheduled_on::text as "scheduledOn",
          (m.scheduled_on - ${p.today}::date)::int as "daysLeft",
          m.equipment_id as "equipmentId", e.name as "equipmentName",
          m.vendor_id as "vendorId", v.name as "vendorName", m.cost_minor::text as cost, m.currency,
          count(*) over ()::int as count,
          count(*) filter (where m.scheduled_on < ${p.today}::date) over ()::int as "overdueCount"
        from maintenance_events m
        join equipment e on e.business_id = m.business_id and e.id = m.equipment_id
        left join vendors v on v.business_id = m.business_id and v.id = m.vendor_id
        where m.business_id = ${p.businessId} and m.status = 'scheduled' and m.scheduled_on <= ${p.horizon}
        order by m.scheduled_on, e.name
        limit ${p.limit}`,
  );
}
