/**
 * Finding tools by what they do, for the agent's find_tools and MCP's dynamic mode: a word of the query in a tool's
 * name counts three times one in its description; `_list` tools win ties, since reading is the usual first step.
 */
import type { AnyTool } from "./define.js";

const STOP = new Set(["the", "and", "for", "with", "all", "any", "our", "who", "what", "how", "are", "list"]);

/** Lower-case words of 3+ letters, singular-ish ("invoices" → "invoice") so either form matches. */
function tokenize(text: string): string[] {
  return [
    ...new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 3 && !STOP.has(w))
        .map((w) => (w.length > 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w)),
    ),
  ];
}

function score(tool: AnyTool, words: string[]): number {
  const name = tool.name.replace(/_/g, " ");
  const description = tool.description.toLowerCase();
  let s = 0;
  for (const w of words) {
    if (name.includes(w)) s += 3;
    if (description.includes(w)) s += 1;
  }
  return s > 0 && tool.name.endsWith("_list") ? s + 0.5 : s;
}

/** The best `limit` matches among `tools`, best first (ties by name); none when no word matches. */
export function searchTools(tools: readonly AnyTool[], query: string, limit: number): AnyTool[] {
  const words = tokenize(query);
  return tools
    .map((t) => ({ t, score: score(t, words) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.t.name.localeCompare(b.t.name))
    .slice(0, limit)
    .map((x) => x.t);
}
