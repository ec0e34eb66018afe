/**
 * Discord from the `omni` executable, as separate processes on an embedded database: registering the slash
 * commands, connecting a server, link codes, and `omni start` serving signed interactions at
 * /discord/interactions without a gateway (all against the fake Discord REST API).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { addMember, createUser } from "../../db/queries/users.js";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord.js";

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, "..", "..", "cli", "bin.js");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omni-discord-cli-"));
const APP = "100000000000000001";
const GUILD = "200000000000000002";
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const publicKeyHex = publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex");

let fake: FakeDiscord;
let env: Record<string, string | undefined>;
let server: ChildProcess | undefined;

async function omni(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  fake = await startFakeDiscord({ channelId: "300000000000000003" });
  env = {
    ...process.env,
    OMNI_DATA_DIR: dataDir,
    DATABASE_URL: "",
    LOG_LEVEL: "silent",
    ANTHROPIC_API_KEY: "",
    DISCORD_APPLICATION_ID: APP,
    DISCORD_PUBLIC_KEY: publicKeyHex,
    DISCORD_BOT_TOKEN: "",
    DISCORD_API_URL: fake.api,
  };
});

afterAll(async () => {
  if (server?.pid && server.exitCode === null) server.kill("SIGTERM");
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("omni discord", () => {
  it("register needs the bot token, then puts the commands on one server", async () => {
    const missing = await omni("discord", "register", "--guild", GUILD);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/DISCORD_BOT_TOKEN: is not set/);
    env.DISCORD_BOT_TOKEN = "cli-bot-token";
    const r = await omni("discord", "register", "--guild", GUILD);
    env.DISCORD_BOT_TOKEN = "";
    expect(r.stdout).toMatch(/Registered \/ask, \/brief, \/search, \/approvals, \/link, \/omni on server/);
    const [put] = fake.find("PUT", `/applications/${APP}/guilds/${GUILD}/commands`);
    expect(put!.headers.authorization).toBe("Bot cli-bot-token");
  });

  it("connects a server, prints a link code, and `omni start` answers signed interactions over HTTP", async () => {
    // The business and its member are made in this process (faster than three more `omni` runs).
    const handle = await openDatabase({ dataDir: path.join(dataDir, "data") });
    try {
      await migrate(handle);
      const business = await createBusiness(handle.db, { name: "Cli Cafe" });
      const ann = await createUser(handle.db, { email: "ann@cli.test", name: "Ann" });
      await addMember(handle.db, { businessId: business.id, userId: ann.id, role: "owner" });
    } finally {
      await handle.close();
    }
    expect((await omni("discord", "connect", "--business", "cli-cafe", "--guild", GUILD)).stdout).toMatch(
      /now serves Cli Cafe \(its default business\)/,
    );
    expect((await omni("discord", "connect", "--business", "cli-cafe", "--guild", "12")).code).toBe(2);
    const code = (
      await omni("discord", "link-code", "--business", "cli-cafe", "--user", "ann@cli.test")
    ).stdout.trim();
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    server = spawn(process.execPath, [bin, "start", "--port", "0"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      server!.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
        const m = /listening on (http:\/\/[^\s)]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      server!.once("exit", (c) => reject(new Error(`omni start exited with ${c}: ${out}`)));
    });
    const post = (payload: unknown, signed = true) => {
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString("hex");
      return fetch(`${url}/discord/interactions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-signature-timestamp": timestamp,
          ...(signed ? { "x-signature-ed25519": signature } : {}),
        },
        body,
      });
    };
    expect(
      await (await post({ id: "1", application_id: APP, type: 1, token: "t", version: 1 })).json(),
    ).toEqual({
      type: 1,
    });
    expect((await post({ type: 1 }, false)).status).toBe(401);

    const user = { id: "400000000000000001", username: "ann" };
    const command = (name: string, options: Record<string, string>, token: string) => ({
      id: "2",
      application_id: APP,
      type: 2,
      token,
      version: 1,
      guild_id: GUILD,
      channel_id: "300000000000000003",
      member: { user, roles: [] },
      data: {
        id: "3",
        name,
        type: 1,
        options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
      },
    });
    expect(await (await post(command("link", { code }, "tok-link"))).json()).toEqual({
      type: 5,
      data: { flags: 64 },
    });
    expect(await (await post(command("ask", { question: "how is our cash?" }, "tok-ask"))).json()).toEqual({
      type: 5,
    });
    const edited = async (token: string) => {
      for (
        let i = 0;
        i < 100 && !fake.find("PATCH", `/webhooks/${APP}/${token}/messages/@original`).length;
        i++
      )
        await new Promise((r) => setTimeout(r, 50));
      return JSON.stringify(fake.find("PATCH", `/webhooks/${APP}/${token}/messages/@original`)[0]?.body);
    };
    expect(await edited("tok-link")).toMatch(/Linked: you are Ann in Cli Cafe \(owner\)/);
    expect(await edited("tok-ask")).toMatch(/Command mode: no AI model is configured/);
  });
});
