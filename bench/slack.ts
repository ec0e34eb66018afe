/**
 * Slack ack latency while the agent is busy: `omni`'s Hono server on a real socket, signed app_mention events
 * sent 20 at a time, rounds back to back, so each round lands on the agent turns earlier rounds started (a model
 * call of `--model-ms`, business_overview on the demo business, a second model call, the answer streamed to the
 * Web API with `--slack-ms` latency). The fake Slack and model APIs run in a child process, as the real ones run
 * elsewhere, so they do not share the app's event loop. Prints p50/p99 of the time to the HTTP response (the
 * ack), how many model calls were running meanwhile, and that every event was answered exactly once.
 * Goal: p99 ≤ 100 ms.
 * Usage: npm run bench:slack -- [--rounds 10] [--concurrency 20] [--model-ms 400] [--slack-ms 20] [--scale 0.05]
 *        [--max-turns 8] [--backend pglite|postgres|both]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createModelClient } from "../agent/model.js";
import { createSlackBot } from "../bots/slack/index.js";
import { connectWorkspace } from "../db/queries/chat.js";
import { addMember, createUser } from "../db/queries/users.js";
import { seedDemo } from "../db/seed/demo.js";
import { createActionWorker } from "../jobs/action-worker.js";
import { createLogger } from "../log.js";
import { createApp } from "../server/app.js";
import { type FakeRequest, startFakeAnthropic } from "../tests/fakes/anthropic.js";
import { startFakeSlack } from "../tests/fakes/slack.js";
import { registry } from "../tools/index.js";
import { arg, backends, freshDb, percentile, printJson } from "./common.js";

const rounds = Number(arg("rounds", "10"));
const concurrency = Number(arg("concurrency", "20"));
const modelMs = Number(arg("model-ms", "400"));
const slackMs = Number(arg("slack-ms", "20"));
const scale = Number(arg("scale", "0.05"));
/** The bot's cap on answers worked on at once (its default is 8). */
const maxTurns = Number(arg("max-turns", "8"));
const GOAL_P99_MS = 100;
const TEAM = "T0BENCH001";
const USER = "U0BENCH001";
const EMAIL = "bench@slack.test";

interface FakesReady {
  slackApiUrl: string;
  modelUrl: string;
}
interface FakesStats {
  modelInFlight: number;
  modelInFlightMax: number;
  answers: number;
}

if (process.argv.includes("--fakes")) await runFakes();
else await runBench();

/** Child process: the fake Slack Web API and model API, answering like the real ones, with their latency. */
async function runFakes(): Promise<void> {
  const slack = await startFakeSlack({ teamId: TEAM, users: [{ id: USER, teamId: TEAM, email: EMAIL }] });
  slack.setLatency(slackMs);
  const model = await startFakeAnthropic();
  let inFlight = 0;
  let inFlightMax = 0;
  const reply = async (req: FakeRequest) => {
    inFlight++;
    inFlightMax = Math.max(inFlightMax, inFlight);
    await new Promise((r) => setTimeout(r, modelMs));
    inFlight--;
    const last = req.body?.messages.at(-1)?.content;
    const afterTool = Array.isArray(last) && last.some((b) => b.type === "tool_result");
    return afterTool
      ? { content: [{ type: "text" as const, text: `All good. ${"Details follow. ".repeat(30)}` }] }
      : {
          content: [
            {
              type: "tool_use" as const,
              id: `toolu_${randomBytes(4).toString("hex")}`,
              name: "business_overview",
              input: {},
            },
          ],
        };
  };
  for (let i = 0; i < 20_000; i++) model.script(reply);
  process.on("message", (m: { type: string }) => {
    if (m.type === "stats") {
      const answers = slack.called("chat.stopStream").length + slack.called("chat.update").length;
      process.send!({ type: "stats", modelInFlight: inFlight, modelInFlightMax: inFlightMax, answers });
    }
    if (m.type === "reset") {
      slack.reset();
      inFlightMax = 0;
    }
    if (m.type === "exit") void Promise.all([slack.close(), model.close()]).then(() => process.exit(0));
  });
  process.send!({ type: "ready", slackApiUrl: slack.apiUrl, modelUrl: model.url });
}

function startFakes(): Promise<{
  child: ChildProcess;
  urls: FakesReady;
  stats(): Promise<FakesStats>;
  reset(): void;
}> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), "--fakes", ...process.argv.slice(2)],
    {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const next = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string } & T) => {
        if (m.type !== type) return;
        child.off("message", on);
        resolve(m);
      };
      child.on("message", on);
    });
  return next<FakesReady>("ready").then((urls) => ({
    child,
    urls,
    stats: () => {
      const p = next<FakesStats>("stats");
      child.send({ type: "stats" });
      return p;
    },
    reset: () => child.send({ type: "reset" }),
  }));
}

async function runBench(): Promise<void> {
  const secret = randomBytes(16).toString("hex");
  const sign = (ts: number, raw: string) =>
    `v0=${createHmac("sha256", secret).update(`v0:${ts}:${raw}`).digest("hex")}`;
  const fakes = await startFakes();
  const results: Record<string, unknown>[] = [];
  for (const backend of backends()) {
    const db = await freshDb(backend);
    const seeded = await seedDemo(db.handle.db, {
      scale,
      seed: 7,
      today: "2026-11-25",
      name: "Bench Slack Co",
    });
    const user = await createUser(db.handle.db, { email: EMAIL, name: "Bench" });
    await addMember(db.handle.db, { businessId: seeded.businessId, userId: user.id, role: "owner" });
    await connectWorkspace(db.handle.db, { platform: "slack", teamId: TEAM, businessId: seeded.businessId });
    const logger = createLogger("silent");
    const worker = createActionWorker({ db: db.handle.db, registry });
    const bot = createSlackBot({
      db: db.handle.db,
      registry,
      logger,
      botToken: "xoxb-bench",
      signingSecret: secret,
      apiUrl: fakes.urls.slackApiUrl,
      publicUrl: "https://omni.example.com",
      model: {
        client: createModelClient({ apiKey: "sk-bench", baseURL: fakes.urls.modelUrl, maxRetries: 0 }),
        name: "claude-bench",
        toolSearch: "server",
      },
      worker,
      maxConcurrentTurns: maxTurns,
    });
    await bot.start();
    const app = createApp({ handle: db.handle, logger, version: "bench", slack: bot });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

    let seq = 0;
    const mention = async (): Promise<number> => {
      const ts = `${1_800_000_000 + ++seq}.000100`;
      const raw = JSON.stringify({
        token: "x",
        team_id: TEAM,
        api_app_id: "A0BENCH",
        type: "event_callback",
        event_id: `Ev${randomBytes(6).toString("hex")}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: TEAM, user_id: "U0BOT", is_bot: true, is_enterprise_install: false }],
        event: {
          type: "app_mention",
          user: USER,
          text: "<@U0BOT> How are we doing?",
          ts,
          channel: "C0BENCH",
          event_ts: ts,
          team: TEAM,
        },
      });
      const now = Math.floor(Date.now() / 1000);
      const t0 = performance.now();
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-slack-request-timestamp": String(now),
          "x-slack-signature": sign(now, raw),
        },
        body: raw,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`ack ${res.status}`);
      return performance.now() - t0;
    };

    // Warm up — auth.test, linking the account by email, JIT, the database pool at full size — with one
    // sequential and one concurrent round, and let those turns finish: the figures are for a running server.
    await mention();
    await Promise.all(Array.from({ length: concurrency }, mention));
    await bot.idle();
    fakes.reset();

    const acks: number[] = [];
    const roundMax: number[] = [];
    const busyAtRoundStart: number[] = [];
    const started = performance.now();
    for (let r = 0; r < rounds; r++) {
      busyAtRoundStart.push((await fakes.stats()).modelInFlight);
      const round = await Promise.all(Array.from({ length: concurrency }, mention));
      acks.push(...round);
      roundMax.push(Math.round(Math.max(...round)));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sendSeconds = (performance.now() - started) / 1000;
    await bot.idle();
    const drainSeconds = (performance.now() - started) / 1000;
    const stats = await fakes.stats();
    acks.sort((a, b) => a - b);
    results.push({
      backend,
      requests: acks.length,
      ackMs: {
        p50: percentile(acks, 50),
        p99: percentile(acks, 99),
        max: Math.round(acks.at(-1)! * 100) / 100,
      },
      meetsGoal: percentile(acks, 99) <= GOAL_P99_MS,
      busy: {
        modelCallsInFlightMax: stats.modelInFlightMax,
        modelCallsInFlightAtRoundStart: busyAtRoundStart,
        slowestAckPerRoundMs: roundMax,
        sendSeconds: Math.round(sendSeconds * 10) / 10,
        allAnsweredAfterSeconds: Math.round(drainSeconds * 10) / 10,
      },
      answered: stats.answers,
      answeredOnce: stats.answers === acks.length,
    });
    server.close();
    await bot.stop();
    await worker.stop();
    await db.dispose();
  }
  fakes.child.send({ type: "exit" });
  printJson({
    bench: "slack",
    what: "time from sending a signed app_mention to its HTTP response (the ack), on a real socket, while earlier events' agent turns run",
    concurrency,
    rounds,
    maxConcurrentTurns: maxTurns,
    modelMs,
    slackApiMs: slackMs,
    goalP99Ms: GOAL_P99_MS,
    results,
  });
}
