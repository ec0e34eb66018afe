/**
 * POST /discord/interactions: Discord's HTTP interactions endpoint. Every request is checked against the
 * application's Ed25519 key before anything else (Discord itself probes with bad signatures and expects 401);
 * the bot's shared handlers answer, so slash commands and buttons work without a gateway connection.
 */
import type { APIInteraction } from "discord.js";
import type { DiscordBot } from "./bot.js";
import { discordPublicKey, verifyDiscordRequest } from "./verify.js";

export interface DiscordInteractions {
  handle(request: Request): Promise<Response>;
}

export function createDiscordInteractions(bot: DiscordBot, publicKeyHex: string): DiscordInteractions {
  const key = discordPublicKey(publicKeyHex);
  return {
    async handle(request) {
      const body = await request.text();
      const ok = verifyDiscordRequest(
        key,
        request.headers.get("x-signature-ed25519"),
        request.headers.get("x-signature-timestamp"),
        body,
      );
      if (!ok) return Response.json({ error: "invalid request signature" }, { status: 401 });
      let interaction: APIInteraction;
      try {
        interaction = JSON.parse(body) as APIInteraction;
      } catch {
        return Response.json({ error: "the body is not JSON" }, { status: 400 });
      }
      return Response.json(await bot.interact(interaction));
    },
  };
}
