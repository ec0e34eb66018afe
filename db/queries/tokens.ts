/**
 * API tokens for MCP and the API (identity table, read before a business context exists). A token is shown
 * once — `omni_` + 32 random bytes, base64url — and only its SHA-256 is stored, with a short display prefix.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { appendEvent } from "../audit.js";
import { type Db, queryRows } from "../client.js";
import { InputError, NotFoundError } from "../errors.js";
import { isId, newId } from "../ids.js";
import { apiTokens, type Role, users } from "../schema/core.js";
import { withBusiness } from "../tenancy.js";
import { getMembership } from "./users.js";

export const TOKEN_PREFIX = "omni_";
const TOKEN_RE = /^omni_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per token, so authenticating is one read almost always. */
const TOUCH_EVERY_SECONDS = 60;

/** What a valid token grants: the user and business it speaks for, the user's current role, its limits. */
export interface TokenAuth {
  tokenId: string;
  businessId: string;
  userId: string;
  role: Role;
  readOnly: boolean;
  /** Toolsets (module names) the token is limited to; undefined = every toolset the role may use. */
  toolsets: string[] | undefined;
}

/** A token as listed: never the token itself or its hash. */
export interface TokenInfo {
  id: string;
  businessId: string;
  userId: string;
  userEmail: string;
  name: string;
  displayPrefix: string;
  readOnly: boolean;
  toolsets: string[] | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface CreateTokenInput {
  businessId: string;
  userId: string;
  name?: string;
  readOnly?: boolean;
  /** Module names, already checked by the caller (db/ does not know the tool modules). */
  toolsets?: readonly string[];
  expiresAt?: Date;
  actorUserId?: string;
}

/** Creates a token for a member of a business; returns the token (shown once) and what is stored. */
export async function createToken(
  db: Db,
  input: CreateTokenInput,
): Promise<{ token: string; info: TokenInfo }> {
  const membership = await getMembership(db, input.businessId, input.userId);
  if (!membership) {
    throw new InputError("Not a member", [
      { field: "user", message: "must be a member of the business the token is for" },
    ]);
  }
  const name = (input.name ?? "").trim() || "MCP";
  if (name.length > 100)
    throw new InputError("Invalid token", [{ field: "name", message: "at most 100 characters" }]);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new InputError("Invalid token", [{ field: "expires", message: "must be in the future" }]);
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = newId("tok");
  await db.insert(apiTokens).values({
    id,
    businessId: input.businessId,
    userId: input.userId,
    name,
    tokenHash: hashToken(token),
    displayPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
    readOnly: input.readOnly ?? false,
    toolsets: input.toolsets?.length ? [...input.toolsets] : null,
    expiresAt: input.expiresAt ?? null,
  });
  await withBusiness(db, { businessId: input.businessId }, (tx) =>
    appendEvent(tx, input.businessId, {
      actorType: input.actorUserId ? "user" : "system",
      actorId: input.actorUserId ?? null,
      action: "token.created",
      entityType: "api_token",
      entityId: id,
      data: {
        userId: input.userId,
        name,
        readOnly: input.readOnly ?? false,
        toolsets: input.toolsets ?? null,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    }),
  );
  const [info] = await selectTokens(db, eq(apiTokens.id, id));
  return { token, info: info! };
}

export async function listTokens(db: Db, businessId: string): Promise<TokenInfo[]> {
  return selectTokens(db, eq(apiTokens.businessId, businessId));
}

/** Revokes a token at once (the next request with it gets 401). Revoking twice changes nothing. */
export async function revokeToken(
  db: Db,
  id: string,
  opts: { businessId?: string; actorUserId?: string } = {},
): Promise<{ info: TokenInfo; alreadyRevoked: boolean }> {
  const [found] = isId(id, "tok")
    ? await selectTokens(
        db,
        and(eq(apiTokens.id, id), opts.businessId ? eq(apiTokens.businessId, opts.businessId) : undefined),
      )
    : [];
  if (!found) throw new NotFoundError(`No API token with id ${JSON.stringify(id)}`);
  if (found.revokedAt) return { info: found, alreadyRevoked: true };
  await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(apiTokens.id, id));
  await withBusiness(db, { businessId: found.businessId }, (tx) =>
    appendEvent(tx, found.businessId, {
      actorType: opts.actorUserId ? "user" : "system",
      actorId: opts.actorUserId ?? null,
      action: "token.revoked",
      entityType: "api_token",
      entityId: id,
      data: { userId: found.userId, name: found.name },
    }),
  );
  const [info] = await selectTokens(db, eq(apiTokens.id, id));
  return { info: info!, alreadyRevoked: false };
}

/**
 * The grant behind a bearer token, or undefined when it is malformed, unknown, revoked, expired, or its user is
 * disabled or no longer a member. Checked on every request; last_used_at is written at most once a minute.
 */
export async function authenticateToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<TokenAuth | undefined> {
  if (!TOKEN_RE.test(token)) return undefined;
  const [row] = await queryRows<{
    id: string;
    business_id: string;
    user_id: string;
    role: Role;
    read_only: boolean;
    toolsets: string[] | null;
    stale: boolean;
  }>(
    db,
    sql`select t.id, t.business_id, t.user_id, m.role, t.read_only, t.toolsets,
          (t.last_used_at is null or t.last_used_at <= ${now.toISOString()}::timestamptz - make_interval(secs => ${TOUCH_EVERY_SECONDS})) as stale
        from api_tokens t
        join memberships m on m.business_id = t.business_id and m.user_id = t.user_id
        join users u on u.id = t.user_id
        where t.token_hash = ${hashToken(token)} and t.revoked_at is null and u.disabled_at is null
          and (t.expires_at is null or t.expires_at > ${now.toISOString()}::timestamptz)`,
  );
  if (!row) return undefined;
  if (row.stale) await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return {
    tokenId: row.id,
    businessId: row.business_id,
    userId: row.user_id,
    role: row.role,
    readOnly: row.read_only,
    toolsets: row.toolsets?.length ? row.toolsets : undefined,
  };
}

async function selectTokens(db: Db, where: ReturnType<typeof and>): Promise<TokenInfo[]> {
  return db
    .select({
      id: apiTokens.id,
      businessId: apiTokens.businessId,
      userId: apiTokens.userId,
      userEmail: users.email,
      name: apiTokens.name,
      displayPrefix: apiTokens.displayPrefix,
      readOnly: apiTokens.readOnly,
      toolsets: apiTokens.toolsets,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(where)
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}
