/**
 * Approvals in a Slack thread: the AI proposes (scheduling a social post needs an owner or manager), the card
 * shows the exact preview with Approve / Reject; a Staff click is refused and runs nothing; a Manager click runs
 * it exactly once — also when clicked twice or by two people at once — and the card then shows who decided,
 * when and the outcome; a decision made elsewhere (web, MCP) updates the card too.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardBlockId } from "../../bots/slack/render.js";
import { posts } from "../../db/schema/marketing.js";
import { decideAction } from "../../tools/actions/index.js";
import {
  appMention,
  blockAction,
  CHANNEL,
  newTs,
  SLACK_USERS,
  type SlackHarness,
  shown,
  slackHarness,
  slashCommand,
} from "./helpers.js";

let s: SlackHarness;
let account: string;

beforeAll(async () => {
  s = await slackHarness();
  const out = await s.h.ok("owner", "social_accounts_write", {
    method: "create",
    fields: { platform: "instagram", handle: "slackco", status: "active" },
  });
  account = (out.refs as Array<{ id: string }>)[0]!.id;
});
afterAll(async () => {
  await s.close();
});
beforeEach(async () => {
  await s.bot.idle();
  s.slack.reset();
});

const postCount = async () => (await s.h.tx((tx) => tx.select().from(posts))).length;
const responseUrl = (id: string) => `${s.slack.url}/response/${id}`;

/** Staff asks in a channel; the model proposes a post. Returns the card's message and action id. */
async function propose(body: string, opts: { readFirst?: boolean } = {}) {
  s.model.script(
    ...(opts.readFirst
      ? [{ content: [{ type: "tool_use" as const, id: "toolu_0", name: "search", input: { q: "holiday" } }] }]
      : []),
    {
      content: [
        {
          type: "tool_use",
          id: "toolu_1",
          name: "marketing_schedule_post",
          input: { social_account_id: account, body, scheduled_at: "2030-12-01T09:00:00-05:00" },
        },
      ],
    },
    { content: [{ type: "text", text: "I proposed the post; an owner or manager has to approve it." }] },
  );
  const ts = newTs();
  await s.send(appMention({ user: SLACK_USERS.staff, text: `Schedule "${body}" for December 1st`, ts }));
  await s.bot.idle();
  const card = s.slack.thread(CHANNEL, ts).find((m) => m.blocks.some((b) => b.type === "actions"));
  expect(card, "the card is posted in the question's thread").toBeDefined();
  const actions = card!.blocks.find((b) => b.type === "actions") as {
    block_id: string;
    elements: Array<{ action_id: string; value: string }>;
  };
  return { card: card!, actionId: actions.elements[0]!.value, blockId: actions.block_id, threadTs: ts };
}

function click(
  role: keyof typeof SLACK_USERS,
  p: Awaited<ReturnType<typeof propose>>,
  action: "omni_approve" | "omni_reject",
  id: string,
) {
  return s.send(
    blockAction({
      user: SLACK_USERS[role],
      actionId: action,
      blockId: p.blockId,
      value: p.actionId,
      message: { ts: p.card.ts, text: p.card.text, blocks: p.card.blocks, threadTs: p.threadTs },
      responseUrl: responseUrl(id),
    }),
  );
}

describe("approval cards", () => {
  it("shows the exact preview, who may approve, and Approve / Reject carrying the action id", async () => {
    const p = await propose("Holiday blend is back!");
    expect(p.actionId).toMatch(/^act_/);
    expect(p.blockId).toBe(cardBlockId(s.h.businessId));
    const text = shown(p.card);
    expect(text).toContain("Holiday blend is back!");
    expect(text).toContain("2030-12-01T14:00:00.000Z");
    expect(text).toMatch(/Waiting for approval by owner or manager/);
    expect(text).not.toContain("outside content");
  });

  it("a Staff click on Approve is refused to them alone, and nothing runs", async () => {
    const p = await propose("Staff cannot approve this");
    const before = await postCount();
    const res = await click("staff", p, "omni_approve", "staff");
    expect(res.status).toBe(200);
    await s.bot.idle();
    await s.worker.drain();
    const refusal = s.slack.responses.find((r) => r.id === "staff")?.body;
    expect(refusal).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(refusal?.text)).toMatch(
      /Only the owner or manager roles may approve this action; you are a staff/,
    );
    expect(await postCount()).toBe(before);
    expect(s.slack.called("chat.update")).toHaveLength(0);
    expect(shown(s.slack.message(CHANNEL, p.card.ts))).toMatch(/Waiting for approval/);
  });

  it("a Manager click runs it exactly once and the card shows who, when and the outcome", async () => {
    const p = await propose("Manager approves this one");
    const before = await postCount();
    await click("manager", p, "omni_approve", "m1");
    await s.bot.idle();
    await s.worker.drain();
    await s.bot.idle();
    expect(await postCount()).toBe(before + 1);
    const card = s.slack.message(CHANNEL, p.card.ts)!;
    const text = shown(card);
    expect(text).toMatch(new RegExp(`Approved by <@${SLACK_USERS.manager}> <!date\\^\\d+\\^`));
    expect(text).toMatch(/· done/);
    expect(text).toMatch(/Result: <https:\/\/omni\.example\.com\/b\/slack-co\/r\/pst_/);
    expect(card.blocks.some((b) => b.type === "actions")).toBe(false);

    // A second click finds it decided: nothing runs again.
    await click("manager", p, "omni_approve", "m2");
    await s.bot.idle();
    await s.worker.drain();
    expect(String(s.slack.responses.find((r) => r.id === "m2")?.body.text)).toMatch(/already succeeded/);
    expect(await postCount()).toBe(before + 1);
  });

  it("two approvers clicking at the same moment run it once", async () => {
    const p = await propose("Clicked twice at once");
    const before = await postCount();
    await Promise.all([
      click("manager", p, "omni_approve", "a"),
      click("owner", p, "omni_approve", "b"),
      click("manager", p, "omni_approve", "c"),
    ]);
    await s.bot.idle();
    await s.worker.drain();
    await s.bot.idle();
    expect(await postCount()).toBe(before + 1);
    const refused = s.slack.responses.filter((r) => /already/.test(String(r.body.text)));
    expect(refused).toHaveLength(2);
    expect(shown(s.slack.message(CHANNEL, p.card.ts))).toMatch(/· done/);
  });

  it("Reject records who rejected; nothing runs", async () => {
    const p = await propose("Not this one");
    const before = await postCount();
    await click("owner", p, "omni_reject", "r");
    await s.bot.idle();
    await s.worker.drain();
    expect(await postCount()).toBe(before);
    expect(shown(s.slack.message(CHANNEL, p.card.ts))).toMatch(
      new RegExp(`Rejected by <@${SLACK_USERS.owner}>`),
    );
  });

  it("a decision made elsewhere (web, MCP) updates the card", async () => {
    const p = await propose("Decided in the admin UI", { readFirst: true });
    expect(shown(p.card)).toContain("Proposed after reading outside content");
    const r = await decideAction(
      s.h.db.db,
      { businessId: s.h.businessId, userId: s.h.users.manager, actionId: p.actionId, decision: "approve" },
      { onApproved: () => s.worker.wake() },
    );
    expect(r.ok).toBe(true);
    await s.worker.drain();
    await s.bot.idle();
    const text = shown(s.slack.message(CHANNEL, p.card.ts));
    expect(text).toMatch(new RegExp(`Approved by <@${SLACK_USERS.manager}>`));
    expect(text).toMatch(/· done/);
  });

  it("`/omni approvals` lists waiting actions privately; a click there replaces that card and runs it once", async () => {
    const p = await propose("Approved from the list");
    const before = await postCount();
    await s.send(
      slashCommand({ user: SLACK_USERS.manager, text: "approvals", responseUrl: responseUrl("list") }),
    );
    await s.bot.idle();
    const list = s.slack.responses.find((r) => r.id === "list")!.body;
    expect(list.response_type).toBe("ephemeral");
    const blocks = list.blocks as Array<{
      type: string;
      block_id?: string;
      elements?: Array<{ value: string }>;
    }>;
    const buttons = blocks.find((b) => b.type === "actions" && b.elements?.[0]?.value === p.actionId);
    expect(buttons?.block_id).toBe(cardBlockId(s.h.businessId));
    // Staff see the card without buttons: their role may not decide it.
    await s.send(
      slashCommand({ user: SLACK_USERS.staff, text: "approvals", responseUrl: responseUrl("staff-list") }),
    );
    await s.bot.idle();
    const staffList = s.slack.responses.find((r) => r.id === "staff-list")!.body;
    expect(JSON.stringify(staffList.blocks)).toContain(p.actionId);
    expect(JSON.stringify(staffList.blocks)).not.toContain('"omni_approve"');

    await s.send(
      blockAction({
        user: SLACK_USERS.manager,
        actionId: "omni_approve",
        blockId: buttons!.block_id!,
        value: p.actionId,
        message: { ts: newTs(), blocks },
        responseUrl: responseUrl("eph"),
        ephemeral: true,
      }),
    );
    await s.bot.idle();
    await s.worker.drain();
    await s.bot.idle();
    const replaced = s.slack.responses.find((r) => r.id === "eph")!.body;
    expect(replaced).toMatchObject({ replace_original: true });
    expect(JSON.stringify(replaced.blocks)).toMatch(/Approved by/);
    expect(await postCount()).toBe(before + 1);
    // The card in the thread follows too.
    expect(shown(s.slack.message(CHANNEL, p.card.ts))).toMatch(/· done/);
  });

  it("someone the business does not know cannot decide", async () => {
    const p = await propose("Strangers cannot approve");
    await click("stranger", p, "omni_approve", "x");
    await s.bot.idle();
    expect(String(s.slack.responses.find((r) => r.id === "x")?.body.text)).toMatch(/invite you/);
    expect(shown(s.slack.message(CHANNEL, p.card.ts))).toMatch(/Waiting for approval/);
  });
});
