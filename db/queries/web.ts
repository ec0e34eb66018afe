/**
 * The admin web UI's own small queries: sessions (a random cookie token, stored as SHA-256), login attempts
 * for rate limiting, invitations with a role, and the member lists sign-in needs before a business is chosen.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { appendEvent } from "../audit.js";
import type { Db } from "../client.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { newId } from "../ids.js";
import { businesses, memberships, type Role, users } from "../schema/core.js";
import { webInvitations, webLoginAttempts, webSessions } from "../schema/web.js";
import { withBusiness } from "../tenancy.js";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

/** Sliding lifetime of a session since its last use, and the longest any session lives. */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_MAX_MS = 30 * 24 * 3600_000;
/** last_seen_at / expires_at are rewritten at most this often, so most requests are one read. */
const TOUCH_EVERY_MS = 10 * 60_000;

export interface SessionInfo {
  id: string;
  userId: string;
  userName: string;
  userEmail: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Starts a session for a user; returns the cookie token (shown once) and the session. */
export async function createSession(
  db: Db,
  input: { userId: string; userAgent?: string; ip?: string; now?: Date },
): Promise<{ token: string; session: SessionInfo }> {
  const now = input.now ?? new Date();
  const token = randomToken();
  const id = newId("ses");
  await db.insert(webSessions).values({
    id,
    userId: input.userId,
    tokenHash: sha256(token),
    csrfToken: randomToken(24),
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
    lastSeenAt: now,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    ip: input.ip ?? null,
  });
  const session = await findSession(db, token, now);
  return { token, session: session! };
}

/** The live session behind a cookie token (user not disabled, not expired), extended when used. */
export async function findSession(db: Db, token: string, now = new Date()): Promise<SessionInfo | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await db
    .select({
      id: webSessions.id,
      userId: webSessions.userId,
      userName: users.name,
      userEmail: users.email,
      csrfToken: webSessions.csrfToken,
      expiresAt: webSessions.expiresAt,
      lastSeenAt: webSessions.lastSeenAt,
      createdAt: webSessions.createdAt,
    })
    .from(webSessions)
    .innerJoin(users, eq(users.id, webSessions.userId))
    .where(
      and(eq(webSessions.tokenHash, sha256(token)), gt(webSessions.expiresAt, now), isNull(users.disabledAt)),
    )
    .limit(1);
  if (!row) return undefined;
  let expiresAt = row.expiresAt;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, row.createdAt.getTime() + SESSION_MAX_MS));
    await db.update(webSessions).set({ lastSeenAt: now, expiresAt }).where(eq(webSessions.id, row.id));
  }
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    userEmail: row.userEmail,
    csrfToken: row.csrfToken,
    expiresAt,
  };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(webSessions).where(eq(webSessions.id, sessionId));
}

/** Removes expired sessions and login attempts older than a day (housekeeping; cheap with the indexes). */
export async function pruneWebRows(db: Db, now = new Date()): Promise<void> {
  await db.delete(webSessions).where(lt(webSessions.expiresAt, now));
  await db
    .delete(webLoginAttempts)
    .where(lt(webLoginAttempts.attemptedAt, new Date(now.getTime() - 24 * 3600_000)));
}

// ── login attempts ────────────────────────────────────────────────────────────────────────────────────

export async function recordLoginAttempt(
  db: Db,
  input: { email: string; ip: string; succeeded: boolean; now?: Date },
): Promise<void> {
  await db.insert(webLoginAttempts).values({
    id: newId("lga"),
    email: input.email.toLowerCase(),
    ip: input.ip,
    succeeded: input.succeeded,
    attemptedAt: input.now ?? new Date(),
  });
}

/** Failed attempts since `since` for this email and for this address. */
export async function recentLoginFailures(
  db: Db,
  input: { email: string; ip: string; since: Date },
): Promise<{ email: number; ip: number }> {
  const failed = (where: ReturnType<typeof and>) =>
    db
      .select({ n: count() })
      .from(webLoginAttempts)
      .where(
        and(where, eq(webLoginAttempts.succeeded, false), gt(webLoginAttempts.attemptedAt, input.since)),
      );
  const [[byEmail], [byIp]] = await Promise.all([
    failed(eq(webLoginAttempts.email, input.email.toLowerCase())),
    failed(eq(webLoginAttempts.ip, input.ip)),
  ]);
  return { email: byEmail?.n ?? 0, ip: byIp?.n ?? 0 };
}

// ── members and businesses ────────────────────────────────────────────────────────────────────────────

export interface UserBusiness {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/** The businesses a user belongs to, by name. */
export async function userBusinesses(db: Db, userId: string): Promise<UserBusiness[]> {
  return db
    .select({ id: businesses.id, slug: businesses.slug, name: businesses.name, role: memberships.role })
    .from(memberships)
    .innerJoin(businesses, eq(businesses.id, memberships.businessId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(businesses.name));
}

/** A business as one of its members sees it: the record's basics and the member's role. */
export interface MemberBusiness {
  id: string;
  slug: string;
  name: string;
  currency: string;
  timezone: string;
  industry: string | null;
  role: Role;
}

/** The business behind a URL slug with the viewer's role in it, or undefined when they are not a member. */
export async function businessForMember(
  db: Db,
  slug: string,
  userId: string,
): Promise<MemberBusiness | undefined> {
  const [row] = await db
    .select({
      id: businesses.id,
      slug: businesses.slug,
      name: businesses.name,
      currency: businesses.currency,
      timezone: businesses.timezone,
      industry: businesses.industry,
      role: memberships.role,
    })
    .from(businesses)
    .innerJoin(memberships, and(eq(memberships.businessId, businesses.id), eq(memberships.userId, userId)))
    .where(eq(businesses.slug, slug))
    .limit(1);
  return row;
}

export interface MemberRow {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  since: Date;
}

export async function listMembers(db: Db, businessId: string): Promise<MemberRow[]> {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.businessId, businessId))
    .orderBy(asc(users.name));
}

/** Removes a member; the last owner stays (a business always has someone who can administer it). */
export async function removeMember(
  db: Db,
  input: { businessId: string; userId: string; actorUserId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .select({ userId: memberships.userId, role: memberships.role, id: memberships.id })
      .from(memberships)
      .where(eq(memberships.businessId, input.businessId))
      .for("update");
    const target = rows.find((r) => r.userId === input.userId);
    if (!target) throw new NotFoundError("That user is not a member of this business.");
    if (target.role === "owner" && rows.filter((r) => r.role === "owner").length === 1)
      throw new ConflictError("The last owner cannot be removed; make someone else owner first.");
    await tx
      .delete(memberships)
      .where(and(eq(memberships.businessId, input.businessId), eq(memberships.userId, input.userId)));
  });
  await withBusiness(db, { businessId: input.businessId }, (tx) =>
    appendEvent(tx, input.businessId, {
      actorType: "user",
      actorId: input.actorUserId,
      action: "member.removed",
      entityType: "user",
      entityId: input.userId,
    }),
  );
}

/** The number of owners, so the last one cannot be demoted. */
export async function ownerCount(db: Db, businessId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.businessId, businessId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}

// ── invitations ───────────────────────────────────────────────────────────────────────────────────────

export const INVITATION_TTL_DAYS = 7;

export interface InvitationInfo {
  id: string;
  email: string | null;
  role: Role;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

/**
 * Creates an invitation; the link token is returned once. The link names the business id too, so accepting
 * it reads the invitation inside that business's tenant context.
 */
export async function createInvitation(
  db: Db,
  input: { businessId: string; role: Role; email?: string; invitedByUserId: string; now?: Date },
): Promise<{ token: string; invitation: InvitationInfo }> {
  const now = input.now ?? new Date();
  const token = randomToken();
  return withBusiness(db, { businessId: input.businessId }, async (tx) => {
    const [row] = await tx
      .insert(webInvitations)
      .values({
        businessId: input.businessId,
        email: input.email?.toLowerCase() ?? null,
        role: input.role,
        tokenHash: sha256(token),
        invitedByUserId: input.invitedByUserId,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 3600_000),
      })
      .returning();
    await appendEvent(tx, input.businessId, {
      actorType: "user",
      actorId: input.invitedByUserId,
      action: "invitation.created",
      entityType: "invitation",
      entityId: row!.id,
      data: { role: input.role, email: input.email ?? null },
    });
    return { token, invitation: row! };
  });
}

export async function listInvitations(db: Db, businessId: string): Promise<InvitationInfo[]> {
  return withBusiness(db, { businessId }, (tx) =>
    tx
      .select({
        id: webInvitations.id,
        email: webInvitations.email,
        role: webInvitations.role,
        expiresAt: webInvitations.expiresAt,
        acceptedAt: webInvitations.acceptedAt,
        revokedAt: webInvitations.revokedAt,
        createdAt: webInvitations.createdAt,
      })
      .from(webInvitations)
      .where(eq(webInvitations.businessId, businessId))
      .orderBy(desc(webInvitations.createdAt))
      .limit(50),
  );
}

export async function revokeInvitation(
  db: Db,
  input: { businessId: string; id: string; actorUserId: string },
): Promise<void> {
  await withBusiness(db, { businessId: input.businessId }, async (tx) => {
    const [row] = await tx
      .update(webInvitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(webInvitations.businessId, input.businessId),
          eq(webInvitations.id, input.id),
          isNull(webInvitations.acceptedAt),
          isNull(webInvitations.revokedAt),
        ),
      )
      .returning({ id: webInvitations.id });
    if (!row) throw new NotFoundError("No open invitation with that id.");
    await appendEvent(tx, input.businessId, {
      actorType: "user",
      actorId: input.actorUserId,
      action: "invitation.revoked",
      entityType: "invitation",
      entityId: input.id,
    });
  });
}

/** An open invitation behind a link, or undefined when it is unknown, used, revoked or expired. */
export async function findInvitation(
  db: Db,
  businessId: string,
  token: string,
  now = new Date(),
): Promise<(InvitationInfo & { businessName: string }) | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return withBusiness(db, { businessId }, async (tx) => {
    const [row] = await tx
      .select({
        id: webInvitations.id,
        email: webInvitations.email,
        role: webInvitations.role,
        expiresAt: webInvitations.expiresAt,
        acceptedAt: webInvitations.acceptedAt,
        revokedAt: webInvitations.revokedAt,
        createdAt: webInvitations.createdAt,
        businessName: businesses.name,
      })
      .from(webInvitations)
      .innerJoin(businesses, eq(businesses.id, webInvitations.businessId))
      .where(
        and(
          eq(webInvitations.businessId, businessId),
          eq(webInvitations.tokenHash, sha256(token)),
          isNull(webInvitations.acceptedAt),
          isNull(webInvitations.revokedAt),
          gt(webInvitations.expiresAt, now),
        ),
      )
      .limit(1);
    return row;
  });
}

/**
 * Accepts an invitation for a signed-in user: marks it used (exactly once) and adds the membership with the
 * invited role. Someone who is already a member keeps their role: an invitation never changes one.
 */
export async function acceptInvitation(
  db: Db,
  input: { businessId: string; token: string; userId: string; now?: Date },
): Promise<{ role: Role; alreadyMember: boolean }> {
  const now = input.now ?? new Date();
  const invitation = await findInvitation(db, input.businessId, input.token, now);
  if (!invitation) throw new NotFoundError("This invitation link is unknown, used, revoked or expired.");
  return withBusiness(db, { businessId: input.businessId }, async (tx) => {
    const [used] = await tx
      .update(webInvitations)
      .set({ acceptedAt: now, acceptedByUserId: input.userId })
      .where(
        and(
          eq(webInvitations.businessId, input.businessId),
          eq(webInvitations.id, invitation.id),
          isNull(webInvitations.acceptedAt),
        ),
      )
      .returning({ id: webInvitations.id });
    if (!used) throw new ConflictError("This invitation was just used.");
    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.businessId, input.businessId), eq(memberships.userId, input.userId)));
    if (!existing) {
      await tx.insert(memberships).values({
        id: newId("mem"),
        businessId: input.businessId,
        userId: input.userId,
        role: invitation.role,
      });
    }
    await appendEvent(tx, input.businessId, {
      actorType: "user",
      actorId: input.userId,
      action: "invitation.accepted",
      entityType: "invitation",
      entityId: invitation.id,
      data: { role: existing?.role ?? invitation.role, alreadyMember: !!existing },
    });
    return { role: existing?.role ?? invitation.role, alreadyMember: !!existing };
  });
}
