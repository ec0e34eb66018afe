/**
 * The admin web UI as one Hono app, mounted at / by server/app.ts: secure headers and a strict CSP, sessions,
 * CSRF on every unsafe request, sign-in pages, and the business pages under /b/<slug>/… for members only.
 * Pages reach business data through the tool registry (and the actions/agent modules), never with SQL.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { modelFromConfig } from "../../agent/model.js";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { businessForMember } from "../../db/queries/web.js";
import { loadSecretKey } from "../../integrations/secrets.js";
import type { SyncRunner } from "../../jobs/sync-runner.js";
import type { Logger } from "../../log.js";
import type { Effects } from "../../tools/define.js";
import type { Registry } from "../../tools/registry.js";
import { authRoutes } from "../auth/routes.js";
import { loadSession, requireCsrf } from "../auth/session.js";
import { adminRoutes } from "./admin.js";
import { approvalRoutes } from "./approvals.js";
import { askRoutes } from "./ask.js";
import { CSS, JS } from "./assets.js";
import type { UiDeps, UiEnv } from "./context.js";
import { dashboardRoutes } from "./dashboard.js";
import { homeRoutes } from "./home.js";
import { importRoutes } from "./import.js";
import { insightsPanel } from "./insights.js";
import { integrationRoutes } from "./integrations.js";
import { ErrorPage } from "./layout.js";
import { recordRoutes } from "./records.js";
import { welcomeRoutes } from "./welcome.js";

export type { UiDeps } from "./context.js";

/** The UI's dependencies in a serving process (`omni start`): the model when a key is set, SMTP's secret key. */
export function uiDepsFromConfig(
  config: Config,
  runtime: {
    db: Db;
    registry: Registry;
    logger: Logger;
    embedded: boolean;
    worker?: { wake(): void };
    effects?: Effects;
    syncs?: SyncRunner;
  },
): UiDeps {
  return {
    db: runtime.db,
    registry: runtime.registry,
    logger: runtime.logger,
    worker: runtime.worker,
    effects: runtime.effects,
    syncs: runtime.syncs,
    publicUrl: config.publicUrl,
    appRole: config.OMNI_DB_APP_ROLE,
    model: modelFromConfig(config),
    secretKey: () =>
      loadSecretKey({
        configKey: config.OMNI_SECRET_KEY,
        dataDir: config.dataDir,
        embedded: runtime.embedded,
      }),
  };
}

/** Every path the UI answers; its middleware is scoped to these so /mcp, /healthz and webhooks are untouched. */
const UI_PATHS = ["/", "/login", "/signup", "/logout", "/invite/*", "/businesses", "/demo", "/b/*"];

const headers = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: "same-origin",
  crossOriginEmbedderPolicy: false,
});

/** Pages carry a session's CSRF token and business data: never cached. */
const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
};

export function createUi(deps: UiDeps): Hono<UiEnv> {
  const ui = new Hono<UiEnv>();

  const assets = { "app.css": ["text/css", CSS], "app.js": ["text/javascript", JS] } as const;
  ui.get("/assets/:name", (c) => {
    const asset = assets[c.req.param("name") as keyof typeof assets];
    if (!asset) return c.text("Not found", 404);
    c.header("Content-Type", `${asset[0]}; charset=utf-8`);
    c.header("Cache-Control", "public, max-age=31536000, immutable");
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(asset[1]);
  });

  /** Forms are small; only a CSV upload to the import preview (10 MB, see import.tsx) is larger. */
  const upTo = (mb: number) =>
    bodyLimit({
      maxSize: mb * 1024 * 1024,
      onError: (c) => c.text(`The request is too large (at most ${mb} MB).`, 413),
    });
  const [formLimit, uploadLimit] = [upTo(4), upTo(11)];
  const limit: MiddlewareHandler = (c, next) =>
    (c.req.path.endsWith("/import/preview") ? uploadLimit : formLimit)(c, next);
  for (const p of UI_PATHS) ui.use(p, headers, noStore, limit, loadSession(deps), requireCsrf());

  /** /b/<slug>/…: signed in and a member, or 404 (a business you are not in does not exist for you). */
  const member: MiddlewareHandler<UiEnv> = async (c, next) => {
    const session = c.get("session");
    if (!session) {
      if (c.req.method !== "GET") return c.text("Sign in first.", 401);
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    const biz = await businessForMember(deps.db, c.req.param("slug") ?? "", session.userId);
    if (!biz)
      return c.html(
        <ErrorPage
          status={404}
          title="Not found"
          message="There is no business at this address that you are a member of."
        />,
        404,
      );
    c.set("biz", biz);
    await next();
  };
  ui.use("/b/:slug/*", member); // also matches /b/<slug> itself
  ui.use("/b/:slug/*", insightsPanel(deps));

  ui.route("/", authRoutes(deps));
  ui.route("/", homeRoutes(deps));
  ui.route("/", dashboardRoutes(deps));
  ui.route("/", recordRoutes(deps));
  ui.route("/", askRoutes(deps));
  ui.route("/", approvalRoutes(deps));
  ui.route("/", importRoutes(deps));
  ui.route("/", adminRoutes(deps));
  ui.route("/", integrationRoutes(deps));
  ui.route("/", welcomeRoutes(deps));

  ui.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    deps.logger.error({ err, path: c.req.path }, "admin UI request failed");
    return c.html(
      <ErrorPage
        status={500}
        title="Something went wrong"
        message="The error was logged. Try again, or go back."
      />,
      500,
    );
  });

  return ui;
}
