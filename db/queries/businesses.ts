/** Creating, finding and deleting businesses (system-level: the tenant root is chosen here). */
import { eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { appendEvent } from "../audit.js";
import { tenantTables } from "../catalog.js";
import { type Db, queryRows } from "../client.js";
import { NotFoundError, parseInput } from "../errors.js";
import { newId } from "../ids.js";
import { businesses } from "../schema/core.js";
import { withBusiness } from "../tenancy.js";
import { currencyCode, timeZone } from "../validate.js";

export type Business = typeof businesses.$inferSelect;

export const createBusinessInput = z.strictObject({
  name: z.string().trim().min(1, "is required").max(200),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and dashes")
    .optional(),
  legalName: z.string().max(200).optional(),
  industry: z.string().max(100).optional(),
  description: z.string().max(2000).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter ISO country code such as US")
    .default("US"),
  timezone: timeZone.default("UTC"),
  currency: currencyCode.default("USD"),
  fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
  email: z.email().optional(),
  phone: z.string().max(50).optional(),
  website: z.string().max(200).optional(),
  address: z.string().max(500).optional(),
});

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50) || "business"
  );
}

/** Creates a business (and its first audit event). A taken slug gets a numeric suffix. */
export async function createBusiness(
  db: Db,
  input: z.input<typeof createBusinessInput>,
  opts: { id?: string; actorUserId?: string } = {},
): Promise<Business> {
  const data = parseInput(createBusinessInput, input, "Invalid business");
  const id = opts.id ?? newId("biz");
  const base = data.slug ?? slugify(data.name);
  const taken = await queryRows<{ slug: string }>(
    db,
    sql`select slug from businesses where slug = ${base} or slug like ${`${base}-%`}`,
  );
  const used = new Set(taken.map((r) => r.slug));
  let slug = base;
  for (let i = 2; used.has(slug); i++) slug = `${base}-${i}`;
  const [row] = await db
    .insert(businesses)
    .values({ ...data, id, slug })
    .returning();
  await withBusiness(db, { businessId: id }, (tx) =>
    appendEvent(tx, id, {
      actorType: opts.actorUserId ? "user" : "system",
      actorId: opts.actorUserId ?? null,
      action: "business.created",
      entityType: "business",
      entityId: id,
      data: { name: data.name },
    }),
  );
  return row!;
}

/** Finds a business by id or slug; throws NotFoundError with the value that was given. */
export async function findBusiness(db: Db, ref: string): Promise<Business> {
  const [row] = await db
    .select()
    .from(businesses)
    .where(or(eq(businesses.id, ref), eq(businesses.slug, ref)))
    .limit(1);
  if (!row) throw new NotFoundError(`No business with id or slug ${JSON.stringify(ref)}`);
  return row;
}

export async function listBusinesses(db: Db): Promise<Business[]> {
  return db.select().from(businesses).orderBy(businesses.createdAt);
}

/** Rows per tenant table for one business (inside its tenant context). */
export async function countBusinessRows(db: Db, businessId: string): Promise<Record<string, number>> {
  return withBusiness(db, { businessId }, async (tx) => {
    const parts = tenantTables().map(
      (t) => sql`select ${t.name} as name, count(*)::int as n from ${sql.identifier(t.name)}`,
    );
    const rows = await queryRows<{ name: string; n: number }>(tx, sql.join(parts, sql` union all `));
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  });
}

/**
 * Deletes every row of one business in one transaction: the business row cascades to every tenant table
 * (audit events included, which only this path may delete). Returns the rows removed per table.
 */
export async function deleteBusiness(db: Db, businessId: string): Promise<Record<string, number>> {
  await findBusiness(db, businessId);
  const before = await countBusinessRows(db, businessId);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.purge_business', ${businessId}, true)`);
    await tx.delete(businesses).where(eq(businesses.id, businessId));
  });
  return before;
}
