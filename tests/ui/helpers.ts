/**
 * The admin UI on a fresh test database for app.request tests: two businesses with one user per role each,
 * a signed-in session per user, and `req` that sends the session cookie and (unless told not to) the CSRF token.
 */
import type { Hono } from "hono";
import { createSession } from "../../db/queries/web.js";
import type { Role } from "../../db/schema/core.js";
import { createLogger } from "../../log.js";
import { createApp } from "../../server/app.js";
import { createUi, type UiDeps } from "../../server/ui/index.js";
import { createTestDb, type TestDb } from "../helpers/db.js";
import { type ToolHarness, toolHarness } from "../helpers/tools.js";

export interface UiHarness {
  db: TestDb;
  app: Hono;
  deps: UiDeps;
  /** The business the tests work in, and a second one nobody here belongs to. */
  main: ToolHarness & { slug: string };
  other: ToolHarness & { slug: string };
  sessions: Record<Role, { token: string; csrf: string }>;
  /** A request as `who` (a role of the main business, or "anon"); POST bodies are form-encoded. */
  req(
    who: Role | "anon",
    path: string,
    opts?: {
      method?: string;
      form?: Record<string, string | string[]>;
      csrf?: boolean;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function uiHarness(overrides: Partial<UiDeps> = {}): Promise<UiHarness> {
  const db = await createTestDb();
  const main = await toolHarness({ db, businessName: "Main Street Bakery" });
  const other = await toolHarness({ db, businessName: "Other Co" });
  const slugOf = async (id: string) =>
    (await db.db.query.businesses.findFirst({ where: (b, { eq }) => eq(b.id, id) }))!.slug;
  const logger = createLogger("silent");
  const deps: UiDeps = {
    db: db.db,
    registry: main.registry,
    logger,
    publicUrl: "http://omni.test",
    secretKey: () => Buffer.alloc(32, 7),
    demoScale: 0.05,
    ...overrides,
  };
  const app = createApp({ handle: db, logger, version: "test", ui: createUi(deps) });
  const sessions = {} as UiHarness["sessions"];
  for (const [role, userId] of Object.entries(main.users) as [Role, string][]) {
    const { token, session } = await createSession(db.db, { userId });
    sessions[role] = { token, csrf: session.csrfToken };
  }
  return {
    db,
    app,
    deps,
    main: { ...main, slug: await slugOf(main.businessId) },
    other: { ...other, slug: await slugOf(other.businessId) },
    sessions,
    async req(who, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const s = who === "anon" ? undefined : sessions[who];
      if (s) headers.cookie = `omni_session=${s.token}`;
      const method = opts.method ?? (opts.form ? "POST" : "GET");
      let body: URLSearchParams | undefined;
      if (opts.form || method === "POST") {
        body = new URLSearchParams();
        for (const [k, v] of Object.entries(opts.form ?? {}))
          for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
        if (opts.csrf !== false && s) body.set("_csrf", s.csrf);
        headers["content-type"] = "application/x-www-form-urlencoded";
      }
      return app.request(path, { method, headers, body });
    },
    close: () => db.dispose(),
  };
}

/** Cookies from a response's Set-Cookie headers, as name → value. */
export function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const i = pair!.indexOf("=");
    out[pair!.slice(0, i)] = pair!.slice(i + 1);
  }
  return out;
}
