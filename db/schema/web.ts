/**
 * The admin web UI: sign-in sessions (server-side rows behind an HttpOnly cookie), login attempts for rate
 * limiting, and invitations to join a business with a role. Sessions and attempts are identity tables (read
 * before any business is chosen); invitations belong to a business and are read inside its tenant context.
 */
import { boolean, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { businessColumns, businessTableExtras, enumText, oneOf, timestamps, tstz } from "./columns.js";
import { businesses, ROLES, users } from "./core.js";

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export const webSessions = pgTable(
  "web_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    /** The synchronizer token every form and fetch of this session must send back. */
    csrfToken: text("csrf_token").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    userAgent: text("user_agent"),
    ip: text("ip"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("web_sessions_token_hash_key").on(t.tokenHash),
    index("web_sessions_user_idx").on(t.userId),
  ],
);

/** One sign-in attempt; failures per email and per address within a window limit further attempts. */
export const webLoginAttempts = pgTable(
  "web_login_attempts",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: tstz("attempted_at").notNull().defaultNow(),
  },
  (t) => [
    index("web_login_attempts_email_idx").on(t.email, t.attemptedAt),
    index("web_login_attempts_ip_idx").on(t.ip, t.attemptedAt),
  ],
);

/** An invitation link (one-time token, stored hashed) to join a business with a role. */
export const webInvitations = pgTable(
  "web_invitations",
  {
    ...businessColumns("ivt"),
    /** Who it is meant for (shown to the inviter); any signed-in user holding the link may accept it. */
    email: text("email"),
    role: enumText("role", ROLES).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    expiresAt: tstz("expires_at").notNull(),
    acceptedAt: tstz("accepted_at"),
    acceptedByUserId: text("accepted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [
    ...businessTableExtras("web_invitations", t, businesses.id),
    uniqueIndex("web_invitations_token_hash_key").on(t.tokenHash),
    oneOf("web_invitations_role_check", t.role, ROLES),
  ],
);
