import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SeenEvents, SignatureError, verifySignature } from "./receiver.js";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const body = "token=xyz&team_id=T1&command=%2Fomni&text=help";
const now = 1_800_000_000_000;
const ts = String(now / 1000);
const sig = (s: string, t: string, b: string) =>
  `v0=${createHmac("sha256", s).update(`v0:${t}:${b}`).digest("hex")}`;

describe("verifySignature (Slack's v0 algorithm)", () => {
  it("accepts HMAC-SHA256 of v0:timestamp:body with the signing secret", () => {
    expect(() =>
      verifySignature(secret, { timestamp: ts, signature: sig(secret, ts, body) }, body, now),
    ).not.toThrow();
  });

  it("refuses another secret, another body, a missing header, and clocks five minutes apart", () => {
    const cases: Array<[string | null, string | null, string, number]> = [
      [ts, sig("other", ts, body), body, now],
      [ts, sig(secret, ts, body), `${body}&x=1`, now],
      [null, sig(secret, ts, body), body, now],
      [ts, null, body, now],
      [ts, "v1=abc", body, now],
      [ts, sig(secret, ts, body), body, now + 5 * 60_000 + 1_000],
      [String(now / 1000 + 301), sig(secret, String(now / 1000 + 301), body), body, now],
    ];
    for (const [timestamp, signature, b, at] of cases)
      expect(() => verifySignature(secret, { timestamp, signature }, b, at)).toThrow(SignatureError);
  });
});

describe("SeenEvents", () => {
  it("remembers ids for a while and forgets the oldest when full", () => {
    const seen = new SeenEvents(2, 1_000);
    expect(seen.check("a", 0)).toBe(false);
    expect(seen.check("a", 10)).toBe(true);
    expect(seen.check("b", 20)).toBe(false);
    expect(seen.check("c", 30)).toBe(false);
    expect(seen.check("a", 40)).toBe(false);
    expect(seen.check("c", 2_000)).toBe(false);
  });
});
