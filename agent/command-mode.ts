/**
 * The answer path when no model is configured: `/omni <tool> key=value …` runs one tool, and a small keyword
 * router maps the common questions to analytics tools. Every call goes through the registry (roles, tenant,
 * validation apply); outputs are rendered as plain text with the figures exactly as the tools returned them.
 */
import { type Ref, TOOL_NAME_RE } from "../tools/define.js";
import { errorText } from "../tools/errors.js";
import { registry as defaultRegistry } from "../tools/index.js";
import type { CallEnv, Registry } from "../tools/registry.js";
import { renderOutput } from "./command-render.js";

export const COMMAND_MODE_NOTICE =
  "Command mode: no AI model is configured (set ANTHROPIC_API_KEY to turn the AI on); the figures below are tool results.";

export const COMMAND_PREFIX = "/omni";

export interface ToolCall {
  tool: string;
  input: Record<string, unknown>;
}

export type ParsedCommand = ToolCall | { error: string };

const USAGE = `Write it as ${COMMAND_PREFIX} <tool> key=value key2="quoted value" n=5 flag=true`;

/**
 * `/omni <tool> key=value …` → the call. Unquoted numbers and true/false are typed; quoted values always stay
 * text (write amounts as amount="12.50"). `/omni <tool> {json}` passes a JSON object as is. Without the prefix
 * the text is a command only when its first word is a known tool and the rest looks like arguments. Not a
 * command → undefined.
 */
export function parseCommand(
  text: string,
  tools: Pick<Registry, "get"> = defaultRegistry,
): ParsedCommand | undefined {
  const trimmed = text.trim();
  const prefixed = /^\/omni(\s|$)/.test(trimmed);
  const body = prefixed ? trimmed.slice(COMMAND_PREFIX.length).trim() : trimmed;
  const tool = body.split(/\s+/)[0] ?? "";
  const rest = body.slice(tool.length).trim();
  // Unprefixed, "search for invoices" is a question, not the search tool: arguments must look like key=value.
  if (!prefixed && (!tools.get(tool) || (rest && !/^(\{|[A-Za-z_]\w*=)/.test(rest)))) return undefined;
  if (!tool)
    return { error: `Name a tool after ${COMMAND_PREFIX}. ${USAGE}; list tools with \`omni tools\`.` };
  if (!TOOL_NAME_RE.test(tool))
    return { error: `"${tool}" is not a tool name (tool names look like invoices_list). ${USAGE}.` };
  if (rest.startsWith("{")) return parseJsonInput(tool, rest);
  const input = parseArgs(rest);
  return typeof input === "string" ? { error: `${input}. ${USAGE}.` } : { tool, input };
}

function parseJsonInput(tool: string, json: string): ParsedCommand {
  try {
    const input: unknown = JSON.parse(json);
    if (input && typeof input === "object" && !Array.isArray(input))
      return { tool, input: input as Record<string, unknown> };
  } catch {}
  return { error: `The input after ${tool} is not a JSON object. ${USAGE}, or pass {"key": "value"}.` };
}

/** `a=1 b="x y" c=true` → { a: 1, b: "x y", c: true }, or a message saying what is wrong. */
function parseArgs(s: string): Record<string, unknown> | string {
  const input: Record<string, unknown> = {};
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i]!)) {
      i++;
      continue;
    }
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i))?.[0];
    const word = /^\S*/.exec(s.slice(i))![0];
    if (!key || s[i + key.length] !== "=") {
      if (key && s[i + key.length] === ".") return `Nested fields like "${word}" are not supported`;
      return `Expected key=value but got "${word}"`;
    }
    if (key in input) return `"${key}" is given twice`;
    i += key.length + 1;
    const quote = s[i];
    if (quote === '"' || quote === "'") {
      let value = "";
      let j = i + 1;
      for (; j < s.length && s[j] !== quote; j++) value += s[j] === "\\" && j + 1 < s.length ? s[++j] : s[j];
      if (j >= s.length) return `The value of "${key}" has no closing ${quote}`;
      input[key] = value;
      i = j + 1;
      if (i < s.length && !/\s/.test(s[i]!)) return `Put a space after the closing ${quote} of "${key}"`;
    } else {
      const raw = /^\S*/.exec(s.slice(i))![0];
      if (!raw) return `"${key}" has no value; write ${key}=value or ${key}=""`;
      input[key] = scalar(raw);
      i += raw.length;
    }
  }
  return input;
}

function scalar(raw: string): string | number | boolean {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(raw) && Number.isFinite(Number(raw))) return Number(raw);
  return raw;
}

interface Intent {
  matches(text: string): boolean;
  calls(text: string): ToolCall[];
}

const call = (tool: string, input: Record<string, unknown> = {}): ToolCall => ({ tool, input });

function periodPreset(text: string): string {
  if (/\blast week\b/i.test(text)) return "last_week";
  if (/\blast month\b/i.test(text)) return "last_month";
  if (/\bthis month\b/i.test(text)) return "this_month";
  return "this_week";
}

/** In the order answers are shown; a question may match several. */
const INTENTS: Intent[] = [
  {
    matches: (t) => /focus today|what should i\b|how are we doing|\boverview\b/i.test(t),
    calls: () => [call("business_overview")],
  },
  {
    matches: (t) => /\b(this|last) (week|month)\b|what('?s| has)? happened/i.test(t),
    calls: (t) => [call("period_summary", { preset: periodPreset(t) })],
  },
  {
    matches: (t) => /\bcash\b|receivable|payable/i.test(t) || /\b(AR|AP)\b/.test(t),
    calls: () => [call("finance_cash_position"), call("finance_ar_aging"), call("finance_ap_aging")],
  },
  {
    matches: (t) => /overdue invoices?|invoices? (that are |are )?overdue|unpaid invoices?|who owes/i.test(t),
    calls: () => [call("finance_ar_aging")],
  },
  { matches: (t) => /pipeline|\bdeals?\b/i.test(t), calls: () => [call("sales_pipeline")] },
  {
    matches: (t) => /low stock|low on stock|inventory|reorder/i.test(t),
    calls: () => [call("operations_low_stock")],
  },
  { matches: (t) => /licen[cs]e|expir|renewal/i.test(t), calls: () => [call("legal_expiring")] },
];

/** The analytics tools that answer a common question, or undefined when none is recognised. */
export function routeIntent(text: string): ToolCall[] | undefined {
  const calls: ToolCall[] = [];
  for (const intent of INTENTS) {
    if (!intent.matches(text)) continue;
    for (const c of intent.calls(text)) if (!calls.some((x) => x.tool === c.tool)) calls.push(c);
  }
  return calls.length ? calls : undefined;
}

export const HELP = [
  "I can answer these questions without an AI model:",
  '- "What happened this week?" (or last week, this month, last month)',
  '- "How is our cash?", "AR", "AP": cash position, receivables and payables',
  '- "Any overdue invoices?"',
  '- "How is the pipeline?" / "deals"',
  '- "What is low on stock?" / "inventory" / "what should I reorder?"',
  '- "Which licenses are expiring?" / "renewals"',
  '- "What should I focus on today?"',
  "And draft from the records (a template filled with real figures, for you to edit; nothing is sent):",
  '- "Draft a reminder for INV-1042", "a follow-up for the deal with Blue Door", "cold outreach to lead Jane Doe"',
  '- "Write an SOP for closing the shop", "draft our refund policy", "job description for the barista position"',
  '- "Post ideas for next week", "a caption for pst_…", "ad copy for campaign Spring sale", "subject lines for the newsletter"',
  `Or run any tool directly: ${COMMAND_PREFIX} <tool> key=value key2="quoted value" n=5 flag=true`,
  `(for example ${COMMAND_PREFIX} invoices_list status=overdue limit=3; quoted values stay text).`,
  "List the tools and their fields with `omni tools`.",
].join("\n");

export interface CommandAnswer {
  text: string;
  refs: Ref[];
}

/**
 * Answers without a model: runs the command or the routed tools as the caller (a refusal is shown as its
 * message), and renders each result. Unknown text gets the help.
 */
export async function answerInCommandMode(
  env: CallEnv,
  registry: Registry,
  text: string,
): Promise<CommandAnswer> {
  const parsed = parseCommand(text, registry);
  if (parsed && "error" in parsed)
    return { text: [COMMAND_MODE_NOTICE, parsed.error].join("\n\n"), refs: [] };
  const draft = parsed ? undefined : routeDraft(text);
  if (draft) return answerDraft(env, registry, draft);
  const calls = parsed ? [parsed] : routeIntent(text);
  if (!calls) return { text: [COMMAND_MODE_NOTICE, HELP].join("\n\n"), refs: [] };
  const sections: string[] = [];
  const hints = new Set<string>();
  const refs: Ref[] = [];
  for (const c of calls) {
    const result = await registry.call(env, c.tool, c.input);
    if (!result.ok) {
      // Three refusals of one role share one hint; say it once, after them.
      sections.push(errorText({ ...result.error, hint: undefined }));
      if (result.error.hint) hints.add(result.error.hint);
      continue;
    }
    sections.push(isDraft(result.output) ? renderDraft(result.output) : renderOutput(c.tool, result.output));
    for (const r of result.output.refs) if (!refs.some((x) => x.id === r.id)) refs.push(r);
  }
  sections.push(...hints);
  return { text: [COMMAND_MODE_NOTICE, ...sections].join("\n\n"), refs };
}

// ── drafts ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A request for a draft: the draft tool and its input. A record named by number or name is looked up first
 * (through a list or the search tool, as the caller) and its id put into the input; `ask` means more detail
 * is needed before anything can be drafted.
 */
export interface DraftRoute {
  tool: string;
  input: Record<string, unknown>;
  lookup?: DraftLookup;
  ask?: string;
}

export interface DraftLookup {
  /** The id of the matching record goes into this input field. */
  field: string;
  call: ToolCall;
  /** The matching record's id in the lookup's output, if any. */
  pick(output: Record<string, unknown>): string | undefined;
  /** Tried when this lookup matches nothing. */
  next?: DraftLookup;
  /** Input to use when nothing matches (a name taken as a topic); without it, `missing` is the answer. */
  otherwise?: Record<string, unknown>;
  missing: string;
}

const ULID = "[0-9A-HJKMNP-TV-Z]{26}";
const idIn = (text: string, ...prefixes: string[]) =>
  new RegExp(`\\b(?:${prefixes.join("|")})_${ULID}\\b`).exec(text)?.[0];

/** Words that ask for something rather than name it ("please draft our …"). */
const FILLER = new Set(
  "a an the our my us me new please can could you would draft write compose prepare create make generate update revise rewrite redo need give want some".split(
    " ",
  ),
);

/** A name or topic as typed, without quotes, trailing punctuation or leading request words. */
function cleanName(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const words = s
    .trim()
    .replace(/[?!.,;:]+$/, "")
    .replace(/^["'“‘]|["'”’]$/g, "")
    .split(/\s+/);
  while (words.length && FILLER.has(words[0]!.toLowerCase())) words.shift();
  const name = words.join(" ").trim();
  return name.length >= 2 ? name : undefined;
}

/** The text after the first match of `re` (its last group), cleaned. */
const after = (text: string, re: RegExp) => cleanName(re.exec(text)?.at(-1));

const VERB = /\b(draft|write|compose|prepare|create|make|generate|update|revise|rewrite|redo|need)\b/i;

/** Finds a record of these types by name with the search tool; an exact label wins over the best hit. */
function searchLookup(types: string[], name: string, field: string): DraftLookup {
  return {
    field,
    call: call("search", { q: name, types, limit: 5 }),
    pick: (out) => {
      const results = (out.results ?? []) as { id: string; label: string }[];
      return (results.find((r) => r.label.toLowerCase() === name.toLowerCase()) ?? results[0])?.id;
    },
    missing: `No ${types.join(" or ")} matching "${name}" that you can see; find it with ${COMMAND_PREFIX} search q="${name}" and give its id.`,
  };
}

/** The first record a `<entity>_list` call returns for the name and filters; if none, `then` decides. */
function listLookup(
  tool: string,
  name: string,
  filters: Record<string, unknown>,
  field: string,
  then: { next: DraftLookup } | { otherwise: Record<string, unknown> },
): DraftLookup {
  return {
    field,
    call: call(tool, { q: name, ...filters, limit: 5 }),
    pick: (out) => ((out.items ?? []) as { id: string }[])[0]?.id,
    ...then,
    missing: "next" in then ? then.next.missing : "",
  };
}

/**
 * A campaign by name: a running one, else a planned one; then, when the text said "campaign X", any campaign
 * (search tolerates misspelling), otherwise the name becomes the topic.
 */
function campaignLookup(name: string, explicit: boolean): DraftLookup {
  const planned = listLookup(
    "campaigns_list",
    name,
    { status: "planned" },
    "campaignId",
    explicit ? { next: searchLookup(["campaign"], name, "campaignId") } : { otherwise: { topic: name } },
  );
  return listLookup("campaigns_list", name, { status: "active" }, "campaignId", { next: planned });
}

/** A campaign named after "campaign", else the name after "for"/"about" tried as a campaign, then as a topic. */
function campaignOrTopic(text: string, kind: string): DraftRoute {
  const tool = "marketing_draft_content";
  const id = idIn(text, "cmp");
  if (id) return { tool, input: { kind, campaignId: id } };
  const named = after(text, /\bcampaign\s+(?:called\s+|named\s+)?(.+)$/i);
  if (named) return { tool, input: { kind }, lookup: campaignLookup(named, true) };
  const name = after(text, /\b(?:for|about|on)\s+(.+)$/i);
  if (!name || /^(next|this) (week|month)\b/i.test(name)) return { tool, input: { kind } };
  return { tool, input: { kind }, lookup: campaignLookup(name, false) };
}

const DRAFTS: { matches(text: string): boolean; route(text: string): DraftRoute }[] = [
  {
    // "draft a reminder for INV-1042"; without a number the tool takes the invoice overdue longest.
    matches: (t) =>
      /\bpayment reminder\b/i.test(t) ||
      (/\breminder\b|\bremind\b|\bchase\b/i.test(t) && /\binvoice|\bINV-?\d|\binv_/i.test(t)),
    route: (t) => {
      const tool = "finance_draft_invoice_reminder";
      const id = idIn(t, "inv");
      if (id) return { tool, input: { invoiceId: id } };
      const number =
        /\b(INV-?\d+)\b/i.exec(t)?.[1] ??
        /\binvoice\s+(?:#|no\.?\s*)?([A-Za-z0-9][\w-]*\d[\w-]*)/i.exec(t)?.[1];
      if (!number) return { tool, input: {} };
      return {
        tool,
        input: {},
        lookup: {
          field: "invoiceId",
          call: call("invoices_list", { q: number, limit: 5 }),
          pick: (out) =>
            ((out.items ?? []) as { id: string; number: string }[]).find(
              (i) => i.number.toLowerCase() === number.toLowerCase(),
            )?.id,
          missing: `No invoice numbered ${number} in this business; list them with ${COMMAND_PREFIX} invoices_list q="${number}".`,
        },
      };
    },
  },
  {
    matches: (t) => /\bfollow[- ]?up\b/i.test(t),
    route: (t) => salesRoute(t, "follow_up"),
  },
  {
    matches: (t) => /\bcold (outreach|e-?mail)\b|\boutreach\b|\bintro(duction)? e-?mail\b/i.test(t),
    route: (t) => salesRoute(t, "cold_outreach"),
  },
  {
    matches: (t) => /\bjob (description|ad|advert|post(ing)?)\b|\bJD\b/i.test(t),
    route: (t) => {
      const tool = "people_draft_job_description";
      const id = idIn(t, "pos");
      if (id) return { tool, input: { positionId: id } };
      // "a job description for the barista position", or "barista job description".
      const raw =
        /\b(?:for|of)\s+(.+)$/i.exec(t)?.[1] ?? /^(.*?)\b(?:job|JD)\b/i.exec(t)?.[1]?.replace(/\s+a$/i, "");
      const name = cleanName(raw?.replace(/\s+(position|role|job|opening)\W*$/i, ""));
      if (!name) return { tool, input: {} };
      return { tool, input: {}, lookup: searchLookup(["position"], name, "positionId") };
    },
  },
  {
    matches: (t) =>
      /\bpost ideas\b|\bideas for (posts|social|instagram|content)\b|\bcontent ideas\b/i.test(t),
    route: (t) => {
      const topic = after(t, /\babout\s+(.+)$/i);
      if (topic) return { tool: "marketing_draft_content", input: { kind: "post_ideas", topic } };
      if (/\bcampaign\b|\bcmp_/i.test(t)) return campaignOrTopic(t, "post_ideas");
      return { tool: "marketing_draft_content", input: { kind: "post_ideas" } };
    },
  },
  {
    matches: (t) => /\bcaptions?\b/i.test(t),
    route: (t) => {
      const tool = "marketing_draft_content";
      const id = idIn(t, "pst");
      if (id) return { tool, input: { kind: "caption", postId: id } };
      if (/\b(this|that) post\b/i.test(t))
        return {
          tool,
          input: {},
          ask: `Which post? Give its id, e.g. "a caption for pst_…" (find it with ${COMMAND_PREFIX} posts_list status=scheduled), or say what it is about.`,
        };
      if (/\bnext post\b/i.test(t)) return { tool, input: { kind: "caption" } };
      return campaignOrTopic(t, "caption");
    },
  },
  {
    matches: (t) => /\bad copy\b|\bads? (text|copy)\b|\badvert\b/i.test(t),
    route: (t) => campaignOrTopic(t, "ad_copy"),
  },
  {
    matches: (t) => /\bsubject lines?\b/i.test(t),
    route: (t) => campaignOrTopic(t, "subject_lines"),
  },
  {
    matches: (t) => /\bSOPs?\b|\bstandard operating procedure|\bprocedure\b|\bchecklist\b/i.test(t),
    route: (t) => {
      const tool = "knowledge_draft_document";
      const id = idIn(t, "sop");
      if (id) return { tool, input: { kind: "sop", basedOnId: id } };
      // "an SOP for closing the shop", or "the closing checklist".
      const topic =
        after(t, /\b(?:for|on|about|to)\s+(.+)$/i) ??
        cleanName(t.replace(/\b(SOPs?|standard operating procedures?|procedures?|checklists?)\b/gi, " "));
      return { tool, input: topic ? { kind: "sop", topic } : { kind: "sop" } };
    },
  },
  {
    // "draft our refund policy" / "a policy on parking"; "what is our refund policy?" is a question, not a draft.
    matches: (t) => /\bpolicy\b/i.test(t) && (VERB.test(t) || /^\s*(an?|our|new)\b/i.test(t)),
    route: (t) => {
      const tool = "knowledge_draft_document";
      const id = idIn(t, "pol");
      if (id) return { tool, input: { kind: "policy", basedOnId: id } };
      const topic =
        after(t, /\bpolicy\s+(?:for|on|about)\s+(.+)$/i) ?? cleanName(/^(.*?)\bpolicy\b/i.exec(t)?.[1]);
      return { tool, input: topic ? { kind: "policy", topic } : { kind: "policy" } };
    },
  },
];

/** A follow-up or cold outreach: to the deal, lead or contact named, or by default the tool's own pick. */
function salesRoute(t: string, kind: "follow_up" | "cold_outreach"): DraftRoute {
  const tool = "sales_draft_email";
  const id = idIn(t, "dea", "ctc", "lea");
  if (id) return { tool, input: { kind, recordId: id } };
  const lookup = (types: string[], name: string | undefined) =>
    name ? { tool, input: { kind }, lookup: searchLookup(types, name, "recordId") } : undefined;
  const deal = kind === "follow_up" ? after(t, /\bdeal\s+(?:with\s+|for\s+|of\s+)?(.+)$/i) : undefined;
  // An open deal by that name first; then any deal (search tolerates misspelling).
  if (deal)
    return {
      tool,
      input: { kind },
      lookup: listLookup("deals_list", deal, { status: "open" }, "recordId", {
        next: searchLookup(["deal"], deal, "recordId"),
      }),
    };
  return (
    lookup(["lead"], after(t, /\blead\s+(?:called\s+|named\s+)?(.+)$/i)) ??
    lookup(["contact"], after(t, /\bcontact\s+(?:called\s+|named\s+)?(.+)$/i)) ??
    lookup(
      kind === "follow_up" ? ["deal", "contact", "lead"] : ["lead", "contact"],
      after(t, /\b(?:with|to|for)\s+(.+)$/i),
    ) ?? { tool, input: { kind } }
  );
}

/** The draft a text asks for ("draft a reminder for INV-1042", "post ideas"), or undefined when it asks none. */
export function routeDraft(text: string): DraftRoute | undefined {
  return DRAFTS.find((d) => d.matches(text))?.route(text);
}

type DraftOutput = Record<string, unknown> & {
  refs: Ref[];
  kind: string;
  template: string;
  note: string;
  draft: { subject?: string; body?: string; items?: string[] };
};

const isDraft = (o: Record<string, unknown>): o is DraftOutput =>
  typeof o.template === "string" && typeof o.draft === "object" && o.draft !== null;

/** A draft, labelled as a filled template (not AI writing), then the note and the records it cites. */
export function renderDraft(o: DraftOutput): string {
  const { subject, body, items } = o.draft;
  const lines = [
    `Template draft (${o.kind.replace(/_/g, " ")}): prompts/templates/${o.template} filled from the records below, not written by an AI.`,
    "",
  ];
  if (subject) lines.push(`Subject: ${subject}`, "");
  if (body) lines.push(body);
  if (items) lines.push(...items.map((i) => `- ${i}`));
  lines.push("", o.note);
  if (o.refs.length) lines.push(`Records: ${o.refs.map((r) => r.label).join("; ")}`);
  return lines.join("\n");
}

async function answerDraft(env: CallEnv, registry: Registry, route: DraftRoute): Promise<CommandAnswer> {
  const answer = (text: string, refs: Ref[] = []) => ({
    text: [COMMAND_MODE_NOTICE, text].join("\n\n"),
    refs,
  });
  if (route.ask) return answer(route.ask);
  let input = route.input;
  for (let l = route.lookup; l; l = l.next) {
    const found = await registry.call(env, l.call.tool, l.call.input);
    if (!found.ok) return answer(errorText(found.error));
    const id = l.pick(found.output);
    if (id) {
      input = { ...input, [l.field]: id };
      break;
    }
    if (l.next) continue;
    if (!l.otherwise) return answer(l.missing);
    input = { ...input, ...l.otherwise };
  }
  const result = await registry.call(env, route.tool, input);
  if (!result.ok) return answer(errorText(result.error));
  const out = result.output;
  return answer(isDraft(out) ? renderDraft(out) : renderOutput(route.tool, out), out.refs);
}
