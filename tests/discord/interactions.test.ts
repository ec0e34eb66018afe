/**
 * The HTTP interactions endpoint end to end: Ed25519 signatures, PING, slash commands deferred and then
 * answered by editing @original through a fake Discord REST API (model = fake Anthropic, or command mode),
 * autocomplete of tools and record ids, linking, and Discord's length limits.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embedSize, LIMITS } from "../../bots/discord/render.js";
import type { DiscordCall } from "../fakes/discord.js";
import {
  autocomplete,
  DISCORD_USER,
  type DiscordHarness,
  discordHarness,
  GUILD,
  PUBLIC_URL,
  ping,
  slash,
} from "./helpers.js";

let d: DiscordHarness;
let contactId: string;

beforeAll(async () => {
  d = await discordHarness({ model: true });
  const out = await d.h.ok("owner", "contacts_write", {
    method: "create",
    fields: { firstName: "Bluedoor", lastName: "Roasters" },
  });
  contactId = (out.refs as Array<{ id: string }>)[0]!.id;
}, 60_000);
afterAll(() => d.close());

type Embed = {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
};
const embedsOf = (c: DiscordCall) => ((c.body as { embeds?: Embed[] }).embeds ?? []) as Embed[];
const textOf = (c: DiscordCall) =>
  [
    (c.body as { content?: string }).content ?? "",
    ...embedsOf(c).flatMap((e) => [
      e.title ?? "",
      e.description ?? "",
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ].join("\n");
/** The calls that edited the deferred response of this interaction token, and its follow-ups. */
const editsOf = (token: string) =>
  d.fake.find("PATCH", `/webhooks/100000000000000001/${token}/messages/@original`);
const followUpsOf = (token: string) => d.fake.find("POST", `/webhooks/100000000000000001/${token}`);

async function run(payload: { token: string }) {
  const res = await d.post(payload);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { type: number; data?: { flags?: number } };
  await d.settle();
  return { body, edits: editsOf(payload.token), followUps: followUpsOf(payload.token) };
}

describe("signature", () => {
  it("answers PING with PONG", async () => {
    const res = await d.post(ping());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it("refuses a missing, malformed or foreign signature, or a changed body, with 401", async () => {
    const other = generateKeyPairSync("ed25519").privateKey;
    const cases = [
      { signature: null },
      { timestamp: null },
      { signature: "00".repeat(64) },
      { signature: "not hex" },
      { key: other },
    ];
    for (const sig of cases) {
      const res = await d.post(ping(), sig);
      expect(res.status, JSON.stringify(Object.keys(sig))).toBe(401);
      expect(await res.json()).toEqual({ error: "invalid request signature" });
    }
    const body = JSON.stringify(ping());
    const signature = d.signature("1700000000", body);
    const send = (timestamp: string, sent: string) =>
      d.app.request("/discord/interactions", {
        method: "POST",
        headers: { "x-signature-ed25519": signature, "x-signature-timestamp": timestamp },
        body: sent,
      });
    expect((await send("1700000000", body)).status).toBe(200);
    expect((await send("1700000001", body)).status).toBe(401);
    expect((await send("1700000000", body.replace('"type":1', '"type":2'))).status).toBe(401);
  });
});

describe("slash commands", () => {
  it("/ask defers at once, then edits @original with the agent's answer, record links and sources", async () => {
    d.anthropic!.script(
      { content: [{ type: "tool_use", id: "tu_1", name: "search", input: { q: "Bluedoor" } }] },
      {
        content: [
          {
            type: "text",
            text: `Bluedoor Roasters is a contact: [Bluedoor Roasters](/b/${"SLUG"}/r/${contactId}). See also [elsewhere](https://evil.example/x).`,
          },
        ],
      },
    );
    const payload = slash("ask", { question: "who is Bluedoor?" });
    const started = performance.now();
    const res = await d.post(payload);
    const ms = performance.now() - started;
    expect(await res.json()).toEqual({ type: 5 });
    expect(ms).toBeLessThan(1000);
    await d.settle();

    const [edit] = editsOf(payload.token);
    expect(edit).toBeDefined();
    const [embed] = embedsOf(edit!);
    expect(embed!.title).toBe("who is Bluedoor?");
    expect(embed!.description).toContain("Bluedoor Roasters is a contact");
    // Relative record links become absolute; links elsewhere are shown, not masked.
    expect(embed!.description).toContain(`(${PUBLIC_URL}/b/SLUG/r/${contactId})`);
    expect(embed!.description).toContain("elsewhere (<https://evil.example/x>)");
    const sources = embed!.fields!.find((f) => f.name === "Contact");
    expect(sources?.value).toMatch(
      new RegExp(`\\[Bluedoor Roasters\\]\\(${PUBLIC_URL}/b/[a-z0-9-]+/r/${contactId}\\)`),
    );
    expect(embed!.footer!.text).toContain("owner user (owner)");
    expect((edit!.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    // The token edits need no bot token.
    expect(edit!.headers.authorization).toBeUndefined();

    // The model saw the question; the tool ran as the owner.
    const first = d.anthropic!.requests.at(-2)!.body!;
    expect(JSON.stringify(first.messages)).toContain("who is Bluedoor?");
  });

  it("a long answer is split at Discord's limits: 4096 per description, 6000 and 10 embeds per message", async () => {
    const para = (i: number) => `Paragraph ${i}: ${"lorem ipsum dolor sit amet ".repeat(40)}`;
    const long = Array.from({ length: 30 }, (_, i) => para(i)).join("\n\n");
    d.anthropic!.script({ content: [{ type: "text", text: long }] });
    const payload = slash("ask", { question: "tell me everything" });
    const { edits, followUps } = await run(payload);
    const messages = [...edits, ...followUps];
    expect(edits).toHaveLength(1);
    expect(followUps.length).toBeGreaterThan(0);
    for (const m of messages) {
      const embeds = embedsOf(m);
      expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
      for (const e of embeds) expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    }
    const all = messages
      .flatMap(embedsOf)
      .map((e) => e.description)
      .join("\n\n");
    for (let i = 0; i < 30; i++) expect(all).toContain(`Paragraph ${i}:`);
  });

  it("a model failure becomes one line in the answer", async () => {
    d.anthropic!.script({ status: 401, type: "authentication_error", message: "bad key" });
    const { edits } = await run(slash("ask", { question: "anything" }));
    expect(textOf(edits[0]!)).toMatch(/rejected the API key/);
  });

  it("/omni runs any tool as the person: a write by a person runs at once, a refusal says why", async () => {
    const made = await run(
      slash("omni", { tool: "contacts_write", input: '{"method":"create","fields":{"firstName":"Direct"}}' }),
    );
    expect(textOf(made.edits[0]!)).toMatch(/Direct/);
    const listed = await d.h.ok("owner", "contacts_list", { q: "Direct" });
    expect((listed.items as unknown[]).length).toBe(1);

    const kv = await run(slash("omni", { tool: "contacts_list", input: "q=Bluedoor limit=5" }));
    expect(textOf(kv.edits[0]!)).toMatch(/Bluedoor Roasters/);

    const refused = await run(slash("omni", { tool: "invoices_list", input: "" }, { role: "staff" }));
    expect(textOf(refused.edits[0]!)).toMatch(/staff role may not read finance/);

    const bad = await run(slash("omni", { tool: "contacts_list", input: "limit=" }));
    expect(textOf(bad.edits[0]!)).toMatch(/has no value/);
  });

  it("/brief and /search answer from the tools with links", async () => {
    const b = await run(slash("brief"));
    expect(textOf(b.edits[0]!)).toMatch(/Business overview as of/);
    const s = await run(slash("search", { query: "Bluedoor" }));
    const text = textOf(s.edits[0]!);
    expect(text).toContain("Contact: Bluedoor Roasters");
    expect(text).toContain(`/r/${contactId}`);
  });

  it("an unknown person is told how to link; /link <code> links them (privately)", async () => {
    const stranger = "499999999999999999";
    const before = await run(slash("brief", {}, { userId: stranger }));
    expect(textOf(before.edits[0]!)).toMatch(/don't know you yet.*\/link/s);

    const { createLinkCode } = await import("../../db/queries/chat.js");
    const { code } = await createLinkCode(d.h.db.db, {
      businessId: d.h.businessId,
      userId: d.h.users.manager,
    });
    const linked = await run(slash("link", { code }, { userId: stranger }));
    expect(linked.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(textOf(linked.edits[0]!)).toMatch(/Linked: you are manager user in Discord Cafe \(manager\)/);
    const again = await run(slash("link", { code }, { userId: stranger }));
    expect(textOf(again.edits[0]!)).toMatch(/unknown, used or expired/);

    const after = await run(slash("brief", {}, { userId: stranger }));
    expect(textOf(after.edits[0]!)).toMatch(/Business overview/);
  });

  it("a guild that is not connected gets a message, not data", async () => {
    const r = await run(slash("brief", {}, { guildId: "999" }));
    expect(textOf(r.edits[0]!)).toMatch(/not connected/);
  });
});

describe("autocomplete", () => {
  const choices = async (payload: unknown) => {
    const res = await d.post(payload);
    const body = (await res.json()) as {
      type: number;
      data: { choices: Array<{ name: string; value: string }> };
    };
    expect(body.type).toBe(8);
    return body.data.choices;
  };

  it("offers the tools the role may use that match what was typed", async () => {
    const owner = await choices(autocomplete("omni", { tool: "invoices li" }, "tool"));
    expect(owner.map((c) => c.value)).toContain("invoices_list");
    expect(owner.length).toBeLessThanOrEqual(25);
    for (const c of owner) expect(c.name.length).toBeLessThanOrEqual(100);
    const staff = await choices(autocomplete("omni", { tool: "invoice" }, "tool", { role: "staff" }));
    expect(staff.map((c) => c.value)).not.toContain("invoices_list");
    const all = await choices(autocomplete("omni", { tool: "" }, "tool", { role: "staff" }));
    expect(all).toHaveLength(25);
  });

  it("completes record ids with the search tool after key=, and fields otherwise", async () => {
    const ids = await choices(autocomplete("omni", { tool: "contacts_get", input: "id=bluedo" }, "input"));
    expect(ids[0]).toMatchObject({ value: `id=${contactId}` });
    expect(ids[0]!.name).toMatch(/Bluedoor Roasters · contact/);
    const fields = await choices(autocomplete("omni", { tool: "contacts_list", input: "" }, "input"));
    expect(fields.map((c) => c.value)).toContain("limit=");
    const next = await choices(autocomplete("omni", { tool: "contacts_list", input: "limit=5" }, "input"));
    expect(next.map((c) => c.value)).toContain("limit=5 q=");
    expect(next.map((c) => c.value)).not.toContain("limit=5 limit=");
  });

  it("offers nothing to strangers", async () => {
    expect(await choices(autocomplete("omni", { tool: "inv" }, "tool", { userId: "1" }))).toEqual([]);
    expect(DISCORD_USER.owner).toBeTruthy();
    expect(GUILD).toBeTruthy();
  });
});
