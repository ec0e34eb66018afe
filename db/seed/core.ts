/**
 * Cross-cutting records: tasks, integrations and a sync run, the CSV import the customers came from, a demo assistant thread, AI actions (one
 * proposed, one executed through the outbox), a chat identity and an API token for the owner.
 */
import { createHash } from "node:crypto";
import { chatLinkCodes, chatPosts, chatWorkspaces } from "../schema/chat.js";
import {
  aiActions,
  apiTokens,
  chatIdentities,
  integrations,
  messages,
  outbox,
  syncRuns,
  tasks,
  threads,
} from "../schema/core.js";
import { importJobs } from "../schema/imports.js";
import { webInvitations, webLoginAttempts, webSessions } from "../schema/web.js";
import { at, type NewRow, type SeedContext } from "./context.js";
import { named, type World } from "./world.js";

export async function seedTasks(ctx: SeedContext, world: World): Promise<void> {
  const { today } = ctx;
  const { owner, manager, staff, accountant } = ctx.users;
  const overdueInv = world.invoices.filter((i) => i.status === "overdue");
  type T = NewRow<typeof tasks>;
  const list: T[] = [
    {
      title: "Book the renewal inspection for the food facility permit",
      priority: "urgent",
      dueAt: at(today, 17),
      assigneeUserId: owner.id,
      relatedId: named(world, "license.expiring"),
      description: "Permit expires in 9 days; the county needs a passed inspection first.",
    },
    {
      title: `Chase overdue invoices (${overdueInv.length})`,
      priority: "high",
      dueAt: at(today, 15),
      assigneeUserId: accountant.id,
      relatedId: overdueInv[0]?.id ?? null,
      description: overdueInv
        .slice(0, 5)
        .map((i) => i.number)
        .join(", "),
    },
    {
      title: "Reorder low stock items",
      priority: "high",
      dueAt: at(today + 1, 12),
      assigneeUserId: manager.id,
      relatedId: world.lowStock[0]?.id ?? null,
      description: world.lowStock.map((i) => i.name).join(", "),
    },
    {
      title: "Schedule ice machine descale (overdue)",
      priority: "normal",
      dueAt: at(today - 3, 12),
      assigneeUserId: manager.id,
      relatedId: named(world, "equipment.ice"),
      description: "Service was due 12 days ago.",
    },
    {
      title: "Review draft bill from Precision Espresso Service",
      priority: "normal",
      dueAt: at(today + 2, 12),
      assigneeUserId: accountant.id,
    },
    {
      title: "Decide on green coffee contract renewal pricing",
      priority: "high",
      dueAt: at(today + 4, 12),
      assigneeUserId: owner.id,
      relatedId: named(world, "contract.supply"),
    },
    {
      title: "Follow up with Coastal Foods on the pricing proposal",
      priority: "high",
      dueAt: at(today + 3, 10),
      assigneeUserId: owner.id,
      relatedId: named(world, "deal.bigOpen"),
    },
    {
      title: "Approve next payroll run",
      priority: "normal",
      dueAt: at(today + 5, 12),
      assigneeUserId: owner.id,
    },
    {
      title: "Pay Sunrise Bakehouse (bill overdue)",
      priority: "high",
      dueAt: at(today + 1, 12),
      assigneeUserId: accountant.id,
      relatedId: world.named.get("bill.overdue") ?? null,
    },
    {
      title: "Reply to the urgent support ticket",
      priority: "urgent",
      dueAt: at(today, 12),
      assigneeUserId: staff.id,
      relatedId: world.named.get("ticket.urgent") ?? null,
    },
    {
      title: "Renew the sidewalk seating permit",
      priority: "normal",
      dueAt: at(today + 6, 12),
      assigneeUserId: manager.id,
      relatedId: named(world, "license.expired"),
      description: "Expired 20 days ago; tables inside until renewed.",
    },
    {
      title: "Review the privacy policy (review date passed)",
      priority: "low",
      dueAt: at(today + 14, 12),
      assigneeUserId: owner.id,
      relatedId: named(world, "policy.privacy"),
    },
    {
      title: "Plan spring single-origin posts",
      priority: "low",
      dueAt: at(today + 10, 12),
      assigneeUserId: manager.id,
    },
    {
      title: "Count green coffee after the short shipment",
      status: "in_progress",
      priority: "normal",
      dueAt: at(today + 1, 9),
      assigneeUserId: staff.id,
      remindAt: at(today + 1, 8),
    },
    {
      title: "Quarterly sales tax return",
      status: "done",
      priority: "high",
      dueAt: at(today - 30, 12),
      assigneeUserId: accountant.id,
      completedAt: at(today - 33, 16),
    },
    {
      title: "Send holiday gift box order form to offices",
      status: "done",
      priority: "normal",
      dueAt: at(today - 60, 12),
      assigneeUserId: manager.id,
      completedAt: at(today - 61, 11),
    },
    {
      title: "Replace grinder #1 burrs",
      status: "done",
      priority: "normal",
      dueAt: at(ctx.start + 120, 12),
      assigneeUserId: manager.id,
      completedAt: at(ctx.start + 120, 15),
      relatedId: named(world, "equipment.grinder1"),
    },
    {
      title: "Update the employee handbook",
      status: "cancelled",
      priority: "low",
      dueAt: at(today - 90, 12),
      assigneeUserId: owner.id,
    },
  ];
  await ctx.insert(
    tasks,
    list.map((x, i) => ({
      ...x,
      id: ctx.id("tsk"),
      createdByUserId: i % 3 ? manager.id : owner.id,
      createdAt: at(today - 5 - (i % 7), 9),
      updatedAt: at(today - (i % 3), 9),
    })),
    "tasks",
  );
}

export async function seedAssistant(ctx: SeedContext, world: World): Promise<void> {
  const { today, businessId } = ctx;
  const owner = ctx.users.owner;
  const smtp = ctx.id("int");
  const bank = ctx.id("int");
  await ctx.insert(
    integrations,
    [
      {
        id: smtp,
        type: "smtp",
        name: "Outgoing email (SMTP)",
        status: "disabled",
        config: { host: "smtp.example.com", port: 587, from: `hello@${ctx.slug}.demo` },
        createdAt: at(today - 40, 10),
      },
      {
        id: bank,
        type: "bank",
        name: "First Harbor Bank feed",
        status: "enabled",
        config: { accounts: 3, provider: "plaid" },
        lastSyncAt: at(today, 5),
        createdAt: at(ctx.start - 1, 9),
      },
    ],
    "integrations",
  );
  await ctx.insert(
    syncRuns,
    [
      {
        id: ctx.id("syn"),
        integrationId: smtp,
        status: "failed",
        startedAt: at(today - 40, 10, 5),
        finishedAt: at(today - 40, 10, 6),
        stats: { sent: 0 },
        error: "Authentication failed: no SMTP password configured.",
        createdAt: at(today - 40, 10, 5),
      },
      {
        id: ctx.id("syn"),
        integrationId: bank,
        status: "succeeded",
        startedAt: at(today, 5),
        finishedAt: at(today, 5, 1),
        stats: { accounts: 3, transactions: world.transactionCount },
        createdAt: at(today, 5),
      },
    ],
    "sync runs",
  );
  // The customer list came in as a CSV import from the old spreadsheet when the business started.
  const imported = world.customers.slice(0, 8);
  await ctx.insert(
    importJobs,
    [
      {
        id: ctx.id("imp"),
        userId: owner.id,
        entityType: "customer",
        csvText: "",
        mapping: ["name", "email", "paymentTermsDays"],
        status: "done",
        total: imported.length + 1,
        processed: imported.length + 1,
        createdCount: imported.length,
        failedCount: 1,
        failedRows: [{ row: imported.length + 2, problems: ["name: is required"] }],
        createdIds: imported.map((c, i) => ({ row: i + 2, id: c.id })),
        finishedAt: at(ctx.start - 1, 11, 2),
        createdAt: at(ctx.start - 1, 11),
      },
    ],
    "import jobs",
  );

  const threadId = ctx.id("thr");
  const overdue = world.invoices.filter((i) => i.status === "overdue");
  const question = "What should I worry about this week?";
  const answer = `Three things: the food facility permit expires in 9 days (renewal inspection not booked), ${overdue.length} invoices are overdue, and ${world.lowStock.length} items are at or below their reorder point. Cash is tight after the roaster repair, so chasing ${overdue[0]?.number ?? "the overdue invoices"} first would help most.`;
  await ctx.insert(
    threads,
    [
      {
        id: threadId,
        surface: "web",
        surfaceKey: "demo-welcome",
        userId: owner.id,
        title: "Weekly check-in",
        createdAt: at(today, 7, 30),
      },
    ],
    "threads",
  );
  await ctx.insert(
    messages,
    [
      {
        id: ctx.id("msg"),
        threadId,
        role: "user",
        userId: owner.id,
        content: [{ type: "text", text: question }],
        text: question,
        createdAt: at(today, 7, 30),
      },
      {
        id: ctx.id("msg"),
        threadId,
        role: "assistant",
        content: [{ type: "text", text: answer }],
        text: answer,
        refs: [
          { type: "license", id: named(world, "license.expiring"), label: "Retail food facility permit" },
          ...overdue.slice(0, 2).map((i) => ({ type: "invoice", id: i.id, label: i.number })),
        ],
        inputTokens: 1840,
        outputTokens: 96,
        createdAt: at(today, 7, 31),
      },
    ],
    "messages",
  );

  const target = overdue[0] ?? world.invoices[0]!;
  const older = world.invoices.find((i) => i.status === "paid" && today - i.issueDay > 60)!;
  const proposed = ctx.id("act");
  const done = ctx.id("act");
  // Real action tools with real previews, so approving the demo's proposal runs what it shows.
  const reminder = (inv: typeof target, messageId: string) => {
    const customer = world.customers.find((c) => c.id === inv.customerId)!;
    const input = {
      to: [customer.email],
      subject: `Reminder: invoice ${inv.number} is overdue`,
      body: `Hello ${customer.contactFirst},\n\nInvoice ${inv.number} was due a while ago and is still open. Could you let us know when to expect payment?\n\nThank you,\nThe team`,
    };
    const from = `billing@${ctx.slug}.demo`;
    const email = { from, to: input.to, cc: [], subject: input.subject, text: input.body, messageId };
    return { input, preview: { email, pinned: { messageId, from } } };
  };
  const pending = reminder(target, `<demo-${target.id.toLowerCase()}@${ctx.slug}.demo>`);
  const sent = reminder(older, `<demo-${older.id.toLowerCase()}@${ctx.slug}.demo>`);
  await ctx.insert(
    aiActions,
    [
      {
        id: proposed,
        threadId,
        tool: "email_send",
        input: pending.input,
        preview: pending.preview,
        summary: `Email ${pending.input.to[0]}: ${pending.input.subject}`,
        status: "proposed",
        proposedByUserId: owner.id,
        approverRoles: ["owner", "manager"],
        expiresAt: at(today + 2, 7, 31),
        idempotencyKey: `demo-${target.id}-reminder`,
        createdAt: at(today, 7, 31),
      },
      {
        id: done,
        tool: "email_send",
        input: sent.input,
        preview: sent.preview,
        summary: `Email ${sent.input.to[0]}: ${sent.input.subject}`,
        status: "succeeded",
        proposedByUserId: owner.id,
        approverRoles: ["owner", "manager"],
        decidedByUserId: ctx.users.manager.id,
        decidedAt: at(older.dueDay + 3, 10),
        idempotencyKey: `demo-${older.id}-reminder`,
        result: { messageId: sent.preview.email.messageId, accepted: sent.input.to, rejected: [] },
        executedAt: at(older.dueDay + 3, 10, 1),
        createdAt: at(older.dueDay + 3, 9),
      },
    ],
    "ai actions",
  );
  await ctx.insert(
    outbox,
    [
      {
        id: ctx.id("obx"),
        actionId: done,
        kind: "ai_action",
        idempotencyKey: `demo-${older.id}-reminder`,
        status: "done",
        attempts: 1,
        availableAt: at(older.dueDay + 3, 10),
        doneAt: at(older.dueDay + 3, 10, 1),
        createdAt: at(older.dueDay + 3, 10),
      },
    ],
    "outbox",
  );

  // Identity rows: keyed by the business id so several demo businesses never collide.
  const suffix = businessId.slice(-10);
  await ctx.insert(
    chatIdentities,
    [
      {
        id: ctx.id("chi"),
        platform: "slack",
        teamId: `TDEMO${suffix}`,
        platformUserId: `UOWNER${suffix}`,
        userId: owner.id,
        createdAt: at(today - 30, 9),
      },
    ] as NewRow<typeof chatIdentities>[],
    "chat identities",
  );
  await ctx.insert(
    chatWorkspaces,
    [
      {
        id: ctx.id("cws"),
        platform: "slack",
        teamId: `TDEMO${suffix}`,
        teamName: `${ctx.slug} (demo)`,
        isDefault: true,
        createdAt: at(today - 30, 9),
      },
    ] as NewRow<typeof chatWorkspaces>[],
    "chat workspaces",
  );
  await ctx.insert(
    chatLinkCodes,
    [
      {
        id: ctx.id("clc"),
        userId: ctx.users.manager.id,
        codeHash: createHash("sha256").update(`DEMO${suffix}`).digest("hex"),
        expiresAt: at(today - 29, 9),
        usedAt: at(today - 29, 8, 50),
        createdAt: at(today - 29, 8, 30),
      },
    ] as NewRow<typeof chatLinkCodes>[],
    "chat link codes",
  );
  await ctx.insert(
    chatPosts,
    [
      {
        id: ctx.id("cps"),
        platform: "slack",
        teamId: `TDEMO${suffix}`,
        channelId: `CDEMO${suffix}`,
        messageId: `${(at(today, 7, 31).getTime() / 1000).toFixed(6)}`,
        kind: "action_card",
        actionId: proposed,
        createdAt: at(today, 7, 31),
      },
    ],
    "chat posts",
  );
  // The audit trail of what the assistant and the integrations did.
  await ctx.event({
    actorType: "integration",
    actorId: smtp,
    action: "integration.sync_failed",
    entityType: "integration",
    entityId: smtp,
    data: { error: "Authentication failed" },
  });
  await ctx.event({
    actorType: "ai",
    action: "action.succeeded",
    tool: "email_send",
    entityType: "ai_action",
    entityId: done,
    input: sent.input,
    data: { approvedBy: ctx.users.manager.id },
  });
  await ctx.event({
    actorType: "ai",
    action: "action.proposed",
    tool: "email_send",
    entityType: "ai_action",
    entityId: proposed,
    input: pending.input,
    data: { threadId },
  });
  const token = `omni_demo_${businessId}`;
  await ctx.insert(
    apiTokens,
    [
      {
        id: ctx.id("tok"),
        userId: owner.id,
        name: "Claude Desktop (demo, read-only)",
        tokenHash: createHash("sha256").update(token).digest("hex"),
        displayPrefix: "omni_demo_…",
        readOnly: true,
        toolsets: ["finance", "operations"],
        lastUsedAt: at(today - 1, 18),
        createdAt: at(today - 30, 9),
      },
    ],
    "api tokens",
  );
  // The admin UI: how the staff member joined (an accepted invitation), an old sign-in and its session.
  await ctx.insert(
    webInvitations,
    [
      {
        id: ctx.id("ivt"),
        email: ctx.users.staff.email,
        role: "staff",
        tokenHash: createHash("sha256").update(`invitation_demo_${businessId}`).digest("hex"),
        invitedByUserId: owner.id,
        expiresAt: at(today - 53, 9),
        acceptedAt: at(today - 59, 10),
        acceptedByUserId: ctx.users.staff.id,
        createdAt: at(today - 60, 9),
      },
    ] as NewRow<typeof webInvitations>[],
    "web invitations",
  );
  await ctx.insert(
    webSessions,
    [
      {
        id: ctx.id("ses"),
        userId: owner.id,
        tokenHash: createHash("sha256").update(`session_demo_${businessId}`).digest("hex"),
        csrfToken: createHash("sha256").update(`csrf_demo_${businessId}`).digest("base64url").slice(0, 32),
        expiresAt: at(today - 23, 9),
        lastSeenAt: at(today - 30, 9),
        createdAt: at(today - 30, 9),
      },
    ] as NewRow<typeof webSessions>[],
    "web sessions",
  );
  await ctx.insert(
    webLoginAttempts,
    [
      {
        id: ctx.id("lga"),
        email: owner.email,
        ip: "127.0.0.1",
        succeeded: true,
        attemptedAt: at(today - 30, 9),
      },
    ],
    "web login attempts",
  );
}
