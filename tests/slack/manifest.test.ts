/** The committed app manifest asks for what the app handles: its command, shortcuts, events and scopes. */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ASK_SHORTCUT, SUGGESTED_PROMPTS, TASK_SHORTCUT } from "../../bots/slack/messages.js";

const manifest = fs.readFileSync(new URL("../../docs/slack-app-manifest.yml", import.meta.url), "utf8");
const listed = (key: string) => {
  const block = new RegExp(`\\n(\\s*)${key}:\\n((?:\\1\\s+- .*\\n)+)`).exec(manifest);
  return (block?.[2] ?? "").split("\n").flatMap((l) => /- ([\w.:]+)/.exec(l)?.[1] ?? []);
};

describe("docs/slack-app-manifest.yml", () => {
  it("declares the slash command, both message shortcuts and the assistant prompts the app uses", () => {
    expect(manifest).toMatch(/- command: \/omni\n/);
    expect(manifest).toContain(`callback_id: ${TASK_SHORTCUT}`);
    expect(manifest).toContain(`callback_id: ${ASK_SHORTCUT}`);
    for (const p of SUGGESTED_PROMPTS) expect(manifest).toContain(`message: ${p.message}`);
  });

  it("subscribes to the events the listeners handle and asks for the scopes they need", () => {
    expect(listed("bot_events")).toEqual(
      expect.arrayContaining(["app_mention", "message.im", "assistant_thread_started"]),
    );
    expect(listed("bot")).toEqual(
      expect.arrayContaining([
        "app_mentions:read",
        "assistant:write",
        "chat:write",
        "commands",
        "im:history",
        "users:read.email",
      ]),
    );
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
  });
});
