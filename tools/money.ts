/**
 * Money crosses the tool boundary as decimal strings plus an ISO currency ("1234.50 USD"), and is stored as
 * integer minor units. Conversion is exact string arithmetic: no floating point ever touches an amount.
 */
import { z } from "zod";

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (USD 2, JPY 0, BHD 3), from the runtime's ICU data. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsCache.set(currency, d);
  }
  return d;
}

/** 123450 USD → "1234.50". */
export function fromMinor(minor: number | bigint | null | undefined, currency: string): string | null {
  if (minor === null || minor === undefined) return null;
  const digits = minorDigits(currency);
  const v = BigInt(minor);
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(digits + 1, "0");
  const whole = abs.slice(0, abs.length - digits);
  const frac = digits ? `.${abs.slice(abs.length - digits)}` : "";
  return `${neg ? "-" : ""}${whole}${frac}`;
}

/** Integer minor units as SQL returns them (bigint text, number or bigint) → decimal string; null counts as 0. */
export const money = (minor: string | number | bigint | null | undefined, currency: string): string =>
  fromMinor(BigInt(minor ?? 0), currency)!;
/** As `money`, but a missing amount stays null. */
export const moneyOrNull = (
  minor: string | number | bigint | null | undefined,
  currency: string,
): string | null => (minor === null || minor === undefined ? null : money(minor, currency));

export class MoneyFormatError extends Error {
  override name = "MoneyFormatError";
}

/** "1234.5" USD → 123450. Refuses more decimals than the currency has, and non-numbers. */
export function toMinor(decimal: string, currency: string): number {
  const digits = minorDigits(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim().replace(/,/g, ""));
  if (!m) throw new MoneyFormatError(`"${decimal}" is not an amount; write it like 1234.50`);
  const [, sign, whole, frac = ""] = m;
  if (frac.length > digits) {
    throw new MoneyFormatError(`"${decimal}" has more than ${digits} decimal places for ${currency}`);
  }
  const v = BigInt(`${whole}${frac.padEnd(digits, "0")}`) * (sign ? -1n : 1n);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyFormatError(`"${decimal}" is too large`);
  }
  return Number(v);
}

/** The zod type of a money field in tool inputs and outputs. */
export const moneyString = z
  .string()
  .regex(/^-?\d{1,15}(\.\d{1,3})?$/, "must be a decimal amount such as 1234.50")
  .describe("decimal amount in the record's currency, e.g. 1234.50");
