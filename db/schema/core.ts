/** Global tables (spec §3.1) and the cross-cutting ones every module uses: tags, links, tasks, AI actions. */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import {
  businessColumns,
  businessTableExtras,
  enumText,
  oneOf,
  searchVector,
  sourceColumns,
  tenantRef,
  timestamps,
  tstz,
} from "./columns.js";

export const ROLES = ["owner", "manager", "staff", "accountant"] as const;
export type Role = (typeof ROLES)[number];

/** The tenant root. Not row-level secured itself: a business row holds no business data. */
export const businesses = pgTable(
  "businesses",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    legalName: text("legal_name"),
    industry: text("industry"),
    description: text("description"),
    country: text("country").notNull().default("US"),
    timezone: text("timezone").notNull().default("UTC"),
    currency: text("currency").notNull().default("USD"),
    fiscalYearStartMonth: integer("fiscal_year_start_month").notNull().default(1),
    email: text("email"),
    phone: text("phone"),
    website: text("website"),
    address: text("address"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("businesses_slug_key").on(t.slug),
    check("businesses_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("businesses_fiscal_month_check", sql`${t.fiscalYearStartMonth} between 1 and 12`),
  ],
);

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    disabledAt: tstz("disabled_at"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

/** user ↔ business with a role. An identity table: read before any business context exists (sign-in). */
export const memberships = pgTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: enumText("role", ROLES).notNull(),
    title: text("title"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("memberships_business_user_key").on(t.businessId, t.userId),
    index("memberships_user_idx").on(t.userId),
    oneOf("memberships_role_check", t.role, ROLES),
  ],
);

/** A Slack or Discord account linked to a user. Identity table: looked up before the business is known. */
export const chatIdentities = pgTable(
  "chat_identities",
  {
    id: text("id").primaryKey(),
    platform: enumText("platform", ["slack", "discord"]).notNull(),
    teamId: text("team_id").notNull(),
    platformUserId: text("platform_user_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The business this account talks to in a workspace serving several (`/omni use <business>`). */
    activeBusinessId: text("active_business_id").references(() => businesses.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("chat_identities_platform_user_key").on(t.platform, t.teamId, t.platformUserId),
    oneOf("chat_identities_platform_check", t.platform, ["slack", "discord"]),
  ],
);

/** Per-user bearer tokens for MCP and the API; only a SHA-256 of the token is stored. Identity table. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    displayPrefix: text("display_prefix").notNull(),
    readOnly: boolean("read_only").notNull().default(false),
    toolsets: text("toolsets").array(),
    lastUsedAt: tstz("last_used_at"),
    expiresAt: tstz("expires_at"),
    revokedAt: tstz("revoked_at"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

export const INTEGRATION_STATUSES = ["disabled", "enabled", "error"] as const;
export const integrations = pgTable(
  "integrations",
  {
    ...businessColumns("int"),
    type: text("type").notNull(),
    name: text("name").notNull(),
    status: enumText("status", INTEGRATION_STATUSES).notNull().default("disabled"),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    secretsEncrypted: text("secrets_encrypted"),
    lastSyncAt: tstz("last_sync_at"),
  },
  (t) => [
    ...businessTableExtras("integrations", t, businesses.id),
    oneOf("integrations_status_check", t.status, INTEGRATION_STATUSES),
  ],
);

export const SYNC_STATUSES = ["running", "succeeded", "failed"] as const;
export const syncRuns = pgTable(
  "sync_runs",
  {
    ...businessColumns("syn"),
    integrationId: text("integration_id").notNull(),
    status: enumText("status", SYNC_STATUSES).notNull().default("running"),
    startedAt: tstz("started_at").notNull().defaultNow(),
    finishedAt: tstz("finished_at"),
    stats: jsonb("stats").$type<Record<string, number>>().notNull().default({}),
    error: text("error"),
  },
  (t) => [
    ...businessTableExtras("sync_runs", t, businesses.id),
    tenantRef("sync_runs_integration_fk", t, t.integrationId, integrations, "cascade"),
    oneOf("sync_runs_status_check", t.status, SYNC_STATUSES),
  ],
);

export const ACTOR_TYPES = ["user", "ai", "integration", "system"] as const;
/**
 * The audit log: append-only (a trigger refuses UPDATE and DELETE) and hash-chained per business:
 * hash = SHA-256(prev_hash + canonical JSON of the event). See db/audit.ts.
 */
export const events = pgTable(
  "events",
  {
    id: text("id").notNull(),
    businessId: text("business_id").notNull(),
    seq: integer("seq").notNull(),
    occurredAt: tstz("occurred_at").notNull().defaultNow(),
    actorType: enumText("actor_type", ACTOR_TYPES).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    tool: text("tool"),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    inputDigest: text("input_digest"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    ...businessTableExtras("events", t, businesses.id),
    uniqueIndex("events_business_seq_key").on(t.businessId, t.seq),
    index("events_entity_idx").on(t.businessId, t.entityId),
    oneOf("events_actor_type_check", t.actorType, ACTOR_TYPES),
  ],
);

export const files = pgTable(
  "files",
  {
    ...businessColumns("fil"),
    ...sourceColumns(),
    name: text("name").notNull(),
    title: text("title"),
    description: text("description"),
    mimeType: text("mime_type").notNull().default("application/octet-stream"),
    sizeBytes: integer("size_bytes").notNull().default(0),
    storageKey: text("storage_key"),
    sha256: text("sha256"),
    textContent: text("text_content"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "title", "description", "text_content"]),
  },
  (t) => [
    ...businessTableExtras("files", t, businesses.id),
    check("files_size_check", sql`${t.sizeBytes} >= 0`),
  ],
);

/** Text chunks of documents and records for search; the `embedding vector` column exists only where pgvector does. */
export const documentChunks = pgTable(
  "document_chunks",
  {
    ...businessColumns("chk"),
    fileId: text("file_id"),
    recordId: text("record_id"),
    recordType: text("record_type"),
    ordinal: integer("ordinal").notNull().default(0),
    content: text("content").notNull(),
    tokenCount: integer("token_count").notNull().default(0),
    search: searchVector(["content"]),
  },
  (t) => [
    ...businessTableExtras("document_chunks", t, businesses.id),
    tenantRef("document_chunks_file_fk", t, t.fileId, files, "cascade"),
    index("document_chunks_record_idx").on(t.businessId, t.recordId),
  ],
);

export const tags = pgTable(
  "tags",
  {
    ...businessColumns("tag"),
    name: text("name").notNull(),
    color: text("color"),
  },
  (t) => [
    ...businessTableExtras("tags", t, businesses.id),
    uniqueIndex("tags_business_name_key").on(t.businessId, sql`lower(${t.name})`),
  ],
);

export const taggings = pgTable(
  "taggings",
  {
    ...businessColumns("tgg"),
    tagId: text("tag_id").notNull(),
    recordId: text("record_id").notNull(),
    recordType: text("record_type").notNull(),
  },
  (t) => [
    ...businessTableExtras("taggings", t, businesses.id),
    tenantRef("taggings_tag_fk", t, t.tagId, tags, "cascade"),
    uniqueIndex("taggings_tag_record_key").on(t.businessId, t.tagId, t.recordId),
    index("taggings_record_idx").on(t.businessId, t.recordId),
  ],
);

/** Any record ↔ any record (spec §2.2), e.g. invoice → deal, deal → customer, ticket → contact. */
export const links = pgTable(
  "links",
  {
    ...businessColumns("lnk"),
    fromId: text("from_id").notNull(),
    fromType: text("from_type").notNull(),
    toId: text("to_id").notNull(),
    toType: text("to_type").notNull(),
    kind: text("kind").notNull().default("related"),
    note: text("note"),
  },
  (t) => [
    ...businessTableExtras("links", t, businesses.id),
    uniqueIndex("links_from_to_kind_key").on(t.businessId, t.fromId, t.toId, t.kind),
    index("links_to_idx").on(t.businessId, t.toId),
    check("links_not_self_check", sql`${t.fromId} <> ${t.toId}`),
  ],
);

export const TASK_STATUSES = ["open", "in_progress", "done", "cancelled"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
/** Tasks and reminders (spec §4.4): a reminder is a task with remind_at. */
export const tasks = pgTable(
  "tasks",
  {
    ...businessColumns("tsk"),
    ...sourceColumns(),
    title: text("title").notNull(),
    description: text("description"),
    status: enumText("status", TASK_STATUSES).notNull().default("open"),
    priority: enumText("priority", PRIORITIES).notNull().default("normal"),
    dueAt: tstz("due_at"),
    remindAt: tstz("remind_at"),
    assigneeUserId: text("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    relatedId: text("related_id"),
    completedAt: tstz("completed_at"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["title", "description"]),
  },
  (t) => [
    ...businessTableExtras("tasks", t, businesses.id),
    oneOf("tasks_status_check", t.status, TASK_STATUSES),
    oneOf("tasks_priority_check", t.priority, PRIORITIES),
    index("tasks_due_idx").on(t.businessId, t.status, t.dueAt),
  ],
);

export const THREAD_SURFACES = ["slack", "discord", "mcp", "web", "cli"] as const;
export const threads = pgTable(
  "threads",
  {
    ...businessColumns("thr"),
    surface: enumText("surface", THREAD_SURFACES).notNull(),
    surfaceKey: text("surface_key").notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title"),
    summary: text("summary"),
    summarizedThroughId: text("summarized_through_id"),
  },
  (t) => [
    ...businessTableExtras("threads", t, businesses.id),
    uniqueIndex("threads_surface_key").on(t.businessId, t.surface, t.surfaceKey),
    oneOf("threads_surface_check", t.surface, THREAD_SURFACES),
  ],
);

export const MESSAGE_ROLES = ["user", "assistant"] as const;
export const messages = pgTable(
  "messages",
  {
    ...businessColumns("msg"),
    threadId: text("thread_id").notNull(),
    role: enumText("role", MESSAGE_ROLES).notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    content: jsonb("content").$type<unknown>().notNull(),
    text: text("text").notNull().default(""),
    refs: jsonb("refs").$type<unknown[]>().notNull().default([]),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
  },
  (t) => [
    ...businessTableExtras("messages", t, businesses.id),
    tenantRef("messages_thread_fk", t, t.threadId, threads, "cascade"),
    index("messages_thread_idx").on(t.businessId, t.threadId, t.id),
    oneOf("messages_role_check", t.role, MESSAGE_ROLES),
  ],
);

export const ACTION_STATUSES = [
  "proposed",
  "approved",
  "rejected",
  "expired",
  "executing",
  "succeeded",
  "failed",
] as const;
/** A side effect the AI proposed; it waits for an approval and then runs once through the outbox. */
export const aiActions = pgTable(
  "ai_actions",
  {
    ...businessColumns("act"),
    threadId: text("thread_id"),
    tool: text("tool").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    preview: jsonb("preview").$type<Record<string, unknown>>().notNull().default({}),
    summary: text("summary").notNull(),
    status: enumText("status", ACTION_STATUSES).notNull().default("proposed"),
    proposedByUserId: text("proposed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    approverRoles: text("approver_roles").array().notNull().default(sql`'{}'::text[]`),
    fromUntrustedContent: boolean("from_untrusted_content").notNull().default(false),
    decidedByUserId: text("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: tstz("decided_at"),
    decisionNote: text("decision_note"),
    expiresAt: tstz("expires_at"),
    idempotencyKey: text("idempotency_key").notNull(),
    result: jsonb("result").$type<Record<string, unknown>>(),
    error: text("error"),
    executedAt: tstz("executed_at"),
  },
  (t) => [
    ...businessTableExtras("ai_actions", t, businesses.id),
    tenantRef("ai_actions_thread_fk", t, t.threadId, threads, "no action"),
    uniqueIndex("ai_actions_idempotency_key").on(t.businessId, t.idempotencyKey),
    index("ai_actions_status_idx").on(t.businessId, t.status),
    oneOf("ai_actions_status_check", t.status, ACTION_STATUSES),
  ],
);

export const OUTBOX_STATUSES = ["pending", "processing", "done", "failed"] as const;
/** Work to run exactly once after commit (approved AI actions, notifications); keyed by idempotency key. */
export const outbox = pgTable(
  "outbox",
  {
    ...businessColumns("obx"),
    actionId: text("action_id"),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    idempotencyKey: text("idempotency_key").notNull(),
    status: enumText("status", OUTBOX_STATUSES).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    availableAt: tstz("available_at").notNull().defaultNow(),
    lockedUntil: tstz("locked_until"),
    lastError: text("last_error"),
    doneAt: tstz("done_at"),
  },
  (t) => [
    ...businessTableExtras("outbox", t, businesses.id),
    tenantRef("outbox_action_fk", t, t.actionId, aiActions, "cascade"),
    uniqueIndex("outbox_idempotency_key").on(t.businessId, t.idempotencyKey),
    index("outbox_pending_idx").on(t.status, t.availableAt),
    oneOf("outbox_status_check", t.status, OUTBOX_STATUSES),
  ],
);
