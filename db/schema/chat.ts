/**
 * Chat surfaces (Slack, Discord): which workspace/guild belongs to which business, one-time codes that link a
 * chat account to a user, and the messages the app posted (so approval cards can be updated when an action is
 * decided anywhere). Workspaces and link codes are identity tables: read before the business is known.
 */
import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { businessColumns, businessTableExtras, enumText, oneOf, timestamps, tstz } from "./columns.js";
import { businesses, users } from "./core.js";

export const CHAT_PLATFORMS = ["slack", "discord"] as const;

/** A Slack workspace or Discord guild serving a business; several businesses per workspace for agencies. */
export const chatWorkspaces = pgTable(
  "chat_workspaces",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    platform: enumText("platform", CHAT_PLATFORMS).notNull(),
    teamId: text("team_id").notNull(),
    teamName: text("team_name"),
    /** The business used when a member has not picked one with `/omni use`. */
    isDefault: boolean("is_default").notNull().default(false),
    /** Per-surface settings: daily brief channel and time, bot token references, role mappings. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("chat_workspaces_team_business_key").on(t.platform, t.teamId, t.businessId),
    uniqueIndex("chat_workspaces_default_key").on(t.platform, t.teamId).where(sql`${t.isDefault}`),
    oneOf("chat_workspaces_platform_check", t.platform, CHAT_PLATFORMS),
  ],
);

/** A one-time code (stored hashed) a user types in Slack or Discord to link that account to themselves. */
export const chatLinkCodes = pgTable(
  "chat_link_codes",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("chat_link_codes_hash_key").on(t.codeHash)],
);

export const CHAT_POST_KINDS = ["answer", "action_card", "brief"] as const;
/** A message the app posted, so it can be found again (an action card to update after a decision). */
export const chatPosts = pgTable(
  "chat_posts",
  {
    ...businessColumns("cps"),
    platform: enumText("platform", CHAT_PLATFORMS).notNull(),
    teamId: text("team_id").notNull(),
    channelId: text("channel_id").notNull(),
    /** Slack message ts / Discord message id. */
    messageId: text("message_id").notNull(),
    /** Discord interaction token or Slack response_url, when the message is edited through it. */
    threadKey: text("thread_key"),
    kind: enumText("kind", CHAT_POST_KINDS).notNull(),
    actionId: text("action_id"),
  },
  (t) => [
    ...businessTableExtras("chat_posts", t, businesses.id),
    uniqueIndex("chat_posts_message_key").on(t.businessId, t.platform, t.channelId, t.messageId),
    index("chat_posts_action_idx").on(t.businessId, t.actionId),
    oneOf("chat_posts_platform_check", t.platform, CHAT_PLATFORMS),
    oneOf("chat_posts_kind_check", t.kind, CHAT_POST_KINDS),
  ],
);
