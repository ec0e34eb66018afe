/**
 * An ai_action as plain text for people: what will happen, exactly, and who may approve it. Chat surfaces use
 * it as is (terminal, message fallbacks) or around their own buttons.
 */
import type { ActionCard } from "../tools/actions/card.js";
import type { OutgoingEmail } from "../tools/define.js";

export function renderActionCard(card: ActionCard): string {
  const lines = [`Proposed action ${card.id}: ${card.summary}`];
  if (card.fromUntrustedContent) {
    lines.push(
      "⚠ Proposed after reading outside content (an email, document or ticket): check it was really asked for.",
    );
  }
  lines.push(...previewLines(card.preview).map((l) => `  ${l}`));
  lines.push(
    `Status: ${card.status}. Approval by: ${card.approverRoles.join(", ")}${card.expiresAt ? `; expires ${card.expiresAt}` : ""}.`,
  );
  return lines.join("\n");
}

function previewLines(preview: Record<string, unknown>): string[] {
  const { pinned: _pinned, email, ...rest } = preview;
  const out: string[] = [];
  for (const [key, value] of Object.entries(rest)) out.push(...block(key, value));
  if (email) out.push(...emailLines(email as OutgoingEmail));
  return out;
}

/** The email as the recipient will see it: headers, a blank line, the body. */
export function emailLines(e: OutgoingEmail): string[] {
  return [
    `From: ${e.from}`,
    `To: ${e.to.join(", ")}`,
    ...(e.cc.length ? [`Cc: ${e.cc.join(", ")}`] : []),
    ...(e.replyTo ? [`Reply-To: ${e.replyTo}`] : []),
    `Subject: ${e.subject}`,
    `Message-ID: ${e.messageId}`,
    "",
    ...e.text.split("\n").map((l) => `│ ${l}`),
  ];
}

function block(key: string, value: unknown, indent = ""): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null))
      return [`${indent}${key}: ${value.join(", ")}`];
    return [`${indent}${key}:`, ...value.flatMap((v, i) => block(`${i + 1}`, v, `${indent}  `))];
  }
  if (typeof value === "object") {
    return [
      `${indent}${key}:`,
      ...Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => block(k, v, `${indent}  `)),
    ];
  }
  return [`${indent}${key}: ${String(value)}`];
}
