/**
 * A real SMTP server for tests (smtp-server + mailparser) on a random local port: it keeps every message
 * it accepts, parsed, and can require a login or answer with 4xx/5xx on demand. No TLS, no STARTTLS.
 */
import type { AddressInfo } from "node:net";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerError } from "smtp-server";

/** Make the sink refuse: at MAIL FROM, at RCPT TO (every recipient, or only those listed), or after DATA. */
export type SinkFailure =
  | { at: "mail"; code: number; message?: string }
  | { at: "rcpt"; code: number; message?: string; recipients?: string[] }
  | { at: "data"; code: number; message?: string };

export interface SinkMessage {
  messageId: string | undefined;
  /** Header texts as a mail program shows them: `"Name" <address>` or the bare address. */
  from: string;
  to: string[];
  cc: string[];
  replyTo: string | undefined;
  subject: string;
  text: string;
  inReplyTo: string | undefined;
  references: string[];
  /** MAIL FROM and RCPT TO, as the client gave them. */
  envelope: { from: string; to: string[] };
  /** The logged-in user, when the client authenticated. */
  user: string | undefined;
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  host: string;
  port: number;
  messages: SinkMessage[];
  /** Logins the sink refused. */
  failedLogins: number;
  /** Change the failure mode between sends (undefined: accept everything). */
  failWith: SinkFailure | undefined;
  /** Resolves once at least n messages arrived; rejects after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(
  opts: { auth?: { user: string; pass: string }; failWith?: SinkFailure } = {},
): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<() => void>();
  const sink: SmtpSink = {
    host: "127.0.0.1",
    port: 0,
    messages,
    failedLogins: 0,
    failWith: opts.failWith,
    waitFor(n, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          cleanup();
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`smtp sink: ${messages.length} of ${n} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const refusal = (f: { code: number; message?: string }, fallback: string): SMTPServerError => {
    const err: SMTPServerError = new Error(f.message ?? fallback);
    err.responseCode = f.code;
    return err;
  };

  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    disableReverseLookup: true,
    closeTimeout: 500,
    socketTimeout: 10_000,
    onAuth(auth, _session, callback) {
      if (!opts.auth || (auth.username === opts.auth.user && auth.password === opts.auth.pass))
        return callback(null, { user: auth.username });
      sink.failedLogins++;
      callback(null, { message: "5.7.8 Authentication credentials invalid", responseCode: 535 });
    },
    onMailFrom(_address, _session, callback) {
      const f = sink.failWith;
      if (f?.at === "mail") return callback(refusal(f, "Sender refused"));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const f = sink.failWith;
      if (f?.at === "rcpt" && (!f.recipients || f.recipients.includes(address.address)))
        return callback(refusal(f, `Recipient ${address.address} refused`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", callback);
      stream.on("end", () => {
        const f = sink.failWith;
        if (f?.at === "data") return callback(refusal(f, "Message refused"));
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              messageId: parsed.messageId,
              from: parsed.from?.text ?? "",
              to: mailboxes(parsed.to),
              cc: mailboxes(parsed.cc),
              replyTo: parsed.replyTo?.text,
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              inReplyTo: parsed.inReplyTo,
              references: [parsed.references ?? []].flat(),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              user: session.user === undefined ? undefined : String(session.user),
              raw: raw.toString("utf8"),
              parsed,
            });
            for (const w of [...waiters]) w();
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on("error", () => {});

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, sink.host, () => resolve());
  });
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}

/** Each mailbox of an address header, formatted as mailparser formats the whole header's text. */
function mailboxes(value: AddressObject | AddressObject[] | undefined): string[] {
  return [value ?? []]
    .flat()
    .flatMap((o) => o.value)
    .map((a) => (a.name ? `"${a.name.replace(/["\\]/g, "\\$&")}" <${a.address}>` : (a.address ?? "")));
}
