/** What the draft tools share: the business's voice (name, sender, contact lines), id inputs, refs, products. */
import { z } from "zod";
import { idPattern } from "../db/ids.js";
import { bestSellers, businessProfile } from "./content-queries.js";
import { formatAmount } from "./content-templates.js";
import type { Ref, ToolContext } from "./define.js";
import { entityByType } from "./entities.js";
import { ToolNotFound } from "./errors.js";
import { money } from "./money.js";
import { refOf } from "./records.js";

/** Who writes and how they sign: the business's own profile and the calling user. */
export interface Voice {
  business: string;
  legalName: string;
  sender: string;
  about: string;
  email: string;
  phone: string;
  website: string;
  address: string;
}

export async function voiceOf(ctx: ToolContext): Promise<Voice> {
  const b = await businessProfile(ctx.db, ctx.business.id);
  return {
    business: b.name,
    legalName: b.legalName ?? b.name,
    sender: ctx.user.name,
    about: aboutLine(b.description ?? b.industry ?? ""),
    email: b.email ?? "",
    phone: b.phone ?? "",
    website: b.website ?? "",
    address: b.address ?? "",
  };
}

/** "Specialty coffee roaster with a café." → "specialty coffee roaster with a café", to follow a dash. */
function aboutLine(text: string): string {
  const t = text.trim().replace(/[.!\s]+$/, "");
  return /^[A-Z][a-z]/.test(t) ? t[0]!.toLowerCase() + t.slice(1) : t;
}

/** An optional id input of one or more record types ("dea|ctc|lea"); `what` names them in the error. */
export const idInput = (prefixes: string, what: string, description: string) =>
  z
    .string()
    .regex(
      idPattern(`(?:${prefixes})`),
      `must be ${what} id (${prefixes
        .split("|")
        .map((p) => `${p}_…`)
        .join(", ")})`,
    )
    .optional()
    .describe(description);

/** A ref for a row of the given record type (the row carries the label columns). */
export const ref = (type: string, row: object): Ref =>
  refOf(entityByType(type)!, row as Record<string, unknown>);

export const notFound = (type: string, id: string) => new ToolNotFound(`No ${type} ${id} in this business.`);

/** Integer minor units → "1,234.50 USD". */
export const amountText = (minor: number | string | bigint, currency: string) =>
  formatAmount(money(minor, currency), currency);

export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

export const amount = z.string().describe("decimal amount, e.g. 1234.50");

export const productFact = z.object({
  itemId: z.string(),
  name: z.string(),
  price: amount.describe("unit price"),
  currency: z.string(),
  soldLast90Days: z.number().int().describe("units sold in the last 90 days"),
});

/** The best-selling priced items of the last 90 days, as facts and refs. */
export async function productsSelling(ctx: ToolContext, limit: number) {
  const since = new Date(ctx.now.getTime() - 90 * 86_400_000);
  const rows = await bestSellers(ctx.db, ctx.business.id, since, limit);
  return {
    facts: rows.map((r) => ({
      itemId: r.id,
      name: r.name,
      price: money(r.unit_price_minor, r.currency),
      currency: r.currency,
      soldLast90Days: r.sold,
    })),
    refs: rows.map((r) => ref("inventory_item", r)),
  };
}
