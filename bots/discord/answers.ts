/**
 * What each command answers, as Discord messages, for a known person: /ask and mentions (the agent, or command
 * mode without a model), /brief, /search, /omni (any tool, run directly as the person) and the autocomplete
 * of tool names and record ids. Every call goes through the registry with the person's role.
 */
import type { APIApplicationCommandOptionChoice } from "discord.js";
import { answerInCommandMode, parseCommand, renderDraft } from "../../agent/command-mode.js";
import { renderOutput } from "../../agent/command-render.js";
import { converse, turnDeps } from "../../agent/conversation.js";
import { type AgentModel, describeModelError } from "../../agent/model.js";
import type { Db } from "../../db/client.js";
import type { Role } from "../../db/schema/core.js";
import type { Logger } from "../../log.js";
import type { ActionCard } from "../../tools/actions/index.js";
import type { Effects, Ref } from "../../tools/define.js";
import { toolDefinition } from "../../tools/describe.js";
import { errorText } from "../../tools/errors.js";
import type { CallEnv, Registry } from "../../tools/registry.js";
import { agentBusiness, type Who } from "./identity.js";
import {
  answerMessages,
  COLORS,
  cut,
  LIMITS,
  type OutMessage,
  recordLink,
  type SearchHit,
  searchMessages,
} from "./render.js";

/** The model the agent uses; without one, questions are answered in command mode. */
export interface AnswerDeps {
  db: Db;
  registry: Registry;
  publicUrl: string;
  model?: AgentModel;
  effects?: Effects;
  logger?: Logger;
  appRole?: string;
}

export interface Answer {
  messages: OutMessage[];
  /** Actions the agent proposed during the turn: posted as cards with buttons after the answer. */
  proposals: ActionCard[];
}

type Choice = APIApplicationCommandOptionChoice<string>;

/**
 * Lets pending I/O (new interactions to defer) run before the next step. Embedded PGlite answers queries without
 * ever returning to the event loop, so long work is cut into steps with this.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function envOf(deps: AnswerDeps, who: Who): CallEnv {
  return {
    db: deps.db,
    businessId: who.businessId,
    userId: who.userId,
    actor: "user",
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.effects ? { effects: deps.effects } : {}),
    ...(deps.appRole ? { appRole: deps.appRole } : {}),
  };
}

const footerOf = (who: Who) => `${who.business.name} · for ${who.userName} (${who.role})`;

function messages(deps: AnswerDeps, who: Who, title: string, text: string, refs: Ref[], color?: number) {
  return answerMessages({
    title,
    text,
    refs,
    link: recordLink(deps.publicUrl, who.business.slug),
    publicUrl: deps.publicUrl,
    footer: footerOf(who),
    ...(color ? { color } : {}),
  });
}

/**
 * A question (/ask, a mention, a DM): the agent's turn in this conversation's thread, or command mode when no
 * model is configured. A model failure becomes one line the person can act on.
 */
export async function ask(
  deps: AnswerDeps,
  who: Who,
  place: { surfaceKey: string },
  text: string,
): Promise<Answer> {
  const title = cut(text, 200);
  if (!deps.model) {
    await nextTurn();
    const a = await answerInCommandMode(envOf(deps, who), deps.registry, text);
    return { messages: messages(deps, who, title, a.text, a.refs), proposals: [] };
  }
  const proposals: ActionCard[] = [];
  try {
    for await (const event of converse(
      turnDeps(deps.model, deps),
      {
        businessId: who.businessId,
        userId: who.userId,
        role: who.role,
        business: agentBusiness(who.business),
      },
      { surface: "discord", surfaceKey: place.surfaceKey, title },
      text,
    )) {
      if (event.type === "proposal") proposals.push(event.action);
      if (event.type === "answer")
        return { messages: messages(deps, who, title, event.text, event.refs), proposals };
    }
    throw new Error("the turn ended without an answer");
  } catch (err) {
    deps.logger?.warn({ err }, "discord: turn failed");
    const line = `⚠ ${describeModelError(err)}`;
    return { messages: messages(deps, who, title, line, [], COLORS.refused), proposals };
  }
}

/** Today's overview and the last 7 days, rendered from the tools' own figures. */
export async function brief(deps: AnswerDeps, who: Who): Promise<OutMessage[]> {
  const env = envOf(deps, who);
  const sections: string[] = [];
  const refs: Ref[] = [];
  for (const tool of ["business_overview", "period_summary"]) {
    await nextTurn();
    const r = await deps.registry.call(env, tool, {});
    if (!r.ok) {
      sections.push(errorText(r.error));
      continue;
    }
    sections.push(renderOutput(tool, r.output));
    for (const ref of r.output.refs) if (!refs.some((x) => x.id === ref.id)) refs.push(ref);
  }
  return messages(deps, who, `Brief: ${who.business.name}`, sections.join("\n\n"), refs);
}

/** The search tool's results, each linked to its record. */
export async function search(deps: AnswerDeps, who: Who, q: string): Promise<OutMessage[]> {
  await nextTurn();
  const r = await deps.registry.call(envOf(deps, who), "search", { q, limit: 10 });
  if (!r.ok) return messages(deps, who, `Search: ${q}`, errorText(r.error), [], COLORS.refused);
  const hits = (r.output.results ?? []) as SearchHit[];
  return searchMessages(q, hits, recordLink(deps.publicUrl, who.business.slug), footerOf(who));
}

const isDraft = (o: Record<string, unknown>) =>
  typeof o.template === "string" && typeof o.draft === "object" && o.draft !== null;

/**
 * `/omni tool:<name> input:<key=value … or JSON>`: one tool call as the person (a person's write is their own
 * approval and runs at once), its output rendered as in command mode, with the records it cites.
 */
export async function runTool(
  deps: AnswerDeps,
  who: Who,
  tool: string,
  input: string,
): Promise<OutMessage[]> {
  const parsed = parseCommand(`/omni ${tool.trim()} ${input.trim()}`.trim(), deps.registry);
  if (!parsed || "error" in parsed)
    return messages(deps, who, tool, parsed?.error ?? "Name a tool.", [], COLORS.refused);
  await nextTurn();
  const r = await deps.registry.call(envOf(deps, who), parsed.tool, parsed.input);
  if (!r.ok) return messages(deps, who, parsed.tool, errorText(r.error), [], COLORS.refused);
  const out = r.output;
  const text = isDraft(out)
    ? renderDraft(out as Parameters<typeof renderDraft>[0])
    : renderOutput(parsed.tool, out);
  return messages(deps, who, parsed.tool, text, out.refs);
}

// ── autocomplete ───────────────────────────────────────────────────────────────────────────────────────

const choice = (name: string, value: string): Choice => ({ name: cut(name, LIMITS.choiceName), value });

/** Tool names the role may use that match what was typed (every word, in the name or title), best first. */
export function toolChoices(registry: Registry, role: Role, typed: string): Choice[] {
  const q = typed.trim().toLowerCase();
  const words = q.split(/[\s_]+/).filter(Boolean);
  return registry
    .list({ role })
    .filter((t) => {
      const hay = `${t.name} ${t.title}`.toLowerCase().replace(/_/g, " ");
      return words.every((w) => hay.includes(w));
    })
    .sort(
      (a, b) => Number(b.name.startsWith(q)) - Number(a.name.startsWith(q)) || a.name.localeCompare(b.name),
    )
    .slice(0, LIMITS.choices)
    .map((t) => choice(`${t.name} — ${t.title}`, t.name));
}

const ANY_ID = /^[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The input being typed for /omni: after `key=` a name is looked up with the search tool (as the person, so
 * only records their role may read) and offered as record ids; otherwise the tool's fields are offered.
 */
export async function inputChoices(
  deps: AnswerDeps,
  who: Who,
  toolName: string | undefined,
  typed: string,
): Promise<Choice[]> {
  if (typed.trimStart().startsWith("{")) return [];
  const m = /(^|\s)([A-Za-z_]\w*)=("?)([^=]*)$/.exec(typed);
  const term = m?.[4]?.replace(/"$/, "").trim() ?? "";
  if (m && term.length >= 2 && !ANY_ID.test(term)) {
    const r = await deps.registry.call(envOf(deps, who), "search", { q: term.slice(0, 200), limit: 10 });
    if (!r.ok) return [];
    const prefix = typed.slice(0, m.index + m[1]!.length + m[2]!.length + 1);
    const wanted = m[2]!.replace(/Ids?$/, "").toLowerCase();
    const hits = ((r.output.results ?? []) as SearchHit[]).sort(
      (a, b) => Number(b.type === wanted) - Number(a.type === wanted),
    );
    return hits
      .map((h) => choice(`${h.label} · ${h.type} · ${h.id}`, `${prefix}${h.id}`))
      .filter((c) => c.value.length <= LIMITS.choiceValue)
      .slice(0, LIMITS.choices);
  }
  const tool = toolName ? deps.registry.get(toolName.trim()) : undefined;
  if (!tool) return [];
  const schema = toolDefinition(tool).inputSchema as {
    properties?: Record<string, { description?: string }>;
  };
  const used = new Set([...typed.matchAll(/([A-Za-z_]\w*)=/g)].map((x) => x[1]));
  const base = typed.trim();
  return Object.entries(schema.properties ?? {})
    .filter(([field]) => !used.has(field))
    .map(([field, s]) =>
      choice(`${field}=${s.description ? ` — ${s.description}` : ""}`, `${base ? `${base} ` : ""}${field}=`),
    )
    .filter((c) => c.value.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.choices);
}
