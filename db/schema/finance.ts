/** Finance (spec §3.3): accounts, transactions, invoices, bills, customers, vendors, budgets, tax. */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
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
import { businesses } from "./core.js";

export const CUSTOMER_STATUSES = ["active", "inactive"] as const;
/** Who the business sells to; invoices, transactions, contracts, and sales contacts and deals point here. */
export const customers = pgTable(
  "customers",
  {
    ...businessColumns("cus"),
    ...sourceColumns(),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    company: text("company"),
    website: text("website"),
    billingAddress: text("billing_address"),
    taxId: text("tax_id"),
    currency: currency(),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    notes: text("notes"),
    status: enumText("status", CUSTOMER_STATUSES).notNull().default("active"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "company", "email", "notes"]),
  },
  (t) => [
    ...businessTableExtras("customers", t, businesses.id),
    trigramIndex("customers_name_trgm_idx", t.name),
    oneOf("customers_status_check", t.status, CUSTOMER_STATUSES),
    nonNegative("customers_payment_terms_days_check", t.paymentTermsDays),
    index("customers_name_idx").on(t.businessId, t.name),
    index("customers_status_idx").on(t.businessId, t.status),
  ],
);

export const VENDOR_STATUSES = ["active", "inactive"] as const;
/** Who the business buys from; shared by finance (bills, transactions) and operations (POs, equipment). */
export const vendors = pgTable(
  "vendors",
  {
    ...businessColumns("ven"),
    ...sourceColumns(),
    name: text("name").notNull(),
    contactName: text("contact_name"),
    email: text("email"),
    phone: text("phone"),
    website: text("website"),
    address: text("address"),
    taxId: text("tax_id"),
    category: text("category"),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    currency: currency(),
    notes: text("notes"),
    status: enumText("status", VENDOR_STATUSES).notNull().default("active"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["name", "contact_name", "category", "email", "notes"]),
  },
  (t) => [
    ...businessTableExtras("vendors", t, businesses.id),
    trigramIndex("vendors_name_trgm_idx", t.name),
    oneOf("vendors_status_check", t.status, VENDOR_STATUSES),
    nonNegative("vendors_payment_terms_days_check", t.paymentTermsDays),
    index("vendors_name_idx").on(t.businessId, t.name),
    index("vendors_category_idx").on(t.businessId, t.category),
  ],
);

export const ACCOUNT_KINDS = ["bank", "credit", "cash", "other"] as const;
/** A bank, credit card or cash account. Balances are signed minor units (a credit card owing is negative). */
export const accounts = pgTable(
  "accounts",
  {
    ...businessColumns("acc"),
    ...sourceColumns(),
    name: text("name").notNull(),
    kind: enumText("kind", ACCOUNT_KINDS).notNull(),
    institution: text("institution"),
    mask: text("mask"),
    currency: currency(),
    openingBalanceMinor: money("opening_balance_minor").notNull().default(0),
    currentBalanceMinor: money("current_balance_minor").notNull().default(0),
    balanceAsOf: tstz("balance_as_of"),
    isActive: boolean("is_active").notNull().default(true),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
  },
  (t) => [
    ...businessTableExtras("accounts", t, businesses.id),
    oneOf("accounts_kind_check", t.kind, ACCOUNT_KINDS),
    check("accounts_mask_check", sql`${t.mask} ~ '^[0-9A-Za-z]{1,4}$'`),
  ],
);

export const INVOICE_STATUSES = ["draft", "sent", "paid", "overdue", "void"] as const;
/** A sales invoice (AR). `number` is unique per business; tools keep totals in step with the lines. */
export const invoices = pgTable(
  "invoices",
  {
    ...businessColumns("inv"),
    ...sourceColumns(),
    number: text("number").notNull(),
    customerId: text("customer_id").notNull(),
    issueDate: date("issue_date", { mode: "string" }).notNull().default(sql`current_date`),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    status: enumText("status", INVOICE_STATUSES).notNull().default("draft"),
    currency: currency(),
    subtotalMinor: money("subtotal_minor").notNull().default(0),
    taxMinor: money("tax_minor").notNull().default(0),
    totalMinor: money("total_minor").notNull().default(0),
    amountPaidMinor: money("amount_paid_minor").notNull().default(0),
    paidOn: date("paid_on", { mode: "string" }),
    sentAt: tstz("sent_at"),
    notes: text("notes"),
    terms: text("terms"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["number", "notes"]),
  },
  (t) => [
    ...businessTableExtras("invoices", t, businesses.id),
    tenantRef("invoices_customer_id_fk", t, t.customerId, customers, "no action"),
    uniqueIndex("invoices_number_key").on(t.businessId, t.number),
    oneOf("invoices_status_check", t.status, INVOICE_STATUSES),
    nonNegative("invoices_subtotal_minor_check", t.subtotalMinor),
    nonNegative("invoices_tax_minor_check", t.taxMinor),
    nonNegative("invoices_total_minor_check", t.totalMinor),
    nonNegative("invoices_amount_paid_minor_check", t.amountPaidMinor),
    check("invoices_dates_check", sql`${t.dueDate} >= ${t.issueDate}`),
    index("invoices_status_due_idx").on(t.businessId, t.status, t.dueDate),
    index("invoices_due_idx").on(t.businessId, t.dueDate),
    index("invoices_paid_idx").on(t.businessId, t.paidOn),
    index("invoices_issue_idx").on(t.businessId, t.issueDate),
    index("invoices_customer_idx").on(t.businessId, t.customerId),
  ],
);

/**
 * A line of an invoice, deleted with it. Unit price and amount are signed so a discount can be a line;
 * `inventory_item_id` is a plain id (operations sits to the right of finance in the import order).
 */
export const invoiceLines = pgTable(
  "invoice_lines",
  {
    ...businessColumns("inl"),
    invoiceId: text("invoice_id").notNull(),
    position: integer("position").notNull().default(0),
    description: text("description").notNull(),
    quantity: numeric("quantity", { precision: 12, scale: 3, mode: "number" }).notNull().default(1),
    unitPriceMinor: money("unit_price_minor").notNull(),
    taxRateBp: integer("tax_rate_bp").notNull().default(0),
    amountMinor: money("amount_minor").notNull(),
    inventoryItemId: text("inventory_item_id"),
  },
  (t) => [
    ...businessTableExtras("invoice_lines", t, businesses.id),
    tenantRef("invoice_lines_invoice_id_fk", t, t.invoiceId, invoices, "cascade"),
    check("invoice_lines_quantity_check", sql`${t.quantity} > 0`),
    nonNegative("invoice_lines_tax_rate_bp_check", t.taxRateBp),
    index("invoice_lines_invoice_idx").on(t.businessId, t.invoiceId, t.position),
    index("invoice_lines_item_idx").on(t.businessId, t.inventoryItemId),
  ],
);

export const BILL_STATUSES = ["draft", "open", "paid", "overdue", "void"] as const;
/** A vendor bill (AP). `number` is the vendor's own reference: unique per vendor when present. */
export const bills = pgTable(
  "bills",
  {
    ...businessColumns("bil"),
    ...sourceColumns(),
    number: text("number"),
    vendorId: text("vendor_id").notNull(),
    issueDate: date("issue_date", { mode: "string" }).notNull().default(sql`current_date`),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    status: enumText("status", BILL_STATUSES).notNull().default("open"),
    currency: currency(),
    subtotalMinor: money("subtotal_minor").notNull().default(0),
    taxMinor: money("tax_minor").notNull().default(0),
    totalMinor: money("total_minor").notNull().default(0),
    amountPaidMinor: money("amount_paid_minor").notNull().default(0),
    paidOn: date("paid_on", { mode: "string" }),
    category: text("category"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
    search: searchVector(["number", "category", "notes"]),
  },
  (t) => [
    ...businessTableExtras("bills", t, businesses.id),
    tenantRef("bills_vendor_id_fk", t, t.vendorId, vendors, "no action"),
    uniqueIndex("bills_vendor_number_key").on(t.businessId, t.vendorId, t.number),
    oneOf("bills_status_check", t.status, BILL_STATUSES),
    nonNegative("bills_subtotal_minor_check", t.subtotalMinor),
    nonNegative("bills_tax_minor_check", t.taxMinor),
    nonNegative("bills_total_minor_check", t.totalMinor),
    nonNegative("bills_amount_paid_minor_check", t.amountPaidMinor),
    check("bills_dates_check", sql`${t.dueDate} >= ${t.issueDate}`),
    index("bills_status_due_idx").on(t.businessId, t.status, t.dueDate),
    index("bills_due_idx").on(t.businessId, t.dueDate),
    index("bills_issue_idx").on(t.businessId, t.issueDate),
    index("bills_category_idx").on(t.businessId, t.category),
  ],
);

/** A line of a bill, deleted with it; `category` lets one bill split across expense categories. */
export const billLines = pgTable(
  "bill_lines",
  {
    ...businessColumns("bll"),
    billId: text("bill_id").notNull(),
    position: integer("position").notNull().default(0),
    description: text("description").notNull(),
    category: text("category"),
    quantity: numeric("quantity", { precision: 12, scale: 3, mode: "number" }).notNull().default(1),
    unitPriceMinor: money("unit_price_minor").notNull(),
    taxRateBp: integer("tax_rate_bp").notNull().default(0),
    amountMinor: money("amount_minor").notNull(),
    inventoryItemId: text("inventory_item_id"),
  },
  (t) => [
    ...businessTableExtras("bill_lines", t, businesses.id),
    tenantRef("bill_lines_bill_id_fk", t, t.billId, bills, "cascade"),
    check("bill_lines_quantity_check", sql`${t.quantity} > 0`),
    nonNegative("bill_lines_tax_rate_bp_check", t.taxRateBp),
    index("bill_lines_bill_idx").on(t.businessId, t.billId, t.position),
    index("bill_lines_item_idx").on(t.businessId, t.inventoryItemId),
  ],
);

export const TRANSACTION_STATUSES = ["pending", "posted"] as const;
/**
 * A movement of money on an account: amount is signed (+ in, − out) in the account's currency. May name the
 * customer or vendor and the invoice or bill it settles. A ledger row: corrected or deleted, never archived.
 */
export const transactions = pgTable(
  "transactions",
  {
    ...businessColumns("txn"),
    ...sourceColumns(),
    accountId: text("account_id").notNull(),
    postedOn: date("posted_on", { mode: "string" }).notNull(),
    amountMinor: money("amount_minor").notNull(),
    currency: currency(),
    description: text("description").notNull(),
    counterparty: text("counterparty"),
    category: text("category"),
    status: enumText("status", TRANSACTION_STATUSES).notNull().default("posted"),
    customerId: text("customer_id"),
    vendorId: text("vendor_id"),
    invoiceId: text("invoice_id"),
    billId: text("bill_id"),
    memo: text("memo"),
    search: searchVector(["description", "counterparty", "memo"]),
  },
  (t) => [
    ...businessTableExtras("transactions", t, businesses.id),
    tenantRef("transactions_account_id_fk", t, t.accountId, accounts, "no action"),
    tenantRef("transactions_customer_id_fk", t, t.customerId, customers, "no action"),
    tenantRef("transactions_vendor_id_fk", t, t.vendorId, vendors, "no action"),
    tenantRef("transactions_invoice_id_fk", t, t.invoiceId, invoices, "no action"),
    tenantRef("transactions_bill_id_fk", t, t.billId, bills, "no action"),
    oneOf("transactions_status_check", t.status, TRANSACTION_STATUSES),
    index("transactions_posted_idx").on(t.businessId, t.postedOn),
    index("transactions_account_posted_idx").on(t.businessId, t.accountId, t.postedOn),
    // Most transactions settle nothing: partial indexes keep bulk bank imports cheap.
    index("transactions_customer_idx").on(t.businessId, t.customerId).where(sql`${t.customerId} is not null`),
    index("transactions_vendor_idx").on(t.businessId, t.vendorId).where(sql`${t.vendorId} is not null`),
    index("transactions_invoice_idx").on(t.businessId, t.invoiceId).where(sql`${t.invoiceId} is not null`),
    index("transactions_bill_idx").on(t.businessId, t.billId).where(sql`${t.billId} is not null`),
  ],
);

export const BUDGET_KINDS = ["expense", "income"] as const;
/** A planned amount for one category over one period (a month, a quarter…), compared against transactions. */
export const budgetLines = pgTable(
  "budget_lines",
  {
    ...businessColumns("bud"),
    ...sourceColumns(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    kind: enumText("kind", BUDGET_KINDS).notNull().default("expense"),
    category: text("category").notNull(),
    amountMinor: money("amount_minor").notNull(),
    currency: currency(),
    notes: text("notes"),
  },
  (t) => [
    ...businessTableExtras("budget_lines", t, businesses.id),
    oneOf("budget_lines_kind_check", t.kind, BUDGET_KINDS),
    nonNegative("budget_lines_amount_minor_check", t.amountMinor),
    check("budget_lines_period_check", sql`${t.periodEnd} >= ${t.periodStart}`),
    index("budget_lines_period_idx").on(t.businessId, t.periodStart),
    index("budget_lines_category_idx").on(t.businessId, t.category, t.periodStart),
  ],
);

export const TAX_KINDS = ["sales_tax", "vat", "income", "payroll", "other"] as const;
export const TAX_STATUSES = ["estimated", "filed", "paid"] as const;
/** One tax obligation for a period and jurisdiction. `tax_minor` is signed: negative is a refund due. */
export const taxRecords = pgTable(
  "tax_records",
  {
    ...businessColumns("tax"),
    ...sourceColumns(),
    kind: enumText("kind", TAX_KINDS).notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    jurisdiction: text("jurisdiction"),
    taxableMinor: money("taxable_minor"),
    taxMinor: money("tax_minor").notNull().default(0),
    currency: currency(),
    status: enumText("status", TAX_STATUSES).notNull().default("estimated"),
    dueOn: date("due_on", { mode: "string" }),
    filedOn: date("filed_on", { mode: "string" }),
    paidOn: date("paid_on", { mode: "string" }),
    reference: text("reference"),
    notes: text("notes"),
    archivedAt: tstz("archived_at"),
  },
  (t) => [
    ...businessTableExtras("tax_records", t, businesses.id),
    oneOf("tax_records_kind_check", t.kind, TAX_KINDS),
    oneOf("tax_records_status_check", t.status, TAX_STATUSES),
    nonNegative("tax_records_taxable_minor_check", t.taxableMinor),
    check("tax_records_period_check", sql`${t.periodEnd} >= ${t.periodStart}`),
    index("tax_records_due_idx").on(t.businessId, t.dueOn),
    index("tax_records_period_idx").on(t.businessId, t.kind, t.periodStart),
  ],
);
