/** Identity & legal (spec §3.2): the business's legal entities, licenses and permits, contracts, policies. */
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text } from "drizzle-orm/pg-core";
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
  tstz,
} from "./columns.js";
import { businesses, files, users } from "./core.js";
import { customers, vendors } from "./finance.js";

export const LEGAL_ENTITY_KINDS = [
  "llc",
  "corp",
  "s_corp",
  "sole_prop",
  "partnership",
  "dba",
  "nonprofit",
  "other",
] as const;
export const LEGAL_ENTITY_STATUSES = ["pending", "active", "inactive", "dissolved"] as const;
/** A registered entity of the business (LLC, corporation, DBA…); a DBA or subsidiary names its parent. */
export const legalEntities = pgTable(
  "legal_entities",
  {
    ...businessColumns("lge"),
    ...sourceColumns(),
    name: text("name").notNull(),
    kind: enumText("kind", LEGAL_ENTITY_KINDS).notNull(),
    jurisdiction: text("jurisdiction"),
    registrationNumber: text("registration_number"),
    taxId: text("tax_id"),
    formedOn: date("formed_on", { mode: "string" }),
    registeredAgent: text("registered_agent"),
    status: enumText("status", LEGAL_ENTITY_STATUSES).notNull().default("active"),
    address: text("address"),
    parentId: text("parent_id"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "registration_number", "jurisdiction", "notes"]),
  },
  (t) => [
    ...businessTableExtras("legal_entities", t, businesses.id),
    tenantRef("legal_entities_parent_id_fk", t, t.parentId, t, "no action"),
    oneOf("legal_entities_kind_check", t.kind, LEGAL_ENTITY_KINDS),
    oneOf("legal_entities_status_check", t.status, LEGAL_ENTITY_STATUSES),
    check("legal_entities_not_own_parent_check", sql`${t.parentId} <> ${t.id}`),
  ],
);

export const LICENSE_KINDS = [
  "business_license",
  "professional_license",
  "permit",
  "registration",
  "certification",
  "other",
] as const;
export const LICENSE_STATUSES = ["active", "expired", "pending", "revoked"] as const;
/** A license, permit or certificate the business holds; `expires_on` drives renewal reminders. */
export const licensesPermits = pgTable(
  "licenses_permits",
  {
    ...businessColumns("lic"),
    ...sourceColumns(),
    name: text("name").notNull(),
    kind: enumText("kind", LICENSE_KINDS).notNull().default("business_license"),
    issuer: text("issuer"),
    number: text("number"),
    issuedOn: date("issued_on", { mode: "string" }),
    expiresOn: date("expires_on", { mode: "string" }),
    status: enumText("status", LICENSE_STATUSES).notNull().default("active"),
    renewalCostMinor: money("renewal_cost_minor"),
    currency: currency(),
    legalEntityId: text("legal_entity_id"),
    fileId: text("file_id"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "issuer", "number", "notes"]),
  },
  (t) => [
    ...businessTableExtras("licenses_permits", t, businesses.id),
    tenantRef("licenses_permits_legal_entity_id_fk", t, t.legalEntityId, legalEntities, "no action"),
    tenantRef("licenses_permits_file_id_fk", t, t.fileId, files, "no action"),
    oneOf("licenses_permits_kind_check", t.kind, LICENSE_KINDS),
    oneOf("licenses_permits_status_check", t.status, LICENSE_STATUSES),
    nonNegative("licenses_permits_renewal_cost_minor_check", t.renewalCostMinor),
    check("licenses_permits_dates_check", sql`${t.expiresOn} >= ${t.issuedOn}`),
    index("licenses_permits_expires_idx").on(t.businessId, t.expiresOn),
    index("licenses_permits_status_idx").on(t.businessId, t.status, t.expiresOn),
  ],
);

export const CONTRACT_KINDS = [
  "client",
  "vendor",
  "internal",
  "employment",
  "lease",
  "nda",
  "other",
] as const;
export const CONTRACT_RENEWALS = ["auto", "manual", "none"] as const;
export const CONTRACT_STATUSES = ["draft", "active", "expired", "terminated"] as const;
/**
 * An agreement with a customer, vendor, employee or other party. The signed document is `file_id`; an
 * employment contract's employee is linked through `links` (people sits to the right of legal).
 */
export const contracts = pgTable(
  "contracts",
  {
    ...businessColumns("con"),
    ...sourceColumns(),
    title: text("title").notNull(),
    kind: enumText("kind", CONTRACT_KINDS).notNull(),
    counterparty: text("counterparty"),
    customerId: text("customer_id"),
    vendorId: text("vendor_id"),
    legalEntityId: text("legal_entity_id"),
    signedOn: date("signed_on", { mode: "string" }),
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
    renewal: enumText("renewal", CONTRACT_RENEWALS).notNull().default("none"),
    noticeDays: integer("notice_days"),
    valueMinor: money("value_minor"),
    currency: currency(),
    status: enumText("status", CONTRACT_STATUSES).notNull().default("draft"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    fileId: text("file_id"),
    summary: text("summary"),
    body: text("body"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["title", "counterparty", "summary", "body"]),
  },
  (t) => [
    ...businessTableExtras("contracts", t, businesses.id),
    tenantRef("contracts_customer_id_fk", t, t.customerId, customers, "no action"),
    tenantRef("contracts_vendor_id_fk", t, t.vendorId, vendors, "no action"),
    tenantRef("contracts_legal_entity_id_fk", t, t.legalEntityId, legalEntities, "no action"),
    tenantRef("contracts_file_id_fk", t, t.fileId, files, "no action"),
    oneOf("contracts_kind_check", t.kind, CONTRACT_KINDS),
    oneOf("contracts_renewal_check", t.renewal, CONTRACT_RENEWALS),
    oneOf("contracts_status_check", t.status, CONTRACT_STATUSES),
    nonNegative("contracts_notice_days_check", t.noticeDays),
    nonNegative("contracts_value_minor_check", t.valueMinor),
    check("contracts_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
    index("contracts_ends_idx").on(t.businessId, t.endsOn),
    index("contracts_status_idx").on(t.businessId, t.status, t.endsOn),
    index("contracts_customer_idx").on(t.businessId, t.customerId),
    index("contracts_vendor_idx").on(t.businessId, t.vendorId),
  ],
);

export const POLICY_KINDS = ["handbook", "compliance", "privacy", "security", "safety", "other"] as const;
export const POLICY_STATUSES = ["draft", "active", "retired"] as const;
/** An internal policy (employee handbook, privacy, safety…); `review_on` is when it is next reviewed. */
export const policies = pgTable(
  "policies",
  {
    ...businessColumns("pol"),
    ...sourceColumns(),
    title: text("title").notNull(),
    kind: enumText("kind", POLICY_KINDS).notNull(),
    version: text("version"),
    effectiveOn: date("effective_on", { mode: "string" }),
    reviewOn: date("review_on", { mode: "string" }),
    status: enumText("status", POLICY_STATUSES).notNull().default("draft"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    fileId: text("file_id"),
    summary: text("summary"),
    body: text("body"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["title", "summary", "body"]),
  },
  (t) => [
    ...businessTableExtras("policies", t, businesses.id),
    tenantRef("policies_file_id_fk", t, t.fileId, files, "no action"),
    oneOf("policies_kind_check", t.kind, POLICY_KINDS),
    oneOf("policies_status_check", t.status, POLICY_STATUSES),
    index("policies_review_idx").on(t.businessId, t.reviewOn),
    index("policies_status_idx").on(t.businessId, t.status),
  ],
);
