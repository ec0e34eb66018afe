/** Zod building blocks shared by every input schema: ISO currencies, time zones, prefixed ids, money strings. */
import { z } from "zod";
import { isId } from "./ids.js";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const currencyCode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => CURRENCIES.has(s), {
    message: "unknown currency: use an ISO 4217 code such as USD, EUR or GBP",
  })
  .describe("ISO 4217 currency code, e.g. USD");

export const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "unknown time zone: use an IANA name such as America/New_York" },
);

/** A record id with the given prefix, e.g. idOf("cus") accepts cus_01J…. */
export const idOf = (prefix: string) =>
  z.string().refine((v) => isId(v, prefix), {
    message: `must be a ${prefix}_ id (${prefix}_ followed by 26 characters)`,
  });
