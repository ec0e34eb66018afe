import { describe, expect, it } from "vitest";
import { linkCodeOf, plainText } from "./identity.js";
import {
  answerMessages,
  SECTION_MAX,
  SECTIONS_PER_MESSAGE,
  sourcesBlock,
  splitText,
  toMrkdwn,
} from "./render.js";

const link = (r: { id: string }) => `https://omni.example.com/b/co/r/${r.id}`;

describe("toMrkdwn", () => {
  it("turns the model's Markdown into Slack mrkdwn", () => {
    expect(
      toMrkdwn("## Cash\n**Balance** is *fine*, see [INV-1](https://x.test/a?b=1&c=2).\n- one\n* two"),
    ).toBe("*Cash*\n*Balance* is _fine_, see <https://x.test/a?b=1&amp;c=2|INV-1>.\n• one\n• two");
  });

  it("escapes &, < and > and leaves code alone", () => {
    expect(toMrkdwn("a < b & `x **y**`\n```\n**raw** <tag>\n```")).toBe(
      "a &lt; b &amp; `x **y**`\n```\n**raw** &lt;tag&gt;\n```",
    );
  });

  it("keeps tables readable in a code block", () => {
    expect(toMrkdwn("Top:\n| a | b |\n|---|---|\n| 1 | 2 |\nDone")).toBe(
      "Top:\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\nDone",
    );
  });
});

describe("splitting long answers", () => {
  it("cuts at paragraphs, keeps every piece within a section, and reopens code blocks", () => {
    const para = "word ".repeat(400).trim();
    const code = `\`\`\`\n${"line\n".repeat(800)}\`\`\``;
    const pieces = splitText(`${para}\n\n${para}\n\n${code}`);
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(SECTION_MAX);
      expect((p.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
    }
    expect(pieces[0]).toBe(para);
  });

  it("puts at most a few sections in a message and the sources on the last", () => {
    const text = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${"x".repeat(2_000)}`).join("\n\n");
    const refs = [{ type: "invoice", id: "inv_1", label: "INV-1 <Acme & Co>" }];
    const messages = answerMessages(text, refs, link);
    expect(messages.length).toBe(Math.ceil(12 / SECTIONS_PER_MESSAGE));
    expect(messages[0]!.blocks).toHaveLength(SECTIONS_PER_MESSAGE);
    expect(JSON.stringify(messages.at(-1)!.blocks.at(-1))).toContain(
      "Sources: <https://omni.example.com/b/co/r/inv_1|INV-1 &lt;Acme &amp; Co&gt;>",
    );
    expect(messages[0]!.text).toMatch(/^Paragraph 0/);
  });

  it("caps the sources line", () => {
    const refs = Array.from({ length: 30 }, (_, i) => ({ type: "task", id: `tsk_${i}`, label: `Task ${i}` }));
    const block = sourcesBlock(refs, link) as { elements: Array<{ text: string }> };
    expect(block.elements[0]!.text).toMatch(/\+20 more$/);
  });
});

describe("reading Slack text", () => {
  it("removes the bot's mention and decodes Slack's markup", () => {
    expect(plainText("<@UBOT> what about <@U123> in <#C1|sales> &amp; <https://a.test|this>?", "UBOT")).toBe(
      "what about @U123 in #sales & this (https://a.test)?",
    );
    expect(plainText("line one\nline  two")).toBe("line one\nline two");
  });

  it("recognises `link <code>` only on its own", () => {
    expect(linkCodeOf("  link AB12CD34 ")).toBe("AB12CD34");
    expect(linkCodeOf("please link AB12CD34 now")).toBeUndefined();
  });
});
