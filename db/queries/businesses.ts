/** Creating, finding, changing and deleting businesses (the tenant root: chosen here, changed from inside its tenant context). */
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

const COUNTRY_NAMES = new Intl.DisplayNames(["en"], { type: "region" });
/** Region codes Intl names that are not countries in ISO 3166-1 (UK is GB there). */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "ZZ", "QO", "UK"]);

/** Whether a two-letter code is an ISO 3166-1 country Intl knows (an unknown code is "named" by itself). */
function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  try {
    return COUNTRY_NAMES.of(code) !== code;
  } catch {
    return false;
  }
}

const COUNTRY_MESSAGE = "must be a two-letter ISO 3166 country code such as US, GB or DE";
const MONTH_MESSAGE = "must be a month number from 1 (January) to 12 (December)";

/**
 * The profile fields of a business, validated the same way when it is created and when it is changed; the
 * descriptions are what the model and MCP clients read about each field.
 */
export const businessFields = {
  name: z.string().trim().min(1, "is required").max(200).describe("the name the business goes by"),
  legalName: z.string().trim().max(200).describe("registered legal name, e.g. Harbor & Pine Coffee LLC"),
  industry: z.string().trim().max(100).describe("what the business does, e.g. coffee roasting"),
  description: z
    .string()
    .trim()
    .max(2000)
    .describe("a few sentences about the business, its offer and customers"),
  country: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine(isCountryCode, { message: COUNTRY_MESSAGE })
    .describe("ISO 3166-1 alpha-2 country code, e.g. US"),
  timezone: timeZone
    .transform((tz) => new Intl.DateTimeFormat("en", { timeZone: tz }).resolvedOptions().timeZone)
    .describe("IANA time zone; dates like 'today' and 'this week' are counted in it, e.g. America/New_York"),
  currency: currencyCode.describe(
    "ISO 4217 currency the figures are summed in, e.g. USD; changing it does not convert existing amounts",
  ),
  fiscalYearStartMonth: z
    .number(MONTH_MESSAGE)
    .int(MONTH_MESSAGE)
    .min(1, MONTH_MESSAGE)
    .max(12, MONTH_MESSAGE)
    .describe("month the fiscal year starts in, 1 = January … 12 = December"),
  email: z.email("must be an email address such as hello@example.com").describe("main contact email"),
  phone: z.string().trim().max(50).describe("main phone number"),
  website: z.string().trim().max(200).describe("web address, e.g. https://example.com"),
  address: z.string().trim().max(500).describe("postal address, one or more lines"),
};

export const createBusinessInput = z.strictObject({
  name: businessFields.name,
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be lower-case letters, digits and dashes")
    .optional(),
  legalName: businessFields.legalName.optional(),
  industry: businessFields.industry.optional(),
  description: businessFields.description.optional(),
  country: businessFields.country.default("US"),
  timezone: businessFields.timezone.default("UTC"),
  currency: businessFields.currency.default("USD"),
  fiscalYearStartMonth: businessFields.fiscalYearStartMonth.default(1),
  email: businessFields.email.optional(),
  phone: businessFields.phone.optional(),
  website: businessFields.website.optional(),
  address: businessFields.address.optional(),
});

/** Clearable text fields take null (or "") to clear; the rest can only be replaced. The slug never changes. */
const clearable = <S extends z.ZodType<string>>(s: S) =>
  z
    .union([s, z.null()])
    .transform((v) => (v === "" ? null : v))
    .optional()
    .describe(`${s.description}; null clears it`);

export const updateBusinessInput = z.strictObject({
  name: businessFields.name.optional(),
  legalName: clearable(businessFields.legalName),
  industry: clearable(businessFields.industry),
  description: clearable(businessFields.description),
  country: businessFields.country.optional(),
  timezone: businessFields.timezone.optional(),
  currency: businessFields.currency.optional(),
  fiscalYearStartMonth: businessFields.fiscalYearStartMonth.optional(),
  email: clearable(businessFields.email),
  phone: clearable(businessFields.phone),
  website: clearable(businessFields.website),
  address: clearable(businessFields.address),
});
export type BusinessUpdate = z.output<typeof updateBusinessInput>;

/** What a business profile shows: every column but the internal ones, with dates as ISO strings. */
export interface BusinessProfile {
  id: string;
  slug: string;
  name: string;
  legalName: string | null;
  industry: string | null;
  description: string | null;
  country: string;
  timezone: string;
  currency: string;
  fiscalYearStartMonth: number;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

const toProfile = (b: Business): BusinessProfile => ({
  id: b.id,
  slug: b.slug,
  name: b.name,
  legalName: b.legalName,
  industry: b.industry,
  description: b.description,
  country: b.country,
  timezone: b.timezone,
  currency: b.currency,
  fiscalYearStartMonth: b.fiscalYearStartMonth,
  email: b.email,
  phone: b.phone,
  website: b.website,
  address: b.address,
  createdAt: b.createdAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
});

/** The profile of the business `db` is scoped to (inside withBusiness the app role sees only its own row). */
export async function getBusinessProfile(db: Db, businessId: string): Promise<BusinessProfile> {
  const [row] = await db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
  if (!row) throw new NotFoundError(`No business with id ${JSON.stringify(businessId)}`);
  return toProfile(row);
}

/**
 * Changes a business's profile fields in the caller's transaction. Runs under the app role inside the business's
 * tenant context: the businesses policy lets it update its own row only, and the slug is not among the fields.
 */
export async function updateBusiness(
  db: Db,
  businessId: string,
  changes: BusinessUpdate,
  now: Date,
): Promise<BusinessProfile> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const [row] = await db
    .update(businesses)
    .set({ ...set, updatedAt: now })
    .where(eq(businesses.id, businessId))
    .returning();
  if (!row) throw new NotFoundError(`No business with id ${JSON.stringify(businessId)}`);
  return toProfile(row);
}

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
