/** The message bodies: splitting at Discord's limits, links, sources, cards and command registration. */
import { REST } from "discord.js";
import { describe, expect, it } from "vitest";
import { COMMANDS, registerCommands } from "../../bots/discord/commands.js";
import {
  answerMessages,
  cardMessage,
  cut,
  decisionId,
  embedSize,
  LIMITS,
  packEmbeds,
  parseDecisionId,
  recordLink,
  safeLinks,
  sourceFields,
  splitText,
} from "../../bots/discord/render.js";
import type { ActionCard } from "../../tools/actions/index.js";
import { startFakeDiscord } from "../fakes/discord.js";

const link = recordLink("https://omni.test/", "cafe");

describe("splitting", () => {
  it("keeps pieces within the limit, prefers paragraph breaks and loses no text", () => {
    const text = Array.from({ length: 50 }, (_, i) => `Paragraph ${i} ${"word ".repeat(30)}`).join("\n\n");
    const pieces = splitText(text, 1000);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(1000);
    expect(pieces.join("\n\n").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " ").trim());
    expect(pieces[0]!.endsWith("word")).toBe(true);
  });

  it("closes and reopens a code block cut in two", () => {
    const text = `Intro\n\`\`\`\n${Array.from({ length: 200 }, (_, i) => `line ${i}`).join("\n")}\n\`\`\`\nOutro`;
    const pieces = splitText(text, 500);
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(500);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it("cuts a word longer than the limit, and never halves an emoji", () => {
    const pieces = splitText("x".repeat(2500), 1000);
    expect(pieces.map((p) => p.length)).toEqual([992, 992, 516]);
    expect(cut("ab😀cd", 4)).toBe("ab…");
  });

  it("packs embeds into messages of at most 10 embeds and 6000 characters", () => {
    const embeds = Array.from({ length: 25 }, (_, i) => ({ description: `${i}`.padEnd(1500, ".") }));
    const messages = packEmbeds(embeds);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(10);
      expect(m.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(6000);
    }
    expect(messages.flat()).toHaveLength(25);
  });
});

describe("links and sources", () => {
  it("makes record links absolute and unmasks links elsewhere", () => {
    expect(safeLinks("see [INV-1](/b/cafe/r/inv_1) and [x](https://evil.test/a)", "https://omni.test")).toBe(
      "see [INV-1](https://omni.test/b/cafe/r/inv_1) and x (<https://evil.test/a>)",
    );
  });

  it("lists sources by type, at most 25, and counts the rest", () => {
    const refs = Array.from({ length: 40 }, (_, i) => ({
      type: i % 2 ? "invoice" : "customer",
      id: `id_${i}`,
      label: `Label [${i}]`,
    }));
    const { fields, more } = sourceFields(refs, link);
    expect(more).toBe(15);
    expect(fields.map((f) => f.name)).toEqual(["Customer", "Invoice"]);
    expect(fields[0]!.value).toContain("[Label 0](https://omni.test/b/cafe/r/id_0)");
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    const [message] = answerMessages({ text: "hi", refs, link, publicUrl: "https://omni.test" });
    expect(message!.embeds![0]!.footer!.text).toBe("and 15 more sources");
  });
});

describe("cards", () => {
  const card: ActionCard = {
    id: "act_01J0000000000000000000000A",
    tool: "email_send",
    input: {},
    summary: "Email a@b.test: Invoice reminder",
    preview: {
      email: {
        from: "shop@cafe.test",
        to: ["a@b.test"],
        cc: [],
        subject: "Invoice reminder",
        text: "Hello\n```not code```",
        messageId: "<m@cafe.test>",
      },
    },
    status: "proposed",
    approverRoles: ["owner", "manager"],
    fromUntrustedContent: true,
    proposedByUserId: null,
    threadId: null,
    createdAt: "2026-11-25T12:00:00Z",
    expiresAt: "2026-11-27T12:00:00Z",
    decidedByUserId: null,
    decidedAt: null,
    result: null,
    error: null,
  };
  const biz = "biz_01J0000000000000000000000B";

  it("shows the exact email, the outside-content warning and both buttons", () => {
    const m = cardMessage(card, { businessId: biz });
    const e = m.embeds![0]!;
    expect(e.description).toMatch(/⚠ \*\*Proposed after reading outside content/);
    expect(e.description).toContain("To: a@b.test");
    expect(e.description).toContain("│ Hello");
    expect(e.description!.match(/```/g)).toHaveLength(2);
    expect(m.components![0]!.components.map((b) => ("custom_id" in b ? b.custom_id : ""))).toEqual([
      decisionId("approve", biz, card.id),
      decisionId("reject", biz, card.id),
    ]);
    expect(parseDecisionId(decisionId("reject", biz, card.id))).toEqual({
      decision: "reject",
      businessId: biz,
      actionId: card.id,
    });
    expect(parseDecisionId("omni:approve:biz_x:act_y")).toBeUndefined();
  });

  it("drops the buttons and says who decided once it is decided; cuts a huge preview with a note", () => {
    const done = cardMessage(
      { ...card, status: "failed", decidedAt: "2026-11-25T12:05:00Z", error: "mailbox full" },
      { businessId: biz, decidedBy: "Ana" },
    );
    expect(done.components).toEqual([]);
    expect(JSON.stringify(done.embeds)).toMatch(/Approved by Ana <t:\d+:f>, but it failed: mailbox full/);
    const huge = cardMessage({ ...card, preview: { note: "y".repeat(10_000) } }, { businessId: biz })
      .embeds![0]!;
    expect(huge.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(huge.description).toMatch(/more characters: see the full preview in the app/);
  });
});

describe("commands", () => {
  it("are valid for Discord and register globally or on one guild", async () => {
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[a-z]{1,32}$/);
      expect(("description" in c ? (c.description ?? "") : "").length).toBeLessThanOrEqual(100);
      for (const o of "options" in c ? (c.options ?? []) : [])
        expect(o.description.length).toBeLessThanOrEqual(100);
    }
    const fake = await startFakeDiscord();
    try {
      const rest = new REST({ api: fake.api, version: "10", retries: 0 }).setToken("t");
      const global = await registerCommands(rest, "1", undefined);
      expect(global.map((c) => c.name)).toEqual(["ask", "brief", "search", "approvals", "link", "omni"]);
      await registerCommands(rest, "1", "42");
      const [g] = fake.find("PUT", "/applications/1/guilds/42/commands");
      expect((g!.body as Array<Record<string, unknown>>)[0]).not.toHaveProperty("contexts");
      expect(fake.find("PUT", "/applications/1/commands")[0]!.headers.authorization).toBe("Bot t");
    } finally {
      await fake.close();
    }
  });
});
