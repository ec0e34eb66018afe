/** `omni chat --once` as a process: command mode without a key, the agent with a key (against the fake API). */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic.js";

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, "..", "..", "cli", "bin.js");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-chat-"));
const base = {
  ...process.env,
  OMNI_DATA_DIR: dataDir,
  DATABASE_URL: "",
  LOG_LEVEL: "silent",
  ANTHROPIC_API_KEY: "",
};
const slug = "chat-roasters";
const owner = `owner@${slug}.demo`;

async function omni(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    return err as { code: number; stdout: string; stderr: string };
  }
}

describe("omni chat --once", { timeout: 180_000 }, () => {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    const seeded = await omni(
      base,
      "seed",
      "--demo",
      "--scale",
      "0.05",
      "--today",
      "2026-11-25",
      "--name",
      "Chat Roasters",
      "--quiet",
    );
    expect(seeded.code, seeded.stderr).toBe(0);
    fake = await startFakeAnthropic();
  });
  afterAll(async () => {
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers from the tools in command mode when no model is configured", async () => {
    const r = await omni(base, "chat", "--business", slug, "--user", owner, "--once", "how is the pipeline?");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/command mode/i);
    expect(r.stdout).toMatch(/ANTHROPIC_API_KEY/);
    expect(r.stdout).toMatch(/pipeline/i);
  });

  it("runs the agent against the model API, shows tool calls and sources, and remembers the thread", async () => {
    const env = { ...base, ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url };
    fake.script(
      { content: [{ type: "tool_use", id: "toolu_1", name: "business_overview", input: {} }] },
      (request) => {
        const last = JSON.stringify(request.body?.messages.at(-1));
        const id = /"id":"(inv_[0-9A-Z]{26})"/.exec(last)?.[1] ?? /(inv_[0-9A-Z]{26})/.exec(last)?.[1];
        return { content: [{ type: "text", text: `Cash is fine; chase invoice ${id ?? "none"} first.` }] };
      },
    );
    const first = await omni(env, "chat", "--business", slug, "--user", owner, "--once", "How are we doing?");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/→ business_overview/);
    expect(first.stdout).toMatch(/Cash is fine; chase invoice inv_/);
    expect(first.stdout).toMatch(
      new RegExp(`Sources:\\n  - Invoice .* <http://127\\.0\\.0\\.1:3000/b/${slug}/r/inv_`),
    );

    fake.script({ content: [{ type: "text", text: "Last week was quiet." }] });
    const second = await omni(env, "chat", "--business", slug, "--user", owner, "--once", "And last week?");
    expect(second.stdout).toMatch(/Last week was quiet/);
    const sent = JSON.stringify(fake.requests.at(-1)?.body?.messages);
    expect(sent).toContain("How are we doing?");
    expect(sent).toContain("Cash is fine");
  });

  it("shows a proposed action with its preview; /approve from another run carries it out once", async () => {
    const env = { ...base, ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url };
    fake.script(
      {
        content: [{ type: "tool_use", id: "toolu_f", name: "find_tools", input: { query: "create a task" } }],
      },
      {
        content: [
          {
            type: "tool_use",
            id: "toolu_t",
            name: "tasks_create",
            input: { title: "Call Ana about the Q1 order", due: "2026-11-27", priority: "high" },
          },
        ],
      },
      { content: [{ type: "text", text: "I proposed a task; approve it to create it." }] },
    );
    const asked = await omni(
      env,
      "chat",
      "--business",
      slug,
      "--user",
      owner,
      "--once",
      "Remind me to call Ana",
    );
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toMatch(
      /Proposed action (act_[0-9A-Z]{26}): Task for .*: Call Ana about the Q1 order/,
    );
    expect(asked.stdout).toMatch(/priority: high/);
    expect(asked.stdout).toMatch(/Decide with: \/approve act_/);
    const id = /Proposed action (act_[0-9A-Z]{26})/.exec(asked.stdout)![1]!;

    const tasksBefore = await omni(
      base,
      "call",
      "tasks_list",
      "--business",
      slug,
      "--user",
      owner,
      "--input",
      '{"q":"Call Ana"}',
    );
    expect(tasksBefore.stdout).not.toContain("Call Ana about the Q1 order");

    const pending = await omni(base, "chat", "--business", slug, "--user", owner, "--once", "/pending");
    expect(pending.stdout).toContain(id);

    const approved = await omni(
      base,
      "chat",
      "--business",
      slug,
      "--user",
      owner,
      "--once",
      `/approve ${id}`,
    );
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/^Done: "Task for .*Call Ana about the Q1 order.*" \(act_/m);

    const again = await omni(base, "chat", "--business", slug, "--user", owner, "--once", `/approve ${id}`);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/already succeeded/);
    const tasksAfter = await omni(
      base,
      "call",
      "tasks_list",
      "--business",
      slug,
      "--user",
      owner,
      "--input",
      '{"q":"Call Ana"}',
    );
    expect(tasksAfter.stdout.match(/"title": ?"Call Ana about the Q1 order"/g)).toHaveLength(1);
  });
});
