/** People, continued: time-off requests, performance notes and training items. */
import { performanceNotes, timeOffRequests, trainingItems } from "../schema/people.js";
import { at, type Day, iso, type NewRow, type SeedContext } from "./context.js";
import type { World } from "./world.js";

/** Time off (overlapping requests next month, some pending), performance notes, training (some overdue). */
export async function seedHr(ctx: SeedContext, world: World): Promise<void> {
  const ids = new Map(world.employees.map((e) => [e.key, e.id]));
  await seedTimeOff(ctx, ids);
  await seedGrowth(ctx, ids);
}

async function seedTimeOff(ctx: SeedContext, ids: Map<string, string>): Promise<void> {
  const { today, start } = ctx;
  const mgr = ctx.users.manager.id;
  type Kind = NonNullable<(typeof timeOffRequests.$inferInsert)["kind"]>;
  type Status = NonNullable<(typeof timeOffRequests.$inferInsert)["status"]>;
  const reqs: [string, Kind, Day, number, Status, string][] = [
    ["b2", "parental", today - 20, 85, "approved", "Parental leave"],
    ["b1", "vacation", today + 12, 5, "approved", "Family trip"],
    ["b3", "vacation", today + 14, 4, "pending", "Friend's wedding out of town"],
    ["lead", "personal", today + 15, 1, "pending", "Moving apartments"],
    ["asst", "vacation", today + 30, 7, "pending", "Hiking trip"],
    ["gm", "vacation", today + 40, 5, "approved", "Annual leave"],
    ["driver", "sick", today - 6, 2, "approved", "Flu"],
    ["b4", "personal", today - 45, 1, "approved", "DMV appointment"],
    ["roaster", "vacation", start + 200, 7, "approved", "Origin trip to Huila (partly work)"],
    ["b1", "sick", start + 90, 1, "approved", "Migraine"],
    ["b3", "vacation", start + 160, 3, "rejected", "Requested during the holiday rush"],
    ["sales", "vacation", start + 240, 5, "approved", "Summer vacation"],
    ["lead", "vacation", start + 180, 4, "cancelled", "Plans changed"],
    ["b5", "unpaid", today + 20, 2, "pending", "Exams"],
    ["owner", "vacation", start + 300, 6, "approved", "Family holiday"],
  ];
  await ctx.insert(
    timeOffRequests,
    reqs.map(([who, kind, from, days, status, reason]) => ({
      id: ctx.id("tor"),
      employeeId: ids.get(who)!,
      kind,
      startsOn: iso(from),
      endsOn: iso(from + days - 1),
      days,
      status,
      approverUserId: status === "pending" ? null : mgr,
      decidedAt: status === "pending" ? null : at(Math.min(from - 5, today - 1), 14),
      reason,
      createdAt: at(Math.min(from - 10, today - 2), 9),
    })),
    "time off",
  );
}

async function seedGrowth(ctx: SeedContext, ids: Map<string, string>): Promise<void> {
  const { today, start, rng } = ctx;
  type NoteKind = NonNullable<(typeof performanceNotes.$inferInsert)["kind"]>;
  const notes: [string, NoteKind, number | null, string][] = [
    ["lead", "praise", 5, "Ran the Saturday rush solo when two people called in sick; zero comps."],
    ["b1", "feedback", 4, "Latte art is consistent now; next step is dialing in without help."],
    ["b3", "warning", 2, "Late to three opening shifts this month. Discussed; plan agreed."],
    ["b3", "feedback", 3, "Punctuality improved since the warning; keep it up."],
    ["asst", "review", 4, "Solid roasting consistency; ready to own the decaf profile."],
    ["roaster", "review", 5, "Cut roast loss to 14.2% and led the new Kenya profile."],
    ["sales", "review", 4, "Signed 9 new wholesale accounts; follow-up on slow payers needs work."],
    ["sales", "goal", null, "Bring AR over 30 days under $5k by next quarter."],
    ["gm", "review", 5, "Scheduling and inventory counts are tight; staff retention up."],
    ["b4", "praise", 4, "Great feedback from the Sunday regulars."],
    ["driver", "feedback", 3, "Delivery windows missed twice; reroute via Dockside first."],
    ["b5", "goal", null, "Complete espresso certification before summer."],
    ["old", "review", 3, "Exit interview: leaving for family reasons, would come back."],
    ["b2", "praise", 5, "Trained two new hires before leave; thank you."],
  ];
  await ctx.insert(
    performanceNotes,
    notes.map(([who, kind, rating, body], i) => ({
      id: ctx.id("prf"),
      employeeId: ids.get(who)!,
      authorUserId:
        who === "gm" || who === "roaster" || who === "sales" ? ctx.users.owner.id : ctx.users.manager.id,
      kind,
      rating,
      body,
      notedOn: iso(who === "old" ? start + 138 : Math.max(start + 10, today - 20 - i * 23)),
      createdAt: at(Math.max(start + 10, today - 20 - i * 23), 17),
    })),
    "performance notes",
  );
  type TrainingKind = NonNullable<(typeof trainingItems.$inferInsert)["kind"]>;
  const rows: NewRow<typeof trainingItems>[] = [];
  const active = [...ids.keys()].filter((k) => k !== "old");
  const courses: [string, TrainingKind, (k: string) => boolean][] = [
    ["New hire onboarding", "onboarding", () => true],
    ["Food handler certification", "certification", () => true],
    ["Allergen awareness", "compliance", (k) => !["roaster", "asst", "driver"].includes(k)],
    ["Roaster fire safety", "safety", (k) => ["roaster", "asst", "driver", "owner"].includes(k)],
    ["Latte art fundamentals", "skill", (k) => k.startsWith("b") || k === "lead"],
  ];
  const overdue = new Set([
    "b3:Food handler certification",
    "driver:Roaster fire safety",
    "b5:Allergen awareness",
  ]);
  for (const k of active) {
    courses.forEach(([title, kind, who], ci) => {
      if (!who(k)) return;
      const assigned = Math.max(start, today - 300 + ci * 40 + rng.int(0, 30));
      const due = assigned + 30;
      const late = overdue.has(`${k}:${title}`);
      const done = !late && (due < today || rng.chance(0.4));
      const status = late ? "overdue" : done ? "completed" : ci === 4 ? "in_progress" : "assigned";
      const completed = done ? Math.min(today - 1, due - rng.int(0, 20)) : null;
      rows.push({
        id: ctx.id("trn"),
        employeeId: ids.get(k)!,
        title,
        kind,
        assignedOn: iso(assigned),
        dueOn: iso(late ? today - rng.int(5, 25) : due),
        completedOn: completed !== null ? iso(Math.max(assigned, completed)) : null,
        status,
        expiresOn: kind === "certification" && completed !== null ? iso(completed + 3 * 365) : null,
        notes: late ? "Reminder sent; not yet scheduled." : null,
        createdAt: at(assigned, 9),
      });
    });
  }
  await ctx.insert(trainingItems, rows, "training");
}
