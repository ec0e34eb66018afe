/**
 * The daily brief in Slack: posted to the chosen channel by a schedule (once per local day, from the chosen hour;
 * opt-in per workspace in chat_workspaces.settings.dailyBrief) or by hand, and its suggested-action buttons —
 * "ask" buttons put a prompt to the agent in the brief's thread, "task" buttons create the task at once as the
 * person who clicks and take the button off the brief.
 */
import type { BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import { findBusiness } from "../../db/queries/businesses.js";
import { errorText } from "../../tools/errors.js";
import { ask } from "./ask.js";
import { briefBlocks, buildBrief, type Suggestion } from "./brief.js";
import { type BotContext, slackError, type WebClient } from "./context.js";
import { escapeText, type KnownBlock } from "./render.js";
import { briefWorkspaces, claimBriefDay, recordPost, setDailyBrief } from "./store.js";

export interface PostBriefRequest {
  teamId: string;
  businessId: string;
  channel: string;
  /** Whose view of the business the brief shows. */
  userId: string;
  now?: Date;
}

/** Builds and posts one brief; called by the schedule and by hand. Returns the message ts. */
export async function postDailyBrief(
  ctx: BotContext,
  client: WebClient,
  req: PostBriefRequest,
): Promise<string | undefined> {
  const { db, registry, appRole, logger } = { ...ctx.deps, logger: ctx.logger };
  const business = await findBusiness(db, req.businessId);
  const brief = await buildBrief(
    registry,
    {
      db,
      businessId: req.businessId,
      userId: req.userId,
      appRole,
      logger,
      ...(req.now ? { now: req.now } : {}),
    },
    business.currency,
  );
  const r = await client.chat.postMessage({
    channel: req.channel,
    text: `Daily brief for ${business.name}`,
    blocks: briefBlocks(brief, {
      businessId: req.businessId,
      businessName: business.name,
      link: ctx.link(business.slug),
    }),
    unfurl_links: false,
  });
  if (r.ts)
    await recordPost(
      db,
      {
        businessId: req.businessId,
        teamId: req.teamId,
        channelId: r.channel ?? req.channel,
        messageId: r.ts,
        kind: "brief",
      },
      appRole,
    );
  logger.info({ businessId: req.businessId, channel: req.channel }, "slack: daily brief posted");
  return r.ts;
}

/** The local day and hour of `now` in a time zone. */
export function localTime(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * Posts the briefs that are due: once per local day, from the chosen hour on. The day is claimed in the database
 * before posting, so several processes (or a slow tick) post it once; a failed post gives the claim back.
 */
export async function runDueBriefs(ctx: BotContext, client: WebClient, now = new Date()): Promise<number> {
  let posted = 0;
  for (const w of await briefWorkspaces(ctx.deps.db)) {
    const local = localTime(now, w.timezone);
    if (local.hour < w.brief.hour || w.brief.lastPostedOn === local.day) continue;
    if (!(await claimBriefDay(ctx.deps.db, w.workspaceId, local.day))) continue;
    try {
      await postDailyBrief(ctx, client, {
        teamId: w.teamId,
        businessId: w.businessId,
        channel: w.brief.channel,
        userId: w.brief.userId,
        now,
      });
      posted++;
    } catch (err) {
      ctx.logger.error({ err: slackError(err), businessId: w.businessId }, "slack: daily brief failed");
      await setDailyBrief(ctx.deps.db, w, w.brief);
    }
  }
  return posted;
}

/** A suggested action clicked (already acknowledged). */
export async function onSuggestionClick(
  ctx: BotContext,
  a: { body: BlockAction; action: ButtonAction; client: WebClient; respond: RespondFn; teamId: string },
): Promise<void> {
  const tell = (text: string) =>
    a.respond({ response_type: "ephemeral", replace_original: false, text }).catch(() => {});
  let s: Suggestion;
  try {
    s = JSON.parse(a.action.value ?? "") as Suggestion;
  } catch {
    return void (await tell("That button no longer works; ask for a new brief with `/omni brief`."));
  }
  const who = await ctx.ids.resolve(a.client, a.teamId, a.body.user.id);
  if (!who.ok) return void (await tell(who.message));
  const businessId = a.action.block_id.replace(/^omni_brief:/, "");
  if (businessId !== who.businessId)
    return void (await tell("This brief is for another business; switch with `/omni use <business>` first."));
  const container = a.body.container as {
    message_ts?: string;
    thread_ts?: string;
    channel_id?: string;
    is_ephemeral?: boolean;
  };
  const inThread = container.channel_id && container.message_ts && !container.is_ephemeral;
  const threadTs = container.thread_ts ?? container.message_ts;
  if (s.kind === "ask") {
    if (inThread) {
      await a.client.chat
        .postMessage({
          channel: container.channel_id!,
          thread_ts: threadTs!,
          text: `<@${a.body.user.id}>: ${escapeText(s.prompt)}`,
        })
        .catch(() => {});
    }
    return ask(ctx, a.client, {
      who,
      place: inThread
        ? {
            kind: "thread",
            target: {
              teamId: a.teamId,
              channel: container.channel_id!,
              threadTs: threadTs!,
              userId: a.body.user.id,
            },
          }
        : { kind: "ephemeral", respond: a.respond },
      surfaceKey: inThread ? `${container.channel_id}:${threadTs}` : `${a.body.user.id}:brief`,
      text: s.prompt,
    });
  }
  // One task per button: a second click (or two people at once) finds the button taken.
  const key = `${container.channel_id}:${container.message_ts}:${a.action.action_id}`;
  const used = ctx.usedSuggestions;
  if (used.has(key)) return void (await tell("That task was already created from this brief."));
  if (used.size > 10_000) used.clear();
  used.add(key);
  const r = await ctx.deps.registry.call(
    {
      db: ctx.deps.db,
      businessId: who.businessId,
      userId: who.userId,
      appRole: ctx.deps.appRole,
      logger: ctx.logger,
    },
    "tasks_create",
    { title: s.title, ...(s.relatedId ? { related_id: s.relatedId } : {}) },
  );
  if (!r.ok) {
    used.delete(key);
    return void (await tell(errorText(r.error)));
  }
  if (inThread)
    await removeButton(a.client, container.channel_id!, container.message_ts!, a.body, a.action.action_id);
  const task = r.output.refs[0];
  const link = ctx.link(who.business.slug);
  const text = `:white_check_mark: <@${a.body.user.id}> created a task: ${task ? `<${link(task)}|${escapeText(task.label)}>` : escapeText(s.title)}`;
  if (inThread)
    await a.client.chat
      .postMessage({ channel: container.channel_id!, thread_ts: threadTs!, text })
      .catch(() => tell(text));
  else await tell(text);
}

/** Takes a used button off the brief, leaving the others. */
async function removeButton(
  client: WebClient,
  channel: string,
  ts: string,
  body: BlockAction,
  actionId: string,
) {
  const blocks = ((body.message?.blocks ?? []) as KnownBlock[]).flatMap((b): KnownBlock[] => {
    if (b.type !== "actions") return [b];
    const elements = b.elements.filter((e) => !("action_id" in e) || e.action_id !== actionId);
    return elements.length ? [{ ...b, elements }] : [];
  });
  if (!blocks.length) return;
  await client.chat
    .update({ channel, ts, blocks, text: String(body.message?.text ?? "Daily brief") })
    .catch(() => {});
}
