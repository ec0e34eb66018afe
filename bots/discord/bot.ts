/**
 * The Discord bot's handlers, shared by the HTTP interactions endpoint and the gateway client: an interaction
 * payload gets its immediate response (PONG, autocomplete choices, or a deferral well within Discord's 3
 * seconds) and the work follows, editing the deferred response and posting follow-ups through the REST API;
 * @mentions and DMs go through the same answers and approval cards.
 */
import {
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type REST,
  Routes,
} from "discord.js";
import { ConflictError, NotFoundError } from "../../db/errors.js";
import { redeemLinkCode, resolveChatUser, useBusiness } from "../../db/queries/chat.js";
import { listActions } from "../../tools/actions/index.js";
import {
  type AnswerDeps,
  ask,
  brief,
  inputChoices,
  nextTurn,
  runTool,
  search,
  toolChoices,
} from "./answers.js";
import { type Approvals, createApprovals } from "./approvals.js";
import { accountOf, identify, type Who } from "./identity.js";
import { noticeMessage, type OutMessage, parseDecisionId } from "./render.js";
import { channelReplier, followUpReplier, interactionReplier, type Replier } from "./reply.js";

export interface DiscordBotDeps extends AnswerDeps {
  /** discord.js REST client (its `api` option can point at a fake); carries the bot token when there is one. */
  rest: REST;
  applicationId: string;
  /** True when `rest` has the bot token: needed to answer mentions and DMs and to edit cards after 15 minutes. */
  hasBotToken?: boolean;
  /** The action worker: woken when an action is approved. */
  worker?: { wake(): void };
  /**
   * How many interactions are worked on at once (default 4). Embedded PGlite runs queries on this thread without
   * yielding to I/O, so `omni start` uses 1 there: work then runs one slice per event-loop turn and new
   * interactions are still deferred at once.
   */
  workConcurrency?: number;
}

/** A message from the gateway (or a test), reduced to what the handlers need. */
export interface DiscordMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  authorIsBot: boolean;
  content: string;
  /** The bot user was @mentioned (roles and @everyone do not count). */
  mentionsBot: boolean;
}

export interface DiscordBot {
  /**
   * Handles one interaction: returns the immediate response and runs the follow-up work in the background.
   * With `respond` (gateway), the response is sent through it and the work waits until it was accepted.
   */
  interact(
    interaction: APIInteraction,
    respond?: (response: APIInteractionResponse) => Promise<unknown>,
  ): Promise<APIInteractionResponse>;
  /** A mention or DM: answered in the channel, with approval cards for anything the agent proposed. */
  message(message: DiscordMessage): Promise<void>;
  /** Resolves once no background work is left (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Commands answered privately (only the person who ran them sees the reply). */
const PRIVATE = new Set(["link", "approvals"]);
const MAX_CARDS = 10;
const HELP =
  "Ask me about the business in plain words, e.g. *what should I focus on today?* Commands: `/ask`, `/brief`, `/search`, `/approvals`, `/omni tool input`, `/link code`.";
const FAILED = "Something went wrong on our side; the error was logged. Try again in a moment.";

type Work = () => Promise<void>;

export function createDiscordBot(deps: DiscordBotDeps): DiscordBot {
  const { db, rest, logger } = deps;
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => {});
  };
  const approvals: Approvals = createApprovals(deps, track);

  // Work waits its turn in a queue and starts on a fresh event-loop turn, after pending I/O (new requests,
  // responses) has been handled: deferring never waits behind more than one slice of work.
  const limit = Math.max(1, deps.workConcurrency ?? 4);
  const queue: Array<() => void> = [];
  let running = 0;
  function pump() {
    while (running < limit && queue.length) {
      running++;
      queue.shift()!();
    }
  }
  function enqueue(work: Work): Promise<void> {
    const done = new Promise<void>((resolve) => {
      queue.push(() => {
        void nextTurn()
          .then(work)
          .catch((err: unknown) => logger?.error({ err }, "discord: work failed"))
          .finally(() => {
            running--;
            resolve();
            pump();
          });
      });
    });
    pump();
    track(done);
    return done;
  }

  async function sendAll(replier: Replier, messages: OutMessage[]) {
    for (const m of messages) await replier.send(m);
  }

  /** The answer, then one card per proposal. */
  async function answer(who: Who, replier: Replier, surfaceKey: string, text: string) {
    const a = await ask(deps, who, { surfaceKey }, text);
    await sendAll(replier, a.messages);
    for (const card of a.proposals) await approvals.post(who, card, replier);
  }

  async function link(
    guildId: string | null | undefined,
    discordUserId: string,
    code: string,
  ): Promise<string> {
    const account = await accountOf(db, { guildId, discordUserId });
    if (!account) return "Run `/link <code>` in a channel of the server, not in a DM.";
    try {
      await redeemLinkCode(db, account, code);
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof ConflictError) return err.message;
      throw err;
    }
    const u = await resolveChatUser(db, account);
    return u.ok
      ? `Linked: you are ${u.userName} in ${u.businessName} (${u.role}). Try \`/brief\` or \`/ask\`.`
      : u.message;
  }

  /** `use <business>`: which of the server's businesses this account talks to. */
  async function use(
    guildId: string | null | undefined,
    discordUserId: string,
    ref: string,
  ): Promise<string> {
    const account = await accountOf(db, { guildId, discordUserId });
    if (!account) return "Say `use <business>` in a channel of the server.";
    try {
      const picked = await useBusiness(db, account, ref);
      return `Now answering for ${picked.name}.`;
    } catch (err) {
      if (err instanceof NotFoundError) return err.message;
      throw err;
    }
  }

  async function approvalsList(who: Who, replier: Replier) {
    const cards = await listActions(db, {
      businessId: who.businessId,
      userId: who.userId,
      limit: MAX_CARDS + 1,
      ...(deps.appRole ? { appRole: deps.appRole } : {}),
    });
    if (!cards.length) {
      await replier.send(noticeMessage(`No actions are waiting for approval in ${who.business.name}.`));
      return;
    }
    const more = cards.length > MAX_CARDS ? ` (showing the newest ${MAX_CARDS}; the app lists all)` : "";
    await replier.send(noticeMessage(`Waiting for approval in ${who.business.name}${more}:`));
    for (const card of cards.slice(0, MAX_CARDS)) {
      const { canDecide: _canDecide, ...plain } = card;
      await approvals.post(who, plain, {
        ...replier,
        send: (m) => replier.send({ ...m, flags: MessageFlags.Ephemeral }),
      });
    }
  }

  async function command(i: APIChatInputApplicationCommandInteraction): Promise<void> {
    const channelId = i.channel?.id ?? i.channel_id ?? "";
    const discordUserId = i.member?.user.id ?? i.user?.id ?? "";
    const replier = interactionReplier(rest, deps.applicationId, i.token, channelId);
    const opt = (name: string) => optionValue(i.data.options, name);
    try {
      if (i.data.name === "link") {
        await replier.send(noticeMessage(await link(i.guild_id, discordUserId, opt("code") ?? "")));
        return;
      }
      const id = await identify(db, { guildId: i.guild_id, discordUserId });
      if (!id.ok) {
        await replier.send(noticeMessage(id.message));
        return;
      }
      const who = id.who;
      switch (i.data.name) {
        case "ask":
          return await answer(who, replier, `${channelId}:${discordUserId}`, opt("question") ?? "");
        case "brief":
          return await sendAll(replier, await brief(deps, who));
        case "search":
          return await sendAll(replier, await search(deps, who, opt("query") ?? ""));
        case "omni":
          return await sendAll(replier, await runTool(deps, who, opt("tool") ?? "", opt("input") ?? ""));
        case "approvals":
          return await approvalsList(who, replier);
        default:
          await replier.send(noticeMessage(`I don't know /${i.data.name}. ${HELP}`));
      }
    } catch (err) {
      logger?.error({ err, command: i.data.name }, "discord: command failed");
      await replier.send(noticeMessage(FAILED)).catch(() => {});
    }
  }

  /** A button: the deferred update's @original is the card itself; notices go out as private follow-ups. */
  async function click(i: APIMessageComponentInteraction): Promise<void> {
    const parsed = parseDecisionId(i.data.custom_id);
    if (!parsed) return;
    const channelId = i.channel?.id ?? i.message.channel_id;
    const followUps = followUpReplier(rest, deps.applicationId, i.token, channelId);
    try {
      const id = await identify(db, {
        guildId: i.guild_id,
        discordUserId: i.member?.user.id ?? i.user?.id ?? "",
      });
      if (!id.ok) {
        await followUps.send(noticeMessage(id.message, MessageFlags.Ephemeral));
        return;
      }
      await approvals.click(
        id.who,
        { ...parsed, channelId, messageId: i.message.id, token: i.token },
        followUps,
      );
    } catch (err) {
      logger?.error({ err, customId: i.data.custom_id }, "discord: button failed");
    }
  }

  async function autocomplete(i: APIInteraction): Promise<APIInteractionResponse> {
    const none: APIInteractionResponse = {
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] },
    };
    if (i.type !== InteractionType.ApplicationCommandAutocomplete || i.data.name !== "omni") return none;
    const options = i.data.options ?? [];
    const focused = options.find((o) => "focused" in o && o.focused);
    if (!focused || !("value" in focused)) return none;
    const id = await identify(db, {
      guildId: i.guild_id,
      discordUserId: i.member?.user.id ?? i.user?.id ?? "",
    });
    if (!id.ok) return none;
    const typed = String(focused.value);
    const choices =
      focused.name === "tool"
        ? toolChoices(deps.registry, id.who.role, typed)
        : await inputChoices(deps, id.who, optionValue(options, "tool"), typed);
    return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } };
  }

  async function route(i: APIInteraction): Promise<{ response: APIInteractionResponse; work?: Work }> {
    switch (i.type) {
      case InteractionType.Ping:
        return { response: { type: InteractionResponseType.Pong } };
      case InteractionType.ApplicationCommandAutocomplete:
        return {
          response: await autocomplete(i).catch((err: unknown) => {
            logger?.warn({ err }, "discord: autocomplete failed");
            return {
              type: InteractionResponseType.ApplicationCommandAutocompleteResult,
              data: { choices: [] },
            };
          }),
        };
      case InteractionType.ApplicationCommand:
        if (i.data.type !== ApplicationCommandType.ChatInput) break;
        return {
          response: {
            type: InteractionResponseType.DeferredChannelMessageWithSource,
            ...(PRIVATE.has(i.data.name) ? { data: { flags: MessageFlags.Ephemeral } } : {}),
          },
          work: () => command(i as APIChatInputApplicationCommandInteraction),
        };
      case InteractionType.MessageComponent:
        return {
          response: { type: InteractionResponseType.DeferredMessageUpdate },
          ...(parseDecisionId(i.data.custom_id) ? { work: () => click(i) } : {}),
        };
    }
    return {
      response: {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content: "This kind of interaction is not supported.", flags: MessageFlags.Ephemeral },
      },
    };
  }

  return {
    async interact(i, respond) {
      const { response, work } = await route(i);
      if (!work) {
        if (respond) await respond(response);
        return response;
      }
      // Over HTTP the response goes out when this returns; the work is queued to start on a later turn.
      if (!respond) void enqueue(work);
      else
        track(
          Promise.resolve(respond(response))
            .then(() => enqueue(work))
            .catch((err: unknown) => logger?.error({ err }, "discord: could not answer an interaction")),
        );
      return response;
    },

    async message(m) {
      if (m.authorIsBot || (m.guildId && !m.mentionsBot)) return;
      if (!deps.hasBotToken) {
        logger?.warn("discord: a mention or DM arrived but no bot token is configured to answer it");
        return;
      }
      await enqueue(async () => {
        const replier = channelReplier(rest, m.channelId, m.id);
        const text = m.content
          .replace(/<@!?\d+>/g, " ")
          .replace(/\s+/g, " ")
          .trim();
        try {
          const code = /^link\s+(\S+)$/i.exec(text)?.[1];
          if (code) return void (await replier.send(noticeMessage(await link(m.guildId, m.authorId, code))));
          const pick = /^use\s+(.+)$/i.exec(text)?.[1];
          if (pick) return void (await replier.send(noticeMessage(await use(m.guildId, m.authorId, pick))));
          const id = await identify(db, { guildId: m.guildId, discordUserId: m.authorId });
          if (!id.ok) return void (await replier.send(noticeMessage(id.message)));
          if (!text) return void (await replier.send(noticeMessage(HELP)));
          await rest.post(Routes.channelTyping(m.channelId)).catch(() => {});
          await answer(id.who, replier, `${m.channelId}:${m.authorId}`, text);
        } catch (err) {
          logger?.error({ err }, "discord: message failed");
          await replier.send(noticeMessage(FAILED)).catch(() => {});
        }
      });
    },

    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },

    async close() {
      approvals.close();
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}

function optionValue(
  options: APIApplicationCommandInteractionDataOption[] | undefined,
  name: string,
): string | undefined {
  const o = options?.find((x) => x.name === name);
  return o && "value" in o && o.value !== undefined ? String(o.value) : undefined;
}
