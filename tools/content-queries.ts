/**
 * The reads behind the draft tools: the business's profile, invoices, sales records and what sells (documents
 * and marketing: content-queries-docs.ts). Every query takes the tenant-scoped transaction and the business
 * id; nothing here formats text.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";
import {
  activities,
  businesses,
  contacts,
  customers,
  deals,
  invoiceLines,
  invoices,
  leads,
  pipelineStages,
} from "../db/schema/index.js";

export async function businessProfile(db: Db, businessId: string) {
  const [row] = await db
    .select({
      name: businesses.name,
      legalName: businesses.legalName,
      industry: businesses.industry,
      description: businesses.description,
      email: businesses.email,
      phone: businesses.phone,
      website: businesses.website,
      address: businesses.address,
    })
    .from(businesses)
    .where(eq(businesses.id, businessId));
  if (!row) throw new Error(`business ${businessId} is not visible in its own tenant context`);
  return row;
}

// ── finance ────────────────────────────────────────────────────────────────────────────────────────────

export async function invoiceWithCustomer(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select({ invoice: invoices, customer: customers })
    .from(invoices)
    .innerJoin(
      customers,
      and(eq(customers.businessId, invoices.businessId), eq(customers.id, invoices.customerId)),
    )
    .where(and(eq(invoices.businessId, businessId), eq(invoices.id, id)));
  return row;
}

export function invoiceLinesOf(db: Db, businessId: string, invoiceId: string) {
  return db
    .select({ description: invoiceLines.description, quantity: invoiceLines.quantity })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.businessId, businessId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.position), asc(invoiceLines.id));
}

/** The open (sent or overdue, not fully paid) invoice with the oldest due date: the one overdue longest. */
export async function oldestOpenInvoice(db: Db, businessId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(
        eq(invoices.businessId, businessId),
        inArray(invoices.status, ["sent", "overdue"]),
        sql`${invoices.totalMinor} > ${invoices.amountPaidMinor}`,
        isNull(invoices.archivedAt),
      ),
    )
    .orderBy(asc(invoices.dueDate), asc(invoices.id))
    .limit(1);
  return row?.id;
}

// ── sales ──────────────────────────────────────────────────────────────────────────────────────────────

/** The person to write to at a customer: the contact talked to most recently. */
export async function contactAtCustomer(db: Db, businessId: string, customerId: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.businessId, businessId),
        eq(contacts.customerId, customerId),
        isNull(contacts.archivedAt),
      ),
    )
    .orderBy(sql`${contacts.lastContactedAt} desc nulls last`, asc(contacts.id))
    .limit(1);
  return row;
}

export async function dealWithStage(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select({ deal: deals, stage: pipelineStages.name })
    .from(deals)
    .innerJoin(
      pipelineStages,
      and(eq(pipelineStages.businessId, deals.businessId), eq(pipelineStages.id, deals.stageId)),
    )
    .where(and(eq(deals.businessId, businessId), eq(deals.id, id)));
  return row;
}

export async function customerById(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.businessId, businessId), eq(customers.id, id)));
  return row;
}

export async function contactById(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.businessId, businessId), eq(contacts.id, id)));
  return row;
}

export async function leadById(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(leads)
    .where(and(eq(leads.businessId, businessId), eq(leads.id, id)));
  return row;
}

/**
 * The latest call, meeting or email with a deal, contact or lead (notes and tasks are internal): its kind,
 * direction and time only, never its text (that came from outside and is not quoted into drafts).
 */
export async function lastContactWith(
  db: Db,
  businessId: string,
  on: { dealId?: string; contactId?: string; leadId?: string },
) {
  const target = on.dealId
    ? eq(activities.dealId, on.dealId)
    : on.contactId
      ? eq(activities.contactId, on.contactId)
      : eq(activities.leadId, on.leadId ?? "");
  const [row] = await db
    .select({ kind: activities.kind, direction: activities.direction, at: activities.occurredAt })
    .from(activities)
    .where(
      and(
        eq(activities.businessId, businessId),
        target,
        inArray(activities.kind, ["call", "meeting", "email"]),
        isNull(activities.archivedAt),
      ),
    )
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(1);
  return row;
}

/** A contact's open deals, largest first. */
export function openDealsOfContact(db: Db, businessId: string, contactId: string) {
  return db
    .select({ id: deals.id, name: deals.name, amountMinor: deals.amountMinor, currency: deals.currency })
    .from(deals)
    .where(
      and(
        eq(deals.businessId, businessId),
        eq(deals.contactId, contactId),
        eq(deals.status, "open"),
        isNull(deals.archivedAt),
      ),
    )
    .orderBy(desc(deals.amountMinor), asc(deals.id))
    .limit(3);
}

/** The open deal that has gone longest without a call, meeting or email (or since it was created). */
export async function stalestOpenDeal(db: Db, businessId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select d.id from deals d
        left join lateral (
          select max(a.occurred_at) as at from activities a
          where a.business_id = d.business_id and a.deal_id = d.id and a.kind in ('call', 'meeting', 'email')
        ) last on true
        where d.business_id = ${businessId} and d.status = 'open' and d.archived_at is null
        order by coalesce(last.at, d.created_at), d.id limit 1`,
  );
  return row?.id;
}

/** The newest lead not yet worked (status new), else the newest not converted or disqualified. */
export async function newestOpenLead(db: Db, businessId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: leads.id })
    .from(leads)
    .where(
      and(
        eq(leads.businessId, businessId),
        inArray(leads.status, ["new", "contacted", "qualified"]),
        isNull(leads.archivedAt),
      ),
    )
    .orderBy(sql`${leads.status} = 'new' desc`, desc(leads.createdAt), desc(leads.id))
    .limit(1);
  return row?.id;
}

// ── operations: what sells ─────────────────────────────────────────────────────────────────────────────

export interface BestSellerRow {
  id: string;
  name: string;
  sku: string;
  unit: string;
  unit_price_minor: string;
  currency: string;
  sold: number;
}

/** Active priced items by units sold since `since` (sale movements), most first. */
export function bestSellers(
  db: Db,
  businessId: string,
  since: Date,
  limit: number,
): Promise<BestSellerRow[]> {
  return queryRows<BestSellerRow>(
    db,
    sql`select i.id, i.name, i.sku, i.unit, i.unit_price_minor::text as unit_price_minor, i.currency, s.sold
        from (
          select m.item_id, (-sum(m.quantity))::int as sold from inventory_movements m
          where m.business_id = ${businessId} and m.kind = 'sale' and m.moved_at >= ${since.toISOString()}::timestamptz
          group by m.item_id
        ) s
        join inventory_items i on i.business_id = ${businessId} and i.id = s.item_id
        where i.is_active and i.archived_at is null and i.unit_price_minor is not null
        order by s.sold desc, i.name, i.id
        limit ${limit}`,
  );
}
