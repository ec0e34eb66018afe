import { describe, expect, it } from "vitest";
import { InputError } from "../../db/errors.js";
import { startSmtpSink } from "../../tests/fakes/smtp-sink.js";
import {
  newMessageId,
  type OutgoingEmail,
  renderEmailPreview,
  smtpTransportOptions,
  verifySmtp,
} from "./smtp-sender.js";
import type { SmtpConfig } from "./smtp-settings.js";

const base: OutgoingEmail = {
  from: "Harbor & Pine <hello@harbor.test>",
  to: ["ann@customer.test"],
  cc: [],
  subject: "Hello",
  text: "Hi Ann",
  messageId: "<m1@harbor.test>",
};

describe("renderEmailPreview", () => {
  it("shows the headers the recipient sees, in order, then the body", () => {
    const p = renderEmailPreview({
      ...base,
      to: ["Ann Lee <ann@customer.test>", "bob@customer.test"],
      cc: ['"Lee, Ann (home)" <ann@home.test>'],
      replyTo: "team@harbor.test",
      subject: "  Re: order\r\n  #42 ",
      text: "Line 1\r\nLine 2\rLine 3",
      messageId: "m1@harbor.test",
      inReplyTo: "<q@customer.test>",
      references: ["p@customer.test", "<q@customer.test>"],
    });
    expect(p.headers).toEqual({
      From: '"Harbor & Pine" <hello@harbor.test>',
      To: '"Ann Lee" <ann@customer.test>, bob@customer.test',
      Cc: '"Lee, Ann (home)" <ann@home.test>',
      "Reply-To": "team@harbor.test",
      Subject: "Re: order #42",
      "Message-ID": "<m1@harbor.test>",
      "In-Reply-To": "<q@customer.test>",
      References: "<p@customer.test> <q@customer.test>",
    });
    expect(Object.keys(p.headers)).toEqual([
      "From",
      "To",
      "Cc",
      "Reply-To",
      "Subject",
      "Message-ID",
      "In-Reply-To",
      "References",
    ]);
    expect(p.text).toBe("Line 1\nLine 2\nLine 3");
    expect(p.rendered.split("\n\n")[0]!.split("\n")).toHaveLength(8);
    expect(p.rendered.endsWith("\n\nLine 1\nLine 2\nLine 3")).toBe(true);
  });

  it("leaves out empty optional headers", () => {
    expect(renderEmailPreview(base).headers).toEqual({
      From: '"Harbor & Pine" <hello@harbor.test>',
      To: "ann@customer.test",
      Subject: "Hello",
      "Message-ID": "<m1@harbor.test>",
    });
  });

  it("refuses a malformed message, naming every bad field", () => {
    let err: unknown;
    try {
      renderEmailPreview({
        ...base,
        from: "nobody",
        to: ["ok@customer.test", "two@a.test, three@b.test"],
        cc: ["Team: a@b.test;"],
        replyTo: "x\r\nBcc: evil@x.test",
        messageId: "has space@x",
        references: ["<fine@x.test>", "<bad>"],
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues.map((i) => i.field)).toEqual([
      "from",
      "to[1]",
      "cc[0]",
      "replyTo",
      "messageId",
      "references[1]",
    ]);
    expect(() => renderEmailPreview({ ...base, to: [] })).toThrow(/to: needs at least one recipient/);
  });
});

describe("newMessageId", () => {
  it("is unique and on the sender's domain", () => {
    const a = newMessageId('"Harbor & Pine" <hello@harbor.test>');
    expect(a).toMatch(/^<eml_[0-9A-Z]{26}@harbor\.test>$/);
    expect(newMessageId("hello@harbor.test")).not.toBe(a);
    expect(renderEmailPreview({ ...base, messageId: a }).headers["Message-ID"]).toBe(a);
  });
});

describe("smtpTransportOptions", () => {
  const cfg = (s: Partial<SmtpConfig["settings"]>, password?: string): SmtpConfig => ({
    integrationId: "int_x",
    updatedAt: new Date(),
    password,
    settings: { host: "smtp.harbor.test", port: 587, secure: false, from: "hello@harbor.test", ...s },
  });

  it("never sends a password to a remote server unencrypted: STARTTLS is required", () => {
    const o = smtpTransportOptions(cfg({ user: "hello@harbor.test" }, "pw"));
    expect(o).toMatchObject({ host: "smtp.harbor.test", port: 587, secure: false, requireTLS: true });
    expect(o.auth).toEqual({ user: "hello@harbor.test", pass: "pw" });
    expect(smtpTransportOptions(cfg({ user: "u", port: 465, secure: true })).requireTLS).toBe(false);
    expect(smtpTransportOptions(cfg({ user: "u", host: "127.0.0.1" })).requireTLS).toBe(false);
    expect(smtpTransportOptions(cfg({})).requireTLS).toBe(false);
    expect(smtpTransportOptions(cfg({})).auth).toBeUndefined();
  });

  it("has timeouts", () => {
    const o = smtpTransportOptions(cfg({}), 15_000);
    expect(o).toMatchObject({ connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 15_000 });
  });
});

describe("verifySmtp (the SMTP connector's connection test)", () => {
  it("connects and logs in against a real SMTP server, sending nothing; a wrong password says so", async () => {
    const sink = await startSmtpSink({ auth: { user: "mailer", pass: "right-pass" } });
    try {
      const settings = { host: sink.host, port: sink.port, secure: false, user: "mailer", from: "a@b.test" };
      await expect(verifySmtp({ settings, password: "right-pass" }, 5_000)).resolves.toBe(
        `Connected to ${sink.host}:${sink.port} (STARTTLS when the server offers it) and logged in as mailer.`,
      );
      await expect(verifySmtp({ settings, password: "wrong" }, 5_000)).rejects.toThrow(
        /^Connecting to 127\.0\.0\.1:\d+ failed: the server refused the login for "mailer"/,
      );
      expect(sink.messages).toHaveLength(0);
      await sink.close();
      await expect(verifySmtp({ settings, password: "right-pass" }, 2_000)).rejects.toThrow(
        /failed: the connection was refused/,
      );
    } finally {
      await sink.close().catch(() => {});
    }
  });
});
