/**
 * The business's own profile: business_get for every member (name, currency, time zone, contact details…) and
 * business_update for owners (the admin module's write row). The business is the one the call is scoped to;
 * no tool can name another, and the slug (its address) never changes.
 */
import { z } from "zod";
import { getBusinessProfile, updateBusiness, updateBusinessInput } from "../db/queries/businesses.js";
import { type AnyTool, defineTool, type Ref, type ToolContext, withRefs } from "./define.js";
import { ToolInputError } from "./errors.js";

const text = z.string().nullable();

const profileSchema = z.object({
  id: z.string().describe("business id (biz_…)"),
  slug: z.string().describe("the business's address in links, /b/<slug>; never changes"),
  name: z.string(),
  legalName: text,
  industry: text,
  description: text,
  country: z.string().describe("ISO 3166-1 alpha-2"),
  timezone: z.string().describe("IANA time zone that 'today' and 'this week' are counted in"),
  currency: z.string().describe("ISO 4217 currency the figures are summed in"),
  fiscalYearStartMonth: z.number().int().describe("1 = January … 12 = December"),
  email: text,
  phone: text,
  website: text,
  address: text,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const selfRef = (b: { id: string; name: string }): Ref => ({ type: "business", id: b.id, label: b.name });

export const businessGetTool = defineTool({
  name: "business_get",
  module: "core",
  title: "Business profile",
  description:
    "The business's own details: name, legal name, industry, description, country, time zone, currency, fiscal year start and contact details. For how the business is doing use business_overview.",
  input: z.strictObject({}),
  output: withRefs({ business: profileSchema }),
  access: "read",
  async run(ctx: ToolContext) {
    const business = await getBusinessProfile(ctx.db, ctx.business.id);
    return { business, refs: [selfRef(business)] };
  },
});

export const businessUpdateTool = defineTool({
  name: "business_update",
  module: "admin",
  title: "Change the business profile",
  description:
    "Change the business's details (name, legal name, industry, description, country, time zone, currency, fiscal year start, contact details); give only the fields to change. Read the current values with business_get.",
  input: updateBusinessInput,
  output: withRefs({ business: profileSchema }),
  access: "write",
  async run(ctx: ToolContext, changes: z.output<typeof updateBusinessInput>) {
    if (Object.values(changes).every((v) => v === undefined))
      throw new ToolInputError("Nothing to change", ["(input): give at least one field to change"]);
    const business = await updateBusiness(ctx.db, ctx.business.id, changes, ctx.now);
    return { business, refs: [selfRef(business)] };
  },
});

export const businessTools: AnyTool[] = [businessGetTool, businessUpdateTool];
