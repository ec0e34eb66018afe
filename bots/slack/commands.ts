/**
 * `/omni`: ask (the default), search, brief (and `brief on [hour]` / `brief off` for the daily post), approvals,
 * use, link and help. Replies meant for one person are ephemeral (response_url); a question is posted in the
 * channel and answered in its thread so others can follow and approve there — or, where the app is not in the
 * channel, answered to the asker alone.
 */
import type { RespondFn, SlashCommand } from "@slack/bolt";
import { listActions } from "../../tools/actions/index.js";
import { errorText } from "../../tools/errors.js";
import { allowed } from "../../tools/permissions.js";
import { ask } from "./ask.js";
import { briefBlocks, buildBrief } from "./brief.js";
import { localTime } from "./brief-post.js";
import { type BotContext, slackError, type WebClient } from "./context.js";
import type { SlackWho } from "./identity.js";
import { cardBlocks, escapeText, type KnownBlock } from "./render.js";
import { setDailyBrief } from "./store.js";

export const HELP = [
  "*OmniBusiness in Slack*",
  "• `/omni <question>` or `/omni ask <question>` — ask about the business; the answer comes in a thread",
  "• `@omni <question>` in a channel, or a direct message — the same, in a thread",
  "• `/omni search <words>` — find records",
  "• `/omni brief` — today's alerts; `/omni brief on 8` posts them here every morning at 8, `/omni brief off` stops",
  "• `/omni approvals` — actions waiting for a decision",
  "• `/omni use <business>` — pick the business when this workspace serves several",
  "• `/omni link <code>` — link your Slack account with a code from the admin UI",
  "Proposed actions (emails, invoices, posts, tasks) wait for an Approve click by someone whose role allows it.",
].join("\n");

interface CommandArgs {
  command: SlashCommand;
  client: WebClient;
  respond: RespondFn;
  teamId: string;
}

export async function onOmniCommand(ctx: BotContext, a: CommandArgs): Promise<void> {
  const { command } = a;
  const text = command.text.trim();
  const word = text.split(/\s+/)[0] ?? "";
  const arg = text.slice(word.length).trim();
  const sub = word.toLowerCase();
  const tell = (t: string, blocks?: KnownBlock[]) =>
    a.respond({ response_type: "ephemeral", text: t, ...(blocks ? { blocks } : {}) });

  if (sub === "" || sub === "help") return void (await tell(HELP));
  if (sub === "link") return void (await tell(await ctx.ids.link(a.teamId, command.user_id, arg)));
  if (sub === "use") return void (await tell(await ctx.ids.use(a.teamId, command.user_id, arg)));

  const who = await ctx.ids.resolve(a.client, a.teamId, command.user_id);
  if (!who.ok) return void (await tell(who.message));

  switch (sub) {
    case "search":
      return search(ctx, who, arg, tell);
    case "brief":
      return brief(ctx, a, who, arg, tell);
    case "approvals":
      return approvals(ctx, who, tell);
    default:
      return askInChannel(ctx, a, who, sub === "ask" ? arg : text);
  }
}

async function askInChannel(ctx: BotContext, a: CommandArgs, who: SlackWho, question: string): Promise<void> {
  if (!question) return void (await a.respond({ response_type: "ephemeral", text: HELP }));
  const channel = a.command.channel_id;
  let threadTs: string | undefined;
  try {
    const r = await a.client.chat.postMessage({
      channel,
      text: `<@${a.command.user_id}> asked: ${escapeText(question)}`,
    });
    threadTs = r.ts;
  } catch (err) {
    ctx.logger.info(
      { err: slackError(err), channel },
      "slack: cannot post in the channel; answering privately",
    );
  }
  await ask(ctx, a.client, {
    who,
    place: threadTs
      ? { kind: "thread", target: { teamId: a.teamId, channel, threadTs, userId: a.command.user_id } }
      : { kind: "ephemeral", respond: a.respond },
    surfaceKey: threadTs ? `${channel}:${threadTs}` : `${channel}:${a.command.user_id}`,
    text: question,
  });
}

async function search(
  ctx: BotContext,
  who: SlackWho,
  q: string,
  tell: (t: string, b?: KnownBlock[]) => Promise<unknown>,
): Promise<void> {
  if (!q) return void (await tell("What should I look for? `/omni search <words>`"));
  const r = await ctx.deps.registry.call(
    { db: ctx.deps.db, businessId: who.businessId, userId: who.userId, appRole: ctx.deps.appRole },
    "search",
    { q: q.slice(0, 200), limit: 10 },
  );
  if (!r.ok) return void (await tell(errorText(r.error)));
  const results = r.output.results as Array<{ type: string; id: string; label: string; snippet: string }>;
  if (!results.length) return void (await tell(`Nothing found for “${escapeText(q)}”.`));
  const link = ctx.link(who.business.slug);
  const lines = results.map((x) => {
    const snippet = escapeText(x.snippet).replace(/«([^»]*)»/g, "*$1*");
    return `• <${link(x)}|${escapeText(x.label)}> _(${x.type.replaceAll("_", " ")})_${snippet ? ` — ${snippet}` : ""}`;
  });
  await tell(`Results for “${q}”`, [
    {
      type: "section",
      text: { type: "mrkdwn", text: `*Results for “${escapeText(q)}”*\n${lines.join("\n")}`.slice(0, 2_900) },
    },
  ]);
}

async function brief(
  ctx: BotContext,
  a: CommandArgs,
  who: SlackWho,
  arg: string,
  tell: (t: string, b?: KnownBlock[]) => Promise<unknown>,
): Promise<void> {
  const [mode, hourText] = arg.toLowerCase().split(/\s+/);
  const { db, registry, appRole } = ctx.deps;
  if (mode === "on" || mode === "off") {
    if (!allowed(who.role, "admin", "write"))
      return void (await tell(
        `Only a role with admin rights may turn the daily brief ${mode}; you are ${who.role}.`,
      ));
    if (mode === "off") {
      await setDailyBrief(db, { teamId: a.teamId, businessId: who.businessId }, undefined);
      return void (await tell("The daily brief is off."));
    }
    const hour = hourText === undefined ? 8 : Number(hourText);
    if (!Number.isInteger(hour) || hour < 0 || hour > 23)
      return void (await tell("Give the hour as a whole number from 0 to 23, e.g. `/omni brief on 8`."));
    const channel = a.command.channel_id;
    const at = `${String(hour).padStart(2, "0")}:00 (${who.business.timezone})`;
    try {
      await a.client.chat.postMessage({
        channel,
        text: `:sunrise: <@${a.command.user_id}> turned on the daily brief for ${escapeText(who.business.name)}: here, every day from ${at}.`,
      });
    } catch (err) {
      return void (await tell(
        `I cannot post in this channel (${slackError(err)}); invite me with \`/invite @omni\` first.`,
      ));
    }
    const local = localTime(new Date(), who.business.timezone);
    await setDailyBrief(
      db,
      { teamId: a.teamId, businessId: who.businessId },
      { channel, hour, userId: who.userId, ...(local.hour >= hour ? { lastPostedOn: local.day } : {}) },
    );
    return void (await tell(
      `Daily brief on: this channel, every day from ${at}. \`/omni brief\` shows today's now.`,
    ));
  }
  const b = await buildBrief(
    registry,
    { db, businessId: who.businessId, userId: who.userId, appRole, logger: ctx.logger },
    who.business.currency,
  );
  await tell(
    `Daily brief for ${who.business.name}`,
    briefBlocks(b, {
      businessId: who.businessId,
      businessName: who.business.name,
      link: ctx.link(who.business.slug),
    }),
  );
}

async function approvals(
  ctx: BotContext,
  who: SlackWho,
  tell: (t: string, b?: KnownBlock[]) => Promise<unknown>,
): Promise<void> {
  const cards = await listActions(ctx.deps.db, {
    businessId: who.businessId,
    userId: who.userId,
    appRole: ctx.deps.appRole,
    limit: 6,
  });
  if (!cards.length) return void (await tell("No actions are waiting for a decision."));
  const link = ctx.link(who.business.slug);
  const blocks: KnownBlock[] = [];
  for (const c of cards.slice(0, 5)) {
    if (blocks.length) blocks.push({ type: "divider" });
    const card = cardBlocks(c, { businessId: who.businessId, link });
    blocks.push(...(c.canDecide ? card : card.filter((b) => b.type !== "actions")));
  }
  if (blocks.length > 48) blocks.length = 48;
  const more = cards.length > 5 ? " (the newest 5; more in the admin UI)" : "";
  await tell(`${cards.length} action(s) waiting${more}`, blocks);
}
