/**
 * What the Slack app posts, as Block Kit: answers (the model's Markdown turned into mrkdwn, split to Slack's
 * limits, with a context line of sources linking to the admin UI), approval cards with their exact preview and
 * Approve / Reject buttons, and the card after a decision (who, when, outcome). Pure functions, no Web API.
 */
import type { types } from "@slack/bolt";
import { renderActionCard } from "../../agent/action-card.js";
import type { ActionCard } from "../../tools/actions/index.js";
import type { Ref } from "../../tools/define.js";

export type KnownBlock = types.KnownBlock;

/** A section's text may hold 3,000 characters; a little is kept for closing a code fence. */
export const SECTION_MAX = 2_900;
/** Sections per message: long answers continue in further messages rather than one huge wall. */
export const SECTIONS_PER_MESSAGE = 4;
const CONTEXT_MAX = 1_900;
const SOURCES_MAX = 10;

export const APPROVE = "omni_approve";
export const REJECT = "omni_reject";
/** block_id of a card's buttons: the business the action belongs to (the value is the action id). */
export const cardBlockId = (businessId: string) => `omni_card:${businessId}`;

/** Escapes the three characters Slack reserves in message text. */
export const escapeText = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** Standard Markdown (what the model writes) → Slack mrkdwn; code blocks and inline code are left as they are. */
export function toMrkdwn(md: string): string {
  const out: string[] = [];
  let fence = false;
  let table = false;
  for (const line of md.split("\n")) {
    if (/^\s*```/.test(line)) {
      if (table) {
        out.push("```");
        table = false;
      }
      fence = !fence;
      out.push(escapeText(line.trim()));
      continue;
    }
    if (fence) {
      out.push(escapeText(line));
      continue;
    }
    // Slack has no tables: keep their columns readable in a code block.
    const isTable = /^\s*\|.*\|\s*$/.test(line);
    if (isTable !== table) {
      out.push("```");
      table = isTable;
    }
    if (table) {
      out.push(escapeText(line));
      continue;
    }
    out.push(inline(block(line)));
  }
  if (table || fence) out.push("```");
  return out.join("\n");
}

function block(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `**${heading[1]}**`;
  return line.replace(/^(\s*)[-*+]\s+/, "$1• ").replace(/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/, "──────────");
}

/** Inline Markdown → mrkdwn outside `code` spans. */
function inline(line: string): string {
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return escapeText(part);
      let s = escapeText(part);
      s = s.replace(/\[([^\]]+)\]\(((?:https?|mailto):[^)\s]+)\)/g, (_m, label: string, url: string) => {
        return `<${url}|${label}>`;
      });
      s = s.replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_m, a?: string, b?: string) => `\u0001${a ?? b}\u0001`);
      s = s.replace(/(^|[^\w*])\*(?!\s)([^*]+?)\*(?!\w)/g, "$1_$2_");
      s = s.replace(/~~(.+?)~~/g, "~$1~");
      return s.replaceAll("\u0001", "*");
    })
    .join("");
}

/**
 * Splits text into pieces of at most `max` characters: at blank lines, else at line ends, else hard. A piece
 * that ends inside a code block closes it, and the next reopens it.
 */
export function splitText(text: string, max = SECTION_MAX): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  let reopen = false;
  while (rest.length) {
    const head: string = reopen ? "```\n" : "";
    const room = max - head.length - 4;
    let piece: string;
    if (head.length + rest.length <= max) piece = rest;
    else {
      const window = rest.slice(0, room);
      const cut = [window.lastIndexOf("\n\n"), window.lastIndexOf("\n")].find((i) => i > room / 3) ?? room;
      piece = rest.slice(0, cut);
    }
    rest = rest.slice(piece.length).replace(/^\n+/, "");
    let full: string = head + piece.replace(/\n+$/, "");
    const open: boolean = (full.match(/^```/gm)?.length ?? 0) % 2 === 1;
    if (open && rest.length) full += "\n```";
    reopen = open && rest.length > 0;
    pieces.push(full);
  }
  return pieces.length ? pieces : [""];
}

/** The answer as messages: each a list of blocks plus the notification text; the sources go on the last. */
export function answerMessages(
  markdown: string,
  refs: Ref[],
  link: (r: Ref) => string,
): Array<{ text: string; blocks: KnownBlock[] }> {
  const sections = splitText(toMrkdwn(markdown || "(no answer)"));
  const messages: Array<{ text: string; blocks: KnownBlock[] }> = [];
  for (let i = 0; i < sections.length; i += SECTIONS_PER_MESSAGE) {
    const part = sections.slice(i, i + SECTIONS_PER_MESSAGE);
    messages.push({
      text: plainPreview(part[0] ?? ""),
      blocks: part.map((t) => ({ type: "section", text: { type: "mrkdwn", text: t } })),
    });
  }
  const sources = sourcesBlock(refs, link);
  if (sources) messages.at(-1)!.blocks.push(sources);
  return messages;
}

/** "Sources: <link|label> · …" as a context block; undefined without refs. */
export function sourcesBlock(refs: Ref[], link: (r: Ref) => string): KnownBlock | undefined {
  if (!refs.length) return undefined;
  const items: string[] = [];
  let used = "Sources: ".length;
  for (const r of refs.slice(0, SOURCES_MAX)) {
    const item = `<${link(r)}|${escapeText(r.label || r.id)}>`;
    if (used + item.length + 3 > CONTEXT_MAX - 20) break;
    items.push(item);
    used += item.length + 3;
  }
  const more = refs.length - items.length;
  return {
    type: "context",
    elements: [
      { type: "mrkdwn", text: `Sources: ${items.join(" · ")}${more > 0 ? ` · +${more} more` : ""}` },
    ],
  };
}

/** Notification text (shown in push notifications and where blocks cannot be): the first line, short. */
export function plainPreview(mrkdwn: string, max = 150): string {
  const first = mrkdwn.split("\n").find((l) => l.trim() && !l.startsWith("```")) ?? "";
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

// ── approval cards ─────────────────────────────────────────────────────────────────────────────────────

export interface Decider {
  /** How to name who decided: a Slack mention when they have a linked account here, else their name. */
  name: string;
}

/** A proposed action as Block Kit: summary, warning, exact preview, state, and the buttons while proposed. */
export function cardBlocks(
  card: ActionCard,
  opts: { businessId: string; decider?: Decider; link?: (r: Ref) => string; now?: Date },
): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: `*Proposed action* \`${card.id}\`\n*${escapeText(card.summary)}*` },
    },
  ];
  if (card.fromUntrustedContent) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: ":warning: Proposed after reading outside content (an email, document or ticket): check it was really asked for.",
        },
      ],
    });
  }
  for (const piece of previewPieces(card))
    blocks.push({ type: "section", text: { type: "mrkdwn", text: piece } });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: stateLine(card, opts.decider) }] });
  const results = resultRefs(card);
  if (results.length && opts.link) {
    const s = sourcesBlock(results, opts.link);
    if (s && s.type === "context") {
      const el = s.elements[0] as { type: "mrkdwn"; text: string };
      el.text = el.text.replace(/^Sources:/, "Result:");
      blocks.push(s);
    }
  }
  if (card.status === "proposed") {
    blocks.push({
      type: "actions",
      block_id: cardBlockId(opts.businessId),
      elements: [
        {
          type: "button",
          action_id: APPROVE,
          text: { type: "plain_text", text: "Approve" },
          style: "primary",
          value: card.id,
        },
        {
          type: "button",
          action_id: REJECT,
          text: { type: "plain_text", text: "Reject" },
          style: "danger",
          value: card.id,
        },
      ],
    });
  }
  return blocks;
}

/** The notification text of a card message. */
export function cardText(card: ActionCard): string {
  return `${card.status === "proposed" ? "Approval needed" : `Action ${card.status}`}: ${card.summary}`;
}

/**
 * The exact preview in code blocks — the same lines `omni chat` shows (agent/action-card.ts), so every surface
 * shows the very same email, task or post. Cut to a few sections with a note when it is very long.
 */
function previewPieces(card: ActionCard): string[] {
  const lines = renderActionCard(card)
    .split("\n")
    .filter((l) => l.startsWith("  "))
    .map((l) => l.slice(2));
  if (!lines.length) return [];
  const pieces = splitText(`\`\`\`\n${escapeText(lines.join("\n"))}\n\`\`\``);
  if (pieces.length <= 6) return pieces;
  return [...pieces.slice(0, 6), "_(preview cut here: it is longer than a Slack message allows)_"];
}

const when = (iso: string | null) => {
  if (!iso) return "";
  const unix = Math.floor(new Date(iso).getTime() / 1000);
  return ` <!date^${unix}^{date_short_pretty} at {time}|${iso.slice(0, 16).replace("T", " ")} UTC>`;
};

function stateLine(card: ActionCard, decider: Decider | undefined): string {
  const by = decider ? ` by ${decider.name}` : "";
  const at = when(card.decidedAt);
  switch (card.status) {
    case "proposed":
      return `:hourglass_flowing_sand: Waiting for approval by ${card.approverRoles.join(" or ")}${card.expiresAt ? ` · expires${when(card.expiresAt)}` : ""}`;
    case "approved":
    case "executing":
      return `:white_check_mark: Approved${by}${at} · running…`;
    case "succeeded":
      return `:white_check_mark: Approved${by}${at} · done`;
    case "failed":
      return `:x: Approved${by}${at} · failed: ${escapeText(card.error ?? "unknown error")}`;
    case "rejected":
      return `:no_entry_sign: Rejected${by}${at}${card.error ? `: ${escapeText(card.error)}` : ""}`;
    case "expired":
      return ":hourglass: Expired without a decision; ask again if it is still wanted.";
    default:
      return `Status: ${card.status}`;
  }
}

function resultRefs(card: ActionCard): Ref[] {
  const refs = (card.result as { refs?: unknown } | null)?.refs;
  if (!Array.isArray(refs)) return [];
  return refs.filter(
    (r): r is Ref =>
      !!r &&
      typeof r === "object" &&
      typeof (r as Ref).id === "string" &&
      typeof (r as Ref).type === "string",
  );
}
