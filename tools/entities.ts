/**
 * The entities the CRUD tools are generated for: which table, which module's permissions apply, how a
 * record is labelled in citations, and which date columns get range filters. One line each, in module order.
 */
import { getTableColumns, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Role } from "../db/schema/core.js";
import * as s from "../db/schema/index.js";
import { allowed, MODULES, type Module } from "./permissions.js";

type Row = Record<string, unknown>;

export interface EntitySpec {
  /** Singular record type used in refs and URLs, e.g. "invoice". */
  type: string;
  /** Tool name prefix (the table name): invoices_list, invoices_get, invoices_write. */
  plural: string;
  table: PgTable;
  module: Module;
  /** What the record is, for tool descriptions. */
  about: string;
  label: (r: Row) => string;
  /** Columns whose values make up the label (selected when resolving refs). */
  labelColumns: string[];
  /** Date/timestamp keys that get `<key>From` / `<key>To` filters; the first is the default sort. */
  dates?: string[];
  /** No write tool (derived or system records). */
  readOnly?: boolean;
  /** Child rows that may be deleted outright (lines); others are archived. */
  deletable?: boolean;
  /** Columns computed by a write hook when not given (line amounts); optional on create. */
  derived?: string[];
  /** Columns only roles that may read people_private see (e.g. salaries). */
  privateColumns?: string[];
  /** Columns never shown or written through tools. */
  hiddenColumns?: string[];
  /** Text from outside the business (emails, tickets, documents): quoted as data, never as instructions. */
  untrusted?: boolean;
  /** A column naming the module a row is about: rows about a module the role may not read stay hidden. */
  aboutModuleColumn?: string;
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const short = (v: unknown, n = 60) => {
  const t = str(v).replace(/\s+/g, " ").trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};
const byName =
  (...keys: string[]) =>
  (r: Row) =>
    keys
      .map((k) => str(r[k]))
      .filter(Boolean)
      .join(" ") || str(r.id);

function e(
  type: string,
  plural: string,
  table: PgTable,
  module: Module,
  about: string,
  labelColumns: string[],
  extra: Partial<EntitySpec> = {},
): EntitySpec {
  return { type, plural, table, module, about, labelColumns, label: byName(...labelColumns), ...extra };
}

export const ENTITIES: readonly EntitySpec[] = [
  // core
  e(
    "task",
    "tasks",
    s.tasks,
    "core",
    "tasks and reminders (a reminder is a task with remind_at)",
    ["title"],
    {
      dates: ["dueAt", "remindAt"],
    },
  ),
  e("tag", "tags", s.tags, "core", "tags that can be put on any record", ["name"]),
  e(
    "ai_action",
    "ai_actions",
    s.aiActions,
    "core",
    "actions the AI proposed and their approval state",
    ["summary"],
    {
      readOnly: true,
      dates: ["createdAt"],
    },
  ),
  // legal
  e(
    "legal_entity",
    "legal_entities",
    s.legalEntities,
    "legal",
    "the business's legal entities (LLC, corp, DBA)",
    ["name"],
  ),
  e(
    "license",
    "licenses_permits",
    s.licensesPermits,
    "legal",
    "licenses and permits with expiry dates",
    ["name"],
    {
      dates: ["expiresOn"],
    },
  ),
  e("contract", "contracts", s.contracts, "legal", "client, vendor, lease and other contracts", ["title"], {
    dates: ["endsOn", "startsOn"],
    untrusted: true,
  }),
  e(
    "policy",
    "policies",
    s.policies,
    "legal",
    "employee handbook, compliance and other policies",
    ["title"],
    {
      dates: ["reviewOn", "effectiveOn"],
    },
  ),
  // finance
  e("account", "accounts", s.accounts, "finance", "bank, credit card and cash accounts with balances", [
    "name",
  ]),
  e(
    "transaction",
    "transactions",
    s.transactions,
    "finance",
    "bank and card transactions (+ money in, − money out)",
    ["description"],
    {
      dates: ["postedOn"],
      label: (r) => `${str(r.postedOn)} ${short(r.description, 50)}`,
      labelColumns: ["postedOn", "description"],
    },
  ),
  e(
    "invoice",
    "invoices",
    s.invoices,
    "finance",
    "invoices to customers with their status and totals",
    ["number"],
    {
      dates: ["issueDate", "dueDate", "paidOn"],
      label: (r) => `Invoice ${str(r.number)}`,
    },
  ),
  e("invoice_line", "invoice_lines", s.invoiceLines, "finance", "line items of invoices", ["description"], {
    deletable: true,
    derived: ["amountMinor"],
    label: (r) => short(r.description),
  }),
  e("bill", "bills", s.bills, "finance", "bills from vendors to pay", ["number"], {
    dates: ["issueDate", "dueDate", "paidOn"],
    label: (r) => `Bill ${str(r.number) || str(r.id)}`,
  }),
  e("bill_line", "bill_lines", s.billLines, "finance", "line items of bills", ["description"], {
    deletable: true,
    derived: ["amountMinor"],
    label: (r) => short(r.description),
  }),
  e(
    "customer",
    "customers",
    s.customers,
    "finance",
    "customers (billing side; contacts are people at them)",
    ["name"],
  ),
  e("vendor", "vendors", s.vendors, "finance", "vendors and suppliers (shared by finance and operations)", [
    "name",
  ]),
  e(
    "budget_line",
    "budget_lines",
    s.budgetLines,
    "finance",
    "budget amounts per category and period",
    ["category", "periodStart"],
    {
      dates: ["periodStart"],
    },
  ),
  e(
    "tax_record",
    "tax_records",
    s.taxRecords,
    "finance",
    "tax filings and estimates per period",
    ["kind", "periodStart"],
    {
      dates: ["periodStart", "dueOn"],
    },
  ),
  // people
  e("employee", "employees", s.employees, "people", "employees and contractors", ["firstName", "lastName"], {
    dates: ["hiredOn"],
    privateColumns: ["salaryMinor", "hourlyRateMinor"],
  }),
  e("position", "positions", s.positions, "people", "job positions (open or filled)", ["title"]),
  e(
    "payroll_record",
    "payroll_records",
    s.payrollRecords,
    "people_private",
    "payroll runs per employee (metadata only)",
    ["payDate"],
    {
      dates: ["payDate"],
      label: (r) => `Payroll ${str(r.payDate)}`,
    },
  ),
  e(
    "time_off",
    "time_off_requests",
    s.timeOffRequests,
    "people",
    "time-off requests and their approval",
    ["kind", "startsOn"],
    {
      dates: ["startsOn"],
    },
  ),
  e(
    "performance_note",
    "performance_notes",
    s.performanceNotes,
    "people_private",
    "performance notes and reviews",
    ["kind", "notedOn"],
    {
      dates: ["notedOn"],
    },
  ),
  e("training", "training_items", s.trainingItems, "people", "training assigned to employees", ["title"], {
    dates: ["dueOn", "expiresOn"],
  }),
  // operations
  e("sop", "sops", s.sops, "operations", "standard operating procedures", ["title"]),
  e(
    "inventory_item",
    "inventory_items",
    s.inventoryItems,
    "operations",
    "stock items with on-hand and reorder points",
    ["name"],
    {
      label: (r) => `${str(r.name)} (${str(r.sku)})`,
      labelColumns: ["name", "sku"],
    },
  ),
  e(
    "inventory_movement",
    "inventory_movements",
    s.inventoryMovements,
    "operations",
    "stock movements (receipts, sales, adjustments); creating one updates on-hand",
    ["kind", "movedAt"],
    {
      dates: ["movedAt"],
    },
  ),
  e(
    "purchase_order",
    "purchase_orders",
    s.purchaseOrders,
    "operations",
    "purchase orders to vendors",
    ["number"],
    {
      dates: ["orderedOn", "expectedOn"],
      label: (r) => `PO ${str(r.number)}`,
    },
  ),
  e(
    "purchase_order_line",
    "purchase_order_lines",
    s.purchaseOrderLines,
    "operations",
    "lines of purchase orders",
    ["description"],
    {
      deletable: true,
      derived: ["amountMinor"],
    },
  ),
  e("equipment", "equipment", s.equipment, "operations", "equipment and its maintenance schedule", ["name"], {
    dates: ["nextMaintenanceOn"],
  }),
  e(
    "maintenance_event",
    "maintenance_events",
    s.maintenanceEvents,
    "operations",
    "scheduled and done maintenance",
    ["kind", "scheduledOn"],
    {
      dates: ["scheduledOn", "performedOn"],
    },
  ),
  // sales
  e("pipeline", "pipelines", s.pipelines, "sales", "sales pipelines", ["name"]),
  e(
    "pipeline_stage",
    "pipeline_stages",
    s.pipelineStages,
    "sales",
    "stages of a pipeline with win probabilities",
    ["name"],
  ),
  e("lead", "leads", s.leads, "sales", "leads not yet converted to contacts/deals", ["name"], {
    dates: ["lastContactedAt"],
  }),
  e("contact", "contacts", s.contacts, "sales", "people at customers and prospects", [
    "firstName",
    "lastName",
  ]),
  e("deal", "deals", s.deals, "sales", "deals in the pipeline (open, won, lost)", ["name"], {
    dates: ["expectedCloseOn", "closedOn"],
  }),
  e(
    "activity",
    "activities",
    s.activities,
    "sales",
    "calls, emails, meetings and notes with contacts",
    ["subject"],
    {
      dates: ["occurredAt"],
      untrusted: true,
    },
  ),
  // marketing
  e(
    "campaign",
    "campaigns",
    s.campaigns,
    "marketing",
    "marketing campaigns with budget and spend",
    ["name"],
    {
      dates: ["startsOn"],
    },
  ),
  e("ad_account", "ad_accounts", s.adAccounts, "marketing", "advertising accounts", ["name"]),
  e("ad_set", "ad_sets", s.adSets, "marketing", "ad sets with budgets and results", ["name"], {
    dates: ["startsOn"],
  }),
  e(
    "ad_creative",
    "ad_creatives",
    s.adCreatives,
    "marketing",
    "ad creatives (headline, body, call to action)",
    ["name"],
  ),
  e("social_account", "social_accounts", s.socialAccounts, "marketing", "social media accounts", [
    "platform",
    "handle",
  ]),
  e("post", "posts", s.posts, "marketing", "social posts: ideas, drafts, scheduled and published", ["body"], {
    dates: ["scheduledAt", "publishedAt"],
    label: (r) => short(r.body, 50) || str(r.id),
  }),
  e(
    "social_metric",
    "social_metrics",
    s.socialMetrics,
    "marketing",
    "daily reach and engagement per post or account",
    ["measuredOn"],
    {
      dates: ["measuredOn"],
      readOnly: true,
    },
  ),
  // support
  e(
    "support_channel",
    "support_channels",
    s.supportChannels,
    "support",
    "support channels (email, chat, phone)",
    ["name"],
  ),
  e(
    "ticket",
    "tickets",
    s.tickets,
    "support",
    "support tickets with status, priority and response times",
    ["number", "subject"],
    {
      dates: ["openedAt", "resolvedAt"],
      label: (r) => `#${str(r.number)} ${short(r.subject, 50)}`,
      untrusted: true,
    },
  ),
  e(
    "ticket_message",
    "ticket_messages",
    s.ticketMessages,
    "support",
    "messages in a ticket's conversation",
    ["body"],
    {
      dates: ["sentAt"],
      label: (r) => short(r.body, 50),
      untrusted: true,
    },
  ),
  e(
    "feedback",
    "feedback_entries",
    s.feedbackEntries,
    "support",
    "customer feedback and ratings",
    ["comment"],
    {
      dates: ["receivedOn"],
      label: (r) => short(r.comment, 50) || `Rating ${str(r.rating)}`,
      labelColumns: ["comment", "rating"],
      untrusted: true,
    },
  ),
  e("faq", "faqs", s.faqs, "support", "frequently asked questions and answers", ["question"]),
  // knowledge
  e(
    "file",
    "files",
    s.files,
    "knowledge",
    "documents and files with their extracted text",
    ["title", "name"],
    {
      label: (r) => str(r.title) || str(r.name),
      untrusted: true,
    },
  ),
  // strategy
  e("kpi", "kpi_definitions", s.kpiDefinitions, "strategy", "KPI definitions (what is measured, target)", [
    "name",
  ]),
  e("kpi_value", "kpi_values", s.kpiValues, "strategy", "KPI values per period", ["periodStart"], {
    dates: ["periodStart"],
  }),
  e("goal", "goals", s.goals, "strategy", "goals with targets, progress and status", ["title"], {
    dates: ["dueOn"],
  }),
  e("insight", "ai_insights", s.aiInsights, "strategy", "risk alerts and recommendations", ["title"], {
    dates: ["generatedAt"],
    aboutModuleColumn: "module",
  }),
  // admin
  e(
    "integration",
    "integrations",
    s.integrations,
    "admin",
    "connected tools (bank, email, calendar…) and their status",
    ["name"],
    {
      readOnly: true,
      hiddenColumns: ["secretsEncrypted", "config"],
    },
  ),
  e("sync_run", "sync_runs", s.syncRuns, "admin", "integration sync runs and their errors", ["startedAt"], {
    readOnly: true,
    dates: ["startedAt"],
  }),
  e("event", "events", s.events, "admin", "the audit log: who did what, when (append-only)", ["action"], {
    readOnly: true,
    dates: ["occurredAt"],
    hiddenColumns: ["prevHash", "hash", "inputDigest"],
  }),
];

const byType = new Map(ENTITIES.map((x) => [x.type, x]));

export function entityByType(type: string): EntitySpec | undefined {
  return byType.get(type);
}

/**
 * For records about another module (an insight about payroll): the condition that keeps only rows about no module
 * or a module the role may read, so such a record is hidden exactly like that module's own records.
 */
export function rowScope(role: Role, spec: EntitySpec): SQL | undefined {
  if (!spec.aboutModuleColumn) return undefined;
  const col = (getTableColumns(spec.table) as Record<string, PgColumn>)[spec.aboutModuleColumn]!;
  return or(
    isNull(col),
    inArray(
      col,
      [...MODULES].filter((m) => allowed(role, m, "read")),
    ),
  );
}
