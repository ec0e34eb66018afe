/** Marketing: campaigns and paid ads (accounts → ad sets → creatives) whose spend is charged to the card. */
import { adAccounts, adCreatives, adSets, campaigns } from "../schema/marketing.js";
import { at, type Day, iso, type NewRow, type SeedContext, splitInteger } from "./context.js";
import type { World } from "./world.js";

/** The latest `month`/`dom` (1-based month) on or before `limit`. */
function lastDate(limit: Day, month: number, dom: number): Day {
  const y = new Date(limit * 86_400_000).getUTCFullYear();
  for (const year of [y, y - 1, y - 2]) {
    const d = Math.floor(Date.UTC(year, month - 1, dom) / 86_400_000);
    if (d <= limit) return d;
  }
  return limit;
}

/** A campaign as the social calendar needs it. */
export interface CampaignRef {
  id: string;
  key: string;
  startsOn: string;
  endsOn: string;
  channel: string;
}

export async function seedMarketing(ctx: SeedContext, world: World): Promise<CampaignRef[]> {
  const { rng, today, start } = ctx;
  const owner = ctx.users.owner.id;
  const manager = ctx.users.manager.id;
  const holiday = lastDate(today - 10, 11, 20);
  const summer = lastDate(today - 30, 6, 1);
  type Cmp = NewRow<typeof campaigns>;
  const cmps: (Cmp & { key: string })[] = [
    {
      key: "holiday",
      name: "Holiday gift boxes",
      channel: "email",
      objective: "Sell 400 gift boxes to regulars and offices",
      startsOn: iso(holiday),
      endsOn: iso(holiday + 34),
      budgetMinor: 350_000,
      targetAudience: "Newsletter subscribers, office pantry clients",
    },
    {
      key: "summer",
      name: "Cold brew summer",
      channel: "social",
      objective: "Grow iced drink sales 20% over last summer",
      startsOn: iso(summer),
      endsOn: iso(summer + 91),
      budgetMinor: 280_000,
      targetAudience: "Locals within 3 miles, 18–40",
    },
    {
      key: "openhouse",
      name: "Wholesale open house",
      channel: "events",
      objective: "10 qualified wholesale leads",
      startsOn: iso(start + 150),
      endsOn: iso(start + 165),
      budgetMinor: 120_000,
      targetAudience: "Café and restaurant owners in the county",
    },
    {
      key: "loyalty",
      name: "Loyalty app launch",
      channel: "ads",
      objective: "2,000 app sign-ups",
      startsOn: iso(today - 55),
      endsOn: iso(today + 35),
      budgetMinor: 600_000,
      targetAudience: "Existing customers and nearby offices",
    },
    {
      key: "grocery",
      name: "Grocery shelf launch",
      channel: "content",
      objective: "Support the new retail accounts with in-store tastings",
      startsOn: iso(today - 20),
      endsOn: iso(today + 60),
      budgetMinor: 180_000,
      targetAudience: "Co-op and grocery shoppers",
    },
    {
      key: "spring",
      name: "Spring single-origin series",
      channel: "social",
      objective: "Sell out three limited lots",
      startsOn: iso(today + 25),
      endsOn: iso(today + 85),
      budgetMinor: 150_000,
      targetAudience: "Instagram followers",
    },
  ];
  const cmpIds = new Map<string, string>();
  for (const c of cmps) cmpIds.set(c.key, ctx.id("cmp"));

  // Paid ads: Meta and Google, spend charged weekly to the card.
  const metaId = ctx.id("ada");
  const googleId = ctx.id("ada");
  const sets = [
    {
      acct: metaId,
      cmp: "loyalty",
      name: "Loyalty app – lookalike 3 mi",
      from: today - 55,
      to: today + 35,
      daily: 2_500,
      status: "active" as const,
    },
    {
      acct: metaId,
      cmp: "loyalty",
      name: "Loyalty app – retargeting",
      from: today - 40,
      to: today + 35,
      daily: 1_200,
      status: "active" as const,
    },
    {
      acct: metaId,
      cmp: "summer",
      name: "Cold brew – local reach",
      from: summer,
      to: summer + 91,
      daily: 1_800,
      status: "ended" as const,
    },
    {
      acct: googleId,
      cmp: "holiday",
      name: "Gift boxes – search",
      from: holiday,
      to: holiday + 34,
      daily: 3_000,
      status: "ended" as const,
    },
    {
      acct: googleId,
      cmp: "grocery",
      name: "Retail bags – search (brand)",
      from: today - 20,
      to: today + 60,
      daily: 900,
      status: "paused" as const,
    },
  ];
  const spentBy = new Map<string, number>();
  const setRows: NewRow<typeof adSets>[] = [];
  const creativeRows: NewRow<typeof adCreatives>[] = [];
  for (const s of sets) {
    const id = ctx.id("ads");
    const runDays = Math.max(0, Math.min(s.to, today) - s.from);
    const spent = Math.round(runDays * s.daily * rng.jitter(0.1));
    spentBy.set(s.cmp, (spentBy.get(s.cmp) ?? 0) + spent);
    const impressions = Math.round(spent * 0.35);
    const clicks = Math.round(impressions * 0.012);
    setRows.push({
      id,
      adAccountId: s.acct,
      campaignId: cmpIds.get(s.cmp)!,
      name: s.name,
      status: s.status,
      audience: cmps.find((c) => c.key === s.cmp)!.targetAudience,
      dailyBudgetMinor: s.daily,
      lifetimeBudgetMinor: s.daily * (s.to - s.from),
      spentMinor: spent,
      impressions,
      clicks,
      conversions: Math.round(clicks * 0.08),
      startsOn: iso(s.from),
      endsOn: iso(s.to),
      createdAt: at(s.from - 3, 14),
    });
    for (let k = 0; k < 2; k++) {
      creativeRows.push({
        id: ctx.id("adc"),
        adSetId: id,
        name: `${s.name} – ${k === 0 ? "A" : "B"}`,
        headline: k === 0 ? "Your coffee, roasted down the street" : "Earn a free drink on your 5th visit",
        body: "Small-batch coffee roasted at Dockside, poured on Harbor St.",
        callToAction: s.acct === metaId ? "Learn more" : "Shop now",
        mediaUrl: `https://cdn.${ctx.slug}.demo/ads/${id}-${k}.jpg`,
        destinationUrl: `https://${ctx.slug}.demo/${s.cmp}`,
        status: s.status === "paused" && k === 1 ? "paused" : s.status,
        createdAt: at(s.from - 3, 15),
      });
    }
    // Weekly card charges for what actually ran.
    const weeks = Math.ceil(runDays / 7);
    const parts = weeks > 0 ? splitInteger(rng, spent, weeks) : [];
    parts.forEach((amount, w) => {
      world.ledger.push({
        day: Math.min(today, s.from + (w + 1) * 7),
        account: "card",
        amount: -amount,
        description: `${s.acct === metaId ? "FACEBK ADS" : "GOOGLE *ADS"} ${s.name}`,
        counterparty: s.acct === metaId ? "Meta Platforms" : "Google Ads",
        category: "marketing",
      });
    });
  }
  await ctx.insert(
    campaigns,
    cmps.map(({ key, ...c }) => {
      const from = Date.parse(`${c.startsOn}T00:00:00Z`) / 86_400_000;
      const to = Date.parse(`${c.endsOn}T00:00:00Z`) / 86_400_000;
      const status = from > today ? "planned" : to < today ? "completed" : "active";
      const spent =
        (spentBy.get(key) ?? 0) + (status === "planned" ? 0 : Math.round((c.budgetMinor ?? 0) * 0.2));
      return {
        ...c,
        id: cmpIds.get(key)!,
        status,
        spentMinor: spent,
        ownerUserId: key === "openhouse" ? owner : manager,
        createdAt: at(from - 14, 10),
      };
    }),
    "campaigns",
  );
  await ctx.insert(
    adAccounts,
    [
      {
        id: metaId,
        platform: "meta",
        name: "Harbor & Pine – Meta",
        accountRef: `act_${ctx.faker.string.numeric(15)}`,
        status: "active",
        createdAt: at(start - 200),
      },
      {
        id: googleId,
        platform: "google",
        name: "Harbor & Pine – Google Ads",
        accountRef: ctx.faker.string.numeric({ length: 10 }),
        status: "active",
        createdAt: at(start - 150),
      },
    ],
    "ad accounts",
  );
  await ctx.insert(adSets, setRows, "ad sets");
  await ctx.insert(adCreatives, creativeRows, "ad creatives");

  world.named.set("campaign.loyalty", cmpIds.get("loyalty")!);
  return cmps.map((c) => ({
    id: cmpIds.get(c.key)!,
    key: c.key,
    startsOn: c.startsOn!,
    endsOn: c.endsOn!,
    channel: c.channel!,
  }));
}
