/**
 * Sending an email from the business's own mailbox (SMTP settings per business). Asked by the AI it is always an
 * approved action: the preview is the message exactly as it will go out — sender, recipients, subject, body and
 * Message-ID — and the run sends that message and logs it as an outbound activity on the related record.
 */
import { z } from "zod";
import { idPrefix, isId, newId } from "../db/ids.js";
import { activities } from "../db/schema/sales.js";
import { defineTool, type OutgoingEmail, type SendReceipt, type ToolContext, withRefs } from "./define.js";
import { ToolEffectError, ToolInputError } from "./errors.js";
import { resolveRefs } from "./records.js";

/** Records an email can be logged against, by id prefix → activities column. */
const LOGGED_ON = { ctc: "contactId", cus: "customerId", lea: "leadId", dea: "dealId" } as const;

const input = z.strictObject({
  to: z.array(z.email()).min(1).max(20).describe("recipient addresses"),
  cc: z.array(z.email()).max(20).default([]).describe("copy addresses"),
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000).describe("plain-text body, ending with a signature"),
  related_id: z
    .string()
    .refine(
      (v) => isId(v) && (idPrefix(v) ?? "") in LOGGED_ON,
      "must be a contact, customer, lead or deal id",
    )
    .optional()
    .describe("contact, customer, lead or deal the email is about; it is logged there"),
  in_reply_to: z.string().max(300).optional().describe("Message-ID this replies to, when answering an email"),
});
type Input = z.output<typeof input>;

export const emailSendTool = defineTool({
  name: "email_send",
  module: "sales",
  title: "Send an email",
  description:
    "Send an email from the business's mailbox (to customers, contacts, leads, suppliers). Write the full text first; the user approves the exact message before it goes out.",
  input,
  output: withRefs({
    messageId: z.string(),
    accepted: z.array(z.string()),
    rejected: z.array(z.string()),
  }),
  access: "external",
  async preview(ctx, args: Input) {
    const email = await compose(ctx, args);
    return {
      summary: `Email ${email.to.join(", ")}: ${email.subject}`,
      preview: { email },
      pinned: { messageId: email.messageId, from: email.from, replyTo: email.replyTo },
    };
  },
  async run(ctx, args: Input) {
    const email = await compose(ctx, args);
    const receipt = await sendOrExplain(ctx, email);
    const refs = args.related_id ? await resolveRefs(ctx.db, [args.related_id]) : [];
    const activityId = await logSent(
      ctx,
      email,
      args.related_id
        ? { [LOGGED_ON[idPrefix(args.related_id) as keyof typeof LOGGED_ON]]: args.related_id }
        : {},
    );
    return {
      messageId: receipt.messageId,
      accepted: receipt.accepted,
      rejected: receipt.rejected,
      refs: [{ type: "activity", id: activityId, label: `Email: ${email.subject}` }, ...refs],
    };
  },
});

/** Logs a sent email as an outbound activity on the records it is about; returns the activity's id. */
export async function logSent(
  ctx: ToolContext,
  email: OutgoingEmail,
  about: Partial<Record<(typeof LOGGED_ON)[keyof typeof LOGGED_ON], string>>,
): Promise<string> {
  const id = newId("acv");
  await ctx.db.insert(activities).values({
    id,
    businessId: ctx.business.id,
    source: "email",
    externalId: email.messageId,
    kind: "email",
    direction: "outbound",
    subject: email.subject,
    body: email.text,
    occurredAt: ctx.now,
    userId: ctx.user.id,
    ...about,
  });
  return id;
}

/** Sends, turning the mail server's refusal into a message the approver can act on. */
export async function sendOrExplain(ctx: ToolContext, email: OutgoingEmail): Promise<SendReceipt> {
  const mail = ctx.effects?.mail;
  if (!mail) throw new ToolEffectError("Email sending is not available in this process.");
  try {
    return await mail.send(ctx.db, ctx.business.id, email);
  } catch (err) {
    throw new ToolEffectError(`The email was not sent: ${(err as Error).message}`);
  }
}

/**
 * Sender and Message-ID of an email a tool sends: those pinned in the approved preview when running an action,
 * otherwise the business's configured sender and a new id. `otherwise` says how to proceed without email.
 */
export async function envelope(
  ctx: ToolContext,
  otherwise = "",
): Promise<Pick<OutgoingEmail, "from" | "replyTo" | "messageId">> {
  const pinned = ctx.pinned as { messageId?: string; from?: string; replyTo?: string } | undefined;
  let from = pinned?.from;
  let replyTo = pinned?.replyTo;
  if (!from) {
    const sender = await ctx.effects?.mail?.sender(ctx.db, ctx.business.id);
    if (!sender) {
      throw new ToolInputError("Email is not set up for this business, or it is switched off.", [
        `An owner can add the mailbox's SMTP settings, or switch them back on, under Integrations in the admin UI (or with \`omni smtp set\`)${otherwise}.`,
      ]);
    }
    from = sender.from;
    replyTo = sender.replyTo;
  }
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "omni.invalid";
  return {
    from,
    ...(replyTo ? { replyTo } : {}),
    messageId: pinned?.messageId ?? `<${newId("eml").toLowerCase()}@${domain}>`,
  };
}

/** The message as it goes out; an approved run reuses the sender and Message-ID fixed in its preview. */
async function compose(ctx: ToolContext, args: Input): Promise<OutgoingEmail> {
  const head = await envelope(ctx);
  if (args.related_id && (await resolveRefs(ctx.db, [args.related_id])).length === 0)
    throw new ToolInputError("Unknown related record", [
      `related_id: no record ${args.related_id} in this business`,
    ]);
  return {
    ...head,
    to: args.to,
    cc: args.cc,
    subject: args.subject,
    text: args.body,
    ...(args.in_reply_to ? { inReplyTo: args.in_reply_to, references: [args.in_reply_to] } : {}),
  };
}
