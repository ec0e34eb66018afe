/**
 * Approval buttons on Discord: an action the agent proposes is posted as a card with Approve / Reject; a click by
 * a role that may not decide is refused privately and changes nothing; the right role's clicks (even two at once)
 * decide once and the action runs once; the card's components are updated with who decided and the outcome,
 * also when the decision is made elsewhere, with the bot token once the interaction token no longer works.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDecisionId } from "../../bots/discord/render.js";
import { chatPosts } from "../../db/schema/chat.js";
import { decideAction } from "../../tools/actions/index.js";
import type { DiscordCall } from "../fakes/discord.js";
import { APP_ID, button, CHANNEL, type DiscordHarness, discordHarness, slash } from "./helpers.js";

let d: DiscordHarness;

beforeAll(async () => {
  d = await discordHarness({ model: true });
}, 120_000);
afterAll(() => d.close());

type Body = {
  content?: string;
  flags?: number;
  embeds?: Array<{ title?: string; fields?: Array<{ name: string; value: string }> }>;
  components?: Array<{ components: Array<{ custom_id: string; label: string }> }>;
};
const body = (c: DiscordCall) => c.body as Body;
const status = (c: DiscordCall) => body(c).embeds?.[0]?.fields?.find((f) => f.name === "Status")?.value ?? "";

async function contacts(name: string): Promise<number> {
  const out = await d.h.ok("owner", "contacts_list", { q: name });
  return (out.items as unknown[]).length;
}

/** Has the agent propose creating a contact through /ask; returns the card message and its buttons. */
async function propose(firstName: string) {
  d.anthropic!.script(
    {
      content: [
        {
          type: "tool_use",
          id: `tu_${firstName}`,
          name: "contacts_write",
          input: { method: "create", fields: { firstName } },
        },
      ],
    },
    { content: [{ type: "text", text: `I proposed adding ${firstName}; it waits for approval.` }] },
  );
  const ask = slash("ask", { question: `add ${firstName} as a contact` }, { role: "staff" });
  const res = await d.post(ask);
  expect(await res.json()).toEqual({ type: 5 });
  await d.settle();
  const cards = d.fake
    .find("POST", `/webhooks/${APP_ID}/${ask.token}`)
    .filter((c) => body(c).components?.length);
  expect(cards).toHaveLength(1);
  const card = cards[0]!;
  const [approve, reject] = body(card).components![0]!.components;
  const messageId = (card.response as { id: string }).id;
  return { card, messageId, approve: approve!.custom_id, reject: reject!.custom_id, askToken: ask.token };
}

/** Every edit of this message, through any interaction token or the bot token, in order. */
const editsOfMessage = (messageId: string, tokens: string[]) =>
  d.fake.calls.filter(
    (c) =>
      c.method === "PATCH" &&
      (c.path === `/channels/${CHANNEL}/messages/${messageId}` ||
        tokens.some(
          (t) =>
            c.path === `/webhooks/${APP_ID}/${t}/messages/${messageId}` ||
            c.path === `/webhooks/${APP_ID}/${t}/messages/@original`,
        )),
  );

describe("approval cards", () => {
  it("posts the proposal with the exact preview, who may approve, and buttons carrying the action id", async () => {
    const p = await propose("Cardy");
    const card = body(p.card);
    expect(card.embeds![0]!.title).toMatch(/^Approval needed: /);
    expect(JSON.stringify(card.embeds)).toContain("Cardy");
    expect(card.components![0]!.components.map((b) => b.label)).toEqual(["Approve", "Reject"]);
    const parsed = parseDecisionId(p.approve)!;
    expect(parsed).toMatchObject({ decision: "approve", businessId: d.h.businessId });
    expect(p.approve.length).toBeLessThanOrEqual(100);
    const posts = await d.h.tx((tx) =>
      tx
        .select()
        .from(chatPosts)
        .where(and(eq(chatPosts.actionId, parsed.actionId))),
    );
    expect(posts).toMatchObject([
      { platform: "discord", channelId: CHANNEL, messageId: p.messageId, kind: "action_card" },
    ]);
    expect(await contacts("Cardy")).toBe(0);
  });

  it("a wrong role is refused privately; the right role's double click decides once and runs once", async () => {
    const p = await propose("Doubleclick");
    const { actionId } = parseDecisionId(p.approve)!;

    const wrong = button(p.approve, p.messageId, { role: "accountant" });
    const res = await d.post(wrong);
    expect(await res.json()).toEqual({ type: 6 });
    await d.settle();
    const [refusal] = d.fake.find("POST", `/webhooks/${APP_ID}/${wrong.token}`);
    expect(body(refusal!)).toMatchObject({ flags: 64 });
    expect(body(refusal!).content).toMatch(/Only the owner, manager or staff roles may approve.*accountant/s);
    expect(editsOfMessage(p.messageId, [wrong.token])).toHaveLength(0);
    expect(await contacts("Doubleclick")).toBe(0);

    const clicks = [
      button(p.approve, p.messageId, { role: "owner" }),
      button(p.approve, p.messageId, { role: "owner" }),
    ];
    const answers = await Promise.all(clicks.map((c) => d.post(c)));
    for (const a of answers) expect(await a.json()).toEqual({ type: 6 });
    await d.settle();
    expect(await contacts("Doubleclick")).toBe(1);
    const notices = clicks.flatMap((c) => d.fake.find("POST", `/webhooks/${APP_ID}/${c.token}`));
    expect(notices).toHaveLength(1);
    expect(body(notices[0]!).content).toMatch(/already (approved|executing|succeeded)/);

    const edits = editsOfMessage(p.messageId, [p.askToken, ...clicks.map((c) => c.token)]);
    expect(edits.length).toBeGreaterThan(0);
    const last = edits.at(-1)!;
    expect(body(last).components).toEqual([]);
    expect(status(last)).toMatch(/Approved by owner user .* and done/);

    // A late click on the finished card is idempotent: nothing runs again.
    const late = button(p.approve, p.messageId, { role: "manager" });
    await d.post(late);
    await d.settle();
    expect(await contacts("Doubleclick")).toBe(1);
    expect(body(d.fake.find("POST", `/webhooks/${APP_ID}/${late.token}`)[0]!).content).toMatch(
      /already succeeded/,
    );
    expect(actionId).toMatch(/^act_/);
  });

  it("reject updates the card with who rejected; nothing runs", async () => {
    const p = await propose("Rejecto");
    const click = button(p.reject, p.messageId, { role: "manager" });
    await d.post(click);
    await d.settle();
    const last = editsOfMessage(p.messageId, [p.askToken, click.token]).at(-1)!;
    expect(body(last).components).toEqual([]);
    expect(status(last)).toMatch(/Rejected by manager user/);
    expect(await contacts("Rejecto")).toBe(0);
  });

  it("a decision made elsewhere updates the card; with the bot token once the interaction token fails", async () => {
    const p = await propose("Elsewhere");
    const { actionId } = parseDecisionId(p.approve)!;
    const r = await decideAction(
      d.h.db.db,
      { businessId: d.h.businessId, userId: d.h.users.owner, actionId, decision: "approve" },
      { onApproved: () => d.worker.wake() },
    );
    expect(r.ok).toBe(true);
    await d.settle();
    const viaToken = d.fake
      .find("PATCH", `/webhooks/${APP_ID}/${p.askToken}/messages/${p.messageId}`)
      .at(-1)!;
    expect(status(viaToken)).toMatch(/Approved by owner user .* and done/);
    expect(body(viaToken).components).toEqual([]);

    const q = await propose("Expiredtoken");
    d.fake.fail(new RegExp(`^/webhooks/${APP_ID}/${q.askToken}/`), 404, 5);
    const qa = parseDecisionId(q.reject)!;
    await decideAction(d.h.db.db, {
      businessId: d.h.businessId,
      userId: d.h.users.manager,
      actionId: qa.actionId,
      decision: "reject",
      note: "not needed",
    });
    await d.settle();
    const viaBot = d.fake.find("PATCH", `/channels/${CHANNEL}/messages/${q.messageId}`).at(-1)!;
    expect(viaBot.headers.authorization).toBe("Bot test-bot-token");
    expect(status(viaBot)).toMatch(/Rejected by manager user .*: not needed/);
  });

  it("/approvals lists the waiting actions privately as cards; a click there updates every post of the action", async () => {
    const p = await propose("Listed");
    const list = slash("approvals", {}, { role: "owner" });
    expect(await (await d.post(list)).json()).toEqual({ type: 5, data: { flags: 64 } });
    await d.settle();
    const [header] = d.fake.find("PATCH", `/webhooks/${APP_ID}/${list.token}/messages/@original`);
    expect(body(header!).content).toMatch(/Waiting for approval in Discord Cafe/);
    const cards = d.fake.find("POST", `/webhooks/${APP_ID}/${list.token}`);
    for (const c of cards) expect(body(c).flags).toBe(64);
    const listed = cards.find((c) => JSON.stringify(body(c).embeds).includes("Listed"))!;
    const listedId = (listed.response as { id: string }).id;
    const approve = body(listed).components![0]!.components[0]!.custom_id;
    expect(approve).toBe(p.approve);

    const click = button(approve, listedId, { role: "owner" });
    await d.post(click);
    await d.settle();
    for (const messageId of [p.messageId, listedId]) {
      const last = editsOfMessage(messageId, [p.askToken, list.token, click.token]).at(-1)!;
      expect(status(last), messageId).toMatch(/Approved by owner user .* and done/);
    }
    expect(await contacts("Listed")).toBe(1);
  });
});
