/**
 * Who is who on Slack and Discord: a workspace (guild) serves one or more businesses; a chat account is linked to
 * a user by a verified email or a one-time link code; the business a message is about is the one the account
 * picked with `/omni use`, else the workspace's default, else its only one. Identity tables, read as the owner.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { newId } from "../ids.js";
import { type CHAT_PLATFORMS, chatLinkCodes, chatWorkspaces } from "../schema/chat.js";
import { businesses, chatIdentities, memberships, type Role, users } from "../schema/core.js";

export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

export interface ChatAccount {
  platform: ChatPlatform;
  /** Slack team id / Discord guild id (for DMs on Discord: the guild the bot is installed in). */
  teamId: string;
  platformUserId: string;
}

export type ChatUser =
  | { ok: true; userId: string; userName: string; businessId: string; businessName: string; role: Role }
  | { ok: false; reason: "unknown_workspace" | "unknown_user" | "not_member"; message: string };

/** Connects a workspace to a business; the first one connected becomes its default. */
export async function connectWorkspace(
  db: Db,
  input: {
    platform: ChatPlatform;
    teamId: string;
    teamName?: string;
    businessId: string;
    isDefault?: boolean;
  },
): Promise<typeof chatWorkspaces.$inferSelect> {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select()
      .from(chatWorkspaces)
      .where(and(eq(chatWorkspaces.platform, input.platform), eq(chatWorkspaces.teamId, input.teamId)));
    const makeDefault = input.isDefault ?? existing.length === 0;
    if (makeDefault)
      await tx
        .update(chatWorkspaces)
        .set({ isDefault: false })
        .where(and(eq(chatWorkspaces.platform, input.platform), eq(chatWorkspaces.teamId, input.teamId)));
    const [row] = await tx
      .insert(chatWorkspaces)
      .values({
        id: newId("cws"),
        platform: input.platform,
        teamId: input.teamId,
        teamName: input.teamName ?? null,
        businessId: input.businessId,
        isDefault: makeDefault,
      })
      .onConflictDoUpdate({
        target: [chatWorkspaces.platform, chatWorkspaces.teamId, chatWorkspaces.businessId],
        set: { teamName: input.teamName ?? null, isDefault: makeDefault, updatedAt: new Date() },
      })
      .returning();
    return row!;
  });
}

/**
 * The workspace a direct message belongs to (DMs carry none on Discord): the one the account was linked in most
 * recently, else the platform's only connected workspace.
 */
export async function homeTeam(
  db: Db,
  platform: ChatPlatform,
  platformUserId: string,
): Promise<string | undefined> {
  const [linked] = await db
    .select({ teamId: chatIdentities.teamId })
    .from(chatIdentities)
    .where(and(eq(chatIdentities.platform, platform), eq(chatIdentities.platformUserId, platformUserId)))
    .orderBy(desc(chatIdentities.updatedAt))
    .limit(1);
  if (linked) return linked.teamId;
  const teams = await db
    .selectDistinct({ teamId: chatWorkspaces.teamId })
    .from(chatWorkspaces)
    .where(eq(chatWorkspaces.platform, platform))
    .limit(2);
  return teams.length === 1 ? teams[0]!.teamId : undefined;
}

/** The businesses a workspace serves, default first. */
export async function workspaceBusinesses(db: Db, platform: ChatPlatform, teamId: string) {
  return db
    .select({
      businessId: chatWorkspaces.businessId,
      isDefault: chatWorkspaces.isDefault,
      name: businesses.name,
      slug: businesses.slug,
      settings: chatWorkspaces.settings,
    })
    .from(chatWorkspaces)
    .innerJoin(businesses, eq(businesses.id, chatWorkspaces.businessId))
    .where(and(eq(chatWorkspaces.platform, platform), eq(chatWorkspaces.teamId, teamId)))
    .orderBy(sql`${chatWorkspaces.isDefault} desc`, businesses.name);
}

/** The Slack workspaces and Discord guilds connected to a business (for the admin UI's connect page). */
export async function chatWorkspacesOf(db: Db, businessId: string) {
  return db
    .select({
      platform: chatWorkspaces.platform,
      teamId: chatWorkspaces.teamId,
      teamName: chatWorkspaces.teamName,
      isDefault: chatWorkspaces.isDefault,
      connectedAt: chatWorkspaces.createdAt,
    })
    .from(chatWorkspaces)
    .where(eq(chatWorkspaces.businessId, businessId))
    .orderBy(chatWorkspaces.platform, chatWorkspaces.createdAt);
}

/**
 * Maps a chat account to a user, business and role. Links the account on first sight when the platform vouches
 * for its email (`verifiedEmail`) and that email belongs to a member of a business the workspace serves.
 */
export async function resolveChatUser(
  db: Db,
  account: ChatAccount,
  verifiedEmail?: string,
): Promise<ChatUser> {
  const served = await workspaceBusinesses(db, account.platform, account.teamId);
  if (served.length === 0) {
    return {
      ok: false,
      reason: "unknown_workspace",
      message: "This workspace is not connected to a business yet. An owner can connect it in the admin UI.",
    };
  }
  let [identity] = await db
    .select()
    .from(chatIdentities)
    .where(
      and(
        eq(chatIdentities.platform, account.platform),
        eq(chatIdentities.teamId, account.teamId),
        eq(chatIdentities.platformUserId, account.platformUserId),
      ),
    );
  if (!identity && verifiedEmail) {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(
        and(
          sql`lower(${users.email}) = ${verifiedEmail.toLowerCase()}`,
          isNull(users.disabledAt),
          inArray(
            memberships.businessId,
            served.map((s) => s.businessId),
          ),
        ),
      )
      .limit(1);
    if (user) identity = await linkAccount(db, account, user.id);
  }
  if (!identity) {
    return {
      ok: false,
      reason: "unknown_user",
      message:
        "I don't know you yet. Ask an owner or manager to invite you (with the email of this account), or get a link code in the admin UI and send `link <code>` here.",
    };
  }
  const rows = await db
    .select({
      businessId: memberships.businessId,
      role: memberships.role,
      userName: users.name,
      businessName: businesses.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(businesses, eq(businesses.id, memberships.businessId))
    .where(and(eq(memberships.userId, identity.userId), isNull(users.disabledAt)));
  const member = new Map(rows.map((r) => [r.businessId, r]));
  const choice =
    (identity.activeBusinessId && served.some((s) => s.businessId === identity.activeBusinessId)
      ? member.get(identity.activeBusinessId)
      : undefined) ?? served.map((s) => member.get(s.businessId)).find((m) => m !== undefined);
  if (!choice) {
    return {
      ok: false,
      reason: "not_member",
      message:
        "Your account is linked, but you are not a member of a business this workspace serves. Ask an owner to add you.",
    };
  }
  return {
    ok: true,
    userId: identity.userId,
    userName: choice.userName,
    businessId: choice.businessId,
    businessName: choice.businessName,
    role: choice.role,
  };
}

async function linkAccount(db: Db, account: ChatAccount, userId: string) {
  const [row] = await db
    .insert(chatIdentities)
    .values({ id: newId("chi"), ...account, userId })
    .onConflictDoUpdate({
      target: [chatIdentities.platform, chatIdentities.teamId, chatIdentities.platformUserId],
      set: { userId, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

const hashCode = (code: string) => createHash("sha256").update(code.trim().toUpperCase()).digest("hex");

/** A one-time code for the user to type in Slack/Discord (`link <code>`); returned once, stored hashed. */
export async function createLinkCode(
  db: Db,
  input: { businessId: string; userId: string; ttlMinutes?: number; now?: Date },
): Promise<{ code: string; expiresAt: Date }> {
  const code = randomBytes(6)
    .toString("base64url")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "7")
    .slice(0, 8);
  const expiresAt = new Date((input.now ?? new Date()).getTime() + (input.ttlMinutes ?? 30) * 60_000);
  await db.insert(chatLinkCodes).values({
    id: newId("clc"),
    businessId: input.businessId,
    userId: input.userId,
    codeHash: hashCode(code),
    expiresAt,
  });
  return { code, expiresAt };
}

/** Links the chat account to the code's user; the code works once and only before it expires. */
export async function redeemLinkCode(
  db: Db,
  account: ChatAccount,
  code: string,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(chatLinkCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(chatLinkCodes.codeHash, hashCode(code)),
          isNull(chatLinkCodes.usedAt),
          gt(chatLinkCodes.expiresAt, now),
        ),
      )
      .returning();
    if (!row)
      throw new NotFoundError("That link code is unknown, used or expired; get a new one in the admin UI.");
    const served = await workspaceBusinesses(tx, account.platform, account.teamId);
    if (!served.some((s) => s.businessId === row.businessId))
      throw new ConflictError("That code is for a business this workspace is not connected to.");
    await linkAccount(tx, account, row.userId);
  });
}

/** `/omni use <business>`: which of the workspace's businesses this account talks to. */
export async function useBusiness(
  db: Db,
  account: ChatAccount,
  ref: string,
): Promise<{ businessId: string; name: string }> {
  const served = await workspaceBusinesses(db, account.platform, account.teamId);
  const wanted = ref.trim().toLowerCase();
  const pick = served.find(
    (s) => s.slug === wanted || s.businessId === ref.trim() || s.name.toLowerCase() === wanted,
  );
  if (!pick)
    throw new NotFoundError(
      `This workspace serves ${served.map((s) => s.slug).join(", ") || "no business"}; "${ref}" is not one of them.`,
    );
  const updated = await db
    .update(chatIdentities)
    .set({ activeBusinessId: pick.businessId, updatedAt: new Date() })
    .where(
      and(
        eq(chatIdentities.platform, account.platform),
        eq(chatIdentities.teamId, account.teamId),
        eq(chatIdentities.platformUserId, account.platformUserId),
      ),
    )
    .returning({ id: chatIdentities.id });
  if (!updated.length) throw new NotFoundError("Link your account first (`link <code>`).");
  return { businessId: pick.businessId, name: pick.name };
}
