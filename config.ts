/** The one place that reads the environment: a zod schema with defaults and clear messages for bad values. */
import path from "node:path";
import { z } from "zod";

const optionalUrl = (protocols: string[], what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a ${what} URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`,
    });

const optionalSecret = (prefix: string, what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || v.startsWith(prefix), {
      message: `must be ${what}${prefix ? ` (starting with ${prefix})` : ""}`,
    });

const envSchema = z.object({
  DATABASE_URL: optionalUrl(["postgres", "postgresql"], "PostgreSQL"),
  REDIS_URL: optionalUrl(["redis", "rediss"], "Redis"),
  OMNI_DATA_DIR: z.string().trim().min(1, "must not be empty").default("./.omni"),
  OMNI_SECRET_KEY: z
    .string()
    .regex(
      /^[0-9a-f]{64}$/i,
      "must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`",
    )
    .optional(),
  OMNI_DB_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a plain lower-case PostgreSQL role name")
    .default("omni_app"),
  ANTHROPIC_API_KEY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
  ANTHROPIC_BASE_URL: optionalUrl(["http", "https"], "HTTP"),
  OMNI_MODEL: z.string().min(1).default("claude-sonnet-4-6"),
  /** auto: Anthropic's server-side tool search on Anthropic's API, our find_tools on other endpoints. */
  OMNI_TOOL_SEARCH: z.enum(["auto", "server", "local"]).default("auto"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(3000),
  OMNI_PUBLIC_URL: optionalUrl(["http", "https"], "HTTP"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().optional(),
  /** Slack: the bot token; with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) `omni start` runs the app. */
  SLACK_BOT_TOKEN: optionalSecret("xoxb-", "a bot token"),
  SLACK_APP_TOKEN: optionalSecret("xapp-", "an app-level token"),
  SLACK_SIGNING_SECRET: optionalSecret("", "the app's signing secret"),
  /** The Slack Web API base (default https://slack.com/api/; tests point it at a local fake). */
  SLACK_API_URL: optionalUrl(["http", "https"], "HTTP"),
  /** Discord: application id and public key serve POST /discord/interactions; the bot token adds the gateway. */
  DISCORD_APPLICATION_ID: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^\d{17,20}$/.test(v), {
      message: "must be the application's numeric id (developer portal → General Information)",
    }),
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^[0-9a-f]{64}$/i.test(v), {
      message: "must be 64 hex characters (developer portal → General Information → Public Key)",
    }),
  DISCORD_BOT_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
  /** Ask for the privileged Message Content intent (mentions and DMs are read without it). */
  DISCORD_MESSAGE_CONTENT: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => v === "true" || v === "1"),
  /** The Discord API base without version (default https://discord.com/api; tests point it at a fake). */
  DISCORD_API_URL: optionalUrl(["http", "https"], "HTTP"),
});

export type Config = Readonly<
  z.infer<typeof envSchema> & { publicUrl: string; dataDir: string; toolSearch: "server" | "local" }
>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? "environment");
      const got = env[name];
      const shown = got === undefined ? "" : ` (got ${JSON.stringify(redactValue(name, got))})`;
      return `  ${name}: ${i.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return Object.freeze({
    ...c,
    dataDir: path.resolve(c.OMNI_DATA_DIR),
    toolSearch:
      c.OMNI_TOOL_SEARCH !== "auto"
        ? c.OMNI_TOOL_SEARCH
        : !c.ANTHROPIC_BASE_URL || new URL(c.ANTHROPIC_BASE_URL).hostname === "api.anthropic.com"
          ? "server"
          : "local",
    publicUrl: c.OMNI_PUBLIC_URL ?? `http://${c.HOST === "0.0.0.0" ? "127.0.0.1" : c.HOST}:${c.PORT}`,
  });
}

function redactValue(name: string, value: string): string {
  if (/KEY|SECRET|TOKEN|PASSWORD/.test(name)) return "***";
  return value.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
