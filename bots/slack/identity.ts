/**
 * Who is asking: a Slack account → a user, business and role (db/queries/chat.ts). An account seen for the first
 * time is linked by the email Slack vouches for (users.info, scope users:read.email), looked up only when the
 * account is not linked yet; people from other organisations in shared channels are never linked by email.
 * `link <code>` and `/omni use <business>` go through here too.
 */
import type { AgentBusiness } from "../../agent/prompt.js";
import type { Db } from "../../db/client.js";
import { ConflictError, NotFoundError } from "../../db/errors.js";
import { findBusiness } from "../../db/queries/businesses.js";
import { type ChatAccount, redeemLinkCode, resolveChatUser, useBusiness } from "../../db/queries/chat.js";
import type { Role } from "../../db/schema/core.js";
import type { Logger } from "../../log.js";
import type { WebClient } from "./context.js";

export interface SlackWho {
  ok: true;
  teamId: string;
  slackUserId: string;
  userId: string;
  userName: string;
  role: Role;
  businessId: string;
  business: AgentBusiness & { id: string };
}

export type WhoResult = SlackWho | { ok: false; reason: string; message: string };

/** users.info answers, kept a few minutes so a burst of messages from one person costs one lookup. */
class EmailCache {
  private readonly entries = new Map<string, { email: string | undefined; at: number }>();
  constructor(private readonly ttlMs = 5 * 60_000) {}
  get(key: string): { email: string | undefined } | undefined {
    const e = this.entries.get(key);
    if (!e || Date.now() - e.at > this.ttlMs) return undefined;
    return e;
  }
  set(key: string, email: string | undefined): void {
    if (this.entries.size > 5_000) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { email, at: Date.now() });
  }
}

export class Identities {
  private readonly emails = new EmailCache();
  private warnedScope = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  async resolve(client: WebClient, teamId: string, slackUserId: string): Promise<WhoResult> {
    const account: ChatAccount = { platform: "slack", teamId, platformUserId: slackUserId };
    let r = await resolveChatUser(this.db, account);
    if (!r.ok && r.reason === "unknown_user") {
      const email = await this.emailOf(client, teamId, slackUserId);
      if (email) r = await resolveChatUser(this.db, account, email);
    }
    if (!r.ok && r.reason === "unknown_workspace")
      return {
        ...r,
        message: `${r.message} (Slack team id ${teamId}: \`omni slack connect --business <business> --team ${teamId}\`.)`,
      };
    if (!r.ok) return r;
    const b = await findBusiness(this.db, r.businessId);
    return {
      ok: true,
      teamId,
      slackUserId,
      userId: r.userId,
      userName: r.userName,
      role: r.role,
      businessId: b.id,
      business: {
        id: b.id,
        name: b.name,
        slug: b.slug,
        currency: b.currency,
        timezone: b.timezone,
        industry: b.industry,
      },
    };
  }

  /** The account's email when Slack gives it and the account belongs to this workspace's organisation. */
  private async emailOf(client: WebClient, teamId: string, slackUserId: string): Promise<string | undefined> {
    const key = `${teamId}:${slackUserId}`;
    const cached = this.emails.get(key);
    if (cached) return cached.email;
    let email: string | undefined;
    try {
      const info = await client.users.info({ user: slackUserId });
      const u = info.user;
      const sameOrg = u?.team_id === teamId || (u?.enterprise_user?.teams ?? []).includes(teamId);
      if (u && !u.deleted && !u.is_bot && sameOrg) email = u.profile?.email || undefined;
      if (u && !u.profile?.email && !this.warnedScope) {
        this.warnedScope = true;
        this.logger.warn("slack: users.info gives no email; add the users:read.email scope to link by email");
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, slackUserId }, "slack: users.info failed");
    }
    this.emails.set(key, email);
    return email;
  }

  /** `link <code>`: links this account to the code's user; the answer to show them. */
  async link(teamId: string, slackUserId: string, code: string): Promise<string> {
    try {
      await redeemLinkCode(this.db, { platform: "slack", teamId, platformUserId: slackUserId }, code);
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ConflictError) return err.message;
      throw err;
    }
    const who = await resolveChatUser(this.db, { platform: "slack", teamId, platformUserId: slackUserId });
    return who.ok
      ? `Linked. You are ${who.userName}, ${who.role} of ${who.businessName}; ask me anything.`
      : who.message;
  }

  /** `/omni use <business>`: which of the workspace's businesses this account talks to. */
  async use(teamId: string, slackUserId: string, ref: string): Promise<string> {
    if (!ref.trim()) return "Name the business: `/omni use <business>`.";
    try {
      const b = await useBusiness(this.db, { platform: "slack", teamId, platformUserId: slackUserId }, ref);
      return `From now on you talk to ${b.name} here.`;
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ConflictError) return err.message;
      throw err;
    }
  }
}

/** `link ABCD1234` (any case, surrounding spaces) → the code. */
export function linkCodeOf(text: string): string | undefined {
  return /^\s*link\s+([A-Za-z0-9]{4,16})\s*$/i.exec(text)?.[1];
}

/**
 * Slack's message markup → plain text for the model: mentions of the bot removed, other mentions kept as ids,
 * channel names and link labels kept, `&amp;` `&lt;` `&gt;` decoded.
 */
export function plainText(text: string, botUserId?: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => (id === botUserId ? "" : `@${id}`))
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/<!(here|channel|everyone)[^>]*>/g, "@$1")
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<((?:https?|mailto):[^>]+)>/g, "$1")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replace(/[ \t]+/g, " ")
    .trim();
}
