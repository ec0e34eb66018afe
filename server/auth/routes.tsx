/**
 * Sign-up, sign-in (scrypt, rate-limited per email and per address), sign-out, and accepting an invitation.
 * Passwords are checked with db/passwords.ts; a failed sign-in says the same thing for an unknown email and a
 * wrong password, and takes the same time (a dummy hash is verified).
 */
import { Hono } from "hono";
import { z } from "zod";
import { ConflictError, InputError, NotFoundError } from "../../db/errors.js";
import { hashPassword, verifyPassword } from "../../db/passwords.js";
import { findBusiness } from "../../db/queries/businesses.js";
import { createUser, findUserByEmail } from "../../db/queries/users.js";
import {
  acceptInvitation,
  findInvitation,
  pruneWebRows,
  recentLoginFailures,
  recordLoginAttempt,
} from "../../db/queries/web.js";
import type { UiDeps, UiEnv } from "../ui/context.js";
import { AuthPage, Csrf } from "../ui/layout.js";
import { clientIp, endSession, startSession } from "./session.js";

/** Only same-site paths are followed after signing in (never `//host` or a full URL). */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : "/";
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

interface FieldErrors {
  [field: string]: string | undefined;
}

const FieldError = ({ id, error }: { id: string; error?: string }) =>
  error ? (
    <span class="field-error" id={`${id}-error`}>
      {error}
    </span>
  ) : null;

function SignUpForm(p: { csrf: string; next: string; values: Record<string, string>; errors: FieldErrors }) {
  const field = (name: string, label: string, type: string, autocomplete: string, hint?: string) => (
    <label>
      {label}
      {hint ? <span class="hint">{hint}</span> : null}
      <input
        name={name}
        type={type}
        autocomplete={autocomplete}
        required
        value={type === "password" ? undefined : p.values[name]}
        aria-invalid={p.errors[name] ? "true" : undefined}
        aria-describedby={p.errors[name] ? `${name}-error` : undefined}
      />
      <FieldError id={name} error={p.errors[name]} />
    </label>
  );
  return (
    <AuthPage title="Create your account">
      {p.errors._form ? (
        <p class="notice error" role="alert">
          {p.errors._form}
        </p>
      ) : null}
      <form method="post" action="/signup" class="form">
        <Csrf token={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        {field("name", "Your name", "text", "name")}
        {field("email", "Email", "email", "email")}
        {field("password", "Password", "password", "new-password", "At least 10 characters.")}
        <button type="submit">Create account</button>
      </form>
      <p>
        Have an account? <a href={`/login?next=${encodeURIComponent(p.next)}`}>Sign in</a>
      </p>
    </AuthPage>
  );
}

function LoginForm(p: { csrf: string; next: string; email: string; error?: string }) {
  return (
    <AuthPage title="Sign in">
      {p.error ? (
        <p class="notice error" role="alert">
          {p.error}
        </p>
      ) : null}
      <form method="post" action="/login" class="form">
        <Csrf token={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <label>
          Email
          <input name="email" type="email" autocomplete="username" required value={p.email} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <p>
        New here? <a href={`/signup?next=${encodeURIComponent(p.next)}`}>Create an account</a>
      </p>
    </AuthPage>
  );
}

const signUpInput = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  email: z.email("must be an email address"),
  password: z.string().min(10, "must be at least 10 characters").max(1000),
});

export function authRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const limit = deps.loginLimit ?? { perEmail: 5, windowMinutes: 15 };
  /** A hash nobody's password matches, verified for unknown emails so both failures take as long. */
  let dummyHash: Promise<string> | undefined;

  app.get("/signup", (c) =>
    c.html(<SignUpForm csrf={c.get("csrf")} next={safeNext(c.req.query("next"))} values={{}} errors={{}} />),
  );

  app.post("/signup", async (c) => {
    const body = await c.req.parseBody();
    const next = safeNext(body.next);
    const values = { name: str(body.name), email: str(body.email) };
    const parsed = signUpInput.safeParse({ ...values, password: str(body.password) });
    const render = (errors: FieldErrors, status: 400 | 409) =>
      c.html(<SignUpForm csrf={c.get("csrf")} next={next} values={values} errors={errors} />, status);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const i of parsed.error.issues)
        errors[String(i.path[0])] ??= `${humanField(i.path[0])} ${i.message}`;
      return render(errors, 400);
    }
    try {
      const user = await createUser(deps.db, parsed.data);
      await startSession(deps, c, user.id);
      return c.redirect(next, 303);
    } catch (err) {
      if (err instanceof ConflictError)
        return render({ email: "An account with this email already exists; sign in instead." }, 409);
      if (err instanceof InputError)
        return render(
          Object.fromEntries(err.issues.map((i) => [i.field, `${humanField(i.field)} ${i.message}`])),
          400,
        );
      throw err;
    }
  });

  app.get("/login", (c) => {
    if (c.get("session")) return c.redirect(safeNext(c.req.query("next")), 303);
    return c.html(<LoginForm csrf={c.get("csrf")} next={safeNext(c.req.query("next"))} email="" />);
  });

  app.post("/login", async (c) => {
    const body = await c.req.parseBody();
    const next = safeNext(body.next);
    const email = str(body.email).trim().toLowerCase();
    const password = str(body.password);
    const ip = clientIp(c);
    const now = deps.now?.() ?? new Date();
    const since = new Date(now.getTime() - limit.windowMinutes * 60_000);
    const failures = await recentLoginFailures(deps.db, { email, ip, since });
    if (failures.email >= limit.perEmail || failures.ip >= limit.perEmail * 6) {
      c.header("Retry-After", String(limit.windowMinutes * 60));
      return c.html(
        <LoginForm
          csrf={c.get("csrf")}
          next={next}
          email={email}
          error={`Too many failed sign-ins. Wait ${limit.windowMinutes} minutes and try again.`}
        />,
        429,
      );
    }
    const user = email ? await findUserByEmail(deps.db, email) : undefined;
    dummyHash ??= hashPassword("not a password anyone has");
    const ok =
      user?.passwordHash && !user.disabledAt
        ? await verifyPassword(password, user.passwordHash)
        : (await verifyPassword(password, await dummyHash)) && false;
    await recordLoginAttempt(deps.db, { email, ip, succeeded: ok, now });
    if (!ok || !user) {
      return c.html(
        <LoginForm
          csrf={c.get("csrf")}
          next={next}
          email={email}
          error="That email and password do not match."
        />,
        401,
      );
    }
    await startSession(deps, c, user.id);
    // Housekeeping on the way: expired sessions and day-old attempts go (indexed deletes, off the response path).
    pruneWebRows(deps.db, now).catch((err: unknown) =>
      deps.logger.warn({ err }, "pruning web sessions failed"),
    );
    return c.redirect(next, 303);
  });

  app.post("/logout", async (c) => {
    await endSession(deps, c);
    return c.redirect("/login", 303);
  });

  app.get("/invite/:businessId/:token", async (c) => {
    const { businessId, token } = c.req.param();
    const invitation = /^biz_/.test(businessId)
      ? await findInvitation(deps.db, businessId, token)
      : undefined;
    if (!invitation) return c.html(<InvalidInvitation />, 404);
    const session = c.get("session");
    const here = `/invite/${businessId}/${token}`;
    return c.html(
      <AuthPage title={`Join ${invitation.businessName}`}>
        <p>
          You are invited to join <strong>{invitation.businessName}</strong> as{" "}
          <strong>{invitation.role}</strong>
          {invitation.email ? ` (invitation for ${invitation.email})` : ""}.
        </p>
        {session ? (
          <form method="post" action={here} class="form">
            <Csrf token={c.get("csrf")} />
            <p>
              Signed in as {session.userName} ({session.userEmail}).
            </p>
            <button type="submit">Join {invitation.businessName}</button>
          </form>
        ) : (
          <p>
            <a class="button" href={`/signup?next=${encodeURIComponent(here)}`}>
              Create an account
            </a>{" "}
            or <a href={`/login?next=${encodeURIComponent(here)}`}>sign in</a> to accept.
          </p>
        )}
      </AuthPage>,
    );
  });

  app.post("/invite/:businessId/:token", async (c) => {
    const { businessId, token } = c.req.param();
    const session = c.get("session");
    if (!session) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
    if (!/^biz_/.test(businessId)) return c.html(<InvalidInvitation />, 404);
    try {
      await acceptInvitation(deps.db, { businessId, token, userId: session.userId, now: deps.now?.() });
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ConflictError)
        return c.html(<InvalidInvitation />, 404);
      throw err;
    }
    const business = await findBusiness(deps.db, businessId);
    return c.redirect(`/b/${business.slug}`, 303);
  });

  return app;
}

const InvalidInvitation = () => (
  <AuthPage title="Invitation not valid">
    <p>This invitation link is unknown, already used, revoked or expired. Ask for a new one.</p>
    <p>
      <a href="/">Go to your businesses</a>
    </p>
  </AuthPage>
);

function humanField(f: unknown): string {
  const s = String(f);
  return s === "email" ? "Email" : s === "password" ? "Password" : s === "name" ? "Name" : s;
}
