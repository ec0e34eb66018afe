/** Customer Support (spec §3.8): support channels, tickets and their conversations, customer feedback, FAQs. */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import {
  businessColumns,
  businessTableExtras,
  enumText,
  oneOf,
  searchVector,
  sourceColumns,
  tenantRef,
  tstz,
} from "./columns.js";
import { businesses, PRIORITIES, users } from "./core.js";
import { customers } from "./finance.js";
import { contacts } from "./sales.js";

export const SUPPORT_CHANNEL_KINDS = ["email", "chat", "phone", "web", "social"] as const;
/** Where support requests arrive: an inbox, a chat widget, a phone line. `address` is the email, number or URL. */
export const supportChannels = pgTable(
  "support_channels",
  {
    ...businessColumns("sch"),
    ...sourceColumns(),
    kind: enumText("kind", SUPPORT_CHANNEL_KINDS).notNull(),
    name: text("name").notNull(),
    address: text("address"),
    isActive: boolean("is_active").notNull().default(true),
  },
  (t) => [
    ...businessTableExtras("support_channels", t, businesses.id),
    oneOf("support_channels_kind_check", t.kind, SUPPORT_CHANNEL_KINDS),
  ],
);

export const TICKET_STATUSES = ["open", "pending", "resolved", "closed"] as const;
/** Same values as task priorities. */
export const TICKET_PRIORITIES = PRIORITIES;
/**
 * A support request. `number` is the human ticket number, unique per business (#1042). The requester is a
 * customer/contact when known, else just a name and email. Tags go through `taggings`.
 */
export const tickets = pgTable(
  "tickets",
  {
    ...businessColumns("tkt"),
    ...sourceColumns(),
    number: integer("number").notNull(),
    subject: text("subject").notNull(),
    status: enumText("status", TICKET_STATUSES).notNull().default("open"),
    priority: enumText("priority", TICKET_PRIORITIES).notNull().default("normal"),
    channelId: text("channel_id"),
    customerId: text("customer_id"),
    contactId: text("contact_id"),
    requesterName: text("requester_name"),
    requesterEmail: text("requester_email"),
    assigneeUserId: text("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    openedAt: tstz("opened_at").notNull().defaultNow(),
    firstResponseAt: tstz("first_response_at"),
    resolvedAt: tstz("resolved_at"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["subject", "requester_name", "requester_email"]),
  },
  (t) => [
    ...businessTableExtras("tickets", t, businesses.id),
    tenantRef("tickets_channel_id_fk", t, t.channelId, supportChannels, "no action"),
    tenantRef("tickets_customer_id_fk", t, t.customerId, customers, "no action"),
    tenantRef("tickets_contact_id_fk", t, t.contactId, contacts, "no action"),
    uniqueIndex("tickets_number_key").on(t.businessId, t.number),
    oneOf("tickets_status_check", t.status, TICKET_STATUSES),
    oneOf("tickets_priority_check", t.priority, TICKET_PRIORITIES),
    check("tickets_number_check", sql`${t.number} > 0`),
    index("tickets_status_priority_idx").on(t.businessId, t.status, t.priority),
    index("tickets_opened_idx").on(t.businessId, t.openedAt),
    index("tickets_resolved_idx").on(t.businessId, t.resolvedAt),
    index("tickets_assignee_idx").on(t.businessId, t.assigneeUserId, t.status),
    index("tickets_customer_idx").on(t.businessId, t.customerId),
    index("tickets_contact_idx").on(t.businessId, t.contactId),
  ],
);

export const TICKET_AUTHOR_KINDS = ["customer", "agent", "system"] as const;
/** One message in a ticket's conversation, deleted with the ticket. Internal notes are never from the customer. */
export const ticketMessages = pgTable(
  "ticket_messages",
  {
    ...businessColumns("tkm"),
    ...sourceColumns(),
    ticketId: text("ticket_id").notNull(),
    authorKind: enumText("author_kind", TICKET_AUTHOR_KINDS).notNull(),
    authorName: text("author_name"),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    sentAt: tstz("sent_at").notNull().defaultNow(),
    isInternal: boolean("is_internal").notNull().default(false),
    search: searchVector(["body"]),
  },
  (t) => [
    ...businessTableExtras("ticket_messages", t, businesses.id),
    tenantRef("ticket_messages_ticket_id_fk", t, t.ticketId, tickets, "cascade"),
    oneOf("ticket_messages_author_kind_check", t.authorKind, TICKET_AUTHOR_KINDS),
    check("ticket_messages_internal_check", sql`not ${t.isInternal} or ${t.authorKind} <> 'customer'`),
    index("ticket_messages_ticket_idx").on(t.businessId, t.ticketId, t.sentAt),
  ],
);

export const FEEDBACK_CHANNELS = ["survey", "review", "ticket", "social", "other"] as const;
/** What a customer said about the business: a survey answer, a review, a post. Has a rating, a comment, or both. */
export const feedbackEntries = pgTable(
  "feedback_entries",
  {
    ...businessColumns("fbk"),
    ...sourceColumns(),
    customerId: text("customer_id"),
    contactId: text("contact_id"),
    ticketId: text("ticket_id"),
    channel: enumText("channel", FEEDBACK_CHANNELS).notNull().default("other"),
    rating: integer("rating"),
    comment: text("comment"),
    authorName: text("author_name"),
    url: text("url"),
    receivedOn: date("received_on", { mode: "string" }).notNull().default(sql`current_date`),
    archivedAt: tstz("archived_at"),
    search: searchVector(["comment", "author_name"]),
  },
  (t) => [
    ...businessTableExtras("feedback_entries", t, businesses.id),
    tenantRef("feedback_entries_customer_id_fk", t, t.customerId, customers, "no action"),
    tenantRef("feedback_entries_contact_id_fk", t, t.contactId, contacts, "no action"),
    tenantRef("feedback_entries_ticket_id_fk", t, t.ticketId, tickets, "no action"),
    oneOf("feedback_entries_channel_check", t.channel, FEEDBACK_CHANNELS),
    check("feedback_entries_rating_check", sql`${t.rating} between 1 and 5`),
    check("feedback_entries_content_check", sql`${t.rating} is not null or ${t.comment} is not null`),
    index("feedback_entries_received_idx").on(t.businessId, t.receivedOn),
    index("feedback_entries_rating_idx").on(t.businessId, t.rating),
    index("feedback_entries_customer_idx").on(t.businessId, t.customerId),
  ],
);

/** A question and answer for customers and for the AI to answer from; only published ones are shown publicly. */
export const faqs = pgTable(
  "faqs",
  {
    ...businessColumns("faq"),
    ...sourceColumns(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    category: text("category"),
    position: integer("position").notNull().default(0),
    isPublished: boolean("is_published").notNull().default(false),
    archivedAt: tstz("archived_at"),
    search: searchVector(["question", "answer", "category"]),
  },
  (t) => [
    ...businessTableExtras("faqs", t, businesses.id),
    index("faqs_category_idx").on(t.businessId, t.category, t.position),
  ],
);
