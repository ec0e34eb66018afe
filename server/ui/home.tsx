/**
 * The signed-in start page: your businesses, creating one (you become its owner and land on its welcome page), or
 * loading the demo business.
 */
import { Hono } from "hono";
import { InputError } from "../../db/errors.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { addMember } from "../../db/queries/users.js";
import { userBusinesses } from "../../db/queries/web.js";
import { seedDemo } from "../../db/seed/demo.js";
import type { UiContext, UiDeps, UiEnv } from "./context.js";
import { AuthPage, Csrf } from "./layout.js";

const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");

export function homeRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  async function home(
    c: UiContext,
    form?: { values: Record<string, string>; errors: Record<string, string> },
  ) {
    const session = c.get("session")!;
    const mine = await userBusinesses(deps.db, session.userId);
    const v = form?.values ?? { name: "", currency: "USD", timezone: "UTC" };
    const err = form?.errors ?? {};
    const input = (name: string, label: string, hint?: string) => (
      <label>
        {label}
        {hint ? <span class="hint">{hint}</span> : null}
        <input
          name={name}
          value={v[name]}
          required={name === "name"}
          aria-invalid={err[name] ? "true" : undefined}
          aria-describedby={err[name] ? `${name}-error` : undefined}
        />
        {err[name] ? (
          <span class="field-error" id={`${name}-error`}>
            {err[name]}
          </span>
        ) : null}
      </label>
    );
    return c.html(
      <AuthPage title={`Hello, ${session.userName}`}>
        {mine.length ? (
          <>
            <h2>Your businesses</h2>
            <ul>
              {mine.map((b) => (
                <li>
                  <a href={`/b/${b.slug}`}>{b.name}</a> <span class="muted">({b.role})</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>You are not in a business yet. Create one, or accept an invitation link from its owner.</p>
        )}
        <h2>Create a business</h2>
        <form method="post" action="/businesses" class="form">
          <Csrf token={c.get("csrf")} />
          {input("name", "Business name")}
          {input("currency", "Currency", "ISO code, e.g. USD, EUR, GBP")}
          {input("timezone", "Time zone", "e.g. America/Los_Angeles, Europe/Berlin")}
          <button type="submit">Create business</button>
        </form>
        <h2>Or try the demo</h2>
        <form method="post" action="/demo" class="form">
          <Csrf token={c.get("csrf")} />
          <p class="muted">
            A coffee roaster with a year of linked records in every module; you become its owner.
          </p>
          <button type="submit" class="secondary">
            Load the demo business
          </button>
        </form>
        <form method="post" action="/logout">
          <Csrf token={c.get("csrf")} />
          <button type="submit" class="link">
            Sign out
          </button>
        </form>
      </AuthPage>,
      form ? 400 : 200,
    );
  }

  app.get("/", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/login", 303);
    if (c.req.query("choose") === undefined) {
      const mine = await userBusinesses(deps.db, session.userId);
      if (mine.length === 1) return c.redirect(`/b/${mine[0]!.slug}`, 303);
    }
    return home(c);
  });

  app.post("/businesses", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/login", 303);
    const body = await c.req.parseBody();
    const values = {
      name: str(body.name),
      currency: str(body.currency).toUpperCase(),
      timezone: str(body.timezone),
    };
    try {
      const business = await createBusiness(
        deps.db,
        { name: values.name, currency: values.currency || "USD", timezone: values.timezone || "UTC" },
        { actorUserId: session.userId },
      );
      await addMember(deps.db, {
        businessId: business.id,
        userId: session.userId,
        role: "owner",
        actorUserId: session.userId,
      });
      return c.redirect(`/b/${business.slug}/welcome?notice=welcome`, 303);
    } catch (err) {
      if (err instanceof InputError)
        return home(c, { values, errors: Object.fromEntries(err.issues.map((i) => [i.field, i.message])) });
      throw err;
    }
  });

  app.post("/demo", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/login", 303);
    const now = deps.now?.() ?? new Date();
    const seeded = await seedDemo(deps.db, {
      scale: deps.demoScale ?? 1,
      seed: Math.floor(Math.random() * 1_000_000_000),
      today: now.toISOString().slice(0, 10),
      name: "Harbor & Pine Coffee Co.",
    });
    await addMember(deps.db, {
      businessId: seeded.businessId,
      userId: session.userId,
      role: "owner",
      actorUserId: session.userId,
    });
    deps.logger.info(
      { businessId: seeded.businessId, userId: session.userId },
      "demo business loaded from the admin UI",
    );
    return c.redirect(`/b/${seeded.slug}`, 303);
  });

  return app;
}
