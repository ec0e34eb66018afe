/** Marketing drafts: post ideas for next week, a caption, ad copy and email subject lines, from campaigns and posts. */
import { z } from "zod";
import type { MarketingScope } from "../db/queries/marketing.js";
import { postPerformance, upcomingPosts } from "../db/queries/marketing.js";
import {
  idInput,
  notFound,
  productFact,
  productsSelling,
  ref,
  type Voice,
  voiceOf,
} from "./content-common.js";
import * as q from "./content-queries-docs.js";
import {
  DRAFT_NOTE,
  type Draft,
  draftOutput,
  joinAnd,
  longDate,
  renderDraft,
  weekdayDate,
} from "./content-templates.js";
import { addDays, localDate, today, weekStart } from "./dates.js";
import { type AnyTool, defineTool, type Ref, type ToolContext } from "./define.js";
import { ToolInputError, ToolNotFound } from "./errors.js";

const KINDS = ["post_ideas", "caption", "ad_copy", "subject_lines"] as const;
type Kind = (typeof KINDS)[number];

const campaignFact = z.object({
  campaignId: z.string(),
  name: z.string(),
  channel: z.string(),
  status: z.string(),
  objective: z.string().nullable(),
  audience: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
});
type CampaignRow = NonNullable<Awaited<ReturnType<typeof q.campaignById>>>;
const campaignFactOf = (c: CampaignRow): z.infer<typeof campaignFact> => ({
  campaignId: c.id,
  name: c.name,
  channel: c.channel,
  status: c.status,
  objective: c.objective,
  audience: c.targetAudience,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
});

/** A campaign's end date for copy: only while it is still ahead (copy never says "ends" of a past day). */
const endsText = (endsOn: string | null, today: string) =>
  endsOn && endsOn >= today ? longDate(endsOn) : "";

/** "Holiday gift boxes" → "#HolidayGiftBoxes". */
const hashtag = (s: string) =>
  `#${(s.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}`;

const scopeOf = (ctx: ToolContext): MarketingScope => ({
  businessId: ctx.business.id,
  currency: ctx.business.currency,
  timezone: ctx.business.timezone,
});

const postFact = z.object({
  postId: z.string(),
  body: z.string(),
  status: z.string(),
  platform: z.string().nullable(),
  handle: z.string().nullable(),
  scheduledOn: z.string().nullable().describe("local day"),
});

const factsShape = {
  business: z.string(),
  today: z.string(),
  topic: z.string().nullable(),
  campaign: campaignFact.nullable().describe("the campaign written for"),
  post: postFact.nullable().describe("caption: the post captioned"),
  week: z.object({ from: z.string(), to: z.string() }).nullable().describe("post_ideas: next week"),
  plannedPosts: z.number().int().nullable().describe("post_ideas: posts already planned that week"),
  openDays: z.array(z.string()).describe("post_ideas: days of next week with nothing planned"),
  campaigns: z.array(campaignFact).describe("post_ideas: campaigns running next week"),
  topPost: z
    .object({ postId: z.string(), body: z.string(), platform: z.string(), engagements: z.number().int() })
    .nullable()
    .describe("post_ideas: the most engaging post of the last 90 days"),
  backlog: z.array(z.object({ postId: z.string(), body: z.string() })).describe("undated post ideas"),
  products: z.array(productFact).describe("best sellers of the last 90 days named in the copy"),
  hashtags: z.array(z.string()),
};
type Facts = z.infer<z.ZodObject<typeof factsShape>>;

/** What every kind starts from: the caller, the voice, today, the campaign or topic asked for, facts so far. */
interface Brief {
  ctx: ToolContext;
  voice: Voice;
  today: string;
  topic: string | null;
  campaign: CampaignRow | undefined;
  facts: Facts;
  refs: Ref[];
}

/** The best sellers of the last 90 days, added to the facts and refs. */
async function addProducts(brief: Brief, n: number) {
  const p = await productsSelling(brief.ctx, n);
  brief.facts.products = p.facts;
  brief.refs.push(...p.refs);
  return p.facts;
}

const done = (kind: Kind, brief: Brief, rendered: { template: string; draft: Draft }) => ({
  kind,
  ...rendered,
  facts: brief.facts,
  note: DRAFT_NOTE,
  refs: brief.refs,
});

/** Ideas for next week (Monday to Sunday): running campaigns, the best recent post, a best seller, the backlog. */
async function postIdeas(brief: Brief, count: number) {
  const { ctx, today: t, campaign, facts } = brief;
  const b = ctx.business.id;
  const from = addDays(weekStart(t), 7);
  const week = { from, to: addDays(from, 6) };
  const running = campaign ? [campaign] : await q.campaignsRunning(ctx.db, b, week.from, week.to, 3);
  const planned = await upcomingPosts(ctx.db, scopeOf(ctx), week, ctx.now, 100);
  const openDays = Array.from({ length: 7 }, (_, i) => addDays(week.from, i)).filter(
    (d) => !planned.some((p) => p.day === d),
  );
  const perf = await postPerformance(ctx.db, scopeOf(ctx), { from: addDays(t, -90), to: t }, { limit: 1 });
  const [top] = perf.sort((x, y) => y.engagements - x.engagements || x.post_id.localeCompare(y.post_id));
  const backlog = await q.undatedIdeas(ctx.db, b, 2);
  const products = await addProducts(brief, 1);
  if (!campaign) brief.refs.push(...running.map((c) => ref("campaign", c)));
  if (top) brief.refs.push(ref("post", { id: top.post_id, body: top.body }));
  brief.refs.push(...backlog.map((p) => ref("post", p)));
  Object.assign(facts, {
    week,
    plannedPosts: planned.length,
    openDays,
    campaigns: running.map(campaignFactOf),
    topPost: top
      ? { postId: top.post_id, body: top.body, platform: top.platform, engagements: top.engagements }
      : null,
    backlog: backlog.map((p) => ({ postId: p.id, body: p.body })),
  });
  const { template, draft } = renderDraft("post_ideas", {
    ...brief.voice,
    topic: brief.topic ?? "",
    weekOf: longDate(week.from),
    campaigns: running.map((c) => ({ name: c.name, endsOn: endsText(c.endsOn, t) })),
    products: products.map((p) => ({ name: p.name })),
    topPost: top ? { body: top.body, engagements: top.engagements } : false,
    backlog: backlog.map((p) => p.body),
  });
  // The first ideas go to the days with nothing planned yet, in order.
  const items = ("items" in draft ? draft.items : [])
    .slice(0, count)
    .map((idea, i) => (openDays[i] ? `${weekdayDate(openDays[i])}: ${idea}` : idea));
  return done("post_ideas", brief, { template, draft: { items } });
}

/** A caption for a post (given, else the next scheduled one unless a campaign or topic is given). */
async function caption(brief: Brief, postId: string | undefined) {
  const { ctx, facts, voice } = brief;
  const b = ctx.business.id;
  const id =
    postId ?? (brief.campaign || brief.topic ? undefined : await q.nextScheduledPost(ctx.db, b, ctx.now));
  if (!id && !brief.campaign && !brief.topic)
    throw new ToolInputError("Say what to caption", ["postId, campaignId or topic: give one"]);
  if (id) {
    const row = await q.postWithAccount(ctx.db, b, id);
    if (!row) throw notFound("post", id);
    brief.refs.push(ref("post", row.post));
    facts.post = {
      postId: row.post.id,
      body: row.post.body,
      status: row.post.status,
      platform: row.platform,
      handle: row.handle,
      scheduledOn: row.post.scheduledAt ? localDate(row.post.scheduledAt, ctx.business.timezone) : null,
    };
    if (!brief.campaign && row.post.campaignId) {
      brief.campaign = await q.campaignById(ctx.db, b, row.post.campaignId);
      if (brief.campaign) brief.refs.push(ref("campaign", brief.campaign));
    }
  }
  const c = brief.campaign;
  facts.campaign = c ? campaignFactOf(c) : null;
  facts.hashtags = [hashtag(voice.business), ...(c ? [hashtag(c.name)] : [])];
  return done(
    "caption",
    brief,
    renderDraft("caption", {
      ...voice,
      idea: facts.post?.body || brief.topic || c?.name || "",
      fromPost: facts.post !== null,
      campaign: c ? { name: c.name, endsOn: endsText(c.endsOn, brief.today) } : false,
      hashtags: facts.hashtags.join(" "),
    }),
  );
}

/** Ad copy or subject lines for a campaign (given, else the one running today that ends soonest) or a topic. */
async function copy(brief: Brief, kind: "ad_copy" | "subject_lines", count: number) {
  const { ctx, topic } = brief;
  if (!brief.campaign && !topic) {
    [brief.campaign] = await q.campaignsRunning(ctx.db, ctx.business.id, brief.today, brief.today, 1);
    if (!brief.campaign) throw new ToolNotFound("No campaign is running today; give campaignId or topic.");
    brief.refs.push(ref("campaign", brief.campaign));
  }
  const c = brief.campaign;
  brief.facts.campaign = c ? campaignFactOf(c) : null;
  const products = await addProducts(brief, kind === "ad_copy" ? 2 : 3);
  const { template, draft } = renderDraft(kind, {
    ...brief.voice,
    name: c?.name ?? topic!.charAt(0).toUpperCase() + topic!.slice(1),
    campaign: c
      ? { name: c.name, endsOn: endsText(c.endsOn, brief.today), audience: c.targetAudience ?? "" }
      : false,
    topic: topic ?? "",
    products:
      kind === "ad_copy" ? joinAnd(products.map((p) => p.name)) : products.map((p) => ({ name: p.name })),
  });
  return done(kind, brief, {
    template,
    draft: "items" in draft ? { items: draft.items.slice(0, count) } : draft,
  });
}

export const marketingContentTool = defineTool({
  name: "marketing_draft_content",
  module: "marketing",
  title: "Draft marketing copy",
  description:
    "Draft post ideas for next week (default), a caption for a post, ad copy or email subject lines, from a campaign, a post or a topic, grounded in running campaigns, the calendar, the best post and best-selling products. Find ids with campaigns_list or posts_list.",
  input: z.strictObject({
    kind: z
      .enum(KINDS)
      .default("post_ideas")
      .describe("post_ideas (default), caption, ad_copy or subject_lines"),
    campaignId: idInput("cmp", "a campaign", "campaign id (cmp_…); find it with campaigns_list"),
    postId: idInput(
      "pst",
      "a post",
      "caption only: the post (pst_…) to caption; default: the next scheduled post. Find it with posts_list",
    ),
    topic: z
      .string()
      .trim()
      .min(2)
      .max(200)
      .optional()
      .describe("what to write about when no campaign is given"),
    count: z
      .number()
      .int()
      .min(3)
      .max(10)
      .default(5)
      .describe("post_ideas and subject_lines: how many (3–10)"),
  }),
  output: draftOutput(KINDS, factsShape),
  access: "read",
  async run(ctx, input) {
    if (input.postId && input.kind !== "caption")
      throw new ToolInputError("postId is only for captions", ["postId: leave it out, or use kind caption"]);
    const campaign = input.campaignId
      ? await q.campaignById(ctx.db, ctx.business.id, input.campaignId)
      : undefined;
    if (input.campaignId && !campaign) throw notFound("campaign", input.campaignId);
    const voice = await voiceOf(ctx);
    const t = today(ctx);
    const brief: Brief = {
      ctx,
      voice,
      today: t,
      topic: input.topic ?? null,
      campaign,
      refs: campaign ? [ref("campaign", campaign)] : [],
      facts: {
        business: voice.business,
        today: t,
        topic: input.topic ?? null,
        campaign: campaign ? campaignFactOf(campaign) : null,
        post: null,
        week: null,
        plannedPosts: null,
        openDays: [],
        campaigns: [],
        topPost: null,
        backlog: [],
        products: [],
        hashtags: [],
      },
    };
    switch (input.kind) {
      case "post_ideas":
        return postIdeas(brief, input.count);
      case "caption":
        return caption(brief, input.postId);
      default:
        return copy(brief, input.kind, input.count);
    }
  },
});

export const marketingContentTools: AnyTool[] = [marketingContentTool];
