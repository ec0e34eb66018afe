/**
 * Sends a business's email through its own SMTP server (nodemailer), and renders the exact preview an
 * approval card shows. The action tools depend on the MailSender interface only; tests use a real SMTP sink.
 */
import { createHash } from "node:crypto";
import nodemailer, {
  type NodemailerError,
  type SMTPSentMessageInfo,
  type SMTPTransportOptions,
  type Transporter,
} from "nodemailer";
import { InputError } from "../../db/errors.js";
import { newId } from "../../db/ids.js";
import type { Logger } from "../../log.js";
import type { MailSender, OutgoingEmail, SendReceipt } from "../../tools/define.js";
import { SecretError } from "../secrets.js";
import {
  formatMailbox,
  getSmtpSettings,
  loadSmtpSettings,
  parseMailbox,
  type SmtpConfig,
  smtpStatus,
} from "./smtp-settings.js";

// The contract the action tools send through is defined with them (tools/define.ts); this module implements it.
export type { MailSender, OutgoingEmail, SendReceipt } from "../../tools/define.js";

/** Sending failed. `retryable`: the same message may go through later (connection trouble, 4xx replies). */
export class MailError extends Error {
  override name = "MailError";
  readonly retryable: boolean;
  /** nodemailer's code (EAUTH, ECONNECTION, EENVELOPE, ETIMEDOUT…) or ENOTCONFIGURED / EFROM / ESECRET. */
  readonly code: string | undefined;
  /** The SMTP reply code, when the server answered. */
  readonly responseCode: number | undefined;

  constructor(
    message: string,
    opts: { retryable: boolean; code?: string; responseCode?: number; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.retryable = opts.retryable;
    this.code = opts.code;
    this.responseCode = opts.responseCode;
  }
}

/** The message as the recipient will see it: the header lines of the approval card, and the body. */
export interface EmailPreview {
  headers: {
    From: string;
    To: string;
    Cc?: string;
    "Reply-To"?: string;
    Subject: string;
    "Message-ID": string;
    "In-Reply-To"?: string;
    References?: string;
  };
  text: string;
  /** Header lines, a blank line, then the body, as one block of text. */
  rendered: string;
}

/** The normalized message both the preview and the sender use, so what is approved is what is sent. */
interface PreparedEmail {
  from: string;
  fromAddress: string;
  to: string[];
  cc: string[];
  replyTo: string | undefined;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | undefined;
  references: string[];
}

const MAX_RECIPIENTS = 100;
const MSG_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/;

/** A new Message-ID on the sender's domain, e.g. `<eml_01J…@harbor.test>`. */
export function newMessageId(from: string): string {
  const domain = parseMailbox(from)?.address.split("@")[1] ?? "omnibusiness.invalid";
  return `<${newId("eml")}@${domain}>`;
}

/**
 * The headers and body exactly as the recipient's mail program will show them (addresses as
 * `"Name" <address>`). Pure; throws InputError naming the bad field.
 */
export function renderEmailPreview(email: OutgoingEmail): EmailPreview {
  const m = prepareEmail(email);
  const headers: EmailPreview["headers"] = {
    From: m.from,
    To: m.to.join(", "),
    ...(m.cc.length ? { Cc: m.cc.join(", ") } : {}),
    ...(m.replyTo ? { "Reply-To": m.replyTo } : {}),
    Subject: m.subject,
    "Message-ID": m.messageId,
    ...(m.inReplyTo ? { "In-Reply-To": m.inReplyTo } : {}),
    ...(m.references.length ? { References: m.references.join(" ") } : {}),
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return { headers, text: m.text, rendered: `${lines.join("\n")}\n\n${m.text}` };
}

function prepareEmail(email: OutgoingEmail): PreparedEmail {
  const issues: Array<{ field: string; message: string }> = [];
  const box = (field: string, value: string | undefined) => {
    const m = typeof value === "string" ? parseMailbox(value.trim()) : undefined;
    if (!m) issues.push({ field, message: 'must be one email address such as "Ann Lee" <ann@example.com>' });
    return m;
  };
  const id = (field: string, value: string | undefined) => {
    const v = typeof value === "string" ? value.trim() : "";
    const wrapped = v.startsWith("<") ? v : `<${v}>`;
    if (!MSG_ID.test(wrapped))
      issues.push({ field, message: "must be a message id such as <id@example.com>" });
    return wrapped;
  };
  const from = box("from", email.from);
  const list = (field: string, values: string[] | undefined) =>
    (values ?? [])
      .map((v, i) => box(`${field}[${i}]`, v))
      .filter((m) => m !== undefined)
      .map(formatMailbox);
  const to = list("to", email.to);
  const cc = list("cc", email.cc);
  if (!email.to?.length) issues.push({ field: "to", message: "needs at least one recipient" });
  if ((email.to?.length ?? 0) + (email.cc?.length ?? 0) > MAX_RECIPIENTS)
    issues.push({ field: "to", message: `at most ${MAX_RECIPIENTS} recipients (to and cc together)` });
  const replyTo = email.replyTo === undefined ? undefined : box("replyTo", email.replyTo);
  const subject =
    typeof email.subject === "string" ? email.subject.replace(/\s*[\r\n]+\s*/g, " ").trim() : "";
  if (subject.length > 900) issues.push({ field: "subject", message: "must be at most 900 characters" });
  if (typeof email.text !== "string") issues.push({ field: "text", message: "is required" });
  const messageId = id("messageId", email.messageId);
  const inReplyTo = email.inReplyTo === undefined ? undefined : id("inReplyTo", email.inReplyTo);
  const references = (email.references ?? []).map((r, i) => id(`references[${i}]`, r));
  if (issues.length) throw new InputError("Invalid email", issues);
  return {
    from: formatMailbox(from!),
    fromAddress: from!.address,
    to,
    cc,
    replyTo: replyTo ? formatMailbox(replyTo) : undefined,
    subject,
    text: email.text.replace(/\r\n?/g, "\n"),
    messageId,
    inReplyTo,
    references,
  };
}

export interface SmtpSenderOptions {
  key: Buffer;
  logger?: Logger;
  /** Connection, greeting and idle-socket timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
}

interface CachedTransport {
  hash: string;
  transport: Transporter<SMTPSentMessageInfo>;
}

/**
 * A MailSender over each business's SMTP settings. One nodemailer transport per business, kept while its
 * settings (and password) stay the same and closed when they change; close() releases them all.
 */
export function createSmtpSender(opts: SmtpSenderOptions): MailSender & { close(): void } {
  const timeout = opts.timeoutMs ?? 15_000;
  const transports = new Map<string, CachedTransport>();

  const transportFor = (businessId: string, cfg: SmtpConfig): Transporter<SMTPSentMessageInfo> => {
    const options = smtpTransportOptions(cfg, timeout);
    const hash = createHash("sha256").update(JSON.stringify(options)).digest("hex");
    const cached = transports.get(businessId);
    if (cached?.hash === hash) return cached.transport;
    cached?.transport.close();
    const transport = nodemailer.createTransport(options);
    // Sends get their own errors; this only keeps a stray transport error from being unhandled.
    transport.on("error", (err) =>
      opts.logger?.warn({ businessId, err: err.message }, "smtp transport error"),
    );
    transports.set(businessId, { hash, transport });
    return transport;
  };

  return {
    async sender(tx, businessId) {
      const s = await getSmtpSettings(tx, businessId);
      if (!s) return undefined;
      return s.settings.replyTo
        ? { from: s.settings.from, replyTo: s.settings.replyTo }
        : { from: s.settings.from };
    },

    async send(tx, businessId, email) {
      const m = prepareEmail(email);
      let cfg: SmtpConfig | undefined;
      try {
        cfg = await loadSmtpSettings(tx, businessId, opts.key);
      } catch (err) {
        if (err instanceof SecretError)
          throw new MailError(`Cannot use the SMTP password: ${err.message}`, {
            retryable: false,
            code: "ESECRET",
            cause: err,
          });
        throw err;
      }
      if (!cfg)
        throw (await smtpStatus(tx, businessId)) === "disabled"
          ? new MailError(
              "Email is switched off for this business: an owner can turn the SMTP integration back on " +
                "under Integrations in the admin UI.",
              { retryable: false, code: "EDISABLED" },
            )
          : new MailError(
              "Email is not set up for this business: an owner can configure the outgoing mail server under " +
                "Integrations in the admin UI, or with `omni smtp set --business … --host … --port … --from …`",
              { retryable: false, code: "ENOTCONFIGURED" },
            );
      const configured = parseMailbox(cfg.settings.from)!;
      if (configured.address.toLowerCase() !== m.fromAddress.toLowerCase())
        throw new MailError(
          `The From address ${m.from} is not this business's sender ${cfg.settings.from} ` +
            "(the SMTP settings changed since the email was prepared?)",
          { retryable: false, code: "EFROM" },
        );
      const { host, port } = cfg.settings;
      const transport = transportFor(businessId, cfg);
      let info: SMTPSentMessageInfo;
      try {
        info = await transport.sendMail({
          from: m.from,
          to: m.to,
          cc: m.cc.length ? m.cc : undefined,
          replyTo: m.replyTo,
          subject: m.subject,
          text: m.text,
          messageId: m.messageId,
          inReplyTo: m.inReplyTo,
          references: m.references.length ? m.references : undefined,
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (err) {
        const mailError = toMailError(err, host, port, cfg.settings.user);
        opts.logger?.warn(
          { businessId, host, port, code: mailError.code, responseCode: mailError.responseCode },
          `email not sent: ${mailError.message}`,
        );
        throw mailError;
      }
      const receipt: SendReceipt = {
        messageId: info.messageId || m.messageId,
        accepted: info.accepted.map(addressText),
        rejected: info.rejected.map(addressText),
        response: info.response,
      };
      if (!receipt.accepted.length)
        throw new MailError(`Sending mail through ${host}:${port} failed: no recipient was accepted`, {
          retryable: false,
          code: "EENVELOPE",
        });
      opts.logger?.info(
        {
          businessId,
          host,
          port,
          messageId: receipt.messageId,
          accepted: receipt.accepted.length,
          rejected: receipt.rejected.length,
        },
        receipt.rejected.length ? "email sent; some recipients were rejected" : "email sent",
      );
      return receipt;
    },

    close() {
      for (const { transport } of transports.values()) transport.close();
      transports.clear();
    },
  };
}

/**
 * Connects to the server, upgrades to TLS as sending would and logs in when a user is set, without sending
 * anything; resolves to what a person is told, or throws MailError saying what failed.
 */
export async function verifySmtp(
  cfg: Pick<SmtpConfig, "settings" | "password">,
  timeoutMs = 15_000,
): Promise<string> {
  const { host, port, user } = cfg.settings;
  const transport = nodemailer.createTransport(smtpTransportOptions(cfg, timeoutMs));
  try {
    await transport.verify();
  } catch (err) {
    throw toMailError(err, host, port, user, "Connecting to");
  } finally {
    transport.close();
  }
  const tls = TLS_MODE_TEXT[tlsMode(cfg.settings)];
  return `Connected to ${host}:${port} (${tls})${user ? ` and logged in as ${user}` : ""}.`;
}

/** The nodemailer options for a business's settings (exported for tests). */
export function smtpTransportOptions(
  cfg: Pick<SmtpConfig, "settings" | "password">,
  timeout = 15_000,
): SMTPTransportOptions {
  const { host, port, secure, user } = cfg.settings;
  // One connection per message, no pool: a business sends a handful of approved emails, an idle pooled
  // connection can swallow the server's reply when it drops (421), and a pool may resend a message on its
  // own; retries belong to the action outbox, which runs each send at most once.
  return {
    host,
    port,
    secure,
    requireTLS: tlsMode(cfg.settings) === "starttls-required",
    auth: user === undefined ? undefined : { user, pass: cfg.password ?? "" },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
}

/**
 * How the connection is encrypted: TLS from the first byte (secure), or STARTTLS, which is required when a
 * password goes to a remote server (it is never sent in clear text) and used when offered otherwise.
 */
export function tlsMode(
  s: Pick<SmtpConfig["settings"], "host" | "secure" | "user">,
): "tls" | "starttls-required" | "starttls-if-offered" {
  if (s.secure) return "tls";
  return s.user !== undefined && !isLoopback(s.host) ? "starttls-required" : "starttls-if-offered";
}

/** How tlsMode reads to a person. */
export const TLS_MODE_TEXT = {
  tls: "TLS from the start",
  "starttls-required": "STARTTLS (required: the password is never sent in clear text)",
  "starttls-if-offered": "STARTTLS when the server offers it",
} as const;

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function addressText(a: unknown): string {
  if (typeof a === "string") return a;
  const obj = a as { address?: string };
  return obj?.address ?? String(a);
}

/** nodemailer's error → MailError with where, what the server said, and what to check. */
function toMailError(
  err: unknown,
  host: string,
  port: number,
  user: string | undefined,
  doing = "Sending mail through",
): MailError {
  const e = err as NodemailerError;
  const code = typeof e?.code === "string" ? e.code : undefined;
  const responseCode = typeof e?.responseCode === "number" ? e.responseCode : undefined;
  const reply = e?.response ? ` (${e.response.trim()})` : "";
  const where = `${host}:${port}`;
  let what: string;
  let hint = "";
  let retryable: boolean;
  switch (code) {
    case "EAUTH":
      what = `the server refused the login${user ? ` for ${JSON.stringify(user)}` : ""}${reply}`;
      hint = "Check the user and password (`omni smtp set`, password in OMNI_SMTP_PASSWORD).";
      retryable = false;
      break;
    case "ENOAUTH":
      what = "the server requires a login but no user and password are set";
      hint = "Set them with `omni smtp set --user …` and OMNI_SMTP_PASSWORD.";
      retryable = false;
      break;
    case "EENVELOPE": {
      if (responseCode === 530) {
        what = `the server requires a login${reply}`;
        hint = "Set the user with `omni smtp set --user …` and the password in OMNI_SMTP_PASSWORD.";
        retryable = false;
        break;
      }
      const rejected = e.rejectedErrors?.length
        ? e.rejectedErrors.map((r) => `${r.recipient ?? "?"}: ${r.response ?? r.message}`).join("; ")
        : undefined;
      what =
        e.command === "MAIL FROM"
          ? `the server refused the sender address${reply}`
          : rejected
            ? `the server rejected every recipient (${rejected})`
            : `the server refused the envelope${reply || `: ${e.message}`}`;
      retryable = false;
      break;
    }
    case "EMESSAGE":
      what = `the server refused the message${reply || `: ${e.message}`}`;
      retryable = false;
      break;
    case "ETIMEDOUT":
      what = `the connection timed out${e.timeoutType ? ` (${e.timeoutType.toLowerCase().replace(/_/g, " ")})` : ""}`;
      hint = "Check the host, the port and that --secure matches it (465: on; 587 and 25: off).";
      retryable = true;
      break;
    case "EDNS":
      what = `the host name could not be resolved (${e.originalCode ?? e.message})`;
      hint = "Check the host.";
      retryable = true;
      break;
    case "ETLS":
      if (e.command === "STARTTLS") {
        what = `the server did not accept STARTTLS${reply}`;
        hint =
          "The password is never sent unencrypted: use the provider's TLS port (465 with --secure) or STARTTLS port (587).";
      } else {
        what = `TLS failed: ${e.message}`;
        hint = "Check that --secure matches the port (465: on; 587 and 25: off, STARTTLS is used).";
      }
      retryable = false;
      break;
    case "EREQUIRETLS":
      what = `${e.message}`;
      retryable = false;
      break;
    case "ECONNECTION":
    case "ESOCKET":
    case "EPROXY":
      if (e.originalCode?.startsWith("ERR_SSL") || /wrong version number/i.test(e.message)) {
        what = `the TLS handshake failed (${e.originalCode ?? "SSL error"})`;
        hint = "Check that --secure matches the port (465: on; 587 and 25: off).";
        retryable = false;
        break;
      }
      what =
        e.originalCode === "ECONNREFUSED" || /ECONNREFUSED/.test(e.message)
          ? "the connection was refused"
          : `the connection failed: ${e.message}`;
      hint = "Check the host and port, and that the server is reachable from here.";
      retryable = true;
      break;
    default:
      what = e?.message ?? String(err);
      retryable = false;
  }
  // The reply code decides when there is one: 4xx is "try again later" (even for a login), 5xx is final.
  if (responseCode !== undefined && code !== "ETLS") retryable = responseCode >= 400 && responseCode < 500;
  const message = `${doing} ${where} failed: ${what}.${hint ? ` ${hint}` : ""}`;
  return new MailError(message, { retryable, code, responseCode, cause: err });
}
