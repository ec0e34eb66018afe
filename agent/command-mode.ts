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
    sections.push(renderOutput(c.tool, result.output));
    for (const r of result.output.refs) if (!refs.some((x) => x.id === r.id)) refs.push(r);
  }
  sections.push(...hints);
  return { text: [COMMAND_MODE_NOTICE, ...sections].join("\n\n"), refs };
}
