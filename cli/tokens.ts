/** `omni tokens create | list | revoke`: per-user API tokens for MCP clients, shown once and stored hashed. */
import { InputError } from "../db/errors.js";
import { findBusiness } from "../db/queries/businesses.js";
import { createToken, listTokens, revokeToken, type TokenInfo } from "../db/queries/tokens.js";
import { findUser } from "../db/queries/users.js";
import { parseToolsets } from "../server/mcp/toolsets.js";
import { withContext } from "./context.js";

export interface CreateTokenOptions {
  business: string;
  user: string;
  name?: string;
  readOnly?: boolean;
  toolsets?: string;
  expiresDays?: number;
}

export async function runTokensCreate(opts: CreateTokenOptions): Promise<void> {
  const toolsets = parseToolsets(opts.toolsets);
  if (opts.expiresDays !== undefined && opts.expiresDays <= 0) {
    throw new InputError("Invalid option", [{ field: "--expires-days", message: "must be at least 1" }]);
  }
  await withContext(async ({ handle }) => {
    const business = await findBusiness(handle.db, opts.business);
    const user = await findUser(handle.db, opts.user);
    const { token, info } = await createToken(handle.db, {
      businessId: business.id,
      userId: user.id,
      name: opts.name,
      readOnly: opts.readOnly,
      toolsets,
      expiresAt: opts.expiresDays ? new Date(Date.now() + opts.expiresDays * 86_400_000) : undefined,
    });
    // The token alone on stdout, so `OMNI_TOKEN=$(omni tokens create …)` works; the rest goes to stderr.
    console.log(token);
    console.error(
      `Created API token ${info.id} "${info.name}" for ${user.email} in ${business.slug}: ${describe(info)}.\nIt is shown only now; store it like a password. Revoke it with \`omni tokens revoke ${info.id}\`.`,
    );
  });
}

export async function runTokensList(opts: { business: string; json?: boolean }): Promise<void> {
  await withContext(async ({ handle }) => {
    const business = await findBusiness(handle.db, opts.business);
    const rows = await listTokens(handle.db, business.id);
    if (opts.json) return console.log(JSON.stringify(rows, null, 2));
    if (!rows.length) return console.log(`No API tokens in ${business.slug}.`);
    for (const t of rows) {
      const state = t.revokedAt
        ? `revoked ${day(t.revokedAt)}`
        : t.expiresAt && t.expiresAt <= new Date()
          ? `expired ${day(t.expiresAt)}`
          : "active";
      console.log(
        `${t.id}  ${`${t.displayPrefix}…`.padEnd(14)} ${state.padEnd(18)} ${t.userEmail.padEnd(36)} ${t.name} — ${describe(t)}; last used ${t.lastUsedAt ? t.lastUsedAt.toISOString() : "never"}`,
      );
    }
  });
}

export async function runTokensRevoke(id: string): Promise<void> {
  await withContext(async ({ handle }) => {
    const { info, alreadyRevoked } = await revokeToken(handle.db, id);
    console.log(
      alreadyRevoked
        ? `${info.id} was already revoked (${info.revokedAt?.toISOString()}).`
        : `Revoked ${info.id} "${info.name}" (${info.userEmail}); requests with it now get 401.`,
    );
  });
}

function describe(t: TokenInfo): string {
  return [
    t.readOnly ? "read-only" : "read and propose",
    t.toolsets ? `toolsets ${t.toolsets.join(",")}` : "all toolsets",
    t.expiresAt ? `expires ${day(t.expiresAt)}` : "no expiry",
  ].join(", ");
}

const day = (d: Date) => d.toISOString().slice(0, 10);
