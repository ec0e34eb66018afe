/**
 * Discord responsiveness on the demo business: signed slash commands POSTed over real HTTP to
 * /discord/interactions, `--concurrency` (20) at once for `--rounds` rounds; prints the time to the deferred
 * response (goal p99 ≤ 100 ms, Discord's hard limit is 3 s) and the time until the answer edited @original in
 * a fake Discord REST API. Command mode (no model), so the work behind each deferral is real tool calls.
 * Usage: npm run bench:discord -- [--rounds 10] [--concurrency 20] [--scale 1] [--backend pglite|postgres|both]
 */
import { generateKeyPairSync, sign } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { REST } from "discord.js";
import { createDiscordBot } from "../bots/discord/bot.js";
import { createDiscordInteractions } from "../bots/discord/http.js";
import { connectWorkspace, createLinkCode, redeemLinkCode } from "../db/queries/chat.js";
import { seedDemo } from "../db/seed/demo.js";
import { createLogger } from "../log.js";
import { createApp } from "../server/app.js";
import { startFakeDiscord } from "../tests/fakes/discord.js";
import { registry } from "../tools/index.js";
import { arg, backends, freshDb, percentile, printJson } from "./common.js";

const rounds = Number(arg("rounds", "10"));
const concurrency = Number(arg("concurrency", "20"));
const scale = Number(arg("scale", "1"));
const GOAL_P99_MS = 100;
const APP = "100000000000000001";
const GUILD = "200000000000000002";
const CHANNEL = "300000000000000003";

/** The mix each round cycles through: a question, the brief, a search and a direct tool call. */
const COMMANDS: Array<[string, Record<string, string>]> = [
  ["ask", { question: "how is our cash?" }],
  ["brief", {}],
  ["search", { query: "espresso beans" }],
  ["omni", { tool: "invoices_list", input: "status=overdue limit=3" }],
];

interface Shot {
  token: string;
  body: string;
  headers: Record<string, string>;
}
interface Result {
  token: string;
  /** Absolute ms (timeOrigin + now), comparable across threads. */
  sentAt: number;
  deferredMs: number;
  ok: boolean;
}

/** The client thread: POSTs a round of signed payloads at once and reports each one's time to the response. */
const CLIENT = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", async ({ url, shots }) => {
  const results = await Promise.all(shots.map(async (s) => {
    const sentAt = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    const res = await fetch(url, { method: "POST", headers: s.headers, body: s.body });
    const json = await res.json();
    return { token: s.token, sentAt, deferredMs: performance.now() - t0, ok: res.status === 200 && json.type === 5 };
  }));
  parentPort.postMessage(results);
});
`;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    max: percentile(s, 100),
    mean: Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 100) / 100,
  };
};

const results: Record<string, unknown>[] = [];
for (const backend of backends()) {
  const db = await freshDb(backend);
  const seeded = await seedDemo(db.handle.db, {
    scale,
    seed: 42,
    today: "2026-11-25",
    name: "Bench Roasters",
  });
  await connectWorkspace(db.handle.db, { platform: "discord", teamId: GUILD, businessId: seeded.businessId });
  const people = seeded.users.slice(0, 4);
  for (const [i, u] of people.entries()) {
    const { code } = await createLinkCode(db.handle.db, { businessId: seeded.businessId, userId: u.id });
    await redeemLinkCode(
      db.handle.db,
      { platform: "discord", teamId: GUILD, platformUserId: `40000000000000000${i}` },
      code,
    );
  }

  const fake = await startFakeDiscord({ channelId: CHANNEL });
  const bot = createDiscordBot({
    db: db.handle.db,
    registry,
    publicUrl: "https://omni.bench",
    rest: new REST({ api: fake.api, version: "10", retries: 0 }),
    applicationId: APP,
    // As `omni start` sets it: one interaction's work at a time on embedded PGlite.
    workConcurrency: backend === "pglite" ? 1 : 4,
  });
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicKeyHex = publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex");
  const app = createApp({
    handle: db.handle,
    logger: createLogger("silent"),
    version: "bench",
    discord: createDiscordInteractions(bot, publicKeyHex),
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`;

  // The client runs on its own thread (like Discord, it is not slowed down by the server's event loop); the
  // payloads are signed here and sent 20 at a time from there.
  const client = new Worker(CLIENT, { eval: true });
  const send = (shots: Shot[]) =>
    new Promise<Result[]>((resolve) => {
      client.once("message", resolve);
      client.postMessage({ url, shots });
    });
  let n = 0;
  const round = () =>
    Array.from({ length: concurrency }, (_, k): Shot => {
      const [name, options] = COMMANDS[k % COMMANDS.length]!;
      const token = `bench-${++n}`;
      const body = JSON.stringify({
        id: String(n),
        application_id: APP,
        type: 2,
        token,
        version: 1,
        guild_id: GUILD,
        channel_id: CHANNEL,
        member: { user: { id: `40000000000000000${k % people.length}`, username: "bench" }, roles: [] },
        data: {
          id: "1",
          name,
          type: 1,
          options: Object.entries(options).map(([o, value]) => ({ name: o, type: 3, value })),
        },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString("hex");
      return {
        token,
        body,
        headers: {
          "content-type": "application/json",
          "x-signature-ed25519": signature,
          "x-signature-timestamp": timestamp,
        },
      };
    });

  // Warm-up round (connections, JIT, caches), not counted.
  await send(round());
  await bot.idle();

  const deferred: number[] = [];
  const answered: number[] = [];
  let failures = 0;
  for (let r = 0; r < rounds; r++) {
    const shots = await send(round());
    await bot.idle();
    for (const s of shots) {
      deferred.push(s.deferredMs);
      if (!s.ok) failures++;
      const edit = fake.calls.find(
        (c) => c.method === "PATCH" && c.path.includes(`/${s.token}/messages/@original`),
      );
      if (edit) answered.push(performance.timeOrigin + edit.at - s.sentAt);
      else failures++;
    }
  }
  await client.terminate();
  const d = stats(deferred);
  results.push({
    backend,
    samples: deferred.length,
    failures,
    deferredMs: d,
    answeredMs: stats(answered),
    goalP99Ms: GOAL_P99_MS,
    goalMet: d.p99 <= GOAL_P99_MS,
  });
  await bot.close();
  await new Promise<void>((r) => server.close(() => r()));
  await fake.close();
  await db.dispose();
}
printJson({ bench: "discord", concurrency, rounds, scale, commands: COMMANDS.map(([c]) => c), results });
