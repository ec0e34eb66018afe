/**
 * What the bot posts, as Discord message bodies: answers as embeds with record links and sources, split at
 * Discord's limits; tool output; search results; approval cards with Approve / Reject buttons. Pure functions.
 */
import {
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { emailLines } from "../../agent/action-card.js";
import type { ActionCard } from "../../tools/actions/index.js";
import type { OutgoingEmail, Ref } from "../../tools/define.js";

/** Discord's documented limits (characters; JS string length is never below Discord's count). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsPerMessage: 10,
  /** All embeds of one message together. */
  embedTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
} as const;

/** At most this many sources are listed under an answer; the rest are counted in the footer. */
export const MAX_SOURCES = 25;

export interface OutMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  allowed_mentions?: APIAllowedMentions;
}

/** Nothing the bot posts pings anyone (answers may quote outside text). */
export const NO_PINGS: APIAllowedMentions = { parse: [] };

export const COLORS = {
  answer: 0x5865f2,
  waiting: 0xfee75c,
  done: 0x57f287,
  refused: 0xed4245,
  muted: 0x99aab5,
} as const;

/** Builds the link to a record in the app: `${publicUrl}/b/<slug>/r/<id>`. */
export type RecordLink = (id: string) => string;

export function recordLink(publicUrl: string, slug: string): RecordLink {
  const base = publicUrl.replace(/\/+$/, "");
  return (id) => `${base}/b/${slug}/r/${encodeURIComponent(id)}`;
}

/** Cuts to `max` characters with an ellipsis, never inside a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let at = max - 1;
  if (isHighSurrogate(text.charCodeAt(at - 1))) at--;
  return `${text.slice(0, at)}…`;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/**
 * Splits text into pieces of at most `max` characters, preferring paragraph, then line, then word breaks; a
 * code block cut in two is closed at the end of one piece and reopened at the start of the next.
 */
export function splitText(text: string, max: number): string[] {
  const FENCE = "```";
  const room = max - (FENCE.length + 1) * 2;
  const out: string[] = [];
  let rest = text.trim();
  let reopen = false;
  while (rest.length > 0) {
    const head: string = reopen ? `${FENCE}\n` : "";
    if (head.length + rest.length <= max) {
      out.push(head + rest);
      break;
    }
    let at = rest.lastIndexOf("\n\n", room);
    if (at < room / 2) at = rest.lastIndexOf("\n", room);
    if (at < room / 2) at = rest.lastIndexOf(" ", room);
    if (at < room / 2) at = isHighSurrogate(rest.charCodeAt(room - 1)) ? room - 1 : room;
    let piece: string = head + rest.slice(0, at).trimEnd();
    rest = rest.slice(at).replace(/^\s+/, "");
    reopen = (piece.split(FENCE).length - 1) % 2 === 1;
    if (reopen) piece += `\n${FENCE}`;
    out.push(piece);
  }
  return out.length ? out : [""];
}

/** Escapes Discord markdown in text from outside the business (search snippets, labels). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~|>[\]()#<@-]/g, "\\$&");
}

/**
 * Record links the agent writes as `[label](/b/<slug>/r/<id>)` become absolute; masked links to anywhere else
 * are shown as plain "label (url)", so an answer cannot disguise where a link goes.
 */
export function safeLinks(text: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, "");
  return text.replace(/\[([^\]\n]{1,200})\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => {
    if (url.startsWith("/b/")) return `[${label}](${base}${url})`;
    if (url.startsWith(`${base}/`)) return `[${label}](${url})`;
    return `${label} (<${url}>)`;
  });
}

/** Characters Discord counts toward the 6000 of a message's embeds. */
export function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Packs embeds into as few messages as fit (10 embeds and 6000 characters each), keeping their order. */
export function packEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (current.length && (current.length >= LIMITS.embedsPerMessage || size + s > LIMITS.embedTotal)) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += s;
  }
  if (current.length) messages.push(current);
  return messages;
}

const typeName = (type: string) => {
  const words = type.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Sources as embed fields, one field per record type (continued when a field fills up). */
export function sourceFields(refs: Ref[], link: RecordLink): { fields: APIEmbedField[]; more: number } {
  const shown = refs.slice(0, MAX_SOURCES);
  const byType = new Map<string, string[]>();
  for (const r of shown) {
    const label = cut(r.label.replace(/[[\]]/g, ""), 120) || r.id;
    const lines = byType.get(r.type) ?? [];
    lines.push(`[${label}](${link(r.id)})`);
    byType.set(r.type, lines);
  }
  const fields: APIEmbedField[] = [];
  for (const [type, lines] of byType) {
    let value = "";
    let part = 0;
    for (const line of lines) {
      if (value && value.length + 1 + line.length > LIMITS.fieldValue) {
        fields.push({ name: part++ ? `${typeName(type)} (cont.)` : typeName(type), value });
        value = "";
      }
      value = value ? `${value}\n${line}` : cut(line, LIMITS.fieldValue);
    }
    if (value) fields.push({ name: part ? `${typeName(type)} (cont.)` : typeName(type), value });
  }
  const kept = fields.slice(0, LIMITS.fields);
  return { fields: kept, more: refs.length - shown.length };
}

export interface AnswerInput {
  title?: string;
  text: string;
  refs: Ref[];
  link: RecordLink;
  publicUrl: string;
  footer?: string;
  color?: number;
  flags?: number;
}

/**
 * An answer as messages: the text in embed descriptions (4096 each), then the sources as fields on the last
 * embed when they fit or on their own embed, packed into as few messages as Discord allows.
 */
export function answerMessages(a: AnswerInput): OutMessage[] {
  const color = a.color ?? COLORS.answer;
  const chunks = splitText(safeLinks(a.text.trim() || "(no answer)", a.publicUrl), LIMITS.description);
  const embeds: APIEmbed[] = chunks.map((description, i) => ({
    ...(i === 0 && a.title ? { title: cut(a.title, LIMITS.title) } : {}),
    description,
    color,
  }));
  const { fields, more } = sourceFields(a.refs, a.link);
  const footerText = [a.footer, more ? `and ${more} more sources` : ""].filter(Boolean).join(" · ");
  const footer = footerText ? { text: cut(footerText, LIMITS.footer) } : undefined;
  const last = embeds.at(-1)!;
  const withSources: APIEmbed = {
    ...last,
    ...(fields.length ? { fields } : {}),
    ...(footer ? { footer } : {}),
  };
  if (embedSize(withSources) <= LIMITS.embedTotal) embeds[embeds.length - 1] = withSources;
  else embeds.push({ title: "Sources", fields, color, ...(footer ? { footer } : {}) });
  return packEmbeds(embeds).map((group) => ({
    embeds: group,
    allowed_mentions: NO_PINGS,
    ...(a.flags ? { flags: a.flags } : {}),
  }));
}

/** A short plain notice (errors, confirmations) as one message. */
export function noticeMessage(text: string, flags?: number): OutMessage {
  return { content: cut(text, LIMITS.content), allowed_mentions: NO_PINGS, ...(flags ? { flags } : {}) };
}

export interface SearchHit {
  type: string;
  id: string;
  label: string;
  snippet: string;
}

/** Search results: one field per record, linked, with the matching text (outside text, so escaped). */
export function searchMessages(q: string, hits: SearchHit[], link: RecordLink, footer: string): OutMessage[] {
  const fields = hits.slice(0, LIMITS.fields).map((h) => {
    const snippet = escapeMarkdown(h.snippet).replace(/«/g, "**").replace(/»/g, "**");
    return {
      name: cut(`${typeName(h.type)}: ${h.label}`, LIMITS.fieldName),
      value: cut(`[Open](${link(h.id)}) · \`${h.id}\`\n${snippet}`, LIMITS.fieldValue),
    };
  });
  const embed: APIEmbed = {
    title: cut(`Search: ${q}`, LIMITS.title),
    ...(fields.length ? { fields } : { description: "Nothing found that you can see." }),
    color: COLORS.answer,
    footer: { text: footer },
  };
  return packEmbeds([embed]).map((embeds) => ({ embeds, allowed_mentions: NO_PINGS }));
}

// ── approval cards ─────────────────────────────────────────────────────────────────────────────────────

const ID = "[0-9A-HJKMNP-TV-Z]{26}";
const CUSTOM_ID = new RegExp(`^omni:(approve|reject):(biz_${ID}):(act_${ID})$`);

/** The button id carries the decision, the business and the action: `omni:approve:biz_…:act_…` (≤ 100). */
export function decisionId(decision: "approve" | "reject", businessId: string, actionId: string): string {
  return `omni:${decision}:${businessId}:${actionId}`;
}

export function parseDecisionId(
  customId: string,
): { decision: "approve" | "reject"; businessId: string; actionId: string } | undefined {
  const m = CUSTOM_ID.exec(customId);
  return m ? { decision: m[1] as "approve" | "reject", businessId: m[2]!, actionId: m[3]! } : undefined;
}

const orList = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? "an owner") : `${xs.slice(0, -1).join(", ")} or ${xs.at(-1)}`;

const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

function statusLine(card: ActionCard, decidedBy: string | undefined): string {
  const who = decidedBy ?? "someone";
  const when = card.decidedAt ? ` <t:${unix(card.decidedAt)}:f>` : "";
  switch (card.status) {
    case "proposed":
      return `Waiting for approval by ${orList(card.approverRoles)}.`;
    case "approved":
    case "executing":
      return `✅ Approved by ${who}${when}; running now.`;
    case "succeeded":
      return `✅ Approved by ${who}${when} and done.`;
    case "rejected":
      return `✖ Rejected by ${who}${when}${card.error ? `: ${card.error}` : "."}`;
    case "expired":
      return "⌛ Expired without a decision; ask again if it is still wanted.";
    case "failed":
      return `⚠ Approved by ${who}${when}, but it failed: ${card.error ?? "unknown error"}`;
    default:
      return String(card.status);
  }
}

const CARD_COLOR: Record<string, number> = {
  proposed: COLORS.waiting,
  approved: COLORS.done,
  executing: COLORS.done,
  succeeded: COLORS.done,
  rejected: COLORS.refused,
  failed: COLORS.refused,
  expired: COLORS.muted,
};

/** The exact preview: every field, and an email as the recipient will see it. */
export function previewText(preview: Record<string, unknown>): string {
  const { pinned: _pinned, email, ...rest } = preview;
  const lines = Object.entries(rest).flatMap(([k, v]) => block(k, v, ""));
  if (email) lines.push(...(lines.length ? [""] : []), ...emailLines(email as OutgoingEmail));
  return lines.join("\n");
}

function block(key: string, value: unknown, indent: string): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null))
      return [`${indent}${key}: ${value.join(", ")}`];
    return [`${indent}${key}:`, ...value.flatMap((v, i) => block(`${i + 1}`, v, `${indent}  `))];
  }
  if (typeof value === "object")
    return [
      `${indent}${key}:`,
      ...Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => block(k, v, `${indent}  `)),
    ];
  return [`${indent}${key}: ${String(value)}`];
}

/**
 * An action as a message: summary, the ⚠ outside-content warning, the exact preview in a code block, who may
 * approve, when it expires and its status; Approve / Reject buttons only while it is proposed.
 */
export function cardMessage(card: ActionCard, opts: { decidedBy?: string; businessId: string }): OutMessage {
  const warning = card.fromUntrustedContent
    ? "⚠ **Proposed after reading outside content** (an email, document or ticket): check it was really asked for.\n"
    : "";
  const fence = "```";
  const preview = previewText(card.preview).replaceAll(fence, "`\u200b``");
  const room = LIMITS.description - warning.length - fence.length * 2 - 2;
  const shown =
    preview.length <= room
      ? preview
      : `${preview.slice(0, room - 80)}\n… (${preview.length - room + 80} more characters: see the full preview in the app)`;
  const fields: APIEmbedField[] = [
    { name: "Action", value: `\`${card.id}\` · ${card.tool}`, inline: true },
    { name: "Approval by", value: card.approverRoles.join(", ") || "owner", inline: true },
  ];
  if (card.status === "proposed" && card.expiresAt)
    fields.push({ name: "Expires", value: `<t:${unix(card.expiresAt)}:R>`, inline: true });
  fields.push({ name: "Status", value: cut(statusLine(card, opts.decidedBy), LIMITS.fieldValue) });
  const embed: APIEmbed = {
    title: cut(`${card.status === "proposed" ? "Approval needed: " : ""}${card.summary}`, LIMITS.title),
    description: `${warning}${fence}\n${shown || "(no preview)"}\n${fence}`,
    fields,
    color: CARD_COLOR[card.status] ?? COLORS.muted,
  };
  const components: OutMessage["components"] =
    card.status === "proposed"
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Success,
                label: "Approve",
                custom_id: decisionId("approve", opts.businessId, card.id),
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Danger,
                label: "Reject",
                custom_id: decisionId("reject", opts.businessId, card.id),
              },
            ],
          },
        ]
      : [];
  return { embeds: [embed], components, allowed_mentions: NO_PINGS };
}
