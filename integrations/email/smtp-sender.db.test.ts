/** The SMTP sender against a real SMTP server (tests/fakes/smtp-sink.ts), with settings in the database. */
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../db/errors.js";
import { createBusiness } from "../../db/queries/businesses.js";
import { withBusiness } from "../../db/tenancy.js";
import { type SmtpSink, startSmtpSink } from "../../tests/fakes/smtp-sink.js";
import { backend, createTestDb, type TestDb } from "../../tests/helpers/db.js";
import { createSmtpSender, MailError, type OutgoingEmail, renderEmailPreview } from "./smtp-sender.js";
import { type SmtpSettingsInput, saveSmtpSettings } from "./smtp-settings.js";

const key = randomBytes(32);
const FROM = '"Harbor & Pine" <hello@harbor.test>';

describe(`SMTP sender (${backend})`, () => {
  let db: TestDb;
  let biz: string;
  let open: SmtpSink;
  let authed: SmtpSink;
  const sender = createSmtpSender({ key, timeoutMs: 3_000 });
  const extraSinks: SmtpSink[] = [];
  let n = 0;

  const inBiz = <T>(fn: Parameters<typeof withBusiness<T>>[2]) =>
    withBusiness(db.db, { businessId: biz }, fn);
  const configure = (s: Partial<SmtpSettingsInput> & { port: number }, password?: string | null) =>
    inBiz((tx) =>
      saveSmtpSettings(
        tx,
        biz,
        { host: "127.0.0.1", from: FROM, ...s },
        password === undefined ? null : password,
        key,
      ),
    );
  const email = (over: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
    from: FROM,
    to: ["Ann Lee <ann@customer.test>"],
    cc: [],
    subject: "Your order",
    text: "Hello Ann,\n\nYour order has shipped.\n\n— Harbor & Pine",
    messageId: `<test-${++n}@harbor.test>`,
    ...over,
  });
  const send = (e: OutgoingEmail) => inBiz((tx) => sender.send(tx, biz, e));
  const failure = async (p: Promise<unknown>): Promise<MailError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MailError);
    return err as MailError;
  };

  beforeAll(async () => {
    db = await createTestDb();
    biz = (await createBusiness(db.db, { name: "Harbor & Pine" })).id;
    open = await startSmtpSink();
    authed = await startSmtpSink({ auth: { user: "hello@harbor.test", pass: "right-password" } });
  });
  afterEach(() => {
    open.failWith = undefined;
  });
  afterAll(async () => {
    sender.close();
    await Promise.all([open, authed, ...extraSinks].map((s) => s?.close()));
    await db?.dispose();
  });

  it("without SMTP settings: no sender, and send is a clear, permanent MailError", async () => {
    expect(await inBiz((tx) => sender.sender(tx, biz))).toBeUndefined();
    const err = await failure(send(email()));
    expect(err.code).toBe("ENOTCONFIGURED");
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/Email is not set up.*omni smtp set/);
  });

  it("delivers exactly the subject, body, recipients and Message-ID", async () => {
    await configure({ port: open.port, replyTo: "team@harbor.test" });
    expect(await inBiz((tx) => sender.sender(tx, biz))).toEqual({ from: FROM, replyTo: "team@harbor.test" });
    const e = email({
      to: ["Ann Lee <ann@customer.test>", "bob@customer.test"],
      cc: ['"Café Olé" <cafe@customer.test>'],
      replyTo: "team@harbor.test",
      subject: "Your order #1042 — shipped ✓",
      inReplyTo: "<req-7@customer.test>",
      references: ["<req-1@customer.test>", "<req-7@customer.test>"],
    });
    const receipt = await send(e);
    expect(receipt).toMatchObject({
      messageId: e.messageId,
      accepted: ["ann@customer.test", "bob@customer.test", "cafe@customer.test"],
      rejected: [],
    });
    expect(receipt.response).toMatch(/^250 /);
    const [m] = await open.waitFor(1);
    expect(m!.messageId).toBe(e.messageId);
    expect(m!.subject).toBe("Your order #1042 — shipped ✓");
    expect(m!.text).toBe(`${e.text}\n`);
    expect(m!.from).toBe(FROM);
    expect(m!.to).toEqual(['"Ann Lee" <ann@customer.test>', "bob@customer.test"]);
    expect(m!.cc).toEqual(['"Café Olé" <cafe@customer.test>']);
    expect(m!.replyTo).toBe("team@harbor.test");
    expect(m!.inReplyTo).toBe("<req-7@customer.test>");
    expect(m!.references).toEqual(["<req-1@customer.test>", "<req-7@customer.test>"]);
    expect(m!.envelope).toEqual({
      from: "hello@harbor.test",
      to: ["ann@customer.test", "bob@customer.test", "cafe@customer.test"],
    });
    expect(m!.raw).toMatch(new RegExp(`^Message-ID: ${e.messageId}\\r$`, "m"));
  });

  it("the preview is what the recipient receives", async () => {
    await configure({ port: open.port });
    const before = open.messages.length;
    const e = email({
      to: ["Ann Lee <ann@customer.test>", "bob@customer.test"],
      cc: ["Zoë <zoe@customer.test>"],
      replyTo: "Team <team@harbor.test>",
      subject: "Re: Invoice INV-0042\n(second line)",
      text: "Line one\r\nLine two\n\nÜnïcödé ✓ and a long line ".repeat(3).trim(),
    });
    const preview = renderEmailPreview(e);
    await send(e);
    const m = (await open.waitFor(before + 1))[before];
    const p = m!.parsed;
    expect(preview.headers).toEqual({
      From: p.from?.text,
      To: [p.to ?? []].flat()[0]?.text,
      Cc: [p.cc ?? []].flat()[0]?.text,
      "Reply-To": p.replyTo?.text,
      Subject: p.subject,
      "Message-ID": p.messageId,
    });
    expect(`${preview.text}\n`).toBe(m!.text);
    expect(preview.rendered).toBe(
      [
        'From: "Harbor & Pine" <hello@harbor.test>',
        'To: "Ann Lee" <ann@customer.test>, bob@customer.test',
        'Cc: "Zoë" <zoe@customer.test>',
        'Reply-To: "Team" <team@harbor.test>',
        "Subject: Re: Invoice INV-0042 (second line)",
        `Message-ID: ${e.messageId}`,
        "",
        preview.text,
      ].join("\n"),
    );
  });

  it("one rejected recipient of several: sent, and the receipt says who was rejected", async () => {
    await configure({ port: open.port });
    open.failWith = { at: "rcpt", code: 550, recipients: ["bob@customer.test"] };
    const receipt = await send(email({ to: ["ann@customer.test", "bob@customer.test"] }));
    expect(receipt.accepted).toEqual(["ann@customer.test"]);
    expect(receipt.rejected).toEqual(["bob@customer.test"]);
  });

  it("every recipient rejected with 5xx: MailError, not retryable, naming host:port and the reply", async () => {
    await configure({ port: open.port });
    open.failWith = { at: "rcpt", code: 550, message: "5.1.1 No such user" };
    const err = await failure(send(email({ to: ["ann@customer.test", "bob@customer.test"] })));
    expect(err.retryable).toBe(false);
    expect(err.code).toBe("EENVELOPE");
    expect(err.responseCode).toBe(550);
    expect(err.message).toContain(`127.0.0.1:${open.port}`);
    expect(err.message).toMatch(/rejected every recipient.*ann@customer\.test: 550 5\.1\.1 No such user/);
  });

  it("4xx replies are retryable; a refused message (554) is not", async () => {
    await configure({ port: open.port });
    open.failWith = { at: "rcpt", code: 451, message: "4.7.1 Try again later" };
    let err = await failure(send(email()));
    expect(err).toMatchObject({ retryable: true, responseCode: 451 });
    open.failWith = { at: "mail", code: 421, message: "4.3.2 Busy" };
    err = await failure(send(email()));
    expect(err).toMatchObject({ retryable: true, responseCode: 421 });
    open.failWith = { at: "data", code: 554, message: "5.7.1 Spam detected" };
    err = await failure(send(email()));
    expect(err).toMatchObject({ retryable: false, responseCode: 554, code: "EMESSAGE" });
    expect(err.message).toMatch(/refused the message \(554 5\.7\.1 Spam detected\)/);
  });

  it("a server that requires a login: the right password delivers, a wrong one is a clear permanent error", async () => {
    await configure({ port: authed.port, user: "hello@harbor.test" }, "right-password");
    await send(email({ subject: "authenticated" }));
    const [m] = await authed.waitFor(1);
    expect(m!.user).toBe("hello@harbor.test");
    expect(m!.subject).toBe("authenticated");

    await configure({ port: authed.port, user: "hello@harbor.test" }, "wrong-password");
    const err = await failure(send(email()));
    expect(err.code).toBe("EAUTH");
    expect(err.retryable).toBe(false);
    expect(err.responseCode).toBe(535);
    expect(err.message).toContain(`127.0.0.1:${authed.port}`);
    expect(err.message).toMatch(
      /refused the login for "hello@harbor\.test" \(535 .*\)\. Check the user and password/,
    );
    expect(err.message).not.toContain("wrong-password");
    expect(authed.failedLogins).toBeGreaterThan(0);

    await configure({ port: authed.port });
    const noLogin = await failure(send(email()));
    expect(noLogin.retryable).toBe(false);
    expect(noLogin.message).toMatch(/requires a login \(530/);
    expect(authed.messages).toHaveLength(1);
  });

  it("settings changes take effect at once (the cached transport is replaced)", async () => {
    await configure({ port: open.port });
    const before = open.messages.length;
    await send(email({ subject: "to the open sink" }));
    expect(open.messages).toHaveLength(before + 1);
    const second = await startSmtpSink();
    extraSinks.push(second);
    await configure({ port: second.port });
    await send(email({ subject: "to the second sink" }));
    expect((await second.waitFor(1))[0]!.subject).toBe("to the second sink");
    expect(open.messages).toHaveLength(before + 1);
  });

  it("connection refused: a retryable MailError naming host:port", async () => {
    const port = await closedPort();
    await configure({ port });
    const err = await failure(send(email()));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(
      new RegExp(`through 127\\.0\\.0\\.1:${port} failed: the connection was refused`),
    );
  });

  it("a server that never greets: a retryable timeout", async () => {
    const conns: net.Socket[] = [];
    const silent = net.createServer((c) => conns.push(c));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await configure({ port });
      const quick = createSmtpSender({ key, timeoutMs: 300 });
      const err = await failure(inBiz((tx) => quick.send(tx, biz, email())));
      quick.close();
      expect(err).toMatchObject({ retryable: true, code: "ETIMEDOUT" });
      expect(err.message).toMatch(/timed out/);
    } finally {
      for (const c of conns) c.destroy();
      silent.close();
    }
  });

  it("TLS on a plain port: a permanent error that points at --secure", async () => {
    await configure({ port: open.port, secure: true });
    const err = await failure(send(email()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/TLS handshake failed.*--secure/);
  });

  it("refuses a From other than the business's sender, and malformed messages", async () => {
    await configure({ port: open.port });
    const err = await failure(send(email({ from: "ceo@elsewhere.test" })));
    expect(err).toMatchObject({ code: "EFROM", retryable: false });
    await expect(send(email({ to: ["not an address"] }))).rejects.toThrow(InputError);
    await expect(send(email({ to: ["not an address"] }))).rejects.toThrow(
      /to\[0\]: must be one email address/,
    );
    await expect(send(email({ messageId: "no id" }))).rejects.toThrow(/messageId: must be a message id/);
  });

  it("decrypting with another key is a clear permanent MailError", async () => {
    await configure({ port: open.port }, "some-password");
    const other = createSmtpSender({ key: randomBytes(32) });
    const err = await failure(inBiz((tx) => other.send(tx, biz, email())));
    other.close();
    expect(err).toMatchObject({ code: "ESECRET", retryable: false });
    expect(err.message).toMatch(/secret key changed\?/);
  });
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
