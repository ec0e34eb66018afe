/**
 * Who is who on Discord: the guild maps to a business through chat_workspaces, the Discord user to a user
 * through chat_identities (linked with `/link <code>`: Discord vouches for no email). A DM carries no guild, so
 * it is taken to come from the guild the account is linked in, or from the only connected guild.
 */
import type { AgentBusiness } from "../../agent/prompt.js";
import type { Db } from "../../db/client.js";
import { type Business, findBusiness } from "../../db/queries/businesses.js";
import { type ChatAccount, homeTeam, resolveChatUser } from "../../db/queries/chat.js";
import type { Role } from "../../db/schema/core.js";

export interface DiscordPerson {
  /** The interaction's or message's guild; null in a DM. */
  guildId: string | null | undefined;
  discordUserId: string;
}

export interface Who {
  account: ChatAccount;
  userId: string;
  userName: string;
  role: Role;
  businessId: string;
  business: Business;
}

export type Identified = { ok: true; who: Who } | { ok: false; message: string };

const NO_GUILD =
  "I can't tell which server you are writing from. Use me in a channel of the server first (`/link <code>` links your account), then DMs work too.";

/** The guild a DM belongs to (see homeTeam). */
export const dmGuild = (db: Db, discordUserId: string) => homeTeam(db, "discord", discordUserId);

/** The chat account of a person: their guild (or the DM's guild) and Discord user id. */
export async function accountOf(db: Db, p: DiscordPerson): Promise<ChatAccount | undefined> {
  const teamId = p.guildId || (await dmGuild(db, p.discordUserId));
  return teamId ? { platform: "discord", teamId, platformUserId: p.discordUserId } : undefined;
}

/** Maps a Discord person to a user, business and role, or says (in one sentence) what is missing. */
export async function identify(db: Db, p: DiscordPerson): Promise<Identified> {
  const account = await accountOf(db, p);
  if (!account) return { ok: false, message: NO_GUILD };
  const user = await resolveChatUser(db, account);
  if (!user.ok) {
    const message =
      user.reason === "unknown_user"
        ? "I don't know you yet. Get a link code in the app (or ask an owner or manager to invite you), then run `/link <code>` here."
        : user.message;
    return { ok: false, message };
  }
  const business = await findBusiness(db, user.businessId);
  return {
    ok: true,
    who: {
      account,
      userId: user.userId,
      userName: user.userName,
      role: user.role,
      businessId: user.businessId,
      business,
    },
  };
}

export function agentBusiness(b: Business): AgentBusiness {
  return {
    name: b.name,
    slug: b.slug,
    currency: b.currency,
    timezone: b.timezone,
    industry: b.industry,
  };
}
