/**
 * `omni slack …`: map a Slack workspace (team id) to a business — several businesses per workspace for agencies —
 * optionally with the daily brief, list the mappings, and print a one-time link code for a user to send the app.
 */

import type { Db } from "../../db/client.js";
import { InputError } from "../../db/errors.js";
import { findBusiness } from "../../db/queries/businesses.js";
import { connectWorkspace, createLinkCode, workspaceBusinesses } from "../../db/queries/chat.js";
import { findUser, getMembership } from "../../db/queries/users.js";
import { briefWorkspaces, setDailyBrief } from "./store.js";

export interface ConnectOptions {
  business: string;
  team: string;
  teamName?: string;
  default?: boolean;
  briefChannel?: string;
  briefHour?: number;
  /** Whose view the brief shows (default: the business's first owner is not guessed — it is required). */
  briefUser?: string;
}

export async function connectSlack(db: Db, o: ConnectOptions): Promise<string> {
  if (!/^[TE][A-Z0-9]{2,}$/.test(o.team))
    throw new InputError("Invalid option", [
      {
        field: "--team",
        message:
          "must be a Slack team id like T0123ABCD (Slack: workspace settings, or the app's event payloads)",
      },
    ]);
  const b = await findBusiness(db, o.business);
  const row = await connectWorkspace(db, {
    platform: "slack",
    teamId: o.team,
    ...(o.teamName ? { teamName: o.teamName } : {}),
    businessId: b.id,
    ...(o.default ? { isDefault: true } : {}),
  });
  const lines = [
    `Slack workspace ${o.team} now serves ${b.name}${row.isDefault ? " (its default business)" : ""}.`,
  ];
  if (o.briefChannel) {
    if (!o.briefUser)
      throw new InputError("Invalid option", [
        { field: "--brief-user", message: "name whose view the brief shows (user id or email)" },
      ]);
    const hour = o.briefHour ?? 8;
    if (!Number.isInteger(hour) || hour < 0 || hour > 23)
      throw new InputError("Invalid option", [
        { field: "--brief-hour", message: "must be a whole hour from 0 to 23" },
      ]);
    const u = await findUser(db, o.briefUser);
    if (!(await getMembership(db, b.id, u.id)))
      throw new InputError("Invalid option", [
        { field: "--brief-user", message: `${u.email} is not a member of ${b.slug}` },
      ]);
    await setDailyBrief(
      db,
      { teamId: o.team, businessId: b.id },
      { channel: o.briefChannel, hour, userId: u.id },
    );
    lines.push(
      `Daily brief: channel ${o.briefChannel}, every day from ${String(hour).padStart(2, "0")}:00 ${b.timezone}, as ${u.email}.`,
    );
  }
  return lines.join("\n");
}

export async function listSlack(db: Db, team: string): Promise<string> {
  const served = await workspaceBusinesses(db, "slack", team);
  if (!served.length)
    return `Slack workspace ${team} serves no business yet: omni slack connect --business B --team ${team}`;
  const briefs = new Map(
    (await briefWorkspaces(db)).filter((w) => w.teamId === team).map((w) => [w.businessId, w.brief]),
  );
  return served
    .map((s) => {
      const brief = briefs.get(s.businessId);
      return `${s.slug.padEnd(28)} ${s.isDefault ? "default" : "       "}  ${brief ? `brief in ${brief.channel} from ${brief.hour}:00` : "no brief"}`;
    })
    .join("\n");
}

export async function slackLinkCode(db: Db, o: { business: string; user: string }): Promise<string> {
  const b = await findBusiness(db, o.business);
  const u = await findUser(db, o.user);
  if (!(await getMembership(db, b.id, u.id)))
    throw new InputError("Invalid option", [
      { field: "--user", message: `${u.email} is not a member of ${b.slug}` },
    ]);
  const { code, expiresAt } = await createLinkCode(db, { businessId: b.id, userId: u.id });
  return `Send this to the app in a direct message within 30 minutes (until ${expiresAt.toISOString()}):\n  link ${code}`;
}
