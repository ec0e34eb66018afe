/**
 * Sessions and CSRF for the admin UI. The session cookie holds a random token (HttpOnly, SameSite=Lax; Secure
 * over https) whose SHA-256 names a server-side row with an expiry. Every POST must carry the CSRF token: the
 * session's synchronizer token when signed in, else the double-submit cookie set with the sign-in forms.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createSession, deleteSession, findSession, SESSION_MAX_MS } from "../../db/queries/web.js";
import type { UiDeps, UiEnv } from "../ui/context.js";

export const SESSION_COOKIE = "omni_session";
export const CSRF_COOKIE = "omni_csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

const secure = (deps: UiDeps) => deps.secureCookies ?? deps.publicUrl.startsWith("https://");

/** The client's address as the socket saw it (no proxy headers: they can be forged). */
export function clientIp(c: Context): string {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

/** Signs a user in: a new session row and its cookie. */
export async function startSession(deps: UiDeps, c: Context<UiEnv>, userId: string): Promise<void> {
  const { token, session } = await createSession(deps.db, {
    userId,
    userAgent: c.req.header("user-agent"),
    ip: clientIp(c),
    now: deps.now?.(),
  });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: secure(deps),
    path: "/",
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  });
  c.set("session", session);
  c.set("csrf", session.csrfToken);
}

export async function endSession(deps: UiDeps, c: Context<UiEnv>): Promise<void> {
  const session = c.get("session");
  if (session) await deleteSession(deps.db, session.id);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secure(deps) });
}

/**
 * Loads the session (if any) and sets the page's CSRF token: the session's, or a double-submit cookie for
 * pages used before signing in.
 */
export function loadSession(deps: UiDeps): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await findSession(deps.db, token, deps.now?.()) : undefined;
    if (token && !session) deleteCookie(c, SESSION_COOKIE, { path: "/" });
    c.set("session", session);
    if (session) c.set("csrf", session.csrfToken);
    else {
      let anon = getCookie(c, CSRF_COOKIE);
      if (!anon || !/^[A-Za-z0-9_-]{32}$/.test(anon)) {
        anon = randomBytes(24).toString("base64url");
        setCookie(c, CSRF_COOKIE, anon, { httpOnly: true, sameSite: "Lax", secure: secure(deps), path: "/" });
      }
      c.set("csrf", anon);
    }
    await next();
  };
}

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** Refuses unsafe requests without the page's CSRF token (form field or header), or sent from another site. */
export function requireCsrf(): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    if (SAFE.test(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    let sent = c.req.header(CSRF_HEADER);
    if (!sent) {
      const type = c.req.header("content-type") ?? "";
      if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
        const body = await c.req.parseBody();
        const v = body[CSRF_FIELD];
        sent = typeof v === "string" ? v : undefined;
      }
    }
    if (site === "cross-site" || !sent || !same(sent, c.get("csrf"))) {
      return c.text(
        "Forbidden: this form is missing its security token or came from another site. Go back, reload the page and try again.",
        403,
      );
    }
    return next();
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
