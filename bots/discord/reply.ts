/**
 * Where the bot's messages go. An interaction's first message replaces its deferred response (@original) and
 * the rest are follow-ups on its webhook (no bot token needed, for 15 minutes); a mention or DM is answered with
 * channel messages (bot token), the first as a reply to the person's message.
 */
import { type APIMessage, type REST, Routes } from "discord.js";
import type { OutMessage } from "./render.js";

export interface Replier {
  channelId: string;
  /** Sends one message; `threadKey` says how to edit it later through the interaction token (null: bot only). */
  send(message: OutMessage): Promise<{ message: APIMessage; threadKey: string | null }>;
}

const WAIT = () => new URLSearchParams({ wait: "true" });

async function followUp(rest: REST, applicationId: string, token: string, body: OutMessage) {
  return (await rest.post(Routes.webhook(applicationId, token), {
    body,
    auth: false,
    query: WAIT(),
  })) as APIMessage;
}

/** Edits @original first, then posts follow-ups; edit keys are `<message id or @original> <token>`. */
export function interactionReplier(
  rest: REST,
  applicationId: string,
  token: string,
  channelId: string,
): Replier {
  let first = true;
  return {
    channelId,
    async send(body) {
      if (first) {
        first = false;
        const message = (await rest.patch(Routes.webhookMessage(applicationId, token), {
          body,
          auth: false,
        })) as APIMessage;
        return { message, threadKey: `@original ${token}` };
      }
      const message = await followUp(rest, applicationId, token, body);
      return { message, threadKey: `${message.id} ${token}` };
    },
  };
}

/** Follow-ups only: after a button's deferred update, @original is the card itself and must stay. */
export function followUpReplier(
  rest: REST,
  applicationId: string,
  token: string,
  channelId: string,
): Replier {
  return {
    channelId,
    async send(body) {
      return { message: await followUp(rest, applicationId, token, body), threadKey: null };
    },
  };
}

/** Channel messages with the bot token; the first replies to `replyTo`. */
export function channelReplier(rest: REST, channelId: string, replyTo: string): Replier {
  let first = true;
  return {
    channelId,
    async send(body) {
      const reference = first
        ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } }
        : {};
      first = false;
      const message = (await rest.post(Routes.channelMessages(channelId), {
        body: { ...body, ...reference },
      })) as APIMessage;
      return { message, threadKey: null };
    },
  };
}
