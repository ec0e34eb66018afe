/**
 * Running the business account: members and roles, invitations, chat link codes and MCP API tokens, the audit
 * log with the hash chain's status, export and typed-confirmation delete (integrations are in integrations.tsx). Who may do what comes from the permission table's
 * admin row (read: owner and manager; write: owner).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { Hono } from "hono";
import { appendEvent, describeBreak, verifyChain } from "../../db/audit.js";
import { ConflictError, InputError, NotFoundError } from "../../db/errors.js";
import { exportBusiness } from "../../db/export.js";
import { newId } from "../../db/ids.js";
import { deleteBusiness } from "../../db/queries/businesses.js";
import { chatWorkspacesOf, createLinkCode } from "../../db/queries/chat.js";
import { createToken, listTokens, revokeToken } from "../../db/queries/tokens.js";
import { addMember, roleInput } from "../../db/queries/users.js";
import {
  createInvitation,
  listInvitations,
  listMembers,
  ownerCount,
  removeMember,
  revokeInvitation,
} from "../../db/queries/web.js";
import { ROLES } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import { allowed, MODULES, type Module } from "../../tools/permissions.js";
import { callEnv, type UiContext, type UiDeps, type UiEnv } from "./context.js";
import { Csrf, MODULE_LABELS, pageAccess } from "./layout.js";
import { forbidden, notFound, page, ToolErrorBox } from "./render.js";
import { displayValue } from "./schema-form.js";

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");
const when = (d: Date | string | null | undefined) =>
  d ? (typeof d === "string" ? d : d.toISOString()).slice(0, 16).replace("T", " ") : "—";

export function adminRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const userId = (c: UiContext) => c.get("session")!.userId;
  const needAdmin = (c: UiContext, write = false) => {
    const a = pageAccess(c.get("biz").role);
    return write ? a.adminWrite : a.admin;
  };

  // ── members, roles, invitations ───────────────────────────────────────────────────────────────────
  async function membersPage(
    c: UiContext,
    extra?: { inviteLink?: string; error?: string },
    status: 200 | 400 | 409 = 200,
  ) {
    const biz = c.get("biz");
    const [members, invitations] = await Promise.all([
      listMembers(deps.db, biz.id),
      listInvitations(deps.db, biz.id),
    ]);
    const canEdit = needAdmin(c, true);
    const base = `/b/${biz.slug}/members`;
    return page(
      c,
      { title: "Members & roles", active: "members" },
      <>
        <h1>Members &amp; roles</h1>
        {extra?.error ? (
          <p class="notice error" role="alert">
            {extra.error}
          </p>
        ) : null}
        {extra?.inviteLink ? (
          <div class="notice ok" role="status">
            <p>Invitation link (shown once; it works once and expires in 7 days):</p>
            <p>
              <code>{extra.inviteLink}</code>
            </p>
          </div>
        ) : null}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {canEdit ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr>
                  <td>
                    {m.name}
                    {m.disabled ? <span class="muted"> (disabled)</span> : null}
                  </td>
                  <td>{m.email}</td>
                  <td>{m.role}</td>
                  {canEdit ? (
                    <td>
                      <div class="actions">
                        <form method="post" action={`${base}/role`} class="actions">
                          <Csrf token={c.get("csrf")} />
                          <input type="hidden" name="userId" value={m.userId} />
                          <label>
                            <span class="sr-only">Role of {m.name}</span>
                            <select name="role">
                              {ROLES.map((r) => (
                                <option value={r} selected={r === m.role}>
                                  {r}
                                </option>
                              ))}
                            </select>
                          </label>
                          <button type="submit" class="secondary">
                            Set role
                          </button>
                        </form>
                        {m.userId !== userId(c) ? (
                          <form method="post" action={`${base}/remove`}>
                            <Csrf token={c.get("csrf")} />
                            <input type="hidden" name="userId" value={m.userId} />
                            <button type="submit" class="secondary">
                              Remove
                            </button>
                          </form>
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>Invitations</h2>
        {canEdit ? (
          <form method="post" action={`/b/${biz.slug}/invitations`} class="filters">
            <Csrf token={c.get("csrf")} />
            <label>
              Email (optional)
              <input type="email" name="email" />
            </label>
            <label>
              Role
              <select name="role">
                {ROLES.map((r) => (
                  <option value={r} selected={r === "staff"}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Create invitation link</button>
          </form>
        ) : (
          <p class="muted">Only owners invite people.</p>
        )}
        {invitations.length ? (
          <ul>
            {invitations.map((i) => (
              <li>
                {i.email ?? "anyone with the link"} as {i.role} ·{" "}
                {i.acceptedAt
                  ? `accepted ${when(i.acceptedAt)}`
                  : i.revokedAt
                    ? "revoked"
                    : i.expiresAt < new Date()
                      ? "expired"
                      : `open until ${when(i.expiresAt)}`}
                {canEdit && !i.acceptedAt && !i.revokedAt ? (
                  <form method="post" action={`/b/${biz.slug}/invitations/${i.id}/revoke`} class="inline">
                    <Csrf token={c.get("csrf")} />{" "}
                    <button type="submit" class="link">
                      Revoke
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </>,
      status,
    );
  }

  app.get("/b/:slug/members", (c) =>
    needAdmin(c) ? membersPage(c) : forbidden(c, "Members and roles are for owners and managers."),
  );

  app.post("/b/:slug/members/role", async (c) => {
    if (!needAdmin(c, true)) return forbidden(c, "Only owners change roles.");
    const biz = c.get("biz");
    const body = await c.req.parseBody();
    const role = roleInput.safeParse(body.role);
    const target = str(body.userId);
    const members = await listMembers(deps.db, biz.id);
    const member = members.find((m) => m.userId === target);
    if (!role.success || !member) return membersPage(c, { error: "Pick a member and a role." }, 400);
    if (member.role === "owner" && role.data !== "owner" && (await ownerCount(deps.db, biz.id)) <= 1)
      return membersPage(
        c,
        { error: "The last owner cannot be demoted; make someone else owner first." },
        409,
      );
    await addMember(deps.db, { businessId: biz.id, userId: target, role: role.data, actorUserId: userId(c) });
    return c.redirect(`/b/${biz.slug}/members?notice=role`, 303);
  });

  app.post("/b/:slug/members/remove", async (c) => {
    if (!needAdmin(c, true)) return forbidden(c, "Only owners remove members.");
    const biz = c.get("biz");
    const body = await c.req.parseBody();
    try {
      await removeMember(deps.db, { businessId: biz.id, userId: str(body.userId), actorUserId: userId(c) });
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ConflictError)
        return membersPage(c, { error: err.message }, 409);
      throw err;
    }
    return c.redirect(`/b/${biz.slug}/members?notice=removed`, 303);
  });

  app.post("/b/:slug/invitations", async (c) => {
    if (!needAdmin(c, true)) return forbidden(c, "Only owners invite people.");
    const biz = c.get("biz");
    const body = await c.req.parseBody();
    const role = roleInput.safeParse(body.role);
    const email = str(body.email);
    if (!role.success) return membersPage(c, { error: "Pick a role for the invitation." }, 400);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      return membersPage(c, { error: "That email address does not look right." }, 400);
    const { token } = await createInvitation(deps.db, {
      businessId: biz.id,
      role: role.data,
      email: email || undefined,
      invitedByUserId: userId(c),
      now: deps.now?.(),
    });
    return membersPage(c, { inviteLink: `${deps.publicUrl}/invite/${biz.id}/${token}` });
  });

  app.post("/b/:slug/invitations/:id/revoke", async (c) => {
    if (!needAdmin(c, true)) return forbidden(c, "Only owners revoke invitations.");
    const biz = c.get("biz");
    try {
      await revokeInvitation(deps.db, { businessId: biz.id, id: c.req.param("id"), actorUserId: userId(c) });
    } catch (err) {
      if (err instanceof NotFoundError) return notFound(c, err.message);
      throw err;
    }
    return c.redirect(`/b/${biz.slug}/members?notice=revoked`, 303);
  });

  // ── Slack / Discord link codes and MCP tokens ─────────────────────────────────────────────────────
  async function connectPage(
    c: UiContext,
    extra: { code?: { code: string; expiresAt: Date }; token?: string; error?: string } = {},
    status: 200 | 400 = 200,
  ) {
    const biz = c.get("biz");
    const [all, chats] = await Promise.all([listTokens(deps.db, biz.id), chatWorkspacesOf(deps.db, biz.id)]);
    const tokens = needAdmin(c) ? all : all.filter((t) => t.userId === userId(c));
    const readable = MODULES.filter((m) => allowed(biz.role, m, "read"));
    const mcpUrl = `${deps.publicUrl}/mcp`;
    const connected = (platform: "slack" | "discord", noun: string) => {
      const list = chats.filter((w) => w.platform === platform);
      return list.length ? (
        <p class="ok-text">
          Connected:{" "}
          {list.map((w) => `${w.teamName ? `${w.teamName} ` : ""}(${noun} ${w.teamId})`).join(", ")}.
        </p>
      ) : (
        <p class="muted">
          No {noun} is connected to {biz.name} yet.
        </p>
      );
    };
    return page(
      c,
      { title: "Slack, Discord & MCP", active: "connect" },
      <>
        <h1>Slack, Discord &amp; MCP</h1>
        {extra.error ? (
          <p class="notice error" role="alert">
            {extra.error}
          </p>
        ) : null}
        <section class="card" aria-labelledby="connect-slack-h">
          <h2 id="connect-slack-h">Slack</h2>
          {connected("slack", "workspace")}
          <ol>
            <li>
              At <a href="https://api.slack.com/apps">api.slack.com/apps</a>: <em>Create New App</em> →{" "}
              <em>From a manifest</em> → pick the workspace → paste <code>docs/slack-app-manifest.yml</code>{" "}
              from the OmniBusiness repository → <em>Create</em>. It sets the scopes, events, the{" "}
              <code>/omni</code> command, the message shortcuts, the assistant panel and Socket Mode.
            </li>
            <li>
              <em>Basic Information</em> → <em>App-Level Tokens</em> → <em>Generate</em> with the scope{" "}
              <code>connections:write</code>: that is <code>SLACK_APP_TOKEN</code> (<code>xapp-…</code>).
            </li>
            <li>
              <em>Install App</em> → <em>Install to Workspace</em>: the <em>Bot User OAuth Token</em> is{" "}
              <code>SLACK_BOT_TOKEN</code> (<code>xoxb-…</code>).
            </li>
            <li>
              Map the workspace to this business (the team id is in the workspace's address in a browser,{" "}
              <code>app.slack.com/client/T…</code>):
              <pre class="preview">{`npx omni slack connect --business ${biz.slug} --team T0123ABCD`}</pre>
            </li>
            <li>
              Start the server with both tokens; the log says <code>slack: connected (Socket Mode)</code>:
              <pre class="preview">
                {`SLACK_APP_TOKEN=xapp-… SLACK_BOT_TOKEN=xoxb-… OMNI_PUBLIC_URL=${deps.publicUrl} npx omni start`}
              </pre>
            </li>
            <li>
              In Slack, <code>/invite @omni</code> in a channel and write <code>@omni how are we doing?</code>
              . People are recognised by their Slack email when it is a member's; others link with a code
              (below).
            </li>
          </ol>
          <p class="muted">
            Over HTTP instead of Socket Mode: in the manifest set <code>socket_mode_enabled: false</code> and
            the request URLs to <code>{`${deps.publicUrl}/slack/events`}</code>, and set{" "}
            <code>SLACK_SIGNING_SECRET</code> (<em>Basic Information</em> → <em>App Credentials</em>) instead
            of <code>SLACK_APP_TOKEN</code>. A daily brief in a channel: <code>/omni brief on 8</code>.
          </p>
        </section>
        <section class="card" aria-labelledby="connect-discord-h">
          <h2 id="connect-discord-h">Discord</h2>
          {connected("discord", "server")}
          <ol>
            <li>
              In the <a href="https://discord.com/developers/applications">developer portal</a>, create an
              application and copy its application id and public key into <code>DISCORD_APPLICATION_ID</code>{" "}
              and <code>DISCORD_PUBLIC_KEY</code>; for @mentions and direct messages also create the bot and
              set <code>DISCORD_BOT_TOKEN</code>.
            </li>
            <li>
              Add the bot to your server with the address <code>npx omni discord invite-url</code> prints.
            </li>
            <li>
              Register the slash commands on the server and connect it to this business:
              <pre class="preview">
                {`npx omni discord register --guild <server id>\nnpx omni discord connect --business ${biz.slug} --guild <server id>`}
              </pre>
            </li>
            <li>
              For HTTP interactions set the <em>Interactions Endpoint URL</em> to{" "}
              <code>{`${deps.publicUrl}/discord/interactions`}</code>; without it they arrive over the
              gateway.
            </li>
            <li>
              Each member links their Discord account once with <code>/link CODE</code> (Discord vouches for
              no email), with a code from below.
            </li>
          </ol>
        </section>
        <section class="card" aria-labelledby="connect-link-h">
          <h2 id="connect-link-h">Link your Slack or Discord account</h2>
          <p>
            Once the OmniBusiness app is in your workspace or server, your account is recognised by its
            verified email. If that email differs from this one, or on Discord, link it with a one-time code:
            send <code>link CODE</code> to the bot (<code>/link CODE</code> on Discord).
          </p>
          {extra.code ? (
            <p class="notice ok" role="status">
              Your code: <strong class="mono">{extra.code.code}</strong> (works once, until{" "}
              {when(extra.code.expiresAt)} UTC)
            </p>
          ) : null}
          <form method="post" action={`/b/${biz.slug}/connect/link-code`}>
            <Csrf token={c.get("csrf")} />
            <button type="submit">Get a link code</button>
          </form>
        </section>
        <section class="card">
          <h2>MCP clients (Claude Desktop, Claude Code, Cursor)</h2>
          <p>
            A token lets a client act as you in {biz.name}, with your role. It is shown once; only its hash is
            kept.
          </p>
          {extra.token ? (
            <div class="notice ok" role="status">
              <p>
                New token (copy it now): <code>{extra.token}</code>
              </p>
              <p>Claude Code:</p>
              <pre class="preview">
                {`claude mcp add --transport http omnibusiness ${mcpUrl} --header "Authorization: Bearer ${extra.token}"`}
              </pre>
            </div>
          ) : null}
          <form method="post" action={`/b/${biz.slug}/connect/tokens`} class="filters">
            <Csrf token={c.get("csrf")} />
            <label>
              Name
              <input name="name" placeholder="Claude Desktop" maxlength={100} />
            </label>
            <label>
              Expires in days (blank: never)
              <input name="expiresDays" type="number" min="1" max="3650" />
            </label>
            <label class="check">
              <input type="checkbox" name="readOnly" value="true" /> Read-only
            </label>
            <label>
              Limit to modules (none: all)
              <select name="toolsets" multiple size={4}>
                {readable.map((m) => (
                  <option value={m}>{MODULE_LABELS[m]}</option>
                ))}
              </select>
            </label>
            <button type="submit">Create token</button>
          </form>
          {tokens.length ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Token</th>
                    <th scope="col">User</th>
                    <th scope="col">Limits</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((t) => (
                    <tr>
                      <td>{t.name}</td>
                      <td class="mono">{t.displayPrefix}…</td>
                      <td>{t.userEmail}</td>
                      <td>
                        {t.readOnly ? "read-only " : ""}
                        {t.toolsets?.join(", ") ?? "all modules"}
                      </td>
                      <td>{when(t.lastUsedAt)}</td>
                      <td>
                        {t.revokedAt ? (
                          "revoked"
                        ) : t.expiresAt && t.expiresAt < new Date() ? (
                          "expired"
                        ) : t.userId === userId(c) || needAdmin(c, true) ? (
                          <form method="post" action={`/b/${biz.slug}/connect/tokens/${t.id}/revoke`}>
                            <Csrf token={c.get("csrf")} />
                            <button type="submit" class="secondary">
                              Revoke
                            </button>
                          </form>
                        ) : (
                          "active"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">No tokens yet.</p>
          )}
        </section>
      </>,
      status,
    );
  }

  app.get("/b/:slug/connect", (c) => connectPage(c));

  app.post("/b/:slug/connect/link-code", async (c) => {
    const code = await createLinkCode(deps.db, {
      businessId: c.get("biz").id,
      userId: userId(c),
      now: deps.now?.(),
    });
    return connectPage(c, { code });
  });

  app.post("/b/:slug/connect/tokens", async (c) => {
    const biz = c.get("biz");
    const body = await c.req.parseBody({ all: true });
    const days = str(body.expiresDays);
    const raw = body.toolsets;
    const toolsets = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
    const bad = toolsets.filter(
      (t) => !(MODULES as readonly string[]).includes(t) || !allowed(biz.role, t as Module, "read"),
    );
    if (bad.length) return connectPage(c, { error: `Unknown or unreadable modules: ${bad.join(", ")}` }, 400);
    if (days && !/^\d{1,4}$/.test(days))
      return connectPage(c, { error: "Expiry must be a number of days." }, 400);
    try {
      const { token } = await createToken(deps.db, {
        businessId: biz.id,
        userId: userId(c),
        name: str(body.name),
        readOnly: body.readOnly === "true",
        toolsets,
        expiresAt: days
          ? new Date((deps.now?.() ?? new Date()).getTime() + Number(days) * 86_400_000)
          : undefined,
        actorUserId: userId(c),
      });
      return connectPage(c, { token });
    } catch (err) {
      if (err instanceof InputError) return connectPage(c, { error: err.message }, 400);
      throw err;
    }
  });

  app.post("/b/:slug/connect/tokens/:id/revoke", async (c) => {
    const biz = c.get("biz");
    const id = c.req.param("id");
    const token = (await listTokens(deps.db, biz.id)).find((t) => t.id === id);
    if (!token) return notFound(c);
    if (token.userId !== userId(c) && !needAdmin(c, true))
      return forbidden(c, "Only owners revoke other people's tokens.");
    await revokeToken(deps.db, id, { businessId: biz.id, actorUserId: userId(c) });
    return c.redirect(`/b/${biz.slug}/connect?notice=revoked`, 303);
  });

  // ── audit log ─────────────────────────────────────────────────────────────────────────────────────
  app.get("/b/:slug/audit", async (c) => {
    if (!needAdmin(c)) return forbidden(c, "The audit log is for owners and managers.");
    const biz = c.get("biz");
    const q = c.req.query();
    const input: Record<string, unknown> = { limit: 50, sort: "occurredAt", order: "desc" };
    if (q.q) input.q = q.q;
    if (q.actorType) input.actorType = q.actorType;
    if (q.from) input.occurredAtFrom = q.from;
    if (q.to) input.occurredAtTo = q.to;
    if (q.cursor) input.cursor = q.cursor;
    const [events, chain] = await Promise.all([
      deps.registry.call(callEnv(deps, c), "events_list", input),
      withBusiness(deps.db, { businessId: biz.id, appRole: deps.appRole }, (tx) => verifyChain(tx, biz.id)),
    ]);
    const base = `/b/${biz.slug}/audit`;
    const rows = events.ok ? (events.output.items as Record<string, unknown>[]) : [];
    const next = events.ok ? (events.output.nextCursor as string | null) : null;
    const keep = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== "cursor" && v));
    return page(
      c,
      { title: "Audit log", active: "audit" },
      <>
        <h1>Audit log</h1>
        {chain.ok ? (
          <p class="notice ok" role="status">
            Chain verified: {chain.events} events, each linked to the one before by its hash (head #
            {chain.headSeq} <span class="mono">{chain.headHash.slice(0, 12)}…</span>).
          </p>
        ) : (
          <p class="notice error" role="alert">
            The audit chain is broken: {chain.firstBreak ? describeBreak(chain.firstBreak) : "unknown break"}.
          </p>
        )}
        <form method="get" action={base} class="filters" aria-label="Filters">
          <label>
            Action contains
            <input type="search" name="q" value={q.q ?? ""} />
          </label>
          <label>
            Actor
            <select name="actorType">
              <option value="">any</option>
              {["user", "ai", "integration", "system"].map((a) => (
                <option value={a} selected={q.actorType === a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="date" name="from" value={q.from ?? ""} />
          </label>
          <label>
            To
            <input type="date" name="to" value={q.to ?? ""} />
          </label>
          <button type="submit">Apply</button>
          <a href={base}>Clear</a>
        </form>
        {events.ok ? null : <ToolErrorBox error={events.error} />}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr>
                  <td class="num">{String(e.seq)}</td>
                  <td>{when(e.occurredAt as string)}</td>
                  <td>
                    {String(e.actorType)} <span class="mono muted">{displayValue(e.actorId)}</span>
                  </td>
                  <td>
                    {String(e.action)}
                    {e.data && typeof e.data === "object" && "summary" in e.data ? (
                      <span class="muted"> · {String((e.data as { summary: unknown }).summary)}</span>
                    ) : null}
                  </td>
                  <td class="mono">
                    {typeof e.entityId === "string" && /^[a-z]{2,5}_/.test(e.entityId) ? (
                      <a href={`/b/${biz.slug}/r/${e.entityId}`}>{e.entityId}</a>
                    ) : (
                      displayValue(e.entityId)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav class="pager" aria-label="Pages">
          {q.cursor ? <a href={`${base}?${keep}`}>Newest</a> : null}
          {next ? <a href={`${base}?${new URLSearchParams([...keep, ["cursor", next]])}`}>Older</a> : null}
        </nav>
      </>,
    );
  });

  // ── export and delete ─────────────────────────────────────────────────────────────────────────────
  app.get("/b/:slug/settings", (c) => {
    if (!needAdmin(c)) return forbidden(c, "Export and delete are for owners and managers.");
    return settingsPage(c);
  });

  function settingsPage(c: UiContext, error?: string) {
    const biz = c.get("biz");
    return page(
      c,
      { title: "Export & delete", active: "settings" },
      <>
        <h1>Export &amp; delete</h1>
        {error ? (
          <p class="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <section class="card">
          <h2>Export</h2>
          <p>
            Every table of {biz.name} as JSON Lines and CSV in one zip (secrets and password hashes are left
            out).
          </p>
          <a class="button" href={`/b/${biz.slug}/export`} download>
            Download export
          </a>
        </section>
        <section class="card">
          <h2>Delete this business</h2>
          {needAdmin(c, true) ? (
            <form method="post" action={`/b/${biz.slug}/delete`} class="form">
              <Csrf token={c.get("csrf")} />
              <p>
                This deletes every record of {biz.name}, its audit log included, at once and for good. Export
                first.
              </p>
              <label>
                Type <code>{biz.slug}</code> to confirm
                <input name="confirm" autocomplete="off" required />
              </label>
              <button type="submit" class="danger">
                Delete {biz.name}
              </button>
            </form>
          ) : (
            <p class="muted">Only an owner can delete the business.</p>
          )}
        </section>
      </>,
      error ? 400 : 200,
    );
  }

  app.get("/b/:slug/export", async (c) => {
    if (!needAdmin(c)) return forbidden(c, "Export is for owners and managers.");
    const biz = c.get("biz");
    const dir = deps.exportDir ?? os.tmpdir();
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${newId("exp")}.zip`);
    await exportBusiness(deps.db, biz.id, file);
    await withBusiness(deps.db, { businessId: biz.id }, (tx) =>
      appendEvent(tx, biz.id, { actorType: "user", actorId: userId(c), action: "business.exported" }),
    );
    const stream = fs.createReadStream(file);
    stream.on("close", () => fs.rm(file, { force: true }, () => {}));
    c.header("Content-Type", "application/zip");
    c.header("Content-Disposition", `attachment; filename="${biz.slug}-export.zip"`);
    c.header("Content-Length", String(fs.statSync(file).size));
    return c.body(Readable.toWeb(stream) as ReadableStream);
  });

  app.post("/b/:slug/delete", async (c) => {
    if (!needAdmin(c, true)) return forbidden(c, "Only an owner can delete the business.");
    const biz = c.get("biz");
    const body = await c.req.parseBody();
    if (str(body.confirm) !== biz.slug)
      return settingsPage(c, `Type ${biz.slug} exactly to confirm the deletion.`);
    await deleteBusiness(deps.db, biz.id);
    deps.logger.info({ businessId: biz.id, userId: userId(c) }, "business deleted from the admin UI");
    return c.redirect("/", 303);
  });

  return app;
}
