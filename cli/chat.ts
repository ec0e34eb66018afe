/**
 * `omni chat`: talk to the business from a terminal as one of its users. With ANTHROPIC_API_KEY the agent
 * answers (streamed, with cited record links, remembered per user in a `cli` thread); without it, command
 * mode answers the common questions and `/omni <tool> key=value` from the tools directly. Actions the AI
 * proposes are shown with their exact preview; a user whose role may approve is asked there and then, and
 * `/pending`, `/approve <id>` and `/reject <id> [reason]` decide from any line (also with --once).
 */
import readline from "node:readline/promises";
import { renderActionCard } from "../agent/action-card.js";
import { answerInCommandMode } from "../agent/command-mode.js";
import { converse, turnDeps } from "../agent/conversation.js";
import { describeModelError, modelFromConfig } from "../agent/model.js";
import { InputError } from "../db/errors.js";
import { findBusiness } from "../db/queries/businesses.js";
import { findUser, getMembership } from "../db/queries/users.js";
import type { Role } from "../db/schema/core.js";
import {
  type ActionCard,
  decideAction,
  getAction,
  listActions,
  outcomeText,
} from "../tools/actions/index.js";
import type { Ref } from "../tools/define.js";
import { errorText } from "../tools/errors.js";
import { registry } from "../tools/index.js";
import { type CliContext, withContext } from "./context.js";
import { type Runtime, startRuntime } from "./effects.js";

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
    const runtime = startRuntime(ctx);
    const rl =
      opts.once === undefined
        ? readline.createInterface({ input: process.stdin, output: process.stdout })
        : undefined;
    try {
      const who = { business, userId: user.id, userName: user.name, role: membership.role };
      const decisions = makeDecisions(ctx, runtime, who, rl);
      const ask = makeAsker(ctx, runtime, who, decisions.offer);
      const handle = (line: string) => decisions.command(line) ?? ask(line);
      if (opts.once !== undefined) {
        await handle(opts.once);
        return;
      }
      console.log(
        `Chatting with ${business.name} as ${user.name} (${membership.role}). Ctrl-D or "exit" to leave; /pending lists actions waiting for approval.`,
      );
      for (;;) {
        let line: string;
        try {
          line = (await rl!.question("\n> ")).trim();
        } catch {
          break; // input closed
        }
        if (line === "exit" || line === "quit") break;
        if (line) await handle(line);
      }
    } finally {
      rl?.close();
      await runtime.close();
    }
  });
}

type Business = Awaited<ReturnType<typeof findBusiness>>;
interface Who {
  business: Business;
  userId: string;
  userName: string;
  role: Role;
}

/** Approving and rejecting from the terminal, through the same door as every other surface. */
function makeDecisions(ctx: CliContext, runtime: Runtime, who: Who, rl: readline.Interface | undefined) {
  const db = ctx.handle.db;
  const ids = { businessId: who.business.id, userId: who.userId, appRole: ctx.config.OMNI_DB_APP_ROLE };

  async function decide(actionId: string, decision: "approve" | "reject", note?: string) {
    const r = await decideAction(
      db,
      { ...ids, actionId, decision, note },
      { onApproved: () => runtime.worker.wake() },
    );
    if (!r.ok) {
      console.log(errorText(r.error));
      process.exitCode = 1;
      return;
    }
    if (decision === "approve") await runtime.worker.drain();
    const card = (await getAction(db, { ...ids, actionId })) ?? r.action;
    console.log(
      card.status === "approved"
        ? `Approved ${card.id}; it will run shortly.`
        : outcomeText(card, who.userName),
    );
    if (card.status === "failed") process.exitCode = 1;
  }

  return {
    /** A `/pending`, `/approve` or `/reject` line → its work; anything else → undefined. */
    command(line: string): Promise<void> | undefined {
      const [cmd, id, ...rest] = line.trim().split(/\s+/);
      if (cmd === "/pending") {
        return listActions(db, ids).then((cards) => {
          if (!cards.length) console.log("No actions are waiting for approval.");
          for (const c of cards)
            console.log(
              `\n${renderActionCard(c)}${c.canDecide ? "" : "\n(your role may not decide this one)"}`,
            );
        });
      }
      if (cmd !== "/approve" && cmd !== "/reject") return undefined;
      if (!id) {
        console.log(`Name the action: ${cmd} act_… (list them with /pending)`);
        process.exitCode = 1;
        return Promise.resolve();
      }
      return decide(id, cmd === "/approve" ? "approve" : "reject", rest.join(" ") || undefined);
    },
    /** Shows a proposal and, when this user may decide and a person is at the terminal, asks for the decision. */
    async offer(card: ActionCard) {
      console.log(`\n${renderActionCard(card)}`);
      if (!card.approverRoles.includes(who.role)) {
        console.log(
          `It waits for ${card.approverRoles.join(" or ")} approval (in chat, Slack, Discord or the admin UI).`,
        );
        return;
      }
      if (!rl) {
        console.log(`Decide with: /approve ${card.id}   or   /reject ${card.id} <reason>`);
        return;
      }
      const answer = (await rl.question("Approve it? [y]es, [n]o (reject), [l]ater: ")).trim().toLowerCase();
      if (answer === "y" || answer === "yes") await decide(card.id, "approve");
      else if (answer === "n" || answer === "no") {
        const reason = (await rl.question("Reason (optional): ")).trim();
        await decide(card.id, "reject", reason || undefined);
      } else console.log(`Left waiting. Decide later with /approve ${card.id} or /reject ${card.id}.`);
    },
  };
}

function makeAsker(ctx: CliContext, runtime: Runtime, who: Who, offer: (card: ActionCard) => Promise<void>) {
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

  const model = modelFromConfig(config);
  if (!model) {
    return async (text: string) => {
      const answer = await answerInCommandMode(
        { db: handle.db, businessId: business.id, userId, logger: ctx.logger, effects: runtime.effects },
        registry,
        text,
      );
      console.log(answer.text);
      printSources(answer.refs);
    };
  }

  return async (text: string) => {
    const proposals: ActionCard[] = [];
    try {
      for await (const event of converse(
        turnDeps(model, { registry, db: handle.db, effects: runtime.effects }),
        { businessId: business.id, userId, role, business },
        { surface: "cli", surfaceKey: `cli:${userId}` },
        text,
      )) {
        if (event.type === "text") process.stdout.write(event.delta);
        else if (event.type === "tool_call") process.stderr.write(`\n  → ${event.name}\n`);
        else if (event.type === "tool_result" && !event.ok)
          process.stderr.write(`  ✗ ${event.name}: ${event.error}\n`);
        else if (event.type === "proposal") proposals.push(event.action);
        else if (event.type === "answer") {
          process.stdout.write("\n");
          printSources(event.refs);
        }
      }
    } catch (err) {
      console.error(`\nerror: ${describeModelError(err)}`);
      process.exitCode = 1;
    }
    for (const card of proposals) await offer(card);
  };
}
