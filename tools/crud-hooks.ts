/**
 * What a write must keep true beyond one row: line amounts and parent totals (invoices, bills, purchase
 * orders) and stock on hand (inventory movements). Runs inside the write's transaction.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/client.js";
import type { ToolContext } from "./define.js";
import { ToolInputError } from "./errors.js";

const LINE_PARENTS: Record<string, { parent: string; fk: string; price: string; tax: boolean }> = {
  invoice_lines: { parent: "invoices", fk: "invoice_id", price: "unitPriceMinor", tax: true },
  bill_lines: { parent: "bills", fk: "bill_id", price: "unitPriceMinor", tax: true },
  purchase_order_lines: { parent: "purchase_orders", fk: "po_id", price: "unitCostMinor", tax: false },
};

/** Fills derived values before insert/update: a line's amount = quantity × unit price when not given. */
export async function beforeWrite(
  _ctx: ToolContext,
  table: string,
  values: Record<string, unknown>,
  existing?: Record<string, unknown>,
): Promise<void> {
  const line = LINE_PARENTS[table];
  if (!line) return;
  const qty = (values.quantity ?? existing?.quantity) as number | undefined;
  const price = (values[line.price] ?? existing?.[line.price]) as number | undefined;
  if (values.amountMinor === undefined && qty !== undefined && price !== undefined) {
    values.amountMinor = Math.round(Number(qty) * price);
  }
}

export async function afterWrite(
  ctx: ToolContext,
  table: string,
  row: Record<string, unknown>,
  method: string,
) {
  const line = LINE_PARENTS[table];
  if (line) {
    const parentId = row[
      line.fk === "po_id" ? "poId" : line.fk === "bill_id" ? "billId" : "invoiceId"
    ] as string;
    await recomputeTotals(ctx, line.parent, line.fk, table, parentId, line.tax);
  }
  if (table === "inventory_movements" && method === "create") {
    const [item] = await queryRows<{ on_hand: number }>(
      ctx.db,
      sql`update inventory_items set on_hand = on_hand + ${row.quantity as number}, updated_at = now()
          where business_id = ${ctx.business.id} and id = ${row.itemId as string} returning on_hand`,
    );
    if (!item) throw new ToolInputError("Unknown item", ["fields.itemId: no such inventory item"]);
  }
}

async function recomputeTotals(
  ctx: ToolContext,
  parent: string,
  fk: string,
  lines: string,
  parentId: string,
  tax: boolean,
) {
  const taxExpr = tax
    ? sql`coalesce(sum(round(l.amount_minor * coalesce(l.tax_rate_bp, 0) / 10000.0)), 0)::bigint`
    : sql`0::bigint`;
  const totals = sql`select coalesce(sum(l.amount_minor), 0)::bigint as subtotal, ${taxExpr} as tax
    from ${sql.identifier(lines)} l where l.business_id = ${ctx.business.id} and l.${sql.identifier(fk)} = ${parentId}`;
  if (tax) {
    await ctx.db.execute(sql`update ${sql.identifier(parent)} p set subtotal_minor = t.subtotal, tax_minor = t.tax,
      total_minor = t.subtotal + t.tax, updated_at = now() from (${totals}) t
      where p.business_id = ${ctx.business.id} and p.id = ${parentId}`);
  } else {
    await ctx.db.execute(sql`update ${sql.identifier(parent)} p set total_minor = t.subtotal, updated_at = now()
      from (${totals}) t where p.business_id = ${ctx.business.id} and p.id = ${parentId}`);
  }
}
