/**
 * Agent overhead per turn with a zero-latency fake model (tests/fakes/anthropic.ts): wall time of `turn()`
 * minus the time spent waiting on model streams, p50/p95 over typical questions on the demo business; and
 * the tokens of tool definitions sent per model request (≈4 characters a token).
 * Usage: npm run bench:agent -- [--scale 1] [--runs 20]
 */
import { createModelClient } from "../agent/model.js";
import { FIND_TOOLS } from "../agent/tool-selection.js";
import { turn } from "../agent/turn.js";
import { seedDemo } from "../db/seed/demo.js";
import { type FakeRequest, startFakeAnthropic } from "../tests/fakes/anthropic.js";
import { registry } from "../tools/index.js";
import { arg, freshDb, percentile, printJson } from "./common.js";

const scale = Number(arg("scale", "1"));
const runs = Number(arg("runs", "20"));
/** Each question: the tool the model will want, found through find_tools when it is not always on. */
const QUESTIONS: Array<[string, string, Record<string, unknown>]> = [
  ["How are we doing?", "business_overview", {}],
  ["What happened this week?", "period_summary", { preset: "this_week" }],
  ["Which invoices are overdue?", "finance_ar_aging", {}],
  ["What is low on stock?", "operations_low_stock", {}],
  ["How is the pipeline?", "sales_pipeline", {}],
];

const db = await freshDb("pglite");
const seeded = await seedDemo(db.handle.db, {
  scale,
  seed: 42,
  today: "2026-11-25",
  name: "Bench Agent Café",
});
const owner = seeded.users.find((u) => u.role === "owner")!;
const fake = await startFakeAnthropic();
const client = createModelClient({ apiKey: "bench", baseURL: fake.url, maxRetries: 0 });

// Time spent inside model calls (request to final message) is excluded from the overhead.
let modelMs = 0;
const stream = client.messages.stream.bind(client.messages);
client.messages.stream = ((...args: Parameters<typeof stream>) => {
  const t0 = performance.now();
  const s = stream(...args);
  s.finalMessage().then(
    () => (modelMs += performance.now() - t0),
    () => undefined,
  );
  return s;
}) as typeof stream;

/** The scripted model: find the tool if it is not offered, call it, then answer. */
let toolUseId = 0;
let current: [string, Record<string, unknown>] = ["business_overview", {}];
const model = (req: FakeRequest) => {
  const [tool, input] = current;
  const body = req.body!;
  const offered = new Set((body.tools ?? []).map((t) => t.name));
  const lastUser = body.messages.at(-1)!;
  const results = JSON.stringify(lastUser.content).includes("tool_result");
  const called = JSON.stringify(body.messages).includes(`"name":"${tool}"`);
  if (called && results) return { content: [{ type: "text" as const, text: "Here is the summary." }] };
  if (!offered.has(tool)) {
    return {
      content: [
        {
          type: "tool_use" as const,
          id: `toolu_${++toolUseId}`,
          name: FIND_TOOLS,
          input: { query: tool.replace(/_/g, " ") },
        },
      ],
    };
  }
  return { content: [{ type: "tool_use" as const, id: `toolu_${++toolUseId}`, name: tool, input }] };
};

// One scripted reply per request, all reading the current question.
for (let k = 0; k < (runs + 2) * QUESTIONS.length * 4; k++) fake.script(model);

const overhead: number[] = [];
const toolTokensPerRequest: number[] = [];
const perQuestion: Record<string, { requests: number; maxToolTokens: number }> = {};
for (let i = 0; i < runs + 2; i++) {
  for (const [question, tool, input] of QUESTIONS) {
    const before = fake.requests.length;
    current = [tool, input];
    modelMs = 0;
    const t0 = performance.now();
    let answered = false;
    for await (const e of turn(
      { client, model: "claude-sonnet-4-6", registry, db: db.handle.db },
      {
        businessId: seeded.businessId,
        userId: owner.id,
        role: "owner",
        business: { name: seeded.name, slug: seeded.slug, currency: "USD", timezone: "America/Los_Angeles" },
        now: new Date("2026-11-25T17:00:00Z"),
      },
      question,
    )) {
      if (e.type === "answer") answered = true;
    }
    const total = performance.now() - t0;
    await new Promise((r) => setImmediate(r));
    if (!answered) throw new Error(`no answer for ${question}`);
    const requests = fake.requests.slice(before);
    if (i >= 2) {
      overhead.push(total - modelMs);
      for (const r of requests) {
        const tokens = Math.ceil(JSON.stringify(r.body?.tools ?? []).length / 4);
        toolTokensPerRequest.push(tokens);
        const q = perQuestion[question] ?? { requests: 0, maxToolTokens: 0 };
        perQuestion[question] = {
          requests: requests.length,
          maxToolTokens: Math.max(q.maxToolTokens, tokens),
        };
      }
    }
  }
}
overhead.sort((a, b) => a - b);
toolTokensPerRequest.sort((a, b) => a - b);
printJson({
  bench: "agent",
  scale,
  turns: overhead.length,
  overheadMs: { p50: percentile(overhead, 50), p95: percentile(overhead, 95) },
  toolDefinitionTokensPerRequest: {
    p50: percentile(toolTokensPerRequest, 50),
    max: toolTokensPerRequest.at(-1),
  },
  perQuestion,
  allToolsForOwner: registry.list({ role: "owner" }).length,
});
await fake.close();
await db.dispose();
