/**
 * The content templates (prompts/templates/*.mustache): read and parsed once when this module loads — a
 * missing or broken template stops startup instead of yielding an empty draft — and rendered as plain text.
 * Also the shared pieces of the draft tools' output and the text formats they fill templates with.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Mustache from "mustache";
import { z } from "zod";
import { withRefs } from "./define.js";

export const TEMPLATE_DIR = new URL("../prompts/templates/", import.meta.url);

/** One template per kind of draft. Message templates may start with a "Subject: …" line; list templates give one item a line. */
export const TEMPLATES = {
  invoice_reminder: { file: "invoice-reminder.mustache", shape: "message" },
  follow_up: { file: "sales-follow-up.mustache", shape: "message" },
  cold_outreach: { file: "sales-cold-outreach.mustache", shape: "message" },
  sop: { file: "sop.mustache", shape: "message" },
  policy: { file: "policy.mustache", shape: "message" },
  job_description: { file: "job-description.mustache", shape: "message" },
  post_ideas: { file: "post-ideas.mustache", shape: "items" },
  caption: { file: "caption.mustache", shape: "message" },
  ad_copy: { file: "ad-copy.mustache", shape: "message" },
  subject_lines: { file: "subject-lines.mustache", shape: "items" },
} as const satisfies Record<string, { file: string; shape: "message" | "items" }>;
export type TemplateKind = keyof typeof TEMPLATES;

/** Reads and parses every template in `dir`; throws naming each file that is missing or does not parse. */
export function loadTemplates(dir: URL): Record<TemplateKind, string> {
  const out: Partial<Record<TemplateKind, string>> = {};
  const problems: string[] = [];
  for (const [kind, { file }] of Object.entries(TEMPLATES) as [TemplateKind, { file: string }][]) {
    let text: string;
    try {
      text = readFileSync(new URL(file, dir), "utf8");
    } catch {
      problems.push(`${file} is missing`);
      continue;
    }
    try {
      Mustache.parse(text); // parses once and caches the tokens for render
    } catch (err) {
      problems.push(`${file} does not parse: ${(err as Error).message}`);
      continue;
    }
    out[kind] = text;
  }
  if (problems.length) throw new Error(`Content templates in ${fileURLToPath(dir)}: ${problems.join("; ")}`);
  return out as Record<TemplateKind, string>;
}

const LOADED = loadTemplates(TEMPLATE_DIR);

export type Draft = { subject?: string; body: string } | { items: string[] };
export type View = Record<string, unknown>;

/**
 * Fills the template of `kind` with `view` (plain text, nothing HTML-escaped). A top-level name the view lacks
 * is a bug in the tool, thrown rather than rendered as an empty gap.
 */
export function renderDraft(kind: TemplateKind, view: View): { template: string; draft: Draft } {
  const { file, shape } = TEMPLATES[kind];
  const text = LOADED[kind];
  for (const token of Mustache.parse(text)) {
    const [type, name] = token as unknown as [string, string];
    if (["name", "&", "#", "^"].includes(type) && name !== "." && !(name.split(".")[0]! in view))
      throw new Error(`Template ${file} uses {{${name}}}, which the ${kind} view does not have`);
  }
  const out = tidy(Mustache.render(text, view, {}, { escape: (v: unknown) => String(v) }));
  if (shape === "items") {
    return {
      template: file,
      draft: {
        items: out
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean),
      },
    };
  }
  const m = /^Subject:[ \t]*(.*)\n+/.exec(out);
  return {
    template: file,
    draft: m ? { subject: m[1]!.trim(), body: out.slice(m[0].length).trim() } : { body: out },
  };
}

/** Trailing spaces off, at most one blank line in a row (sections left out leave gaps), no blank ends. */
function tidy(s: string): string {
  return s
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// ── output ─────────────────────────────────────────────────────────────────────────────────────────────

export const DRAFT_NOTE =
  "Template draft filled from records — edit before sending; sending is an action that needs approval.";

const draftSchema = z
  .union([
    z.object({
      subject: z.string().optional().describe("email subject line, when the draft is an email"),
      body: z.string(),
    }),
    z.object({ items: z.array(z.string()).describe("one suggestion per item") }),
  ])
  .describe("the filled template: a starting point to edit or rewrite, not sent anywhere");

/** The output every draft tool shares: kind, template file, draft, the grounded facts, the note, refs. */
export function draftOutput<K extends readonly [string, ...string[]], F extends z.ZodRawShape>(
  kinds: K,
  facts: F,
) {
  return withRefs({
    kind: z.enum(kinds),
    template: z.string().describe("file under prompts/templates/ the draft was filled from"),
    draft: draftSchema,
    facts: z
      .object(facts)
      .describe(
        "the figures from the records the draft uses: ground any rewrite in these, never invent others",
      ),
    note: z.string(),
  });
}

// ── text formats ───────────────────────────────────────────────────────────────────────────────────────

/** "28131.5" + "USD" → "28,131.5 USD" (as command mode shows amounts); digits grouped as text, no floats. */
export function formatAmount(amount: string, currency: string): string {
  const [whole = "", frac] = amount.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const grouped = whole.replace(/^-/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${frac === undefined ? "" : `.${frac}`} ${currency}`;
}

/** The amount without its currency, grouped: "1,234.50". */
export const groupedAmount = (amount: string) => formatAmount(amount, "").trimEnd();

/** "2026-11-25" → "November 25, 2026" (a calendar date: no time zone shift). */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** "2026-11-30" → "Monday, November 30". */
export function weekdayDate(date: string): string {
  return new Intl.DateTimeFormat("en-US", {
    weekday: "long",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));
}

/** ["a", "b", "c"] → "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
