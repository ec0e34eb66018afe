/** Sales & CRM (spec §3.6): pipelines and their stages, contacts, leads, deals and the activities logged on them. */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  businessColumns,
  businessTableExtras,
  currency,
  enumText,
  money,
  nonNegative,
  oneOf,
  searchVector,
  sourceColumns,
  tenantRef,
  trigramIndex,
  tstz,
} from "./columns.js";
import { businesses, users } from "./core.js";
import { customers } from "./finance.js";

/** A sales pipeline (e.g. "New business", "Renewals"); at most one per business is the default. */
export const pipelines = pgTable(
  "pipelines",
  {
    ...businessColumns("pip"),
    ...sourceColumns(),
    name: text("name").notNull(),
    description: text("description"),
    isDefault: boolean("is_default").notNull().default(false),
    archivedAt: tstz("archived_at"),
  },
  (t) => [
    ...businessTableExtras("pipelines", t, businesses.id),
    uniqueIndex("pipelines_default_key").on(t.businessId).where(sql`${t.isDefault}`),
    index("pipelines_name_idx").on(t.businessId, t.name),
  ],
);

export const STAGE_KINDS = ["open", "won", "lost"] as const;
/**
 * A stage of one pipeline, ordered by `position`, deleted with its pipeline. `probability_bp` (0..10000) is the
 * default win probability of deals in it; a won/lost stage closes the deal.
 */
export const pipelineStages = pgTable(
  "pipeline_stages",
  {
    ...businessColumns("stg"),
    ...sourceColumns(),
    pipelineId: text("pipeline_id").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    probabilityBp: integer("probability_bp").notNull().default(0),
    kind: enumText("kind", STAGE_KINDS).notNull().default("open"),
  },
  (t) => [
    ...businessTableExtras("pipeline_stages", t, businesses.id),
    tenantRef("pipeline_stages_pipeline_id_fk", t, t.pipelineId, pipelines, "cascade"),
    // Target of deals' (business_id, pipeline_id, stage_id) key: a deal's stage belongs to the deal's pipeline.
    unique("pipeline_stages_pipeline_stage_key").on(t.businessId, t.pipelineId, t.id),
    oneOf("pipeline_stages_kind_check", t.kind, STAGE_KINDS),
    check("pipeline_stages_probability_bp_check", sql`${t.probabilityBp} between 0 and 10000`),
    nonNegative("pipeline_stages_position_check", t.position),
    index("pipeline_stages_pipeline_idx").on(t.businessId, t.pipelineId, t.position),
  ],
);

/** A person the business deals with, usually at a customer; leads convert into contacts. */
export const contacts = pgTable(
  "contacts",
  {
    ...businessColumns("ctc"),
    ...sourceColumns(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name"),
    email: text("email"),
    phone: text("phone"),
    title: text("title"),
    customerId: text("customer_id"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    lastContactedAt: tstz("last_contacted_at"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["first_name", "last_name", "email", "title", "notes"]),
  },
  (t) => [
    ...businessTableExtras("contacts", t, businesses.id),
    trigramIndex("contacts_first_name_trgm_idx", t.firstName),
    trigramIndex("contacts_last_name_trgm_idx", t.lastName),
    tenantRef("contacts_customer_id_fk", t, t.customerId, customers, "no action"),
    index("contacts_customer_idx").on(t.businessId, t.customerId),
    index("contacts_email_idx").on(t.businessId, sql`lower(${t.email})`),
    index("contacts_name_idx").on(t.businessId, t.lastName, t.firstName),
    index("contacts_owner_idx").on(t.businessId, t.ownerUserId),
  ],
);

export const LEAD_SOURCE_CHANNELS = [
  "web",
  "referral",
  "event",
  "outbound",
  "social",
  "ads",
  "other",
] as const;
export const LEAD_STATUSES = ["new", "contacted", "qualified", "unqualified", "converted"] as const;
/**
 * A prospect not yet qualified. On conversion `status` becomes converted and `converted_contact_id` names the
 * contact it became (the deal it opened points back through `deals.lead_id`).
 */
export const leads = pgTable(
  "leads",
  {
    ...businessColumns("lea"),
    ...sourceColumns(),
    name: text("name").notNull(),
    company: text("company"),
    email: text("email"),
    phone: text("phone"),
    sourceChannel: enumText("source_channel", LEAD_SOURCE_CHANNELS).notNull().default("other"),
    status: enumText("status", LEAD_STATUSES).notNull().default("new"),
    score: integer("score"),
    estimatedValueMinor: money("estimated_value_minor"),
    currency: currency(),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    lastContactedAt: tstz("last_contacted_at"),
    convertedContactId: text("converted_contact_id"),
    convertedAt: tstz("converted_at"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "company", "email", "notes"]),
  },
  (t) => [
    ...businessTableExtras("leads", t, businesses.id),
    trigramIndex("leads_name_trgm_idx", t.name),
    trigramIndex("leads_company_trgm_idx", t.company),
    tenantRef("leads_converted_contact_id_fk", t, t.convertedContactId, contacts, "no action"),
    oneOf("leads_source_channel_check", t.sourceChannel, LEAD_SOURCE_CHANNELS),
    oneOf("leads_status_check", t.status, LEAD_STATUSES),
    nonNegative("leads_estimated_value_minor_check", t.estimatedValueMinor),
    index("leads_status_idx").on(t.businessId, t.status, t.createdAt),
    index("leads_source_channel_idx").on(t.businessId, t.sourceChannel, t.createdAt),
    index("leads_owner_idx").on(t.businessId, t.ownerUserId),
    index("leads_email_idx").on(t.businessId, sql`lower(${t.email})`),
  ],
);

export const DEAL_STATUSES = ["open", "won", "lost"] as const;
/**
 * An opportunity moving through a pipeline. The stage must belong to the deal's pipeline (composite key);
 * `probability_bp` null means the stage's probability. A won or lost deal has `closed_on`.
 */
export const deals = pgTable(
  "deals",
  {
    ...businessColumns("dea"),
    ...sourceColumns(),
    name: text("name").notNull(),
    customerId: text("customer_id"),
    contactId: text("contact_id"),
    pipelineId: text("pipeline_id").notNull(),
    stageId: text("stage_id").notNull(),
    amountMinor: money("amount_minor").notNull().default(0),
    currency: currency(),
    probabilityBp: integer("probability_bp"),
    status: enumText("status", DEAL_STATUSES).notNull().default("open"),
    expectedCloseOn: date("expected_close_on", { mode: "string" }),
    closedOn: date("closed_on", { mode: "string" }),
    lostReason: text("lost_reason"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    leadId: text("lead_id"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "notes", "lost_reason"]),
  },
  (t) => [
    ...businessTableExtras("deals", t, businesses.id),
    trigramIndex("deals_name_trgm_idx", t.name),
    tenantRef("deals_customer_id_fk", t, t.customerId, customers, "no action"),
    tenantRef("deals_contact_id_fk", t, t.contactId, contacts, "no action"),
    tenantRef("deals_pipeline_id_fk", t, t.pipelineId, pipelines, "no action"),
    foreignKey({
      name: "deals_stage_id_fk",
      columns: [t.businessId, t.pipelineId, t.stageId],
      foreignColumns: [pipelineStages.businessId, pipelineStages.pipelineId, pipelineStages.id],
    }).onDelete("no action"),
    tenantRef("deals_lead_id_fk", t, t.leadId, leads, "no action"),
    oneOf("deals_status_check", t.status, DEAL_STATUSES),
    nonNegative("deals_amount_minor_check", t.amountMinor),
    check("deals_probability_bp_check", sql`${t.probabilityBp} between 0 and 10000`),
    check("deals_closed_on_check", sql`${t.status} = 'open' or ${t.closedOn} is not null`),
    index("deals_status_stage_idx").on(t.businessId, t.status, t.stageId),
    index("deals_closed_idx").on(t.businessId, t.closedOn),
    index("deals_expected_close_idx").on(t.businessId, t.expectedCloseOn),
    index("deals_pipeline_idx").on(t.businessId, t.pipelineId, t.stageId),
    index("deals_customer_idx").on(t.businessId, t.customerId),
    index("deals_contact_idx").on(t.businessId, t.contactId),
    index("deals_owner_idx").on(t.businessId, t.ownerUserId),
  ],
);

export const ACTIVITY_KINDS = ["call", "email", "meeting", "note", "task"] as const;
export const ACTIVITY_DIRECTIONS = ["inbound", "outbound", "internal"] as const;
/** A call, email, meeting, note or task logged against a deal, contact, lead and/or customer. */
export const activities = pgTable(
  "activities",
  {
    ...businessColumns("acv"),
    ...sourceColumns(),
    kind: enumText("kind", ACTIVITY_KINDS).notNull(),
    subject: text("subject").notNull(),
    body: text("body"),
    occurredAt: tstz("occurred_at").notNull().defaultNow(),
    durationMinutes: integer("duration_minutes"),
    direction: enumText("direction", ACTIVITY_DIRECTIONS),
    dealId: text("deal_id"),
    contactId: text("contact_id"),
    leadId: text("lead_id"),
    customerId: text("customer_id"),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    archivedAt: tstz("archived_at"),
    search: searchVector(["subject", "body"]),
  },
  (t) => [
    ...businessTableExtras("activities", t, businesses.id),
    tenantRef("activities_deal_id_fk", t, t.dealId, deals, "no action"),
    tenantRef("activities_contact_id_fk", t, t.contactId, contacts, "no action"),
    tenantRef("activities_lead_id_fk", t, t.leadId, leads, "no action"),
    tenantRef("activities_customer_id_fk", t, t.customerId, customers, "no action"),
    oneOf("activities_kind_check", t.kind, ACTIVITY_KINDS),
    oneOf("activities_direction_check", t.direction, ACTIVITY_DIRECTIONS),
    nonNegative("activities_duration_minutes_check", t.durationMinutes),
    index("activities_occurred_idx").on(t.businessId, t.occurredAt),
    index("activities_kind_idx").on(t.businessId, t.kind, t.occurredAt),
    index("activities_deal_idx").on(t.businessId, t.dealId, t.occurredAt),
    index("activities_contact_idx").on(t.businessId, t.contactId, t.occurredAt),
    index("activities_lead_idx").on(t.businessId, t.leadId, t.occurredAt),
    index("activities_customer_idx").on(t.businessId, t.customerId, t.occurredAt),
    index("activities_user_idx").on(t.businessId, t.userId, t.occurredAt),
  ],
);
