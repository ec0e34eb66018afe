/** Admin UI sign-in: sign-up, login (rate-limited), sessions and their cookie, CSRF, secure headers, invitations. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation, createSession, findSession } from "../../db/queries/web.js";
import { webSessions } from "../../db/schema/web.js";
import { cookiesOf, type UiHarness, uiHarness } from "./helpers.js";

describe("admin UI auth", () => {
  let h: UiHarness;
  beforeAll(async () => {
    h = await uiHarness({ loginLimit: { perEmail: 3, windowMinutes: 15 } });
  });
  afterAll(() => h.close());

  /** GET a sign-in page, returning its anonymous CSRF cookie and the token in its form. */
  async function anonForm(path: string) {
    const res = await h.app.request(path);
    const html = await res.text();
    const cookie = cookiesOf(res).omni_csrf!;
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    return { cookie, token: token!, html, res };
  }
  const post = (path: string, form: Record<string, string>, cookie: string) =>
    h.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams(form),
    });

  it("serves pages with secure headers and a strict CSP", async () => {
    const { res, cookie, token } = await anonForm("/login");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(token).toBe(cookie);
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/omni_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    // The health endpoint is not the UI's: no UI middleware on it.
    const health = await h.app.request("/healthz");
    expect(health.headers.get("content-security-policy")).toBeNull();
  });

  it("signs up: POST without the CSRF token is 403, with it a session cookie is set", async () => {
    const { cookie, token } = await anonForm("/signup");
    const form = { name: "Dana Doe", email: "Dana@Example.test", password: "long enough password" };
    expect((await post("/signup", form, `omni_csrf=${cookie}`)).status).toBe(403);
    expect((await post("/signup", { ...form, _csrf: "wrong" }, `omni_csrf=${cookie}`)).status).toBe(403);
    const res = await post("/signup", { ...form, _csrf: token }, `omni_csrf=${cookie}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const set = res.headers.getSetCookie().find((c) => c.startsWith("omni_session="))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    const session = await findSession(h.db.db, cookiesOf(res).omni_session!);
    expect(session?.userEmail).toBe("dana@example.test");
    // The session's own CSRF token now guards its forms; the home page offers to create a business.
    const home = await h.app.request("/", {
      headers: { cookie: `omni_session=${cookiesOf(res).omni_session}` },
    });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(`value="${session!.csrfToken}"`);
  });

  it("refuses a bad sign-up with field errors and a taken email with 409", async () => {
    const { cookie, token } = await anonForm("/signup");
    const bad = await post(
      "/signup",
      { name: "", email: "nope", password: "short", _csrf: token },
      `omni_csrf=${cookie}`,
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Email must be an email address");
    expect(html).toContain("Password must be at least 10 characters");
    expect(html).toContain('aria-invalid="true"');
    const taken = await post(
      "/signup",
      { name: "Again", email: "dana@example.test", password: "long enough password", _csrf: token },
      `omni_csrf=${cookie}`,
    );
    expect(taken.status).toBe(409);
  });

  it("logs in and out; wrong passwords are rate-limited per email", async () => {
    const { cookie, token } = await anonForm("/login");
    const jar = `omni_csrf=${cookie}`;
    const wrong = await post(
      "/login",
      { email: "dana@example.test", password: "wrong password", _csrf: token },
      jar,
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("That email and password do not match.");
    const unknown = await post(
      "/login",
      { email: "ghost@example.test", password: "whatever1234", _csrf: token },
      jar,
    );
    expect(unknown.status).toBe(401);
    const ok = await post(
      "/login",
      { email: "DANA@example.test", password: "long enough password", _csrf: token, next: "/b/x" },
      jar,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/b/x");
    const sessionCookie = `omni_session=${cookiesOf(ok).omni_session}`;
    const session = await findSession(h.db.db, cookiesOf(ok).omni_session!);
    // Logging out needs the session's CSRF token too, then the session is gone.
    const noToken = await h.app.request("/logout", { method: "POST", headers: { cookie: sessionCookie } });
    expect(noToken.status).toBe(403);
    const out = await h.app.request("/logout", {
      method: "POST",
      headers: { cookie: sessionCookie, "x-csrf-token": session!.csrfToken },
    });
    expect(out.status).toBe(303);
    expect(await findSession(h.db.db, cookiesOf(ok).omni_session!)).toBeUndefined();
    const after = await h.app.request("/", { headers: { cookie: sessionCookie } });
    expect(after.headers.get("location")).toBe("/login");

    // Three failures in the window: even the right password is refused now, with Retry-After.
    await post("/login", { email: "dana@example.test", password: "wrong again!", _csrf: token }, jar);
    await post("/login", { email: "dana@example.test", password: "wrong again!", _csrf: token }, jar);
    const limited = await post(
      "/login",
      { email: "dana@example.test", password: "long enough password", _csrf: token },
      jar,
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("900");
  });

  it("only follows same-site paths after login", async () => {
    const { cookie, token } = await anonForm("/login");
    const res = await h.app.request("/signup", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `omni_csrf=${cookie}` },
      body: new URLSearchParams({
        name: "Eve",
        email: "eve@example.test",
        password: "long enough password",
        next: "//evil.test/x",
        _csrf: token,
      }),
    });
    expect(res.headers.get("location")).toBe("/");
  });

  it("expires sessions", async () => {
    const { token, session } = await createSession(h.db.db, { userId: h.main.users.staff });
    await h.db.db
      .update(webSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(webSessions.id, session.id));
    const res = await h.app.request(`/b/${h.main.slug}`, { headers: { cookie: `omni_session=${token}` } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/b/${h.main.slug}`)}`);
  });

  it("invites with a role: the link works once, for a signed-in user", async () => {
    const created = await h.req("owner", `/b/${h.main.slug}/invitations`, {
      form: { role: "accountant", email: "new@example.test" },
    });
    expect(created.status).toBe(200);
    const link = /http:\/\/omni\.test(\/invite\/biz_[0-9A-Z]{26}\/[A-Za-z0-9_-]{43})/.exec(
      await created.text(),
    )?.[1];
    expect(link).toBeDefined();
    // A manager may see members but not invite; staff may not even see the page.
    expect(
      (await h.req("manager", `/b/${h.main.slug}/invitations`, { form: { role: "owner" } })).status,
    ).toBe(403);

    const anon = await h.app.request(link!);
    expect(anon.status).toBe(200);
    expect(await anon.text()).toContain("as <strong>accountant</strong>");

    // Another business's user accepts it.
    const outsider = await createSession(h.db.db, { userId: h.other.users.staff });
    const cookie = `omni_session=${outsider.token}`;
    const page = await h.app.request(link!, { headers: { cookie } });
    expect(await page.text()).toContain("Join Main Street Bakery");
    const accept = await h.app.request(link!, {
      method: "POST",
      headers: { cookie, "x-csrf-token": outsider.session.csrfToken },
    });
    expect(accept.status).toBe(303);
    expect(accept.headers.get("location")).toBe(`/b/${h.main.slug}`);
    const dash = await h.app.request(`/b/${h.main.slug}`, { headers: { cookie } });
    expect(dash.status).toBe(200);
    expect(await dash.text()).toContain("· accountant");
    // Used: the same link is dead now.
    expect((await h.app.request(link!)).status).toBe(404);
    expect(
      (
        await h.app.request(link!, {
          method: "POST",
          headers: { cookie, "x-csrf-token": outsider.session.csrfToken },
        })
      ).status,
    ).toBe(404);
    // A token for one business does not open another's invitations.
    const { token } = await createInvitation(h.db.db, {
      businessId: h.main.businessId,
      role: "staff",
      invitedByUserId: h.main.users.owner,
    });
    expect((await h.app.request(`/invite/${h.other.businessId}/${token}`)).status).toBe(404);
  });
});
