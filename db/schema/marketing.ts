/** Marketing & Social (spec §3.7): campaigns, paid ads (accounts → ad sets → creatives), social accounts, posts and their metrics. */
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import {
  businessColumns,
  businessTableExtras,
  currency,
  enumText,
  money,
  nonNegative,
  oneOf,
  searchVector,
  sourceColumns,
  tenantRef,
  tstz,
} from "./columns.js";
import { businesses, users } from "./core.js";

export const CAMPAIGN_CHANNELS = ["email", "social", "ads", "events", "content", "other"] as const;
export const CAMPAIGN_STATUSES = ["planned", "active", "paused", "completed"] as const;
/** A marketing push over a period with a budget; ad sets and posts point here. `spent_minor` is what has gone out so far. */
export const campaigns = pgTable(
  "campaigns",
  {
    ...businessColumns("cmp"),
    ...sourceColumns(),
    name: text("name").notNull(),
    channel: enumText("channel", CAMPAIGN_CHANNELS).notNull().default("other"),
    objective: text("objective"),
    status: enumText("status", CAMPAIGN_STATUSES).notNull().default("planned"),
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
    budgetMinor: money("budget_minor"),
    spentMinor: money("spent_minor").notNull().default(0),
    currency: currency(),
    targetAudience: text("target_audience"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "objective", "target_audience", "notes"]),
  },
  (t) => [
    ...businessTableExtras("campaigns", t, businesses.id),
    oneOf("campaigns_channel_check", t.channel, CAMPAIGN_CHANNELS),
    oneOf("campaigns_status_check", t.status, CAMPAIGN_STATUSES),
    nonNegative("campaigns_budget_minor_check", t.budgetMinor),
    nonNegative("campaigns_spent_minor_check", t.spentMinor),
    check("campaigns_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
    index("campaigns_status_idx").on(t.businessId, t.status),
    index("campaigns_starts_idx").on(t.businessId, t.startsOn),
    index("campaigns_channel_idx").on(t.businessId, t.channel),
  ],
);

export const AD_PLATFORMS = ["google", "meta", "linkedin", "tiktok", "other"] as const;
export const AD_ACCOUNT_STATUSES = ["active", "paused", "disconnected", "closed"] as const;
/** An account on an ad platform; `account_ref` is the platform's own account id (synced rows also carry external_id). */
export const adAccounts = pgTable(
  "ad_accounts",
  {
    ...businessColumns("ada"),
    ...sourceColumns(),
    platform: enumText("platform", AD_PLATFORMS).notNull(),
    name: text("name").notNull(),
    accountRef: text("account_ref"),
    currency: currency(),
    status: enumText("status", AD_ACCOUNT_STATUSES).notNull().default("active"),
    archivedAt: tstz("archived_at"),
  },
  (t) => [
    ...businessTableExtras("ad_accounts", t, businesses.id),
    oneOf("ad_accounts_platform_check", t.platform, AD_PLATFORMS),
    oneOf("ad_accounts_status_check", t.status, AD_ACCOUNT_STATUSES),
    index("ad_accounts_platform_idx").on(t.businessId, t.platform),
  ],
);

export const AD_STATUSES = ["draft", "active", "paused", "ended"] as const;
/**
 * A targeted group of ads with its budget, under an ad account (deleted with it) and optionally a campaign.
 * Spend and delivery counters are lifetime totals as last synced from the platform.
 */
export const adSets = pgTable(
  "ad_sets",
  {
    ...businessColumns("ads"),
    ...sourceColumns(),
    adAccountId: text("ad_account_id").notNull(),
    campaignId: text("campaign_id"),
    name: text("name").notNull(),
    status: enumText("status", AD_STATUSES).notNull().default("draft"),
    audience: text("audience"),
    dailyBudgetMinor: money("daily_budget_minor"),
    lifetimeBudgetMinor: money("lifetime_budget_minor"),
    spentMinor: money("spent_minor").notNull().default(0),
    currency: currency(),
    impressions: integer("impressions").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    conversions: integer("conversions").notNull().default(0),
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
    archivedAt: tstz("archived_at"),
  },
  (t) => [
    ...businessTableExtras("ad_sets", t, businesses.id),
    tenantRef("ad_sets_ad_account_id_fk", t, t.adAccountId, adAccounts, "cascade"),
    tenantRef("ad_sets_campaign_id_fk", t, t.campaignId, campaigns, "no action"),
    oneOf("ad_sets_status_check", t.status, AD_STATUSES),
    nonNegative("ad_sets_daily_budget_minor_check", t.dailyBudgetMinor),
    nonNegative("ad_sets_lifetime_budget_minor_check", t.lifetimeBudgetMinor),
    nonNegative("ad_sets_spent_minor_check", t.spentMinor),
    nonNegative("ad_sets_impressions_check", t.impressions),
    nonNegative("ad_sets_clicks_check", t.clicks),
    nonNegative("ad_sets_conversions_check", t.conversions),
    check("ad_sets_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
    index("ad_sets_ad_account_idx").on(t.businessId, t.adAccountId),
    index("ad_sets_campaign_idx").on(t.businessId, t.campaignId),
    index("ad_sets_status_idx").on(t.businessId, t.status),
  ],
);

/** One ad: the copy and media shown, under an ad set (deleted with it). */
export const adCreatives = pgTable(
  "ad_creatives",
  {
    ...businessColumns("adc"),
    ...sourceColumns(),
    adSetId: text("ad_set_id").notNull(),
    name: text("name").notNull(),
    headline: text("headline"),
    body: text("body"),
    callToAction: text("call_to_action"),
    mediaUrl: text("media_url"),
    destinationUrl: text("destination_url"),
    status: enumText("status", AD_STATUSES).notNull().default("draft"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "headline", "body", "call_to_action"]),
  },
  (t) => [
    ...businessTableExtras("ad_creatives", t, businesses.id),
    tenantRef("ad_creatives_ad_set_id_fk", t, t.adSetId, adSets, "cascade"),
    oneOf("ad_creatives_status_check", t.status, AD_STATUSES),
    index("ad_creatives_ad_set_idx").on(t.businessId, t.adSetId),
  ],
);

export const SOCIAL_PLATFORMS = [
  "x",
  "instagram",
  "facebook",
  "linkedin",
  "tiktok",
  "mastodon",
  "youtube",
  "other",
] as const;
export const SOCIAL_ACCOUNT_STATUSES = ["active", "disconnected", "inactive"] as const;
/** A profile the business posts from; a handle is unique per platform (case-insensitive). `followers` is the latest count. */
export const socialAccounts = pgTable(
  "social_accounts",
  {
    ...businessColumns("soc"),
    ...sourceColumns(),
    platform: enumText("platform", SOCIAL_PLATFORMS).notNull(),
    handle: text("handle").notNull(),
    displayName: text("display_name"),
    profileUrl: text("profile_url"),
    followers: integer("followers"),
    status: enumText("status", SOCIAL_ACCOUNT_STATUSES).notNull().default("active"),
    archivedAt: tstz("archived_at"),
  },
  (t) => [
    ...businessTableExtras("social_accounts", t, businesses.id),
    oneOf("social_accounts_platform_check", t.platform, SOCIAL_PLATFORMS),
    oneOf("social_accounts_status_check", t.status, SOCIAL_ACCOUNT_STATUSES),
    nonNegative("social_accounts_followers_check", t.followers),
    uniqueIndex("social_accounts_platform_handle_key").on(t.businessId, t.platform, sql`lower(${t.handle})`),
  ],
);

export const POST_STATUSES = ["idea", "draft", "scheduled", "published", "failed"] as const;
/**
 * A social post from idea to published: the content calendar. An idea may have no account yet;
 * a scheduled post must have `scheduled_at`.
 */
export const posts = pgTable(
  "posts",
  {
    ...businessColumns("pst"),
    ...sourceColumns(),
    socialAccountId: text("social_account_id"),
    campaignId: text("campaign_id"),
    body: text("body").notNull().default(""),
    mediaUrls: jsonb("media_urls").$type<string[]>().notNull().default([]),
    status: enumText("status", POST_STATUSES).notNull().default("idea"),
    scheduledAt: tstz("scheduled_at"),
    publishedAt: tstz("published_at"),
    url: text("url"),
    error: text("error"),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    archivedAt: tstz("archived_at"),
    search: searchVector(["body"]),
  },
  (t) => [
    ...businessTableExtras("posts", t, businesses.id),
    tenantRef("posts_social_account_id_fk", t, t.socialAccountId, socialAccounts, "no action"),
    tenantRef("posts_campaign_id_fk", t, t.campaignId, campaigns, "no action"),
    oneOf("posts_status_check", t.status, POST_STATUSES),
    check("posts_scheduled_at_check", sql`${t.status} <> 'scheduled' or ${t.scheduledAt} is not null`),
    index("posts_status_scheduled_idx").on(t.businessId, t.status, t.scheduledAt),
    index("posts_published_idx").on(t.businessId, t.publishedAt),
    index("posts_account_idx").on(t.businessId, t.socialAccountId, t.publishedAt),
    index("posts_campaign_idx").on(t.businessId, t.campaignId),
  ],
);

/**
 * One day's numbers for a post (post_id set) or for a whole account (post_id null); deleted with either.
 * At most one row per post per day and per account-level day. `followers` is for account-level rows.
 */
export const socialMetrics = pgTable(
  "social_metrics",
  {
    ...businessColumns("smt"),
    ...sourceColumns(),
    postId: text("post_id"),
    socialAccountId: text("social_account_id").notNull(),
    measuredOn: date("measured_on", { mode: "string" }).notNull(),
    impressions: integer("impressions").notNull().default(0),
    reach: integer("reach").notNull().default(0),
    engagements: integer("engagements").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    likes: integer("likes").notNull().default(0),
    shares: integer("shares").notNull().default(0),
    comments: integer("comments").notNull().default(0),
    followers: integer("followers"),
  },
  (t) => [
    ...businessTableExtras("social_metrics", t, businesses.id),
    tenantRef("social_metrics_post_id_fk", t, t.postId, posts, "cascade"),
    tenantRef("social_metrics_social_account_id_fk", t, t.socialAccountId, socialAccounts, "cascade"),
    nonNegative("social_metrics_impressions_check", t.impressions),
    nonNegative("social_metrics_reach_check", t.reach),
    nonNegative("social_metrics_engagements_check", t.engagements),
    nonNegative("social_metrics_clicks_check", t.clicks),
    nonNegative("social_metrics_likes_check", t.likes),
    nonNegative("social_metrics_shares_check", t.shares),
    nonNegative("social_metrics_comments_check", t.comments),
    nonNegative("social_metrics_followers_check", t.followers),
    uniqueIndex("social_metrics_post_day_key").on(t.businessId, t.postId, t.measuredOn),
    uniqueIndex("social_metrics_account_day_key")
      .on(t.businessId, t.socialAccountId, t.measuredOn)
      .where(sql`post_id is null`),
    index("social_metrics_account_idx").on(t.businessId, t.socialAccountId, t.measuredOn),
    index("social_metrics_measured_idx").on(t.businessId, t.measuredOn),
  ],
);
