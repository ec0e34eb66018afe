/**
 * The daily brief on the demo business: turned on with `/omni brief on 8` by an owner (refused for Staff), posted
 * by the schedule once per local day from that hour, with today's alerts from the records and suggested actions
 * as buttons — a task button creates the task once and leaves the brief, an ask button answers in its thread.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localTime } from "../../bots/slack/brief-post.js";
import { briefWorkspaces } from "../../bots/slack/store.js";
import { seedDemo } from "../../db/seed/demo.js";
import { createTestDb } from "../helpers/db.js";
import {
  blockAction,
  CHANNEL,
  SLACK_USERS,
  type SlackHarness,
  shown,
  slackHarness,
  slashCommand,
} from "./helpers.js";

const TZ = "America/Los_Angeles";
/** A day in June 2030 at 07:00 and 09:00 in Los Angeles (away from the real clock, which sets lastPostedOn). */
const EARLY = new Date("2030-06-03T14:00:00Z");
const LATE = new Date("2030-06-03T16:00:00Z");
const NEXT_DAY = new Date("2030-06-04T16:30:00Z");

let s: SlackHarness;
beforeAll(async () => {
  const db = await createTestDb();
  const seeded = await seedDemo(db.db, { scale: 0.02, seed: 42, today: "2026-11-25", name: "Brief Co" });
  s = await slackHarness({ db, businessId: seeded.businessId });
});
afterAll(async () => {
  await s.close();
});
beforeEach(async () => {
  await s.bot.idle();
  s.slack.reset();
});

const responseUrl = (id: string) => `${s.slack.url}/response/${id}`;
const briefs = () =>
  s.slack.called("chat.postMessage").filter((c) => String(c.args.text).startsWith("Daily brief for"));

describe("daily brief", () => {
  it("only a role with admin rights turns it on; the channel and hour are saved", async () => {
    await s.send(
      slashCommand({ user: SLACK_USERS.staff, text: "brief on 8", responseUrl: responseUrl("staff") }),
    );
    await s.send(
      slashCommand({ user: SLACK_USERS.owner, text: "brief on 8", responseUrl: responseUrl("owner") }),
    );
    await s.bot.idle();
    expect(String(s.slack.responses.find((r) => r.id === "staff")?.body.text)).toMatch(
      /Only a role with admin rights/,
    );
    expect(String(s.slack.responses.find((r) => r.id === "owner")?.body.text)).toMatch(
      /Daily brief on: this channel/,
    );
    const [w] = await briefWorkspaces(s.h.db.db);
    expect(w?.brief).toMatchObject({ channel: CHANNEL, hour: 8, userId: s.h.users.owner });
    expect(w?.timezone).toBe(TZ);
    expect(localTime(LATE, TZ)).toEqual({ day: "2030-06-03", hour: 9 });
  });

  it("is posted once per local day, from the chosen hour, with today's alerts and suggested actions", async () => {
    expect(await s.bot.runDueBriefs(EARLY)).toBe(0);
    expect(await s.bot.runDueBriefs(LATE)).toBe(1);
    expect(await s.bot.runDueBriefs(LATE)).toBe(0);
    const [post] = briefs();
    expect(post?.args.channel).toBe(CHANNEL);
    const text = shown(s.slack.thread(CHANNEL)[0]);
    expect(text).toMatch(/Daily brief · Brief Co/);
    expect(text).toMatch(/\*Invoices\*: \d+ overdue/);
    expect(text).toMatch(/\*(Cash|Cash risk)\*/);
    expect(text).toMatch(/\*Low stock\*/);
    expect(text).toMatch(/<https:\/\/omni\.example\.com\/b\/[^/]+\/r\/inv_/);
    const actions = (
      post!.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
    ).find((b) => b.type === "actions");
    expect(actions?.elements?.length).toBeGreaterThan(0);
    expect(actions!.elements!.map((e) => JSON.parse(e.value).kind)).toContain("task");
    expect(await s.bot.runDueBriefs(NEXT_DAY)).toBe(1);
  });

  it("a task button creates the task once and leaves the brief; an ask button answers in its thread", async () => {
    await s.bot.runDueBriefs(new Date("2030-06-05T16:30:00Z"));
    const brief = s.slack.thread(CHANNEL)[0]!;
    const actions = brief.blocks.find((b) => b.type === "actions") as {
      block_id: string;
      elements: Array<{ action_id: string; value: string }>;
    };
    const task = actions.elements.find((e) => JSON.parse(e.value).kind === "task")!;
    const { title } = JSON.parse(task.value) as { title: string };
    const clickTask = (id: string) =>
      s.send(
        blockAction({
          user: SLACK_USERS.manager,
          actionId: task.action_id,
          blockId: actions.block_id,
          value: task.value,
          message: { ts: brief.ts, text: brief.text, blocks: brief.blocks },
          responseUrl: responseUrl(id),
        }),
      );
    await Promise.all([clickTask("t1"), clickTask("t2")]);
    await s.bot.idle();
    const found = await s.h.ok("manager", "tasks_list", {
      q: title.split(" ").slice(0, 3).join(" "),
      limit: 50,
    });
    expect((found.items as Array<{ title: string }>).filter((t) => t.title === title)).toHaveLength(1);
    const after = s.slack.message(CHANNEL, brief.ts)!;
    expect(JSON.stringify(after.blocks)).not.toContain(task.action_id);
    expect(shown(s.slack.thread(CHANNEL, brief.ts)[0])).toMatch(
      /created a task: <https:\/\/omni\.example\.com\/b\/[^/]+\/r\/tsk_/,
    );

    const askButton = actions.elements.find((e) => JSON.parse(e.value).kind === "ask");
    expect(askButton, "an overdue invoice suggests drafting a reminder").toBeDefined();
    {
      s.model.script({ content: [{ type: "text", text: "Here is a draft reminder." }] });
      await s.send(
        blockAction({
          user: SLACK_USERS.owner,
          actionId: askButton!.action_id,
          blockId: actions.block_id,
          value: askButton!.value,
          message: { ts: brief.ts, text: brief.text, blocks: brief.blocks },
          responseUrl: responseUrl("ask"),
        }),
      );
      await s.bot.idle();
      const thread = s.slack
        .thread(CHANNEL, brief.ts)
        .map((m) => shown(m))
        .join("\n");
      expect(thread).toContain(JSON.parse(askButton!.value).prompt.slice(0, 30));
      expect(thread).toContain("Here is a draft reminder.");
    }
  });

  it("`/omni brief` shows today's brief to the asker, limited to their role", async () => {
    await s.send(slashCommand({ user: SLACK_USERS.staff, text: "brief", responseUrl: responseUrl("b") }));
    await s.bot.idle();
    const r = s.slack.responses.find((x) => x.id === "b")!;
    expect(r.body).toMatchObject({ response_type: "ephemeral" });
    const text = JSON.stringify(r.body.blocks);
    expect(text).toContain("Left out: cash (not for your role), invoices (not for your role)");
    expect(text).toContain("Low stock");
  });

  it("`/omni brief off` stops it", async () => {
    await s.send(
      slashCommand({ user: SLACK_USERS.owner, text: "brief off", responseUrl: responseUrl("off") }),
    );
    await s.bot.idle();
    expect(await briefWorkspaces(s.h.db.db)).toHaveLength(0);
  });
});
