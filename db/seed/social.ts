/**
 * Social: Instagram and Mastodon accounts, a year of published posts with a week of daily metrics each,
 * account-level follower counts, and scheduled posts, ideas and drafts ahead.
 */
import { posts, socialAccounts, socialMetrics } from "../schema/marketing.js";
import { at, type Day, iso, type NewRow, type SeedContext, weekday } from "./context.js";
import type { CampaignRef } from "./marketing.js";
import type { World } from "./world.js";

const POST_TEMPLATES = [
  "New on the bar this week: {origin}. Notes of {notes}. ☕",
  "Behind the scenes: Monday roast day at the Dockside roastery. {n} batches before noon.",
  "Latte art throwdown this Friday at 6pm — free entry, prizes from our friends at {partner}.",
  "Fresh 12 oz bags of {origin} are on the shelf. Roasted Tuesday.",
  "Meet {name}, our {role}. Ask them about their favourite brew method!",
  "Cold brew is back on tap. Steeped 18 hours, served over big ice.",
  "We're hiring a weekend barista. Link in bio.",
  "Thank you, {partner}, for serving our House Espresso Blend!",
  "Cupping at the roastery Saturday at 10 — three new Ethiopian lots, all welcome.",
];
const ORIGINS = [
  "Ethiopia Yirgacheffe",
  "Kenya AA Nyeri",
  "Colombia Huila",
  "Guatemala Antigua",
  "Honduras Marcala",
];
const NOTES = [
  "jasmine and bergamot",
  "blackcurrant and cane sugar",
  "red apple and caramel",
  "cocoa and orange peel",
  "honey and stone fruit",
];

export async function seedSocial(ctx: SeedContext, world: World, campaigns: CampaignRef[]): Promise<void> {
  const { rng, today, start } = ctx;
  const owner = ctx.users.owner.id;
  const manager = ctx.users.manager.id;
  // Social: Instagram and Mastodon, posts with a week of daily metrics each.
  const handle = ctx.slug.replace(/-/g, "").slice(0, 24);
  const ig = { id: ctx.id("soc"), followers: 8_400 };
  const md = { id: ctx.id("soc"), followers: 640 };
  await ctx.insert(
    socialAccounts,
    [
      {
        id: ig.id,
        platform: "instagram",
        handle,
        displayName: ctx.name,
        profileUrl: `https://instagram.com/${handle}`,
        followers: ig.followers,
        createdAt: at(start - 900),
      },
      {
        id: md.id,
        platform: "mastodon",
        handle: `${handle}@mastodon.social`,
        displayName: ctx.name,
        profileUrl: `https://mastodon.social/@${handle}`,
        followers: md.followers,
        createdAt: at(start - 400),
      },
    ],
    "social accounts",
  );
  const postRows: NewRow<typeof posts>[] = [];
  const metricRows: NewRow<typeof socialMetrics>[] = [];
  const body = () =>
    rng
      .pick(POST_TEMPLATES)
      .replace("{origin}", rng.pick(ORIGINS))
      .replace("{notes}", rng.pick(NOTES))
      .replace("{n}", String(rng.int(6, 11)))
      .replace("{partner}", rng.pick(world.customers).name)
      .replace("{name}", rng.pick(world.employees).firstName)
      .replace("{role}", rng.pick(["shift lead", "head roaster", "barista"]));
  const campaignFor = (day: Day) =>
    campaigns.find((c) => c.startsOn <= iso(day) && c.endsOn >= iso(day) && c.channel !== "events");
  for (let day = start; day < today; day++) {
    const wd = weekday(day);
    for (const acct of [ig, md]) {
      const posting = acct === ig ? wd === 2 || wd === 5 || (wd === 0 && rng.chance(0.5)) : wd === 3;
      if (!posting) continue;
      const id = ctx.id("pst");
      const when = at(day, acct === ig ? 16 : 12, rng.int(0, 59));
      const cmp = campaignFor(day);
      postRows.push({
        id,
        socialAccountId: acct.id,
        campaignId: cmp ? cmp.id : null,
        body: body(),
        mediaUrls: acct === ig ? [`https://cdn.${ctx.slug}.demo/posts/${id}.jpg`] : [],
        status: "published",
        scheduledAt: when,
        publishedAt: when,
        url:
          acct === ig
            ? `https://instagram.com/p/${id.slice(-11)}`
            : `https://mastodon.social/@${handle}/${id.slice(-12)}`,
        authorUserId: rng.chance(0.7) ? manager : owner,
        createdAt: at(day - 2, 10),
      });
      const reach = Math.round((acct === ig ? 2_400 : 260) * rng.jitter(0.5));
      for (let k = 0; k < 7 && day + k < today; k++) {
        const share = k === 0 ? 0.55 : 0.45 / 6;
        const r = Math.max(1, Math.round(reach * share * rng.jitter(0.2)));
        const likes = Math.round(r * (acct === ig ? 0.08 : 0.05) * rng.jitter(0.3));
        const comments = Math.round(likes * 0.08);
        const shares = Math.round(likes * 0.05);
        const clicks = Math.round(r * 0.01);
        metricRows.push({
          id: ctx.id("smt"),
          postId: id,
          socialAccountId: acct.id,
          measuredOn: iso(day + k),
          impressions: Math.round(r * 1.3),
          reach: r,
          engagements: likes + comments + shares + clicks,
          clicks,
          likes,
          shares,
          comments,
          source: acct === ig ? "instagram" : "mastodon",
          createdAt: at(day + k + 1, 3),
        });
      }
    }
  }
  // Account-level follower counts for the last 90 days.
  for (const acct of [ig, md]) {
    for (let k = 90; k >= 1; k--) {
      const f = Math.round(acct.followers * (1 - k * 0.0008));
      metricRows.push({
        id: ctx.id("smt"),
        socialAccountId: acct.id,
        measuredOn: iso(today - k),
        followers: f,
        source: acct === ig ? "instagram" : "mastodon",
        createdAt: at(today - k + 1, 3),
      });
    }
  }
  const future: [number, string, number][] = [
    [1, "Loyalty app: double stars all weekend ⭐", 0],
    [3, "Meet the new Kenya AA Nyeri — roast day recap", 0],
    [6, "Tasting at the co-op this Saturday", 0],
    [8, "Spring single-origin series starts soon", 1],
    [10, "Roaster maintenance day: café open as usual", 0],
    [13, "Grocery shelf launch: find us in aisle 7", 1],
  ];
  for (const [d, text, acct] of future) {
    postRows.push({
      id: ctx.id("pst"),
      socialAccountId: acct ? md.id : ig.id,
      campaignId: campaigns.find((c) => c.key === (d > 7 ? "spring" : "loyalty"))!.id,
      body: text,
      status: "scheduled",
      scheduledAt: at(today + d, 16),
      authorUserId: manager,
      createdAt: at(today - 2, 11),
    });
  }
  const ideas = [
    "Reel: green to roasted in 60 seconds",
    "Barista spotlight series",
    "Poll: which origin next?",
    "Behind the scenes of the drum repair",
    "Customer latte art contest",
    "Origin trip photo dump (Huila)",
    "How to dial in at home",
    "Staff picks for gift boxes",
  ];
  ideas.forEach((text, i) => {
    postRows.push({
      id: ctx.id("pst"),
      body: text,
      status: i < 6 ? "idea" : "draft",
      socialAccountId: i < 6 ? null : ig.id,
      authorUserId: i % 2 ? owner : manager,
      createdAt: at(today - 30 + i * 3, 10),
    });
  });
  postRows.push({
    id: ctx.id("pst"),
    socialAccountId: md.id,
    body: "Roast day recap (failed upload)",
    status: "failed",
    scheduledAt: at(today - 4, 12),
    error: "Media upload rejected: file too large (12 MB > 8 MB).",
    authorUserId: manager,
    createdAt: at(today - 5, 10),
  });
  await ctx.insert(posts, postRows, "posts");
  await ctx.insert(socialMetrics, metricRows, "social metrics");
}
