/** `omni smtp set | show | test`: a business's outgoing mail server (the password comes from the environment). */
import { type Command, Option } from "commander";
import { InputError } from "../db/errors.js";
import { findBusiness } from "../db/queries/businesses.js";
import { withBusiness } from "../db/tenancy.js";
import {
  createSmtpSender,
  MailError,
  newMessageId,
  TLS_MODE_TEXT,
  tlsMode,
} from "../integrations/email/smtp-sender.js";
import { getSmtpSettings, saveSmtpSettings, smtpStatus } from "../integrations/email/smtp-settings.js";
import { loadSecretKey, SecretError } from "../integrations/secrets.js";
import { type CliContext, withContext } from "./context.js";

const PASSWORD_ENV = "OMNI_SMTP_PASSWORD";

export function registerSmtpCommands(program: Command): void {
  const smtp = program
    .command("smtp")
    .description("a business's outgoing mail server (SMTP) for the emails the AI sends after approval");

  smtp
    .command("set")
    .description(
      `set the SMTP server; the password is read from ${PASSWORD_ENV} (never a flag, so it stays out of shell history)`,
    )
    .requiredOption("--business <business>", "business id or slug")
    .requiredOption("--host <host>", "SMTP server, e.g. smtp.example.com")
    .requiredOption("--port <port>", "465 (TLS from the start), 587 or 25 (STARTTLS)", parsePort)
    .option("--secure", "TLS from the first byte (default: on for port 465, off otherwise)")
    .option("--no-secure", "connect in plain text and upgrade with STARTTLS")
    .option("--user <user>", "login user name (often the email address)")
    .requiredOption("--from <address>", 'From address, e.g. "Harbor & Pine <hello@harbor.test>"')
    .option("--reply-to <address>", "Reply-To address, when replies should go elsewhere")
    .option("--clear-password", "remove the stored password")
    .addHelpText(
      "after",
      `\nPassword: set ${PASSWORD_ENV} in the environment, e.g.\n` +
        `  read -rs ${PASSWORD_ENV} && export ${PASSWORD_ENV} && omni smtp set …\n` +
        "When it is unset, the stored password is kept. It is encrypted with OMNI_SECRET_KEY\n" +
        "(or the generated .omni/secret.key of the embedded database) and never printed.",
    )
    .action((opts: SetOptions) =>
      run(async (ctx) => {
        const envPassword = process.env[PASSWORD_ENV];
        if (opts.clearPassword && envPassword)
          throw new InputError("Conflicting options", [
            { field: "--clear-password", message: `cannot be combined with ${PASSWORD_ENV}` },
          ]);
        const password = opts.clearPassword ? null : envPassword ? envPassword : undefined;
        const b = await findBusiness(ctx.handle.db, opts.business);
        const key = secretKey(ctx);
        const saved = await withBusiness(ctx.handle.db, tenant(ctx, b.id), (tx) =>
          saveSmtpSettings(
            tx,
            b.id,
            {
              host: opts.host,
              port: opts.port,
              ...(opts.secure === undefined ? {} : { secure: opts.secure }),
              ...(opts.user === undefined ? {} : { user: opts.user }),
              from: opts.from,
              ...(opts.replyTo === undefined ? {} : { replyTo: opts.replyTo }),
            },
            password,
            key,
          ),
        );
        const s = saved.settings;
        const pw =
          password === null
            ? "removed"
            : password === undefined
              ? saved.hasPassword
                ? "kept"
                : `none (set ${PASSWORD_ENV} to store one)`
              : "stored (encrypted)";
        console.log(
          `SMTP for ${b.name}: ${s.host}:${s.port}, ${TLS_MODE_TEXT[tlsMode(s)]}, from ${s.from}; password ${pw}.`,
        );
        console.log(`Check it with: omni smtp test --business ${b.slug} --to <your address>`);
      }),
    );

  smtp
    .command("show")
    .description("show the SMTP settings (never the password)")
    .requiredOption("--business <business>", "business id or slug")
    .option("--json", "print JSON")
    .action((opts: { business: string; json?: boolean }) =>
      run(async (ctx) => {
        const b = await findBusiness(ctx.handle.db, opts.business);
        const s = await withBusiness(ctx.handle.db, tenant(ctx, b.id), (tx) => getSmtpSettings(tx, b.id));
        if (opts.json) {
          console.log(
            JSON.stringify(
              s
                ? { ...s.settings, password: s.hasPassword ? "set" : "not set", updatedAt: s.updatedAt }
                : null,
              null,
              2,
            ),
          );
          return;
        }
        if (!s) {
          const status = await withBusiness(ctx.handle.db, tenant(ctx, b.id), (tx) => smtpStatus(tx, b.id));
          console.log(
            status === "disabled"
              ? `SMTP is switched off for ${b.name}. Switch it on with: omni integrations enable --business ${b.slug} --type smtp`
              : `SMTP is not set up for ${b.name}. Set it with: omni smtp set --business ${b.slug} --host … --port … --from …`,
          );
          return;
        }
        const rows: Array<[string, string]> = [
          ["host", s.settings.host],
          ["port", String(s.settings.port)],
          ["secure", `${s.settings.secure ? "yes" : "no"}: ${TLS_MODE_TEXT[tlsMode(s.settings)]}`],
          ["user", s.settings.user ?? "(none)"],
          ["password", s.hasPassword ? "set" : "not set"],
          ["from", s.settings.from],
          ["reply-to", s.settings.replyTo ?? "(none)"],
          ["updated", s.updatedAt.toISOString()],
        ];
        for (const [k, v] of rows) console.log(`${k.padEnd(9)} ${v}`);
      }),
    );

  smtp
    .command("test")
    .description("send a test message through the business's SMTP server and print the server's receipt")
    .requiredOption("--business <business>", "business id or slug")
    .requiredOption("--to <address>", "recipient of the test message")
    .addOption(
      new Option("--timeout <seconds>", "give up after this many seconds")
        .default(15)
        .argParser(parseSeconds),
    )
    .action((opts: { business: string; to: string; timeout: number }) =>
      run(async (ctx) => {
        const b = await findBusiness(ctx.handle.db, opts.business);
        const mail = createSmtpSender({
          key: secretKey(ctx),
          logger: ctx.logger,
          timeoutMs: opts.timeout * 1000,
        });
        try {
          const receipt = await withBusiness(ctx.handle.db, tenant(ctx, b.id), async (tx) => {
            const sender = await mail.sender(tx, b.id);
            if (!sender)
              throw new MailError(
                `SMTP is not set up for ${b.name}. Set it with: omni smtp set --business ${b.slug} --host … --port … --from …`,
                { retryable: false, code: "ENOTCONFIGURED" },
              );
            return mail.send(tx, b.id, {
              from: sender.from,
              to: [opts.to],
              cc: [],
              ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
              subject: `OmniBusiness test message for ${b.name}`,
              text:
                `This is a test message from OmniBusiness, sent with ${b.name}'s SMTP settings.\n` +
                "If you can read it, emails approved in OmniBusiness will be delivered the same way.\n",
              messageId: newMessageId(sender.from),
            });
          });
          console.log(`Sent ${receipt.messageId}`);
          console.log(`accepted: ${receipt.accepted.join(", ") || "(none)"}`);
          if (receipt.rejected.length) console.log(`rejected: ${receipt.rejected.join(", ")}`);
          console.log(`server:   ${receipt.response}`);
        } finally {
          mail.close();
        }
      }),
    );
}

interface SetOptions {
  business: string;
  host: string;
  port: number;
  secure?: boolean;
  user?: string;
  from: string;
  replyTo?: string;
  clearPassword?: boolean;
}

/** Runs a command; mail and secret-key problems are reported as one clear line (exit code 2), like InputError. */
async function run(fn: (ctx: CliContext) => Promise<void>): Promise<void> {
  try {
    await withContext(fn);
  } catch (err) {
    if (err instanceof MailError || err instanceof SecretError) {
      console.error(`error: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}

function secretKey(ctx: CliContext): Buffer {
  return loadSecretKey({
    configKey: ctx.config.OMNI_SECRET_KEY,
    dataDir: ctx.config.dataDir,
    embedded: ctx.handle.kind === "pglite",
  });
}

function tenant(ctx: CliContext, businessId: string) {
  return { businessId, appRole: ctx.config.OMNI_DB_APP_ROLE };
}

function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 600)
    throw new InputError("Invalid option", [
      { field: "--timeout", message: "must be between 0 and 600 seconds" },
    ]);
  return n;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InputError("Invalid option", [
      { field: "--port", message: `must be a whole number from 1 to 65535 (got ${JSON.stringify(v)})` },
    ]);
  return n;
}
