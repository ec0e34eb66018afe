/**
 * `omni chat`: talk to the business from a terminal as one of its users. With ANTHROPIC_API_KEY the agent
 * answers (streamed, with cited record links, remembered per user in a `cli` thread); without it, command
 * mode answers the common questions and `/omni <tool> key=value` from the tools directly.
 */
import readline from "node:readline/promises";
import { answerInCommandMode } from "../agent/command-mode.js";
import { createModelClient, describeModelError } from "../agent/model.js";
import { appendMessage, loadHistory, openThread } from "../agent/threads.js";
import { turn } from "../agent/turn.js";
import { InputError } from "../db/errors.js";
import { findBusiness } from "../db/queries/businesses.js";
import { findUser, getMembership } from "../db/queries/users.js";
import type { Role } from "../db/schema/core.js";
import type { Ref } from "../tools/define.js";
import { registry } from "../tools/index.js";
import { type CliContext, withContext } from "./context.js";

export interface ChatOptions {
  business: string;
  user: string;
  once?: string;
}

export async function runChat(opts: ChatOptions): Promise<void> {
  await withContext(async (ctx) => {
    const business = await findBusiness(ctx.handle.db, opts.business);
    const user = await findUser(ctx.handle.db, opts.user);
    const membership = await getMembership(ctx.handle.db, business.id, user.id);
    if (!membership) {
      throw new InputError("Not a member", [
        { field: "--user", message: `${user.email} is not a member of ${business.slug}` },
      ]);
    }
    const ask = makeAsker(ctx, { business, userId: user.id, role: membership.role });
    if (opts.once !== undefined) {
      await ask(opts.once);
      return;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    console.log(
      `Chatting with ${business.name} as ${user.name} (${membership.role}). Ctrl-D or "exit" to leave.`,
    );
    for (;;) {
      let line: string;
      try {
        line = (await rl.question("\n> ")).trim();
      } catch {
        break; // input closed
      }
      if (line === "exit" || line === "quit") break;
      if (line) await ask(line);
    }
    rl.close();
  });
}

type Business = Awaited<ReturnType<typeof findBusiness>>;

function makeAsker(ctx: CliContext, who: { business: Business; userId: string; role: Role }) {
  const { config, handle } = ctx;
  const { business, userId, role } = who;
  const link = (r: Ref) => `${r.label} <${config.publicUrl}/b/${business.slug}/r/${r.id}>`;
  const printSources = (refs: Ref[]) => {
    if (refs.length)
      console.log(
        `\nSources:\n${refs
          .slice(0, 10)
          .map((r) => `  - ${link(r)}`)
          .join("\n")}`,
      );
  };

  if (!config.ANTHROPIC_API_KEY) {
    return async (text: string) => {
      const answer = await answerInCommandMode(
        { db: handle.db, businessId: business.id, userId, logger: ctx.logger },
        registry,
        text,
      );
      console.log(answer.text);
      printSources(answer.refs);
    };
  }

  const client = createModelClient({
    apiKey: config.ANTHROPIC_API_KEY,
    baseURL: config.ANTHROPIC_BASE_URL,
    maxRetries: 3,
  });
  return async (text: string) => {
    const thread = await openThread(handle.db, {
      businessId: business.id,
      userId,
      surface: "cli",
      surfaceKey: `cli:${userId}`,
    });
    const history = await loadHistory(handle.db, business.id, thread.id);
    try {
      for await (const event of turn(
        { client, model: config.OMNI_MODEL, registry, db: handle.db },
        { businessId: business.id, userId, role, business, now: new Date(), history },
        text,
      )) {
        if (event.type === "text") process.stdout.write(event.delta);
        else if (event.type === "tool_call") process.stderr.write(`\n  → ${event.name}\n`);
        else if (event.type === "tool_result" && !event.ok)
          process.stderr.write(`  ✗ ${event.name}: ${event.error}\n`);
        else if (event.type === "answer") {
          process.stdout.write("\n");
          printSources(event.refs);
          await appendMessage(handle.db, business.id, {
            threadId: thread.id,
            role: "user",
            userId,
            content: text,
            text,
          });
          await appendMessage(handle.db, business.id, {
            threadId: thread.id,
            role: "assistant",
            content: event.text,
            text: event.text,
            refs: event.refs,
          });
        }
      }
    } catch (err) {
      console.error(`\nerror: ${describeModelError(err)}`);
      process.exitCode = 1;
    }
  };
}
