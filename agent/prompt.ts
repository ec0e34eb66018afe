/**
 * The system prompt: the static text of prompts/system.md plus one block describing this business and the
 * user's role. Both are byte-stable for a business and role (no clock, no per-turn ids), so the prompt cache
 * hits across turns; "today" goes into the first user message instead (see `dateLine`).
 */
import { readFileSync } from "node:fs";
import type { TextBlockParam } from "@anthropic-ai/sdk/resources/messages/messages.js";
import type { Role } from "../db/schema/core.js";
import { localDate } from "../tools/dates.js";
import { MODULES, PERMISSIONS } from "../tools/permissions.js";

/** What the agent needs to know about the business; the same fields for every turn of a business. */
export interface AgentBusiness {
  name: string;
  slug: string;
  currency: string;
  timezone: string;
  industry?: string | null;
}

/** Read once: the prompt is a file so it can be reviewed and diffed like code. */
const SYSTEM_PROMPT = readFileSync(new URL("../prompts/system.md", import.meta.url), "utf8").trim();

/** The modules a role may read, change and act on, from the one permission table. */
function roleSummary(role: Role): string {
  const modules = (access: "read" | "write" | "external") =>
    MODULES.filter((m) => PERMISSIONS[m][access].includes(role)).join(", ") || "none";
  return [
    `The user's role is ${role.toUpperCase()}.`,
    `- may read: ${modules("read")}`,
    `- may change (after approval): ${modules("write")}`,
    `- may act outside the business (after approval): ${modules("external")}`,
    "Tools outside these modules are not offered; if asked for such data, say the role does not allow it.",
  ].join("\n");
}

/** System blocks for a business and role; the last carries the cache breakpoint. */
export function systemBlocks(business: AgentBusiness, role: Role): TextBlockParam[] {
  const context = [
    "# This business",
    `- name: ${business.name}`,
    `- industry: ${business.industry?.trim() || "not specified"}`,
    `- currency: ${business.currency}`,
    `- time zone: ${business.timezone}`,
    `- record links: [label](/b/${business.slug}/r/<id>)`,
    "",
    "# The user",
    roleSummary(role),
  ].join("\n");
  return [
    { type: "text", text: SYSTEM_PROMPT },
    { type: "text", text: context, cache_control: { type: "ephemeral" } },
  ];
}

/** The line that opens the first user message of a turn: the only per-turn context, kept out of the cache prefix. */
export function dateLine(now: Date, timezone: string): string {
  const date = localDate(now, timezone);
  const weekday = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "long" }).format(now);
  return `Today is ${weekday}, ${date} (${timezone}).`;
}
