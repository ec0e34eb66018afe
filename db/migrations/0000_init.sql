-- Extensions the schema and search rely on (drizzle-kit does not emit CREATE EXTENSION).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "ai_actions" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"thread_id" text,
	"tool" text NOT NULL,
	"input" jsonb NOT NULL,
	"preview" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by_user_id" text,
	"approver_roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"from_untrusted_content" boolean DEFAULT false NOT NULL,
	"decided_by_user_id" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"expires_at" timestamp with time zone,
	"idempotency_key" text NOT NULL,
	"result" jsonb,
	"error" text,
	"executed_at" timestamp with time zone,
	CONSTRAINT "ai_actions_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "ai_actions_status_check" CHECK ("status" in ('proposed', 'approved', 'rejected', 'expired', 'executing', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"display_prefix" text NOT NULL,
	"read_only" boolean DEFAULT false NOT NULL,
	"toolsets" text[],
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "businesses" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"legal_name" text,
	"industry" text,
	"description" text,
	"country" text DEFAULT 'US' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"fiscal_year_start_month" integer DEFAULT 1 NOT NULL,
	"email" text,
	"phone" text,
	"website" text,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "businesses_currency_check" CHECK ("businesses"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "businesses_fiscal_month_check" CHECK ("businesses"."fiscal_year_start_month" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "chat_identities" (
	"id" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"team_id" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_identities_platform_check" CHECK ("platform" in ('slack', 'discord'))
);
--> statement-breakpoint
CREATE TABLE "document_chunks" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"file_id" text,
	"record_id" text,
	"record_type" text,
	"ordinal" integer DEFAULT 0 NOT NULL,
	"content" text NOT NULL,
	"token_count" integer DEFAULT 0 NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(content::text, '')), 'A')) STORED NOT NULL,
	CONSTRAINT "document_chunks_pkey" PRIMARY KEY("business_id","id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"seq" integer NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"tool" text,
	"entity_type" text,
	"entity_id" text,
	"input_digest" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "events_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "events_actor_type_check" CHECK ("actor_type" in ('user', 'ai', 'integration', 'system'))
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"title" text,
	"description" text,
	"mime_type" text DEFAULT 'application/octet-stream' NOT NULL,
	"size_bytes" integer DEFAULT 0 NOT NULL,
	"storage_key" text,
	"sha256" text,
	"text_content" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(description::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(text_content::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "files_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "files_size_check" CHECK ("files"."size_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'disabled' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets_encrypted" text,
	"last_sync_at" timestamp with time zone,
	CONSTRAINT "integrations_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "integrations_status_check" CHECK ("status" in ('disabled', 'enabled', 'error'))
);
--> statement-breakpoint
CREATE TABLE "links" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_id" text NOT NULL,
	"from_type" text NOT NULL,
	"to_id" text NOT NULL,
	"to_type" text NOT NULL,
	"kind" text DEFAULT 'related' NOT NULL,
	"note" text,
	CONSTRAINT "links_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "links_not_self_check" CHECK ("links"."from_id" <> "links"."to_id")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_role_check" CHECK ("role" in ('owner', 'manager', 'staff', 'accountant'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"thread_id" text NOT NULL,
	"role" text NOT NULL,
	"user_id" text,
	"content" jsonb NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"input_tokens" integer,
	"output_tokens" integer,
	CONSTRAINT "messages_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "messages_role_check" CHECK ("role" in ('user', 'assistant'))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"action_id" text,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"done_at" timestamp with time zone,
	CONSTRAINT "outbox_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "outbox_status_check" CHECK ("status" in ('pending', 'processing', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"integration_id" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	CONSTRAINT "sync_runs_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "sync_runs_status_check" CHECK ("status" in ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "taggings" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tag_id" text NOT NULL,
	"record_id" text NOT NULL,
	"record_type" text NOT NULL,
	CONSTRAINT "taggings_pkey" PRIMARY KEY("business_id","id")
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"color" text,
	CONSTRAINT "tags_pkey" PRIMARY KEY("business_id","id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"due_at" timestamp with time zone,
	"remind_at" timestamp with time zone,
	"assignee_user_id" text,
	"created_by_user_id" text,
	"related_id" text,
	"completed_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(description::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "tasks_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "tasks_status_check" CHECK ("status" in ('open', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "tasks_priority_check" CHECK ("priority" in ('low', 'normal', 'high', 'urgent'))
);
--> statement-breakpoint
CREATE TABLE "threads" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"surface" text NOT NULL,
	"surface_key" text NOT NULL,
	"user_id" text,
	"title" text,
	"summary" text,
	"summarized_through_id" text,
	CONSTRAINT "threads_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "threads_surface_check" CHECK ("surface" in ('slack', 'discord', 'mcp', 'web', 'cli'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"institution" text,
	"mask" text,
	"currency" text DEFAULT 'USD' NOT NULL,
	"opening_balance_minor" bigint DEFAULT 0 NOT NULL,
	"current_balance_minor" bigint DEFAULT 0 NOT NULL,
	"balance_as_of" timestamp with time zone,
	"is_active" boolean DEFAULT true NOT NULL,
	"notes" text,
	"archived_at" timestamp with time zone,
	CONSTRAINT "accounts_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "accounts_currency_check" CHECK ("accounts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "accounts_kind_check" CHECK ("kind" in ('bank', 'credit', 'cash', 'other')),
	CONSTRAINT "accounts_mask_check" CHECK ("accounts"."mask" ~ '^[0-9A-Za-z]{1,4}$')
);
--> statement-breakpoint
CREATE TABLE "bill_lines" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"bill_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"description" text NOT NULL,
	"category" text,
	"quantity" numeric(12, 3) DEFAULT 1 NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint NOT NULL,
	"inventory_item_id" text,
	CONSTRAINT "bill_lines_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "bill_lines_quantity_check" CHECK ("bill_lines"."quantity" > 0),
	CONSTRAINT "bill_lines_tax_rate_bp_check" CHECK ("bill_lines"."tax_rate_bp" >= 0)
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"number" text,
	"vendor_id" text NOT NULL,
	"issue_date" date DEFAULT current_date NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"amount_paid_minor" bigint DEFAULT 0 NOT NULL,
	"paid_on" date,
	"category" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(number::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(category::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "bills_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "bills_currency_check" CHECK ("bills"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "bills_status_check" CHECK ("status" in ('draft', 'open', 'paid', 'overdue', 'void')),
	CONSTRAINT "bills_subtotal_minor_check" CHECK ("bills"."subtotal_minor" >= 0),
	CONSTRAINT "bills_tax_minor_check" CHECK ("bills"."tax_minor" >= 0),
	CONSTRAINT "bills_total_minor_check" CHECK ("bills"."total_minor" >= 0),
	CONSTRAINT "bills_amount_paid_minor_check" CHECK ("bills"."amount_paid_minor" >= 0),
	CONSTRAINT "bills_dates_check" CHECK ("bills"."due_date" >= "bills"."issue_date")
);
--> statement-breakpoint
CREATE TABLE "budget_lines" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"kind" text DEFAULT 'expense' NOT NULL,
	"category" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"notes" text,
	CONSTRAINT "budget_lines_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "budget_lines_currency_check" CHECK ("budget_lines"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "budget_lines_kind_check" CHECK ("kind" in ('expense', 'income')),
	CONSTRAINT "budget_lines_amount_minor_check" CHECK ("budget_lines"."amount_minor" >= 0),
	CONSTRAINT "budget_lines_period_check" CHECK ("budget_lines"."period_end" >= "budget_lines"."period_start")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"company" text,
	"website" text,
	"billing_address" text,
	"tax_id" text,
	"currency" text DEFAULT 'USD' NOT NULL,
	"payment_terms_days" integer DEFAULT 30 NOT NULL,
	"notes" text,
	"status" text DEFAULT 'active' NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(company::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(email::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "customers_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "customers_currency_check" CHECK ("customers"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "customers_status_check" CHECK ("status" in ('active', 'inactive')),
	CONSTRAINT "customers_payment_terms_days_check" CHECK ("customers"."payment_terms_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"invoice_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"description" text NOT NULL,
	"quantity" numeric(12, 3) DEFAULT 1 NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint NOT NULL,
	"inventory_item_id" text,
	CONSTRAINT "invoice_lines_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "invoice_lines_quantity_check" CHECK ("invoice_lines"."quantity" > 0),
	CONSTRAINT "invoice_lines_tax_rate_bp_check" CHECK ("invoice_lines"."tax_rate_bp" >= 0)
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"number" text NOT NULL,
	"customer_id" text NOT NULL,
	"issue_date" date DEFAULT current_date NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"amount_paid_minor" bigint DEFAULT 0 NOT NULL,
	"paid_on" date,
	"sent_at" timestamp with time zone,
	"notes" text,
	"terms" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(number::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "invoices_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "invoices_currency_check" CHECK ("invoices"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "invoices_status_check" CHECK ("status" in ('draft', 'sent', 'paid', 'overdue', 'void')),
	CONSTRAINT "invoices_subtotal_minor_check" CHECK ("invoices"."subtotal_minor" >= 0),
	CONSTRAINT "invoices_tax_minor_check" CHECK ("invoices"."tax_minor" >= 0),
	CONSTRAINT "invoices_total_minor_check" CHECK ("invoices"."total_minor" >= 0),
	CONSTRAINT "invoices_amount_paid_minor_check" CHECK ("invoices"."amount_paid_minor" >= 0),
	CONSTRAINT "invoices_dates_check" CHECK ("invoices"."due_date" >= "invoices"."issue_date")
);
--> statement-breakpoint
CREATE TABLE "tax_records" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"jurisdiction" text,
	"taxable_minor" bigint,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'estimated' NOT NULL,
	"due_on" date,
	"filed_on" date,
	"paid_on" date,
	"reference" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	CONSTRAINT "tax_records_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "tax_records_currency_check" CHECK ("tax_records"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "tax_records_kind_check" CHECK ("kind" in ('sales_tax', 'vat', 'income', 'payroll', 'other')),
	CONSTRAINT "tax_records_status_check" CHECK ("status" in ('estimated', 'filed', 'paid')),
	CONSTRAINT "tax_records_taxable_minor_check" CHECK ("tax_records"."taxable_minor" >= 0),
	CONSTRAINT "tax_records_period_check" CHECK ("tax_records"."period_end" >= "tax_records"."period_start")
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"account_id" text NOT NULL,
	"posted_on" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"description" text NOT NULL,
	"counterparty" text,
	"category" text,
	"status" text DEFAULT 'posted' NOT NULL,
	"customer_id" text,
	"vendor_id" text,
	"invoice_id" text,
	"bill_id" text,
	"memo" text,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(description::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(counterparty::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(memo::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "transactions_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "transactions_currency_check" CHECK ("transactions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "transactions_status_check" CHECK ("status" in ('pending', 'posted'))
);
--> statement-breakpoint
CREATE TABLE "vendors" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"contact_name" text,
	"email" text,
	"phone" text,
	"website" text,
	"address" text,
	"tax_id" text,
	"category" text,
	"payment_terms_days" integer DEFAULT 30 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"notes" text,
	"status" text DEFAULT 'active' NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(contact_name::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(category::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(email::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "vendors_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "vendors_currency_check" CHECK ("vendors"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "vendors_status_check" CHECK ("status" in ('active', 'inactive')),
	CONSTRAINT "vendors_payment_terms_days_check" CHECK ("vendors"."payment_terms_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"counterparty" text,
	"customer_id" text,
	"vendor_id" text,
	"legal_entity_id" text,
	"signed_on" date,
	"starts_on" date,
	"ends_on" date,
	"renewal" text DEFAULT 'none' NOT NULL,
	"notice_days" integer,
	"value_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"owner_user_id" text,
	"file_id" text,
	"summary" text,
	"body" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(counterparty::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(summary::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "contracts_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "contracts_currency_check" CHECK ("contracts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "contracts_kind_check" CHECK ("kind" in ('client', 'vendor', 'internal', 'employment', 'lease', 'nda', 'other')),
	CONSTRAINT "contracts_renewal_check" CHECK ("renewal" in ('auto', 'manual', 'none')),
	CONSTRAINT "contracts_status_check" CHECK ("status" in ('draft', 'active', 'expired', 'terminated')),
	CONSTRAINT "contracts_notice_days_check" CHECK ("contracts"."notice_days" >= 0),
	CONSTRAINT "contracts_value_minor_check" CHECK ("contracts"."value_minor" >= 0),
	CONSTRAINT "contracts_dates_check" CHECK ("contracts"."ends_on" >= "contracts"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "legal_entities" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"jurisdiction" text,
	"registration_number" text,
	"tax_id" text,
	"formed_on" date,
	"registered_agent" text,
	"status" text DEFAULT 'active' NOT NULL,
	"address" text,
	"parent_id" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(registration_number::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(jurisdiction::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "legal_entities_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "legal_entities_kind_check" CHECK ("kind" in ('llc', 'corp', 's_corp', 'sole_prop', 'partnership', 'dba', 'nonprofit', 'other')),
	CONSTRAINT "legal_entities_status_check" CHECK ("status" in ('pending', 'active', 'inactive', 'dissolved')),
	CONSTRAINT "legal_entities_not_own_parent_check" CHECK ("legal_entities"."parent_id" <> "legal_entities"."id")
);
--> statement-breakpoint
CREATE TABLE "licenses_permits" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"kind" text DEFAULT 'business_license' NOT NULL,
	"issuer" text,
	"number" text,
	"issued_on" date,
	"expires_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"renewal_cost_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"legal_entity_id" text,
	"file_id" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(issuer::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(number::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "licenses_permits_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "licenses_permits_currency_check" CHECK ("licenses_permits"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "licenses_permits_kind_check" CHECK ("kind" in ('business_license', 'professional_license', 'permit', 'registration', 'certification', 'other')),
	CONSTRAINT "licenses_permits_status_check" CHECK ("status" in ('active', 'expired', 'pending', 'revoked')),
	CONSTRAINT "licenses_permits_renewal_cost_minor_check" CHECK ("licenses_permits"."renewal_cost_minor" >= 0),
	CONSTRAINT "licenses_permits_dates_check" CHECK ("licenses_permits"."expires_on" >= "licenses_permits"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"version" text,
	"effective_on" date,
	"review_on" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"owner_user_id" text,
	"file_id" text,
	"summary" text,
	"body" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(summary::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "policies_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "policies_kind_check" CHECK ("kind" in ('handbook', 'compliance', 'privacy', 'security', 'safety', 'other')),
	CONSTRAINT "policies_status_check" CHECK ("status" in ('draft', 'active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "ad_accounts" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"platform" text NOT NULL,
	"name" text NOT NULL,
	"account_ref" text,
	"currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "ad_accounts_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "ad_accounts_currency_check" CHECK ("ad_accounts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "ad_accounts_platform_check" CHECK ("platform" in ('google', 'meta', 'linkedin', 'tiktok', 'other')),
	CONSTRAINT "ad_accounts_status_check" CHECK ("status" in ('active', 'paused', 'disconnected', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "ad_creatives" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"ad_set_id" text NOT NULL,
	"name" text NOT NULL,
	"headline" text,
	"body" text,
	"call_to_action" text,
	"media_url" text,
	"destination_url" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(headline::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(call_to_action::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "ad_creatives_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "ad_creatives_status_check" CHECK ("status" in ('draft', 'active', 'paused', 'ended'))
);
--> statement-breakpoint
CREATE TABLE "ad_sets" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"ad_account_id" text NOT NULL,
	"campaign_id" text,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"audience" text,
	"daily_budget_minor" bigint,
	"lifetime_budget_minor" bigint,
	"spent_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"conversions" integer DEFAULT 0 NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"archived_at" timestamp with time zone,
	CONSTRAINT "ad_sets_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "ad_sets_currency_check" CHECK ("ad_sets"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "ad_sets_status_check" CHECK ("status" in ('draft', 'active', 'paused', 'ended')),
	CONSTRAINT "ad_sets_daily_budget_minor_check" CHECK ("ad_sets"."daily_budget_minor" >= 0),
	CONSTRAINT "ad_sets_lifetime_budget_minor_check" CHECK ("ad_sets"."lifetime_budget_minor" >= 0),
	CONSTRAINT "ad_sets_spent_minor_check" CHECK ("ad_sets"."spent_minor" >= 0),
	CONSTRAINT "ad_sets_impressions_check" CHECK ("ad_sets"."impressions" >= 0),
	CONSTRAINT "ad_sets_clicks_check" CHECK ("ad_sets"."clicks" >= 0),
	CONSTRAINT "ad_sets_conversions_check" CHECK ("ad_sets"."conversions" >= 0),
	CONSTRAINT "ad_sets_dates_check" CHECK ("ad_sets"."ends_on" >= "ad_sets"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"channel" text DEFAULT 'other' NOT NULL,
	"objective" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"budget_minor" bigint,
	"spent_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"target_audience" text,
	"owner_user_id" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(objective::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(target_audience::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "campaigns_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "campaigns_currency_check" CHECK ("campaigns"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "campaigns_channel_check" CHECK ("channel" in ('email', 'social', 'ads', 'events', 'content', 'other')),
	CONSTRAINT "campaigns_status_check" CHECK ("status" in ('planned', 'active', 'paused', 'completed')),
	CONSTRAINT "campaigns_budget_minor_check" CHECK ("campaigns"."budget_minor" >= 0),
	CONSTRAINT "campaigns_spent_minor_check" CHECK ("campaigns"."spent_minor" >= 0),
	CONSTRAINT "campaigns_dates_check" CHECK ("campaigns"."ends_on" >= "campaigns"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"social_account_id" text,
	"campaign_id" text,
	"body" text DEFAULT '' NOT NULL,
	"media_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'idea' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"url" text,
	"error" text,
	"author_user_id" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'A')) STORED NOT NULL,
	CONSTRAINT "posts_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "posts_status_check" CHECK ("status" in ('idea', 'draft', 'scheduled', 'published', 'failed')),
	CONSTRAINT "posts_scheduled_at_check" CHECK ("posts"."status" <> 'scheduled' or "posts"."scheduled_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "social_accounts" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"platform" text NOT NULL,
	"handle" text NOT NULL,
	"display_name" text,
	"profile_url" text,
	"followers" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "social_accounts_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "social_accounts_platform_check" CHECK ("platform" in ('x', 'instagram', 'facebook', 'linkedin', 'tiktok', 'mastodon', 'youtube', 'other')),
	CONSTRAINT "social_accounts_status_check" CHECK ("status" in ('active', 'disconnected', 'inactive')),
	CONSTRAINT "social_accounts_followers_check" CHECK ("social_accounts"."followers" >= 0)
);
--> statement-breakpoint
CREATE TABLE "social_metrics" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"post_id" text,
	"social_account_id" text NOT NULL,
	"measured_on" date NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"reach" integer DEFAULT 0 NOT NULL,
	"engagements" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"likes" integer DEFAULT 0 NOT NULL,
	"shares" integer DEFAULT 0 NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	"followers" integer,
	CONSTRAINT "social_metrics_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "social_metrics_impressions_check" CHECK ("social_metrics"."impressions" >= 0),
	CONSTRAINT "social_metrics_reach_check" CHECK ("social_metrics"."reach" >= 0),
	CONSTRAINT "social_metrics_engagements_check" CHECK ("social_metrics"."engagements" >= 0),
	CONSTRAINT "social_metrics_clicks_check" CHECK ("social_metrics"."clicks" >= 0),
	CONSTRAINT "social_metrics_likes_check" CHECK ("social_metrics"."likes" >= 0),
	CONSTRAINT "social_metrics_shares_check" CHECK ("social_metrics"."shares" >= 0),
	CONSTRAINT "social_metrics_comments_check" CHECK ("social_metrics"."comments" >= 0),
	CONSTRAINT "social_metrics_followers_check" CHECK ("social_metrics"."followers" >= 0)
);
--> statement-breakpoint
CREATE TABLE "equipment" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"kind" text,
	"serial_number" text,
	"location" text,
	"purchased_on" date,
	"purchase_cost_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'in_service' NOT NULL,
	"maintenance_interval_days" integer,
	"last_maintained_on" date,
	"next_maintenance_on" date,
	"vendor_id" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(kind::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(serial_number::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(location::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "equipment_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "equipment_currency_check" CHECK ("equipment"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "equipment_status_check" CHECK ("status" in ('in_service', 'out_of_service', 'retired')),
	CONSTRAINT "equipment_purchase_cost_minor_check" CHECK ("equipment"."purchase_cost_minor" >= 0),
	CONSTRAINT "equipment_maintenance_interval_days_check" CHECK ("equipment"."maintenance_interval_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_items" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"unit" text DEFAULT 'each' NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reorder_point" integer DEFAULT 0 NOT NULL,
	"reorder_quantity" integer DEFAULT 0 NOT NULL,
	"unit_cost_minor" bigint,
	"unit_price_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"vendor_id" text,
	"location" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(sku::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(category::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "inventory_items_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "inventory_items_currency_check" CHECK ("inventory_items"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "inventory_items_on_hand_check" CHECK ("inventory_items"."on_hand" >= 0),
	CONSTRAINT "inventory_items_reorder_point_check" CHECK ("inventory_items"."reorder_point" >= 0),
	CONSTRAINT "inventory_items_reorder_quantity_check" CHECK ("inventory_items"."reorder_quantity" >= 0),
	CONSTRAINT "inventory_items_unit_cost_minor_check" CHECK ("inventory_items"."unit_cost_minor" >= 0),
	CONSTRAINT "inventory_items_unit_price_minor_check" CHECK ("inventory_items"."unit_price_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "inventory_movements" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"item_id" text NOT NULL,
	"moved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_cost_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"reference_id" text,
	"note" text,
	CONSTRAINT "inventory_movements_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "inventory_movements_currency_check" CHECK ("inventory_movements"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "inventory_movements_kind_check" CHECK ("kind" in ('receipt', 'sale', 'adjustment', 'return', 'transfer', 'waste')),
	CONSTRAINT "inventory_movements_quantity_check" CHECK ("inventory_movements"."quantity" <> 0),
	CONSTRAINT "inventory_movements_sign_check" CHECK (("inventory_movements"."kind" <> 'receipt' or "inventory_movements"."quantity" > 0) and ("inventory_movements"."kind" not in ('sale', 'waste') or "inventory_movements"."quantity" < 0)),
	CONSTRAINT "inventory_movements_unit_cost_minor_check" CHECK ("inventory_movements"."unit_cost_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "maintenance_events" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"equipment_id" text NOT NULL,
	"kind" text DEFAULT 'preventive' NOT NULL,
	"scheduled_on" date,
	"performed_on" date,
	"cost_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"vendor_id" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"notes" text,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'A')) STORED NOT NULL,
	CONSTRAINT "maintenance_events_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "maintenance_events_currency_check" CHECK ("maintenance_events"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "maintenance_events_kind_check" CHECK ("kind" in ('preventive', 'repair', 'inspection')),
	CONSTRAINT "maintenance_events_status_check" CHECK ("status" in ('scheduled', 'done', 'cancelled')),
	CONSTRAINT "maintenance_events_cost_minor_check" CHECK ("maintenance_events"."cost_minor" >= 0),
	CONSTRAINT "maintenance_events_date_check" CHECK ("maintenance_events"."scheduled_on" is not null or "maintenance_events"."performed_on" is not null),
	CONSTRAINT "maintenance_events_done_check" CHECK ("maintenance_events"."status" <> 'done' or "maintenance_events"."performed_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "purchase_order_lines" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"po_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"item_id" text,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"quantity_received" integer DEFAULT 0 NOT NULL,
	"unit_cost_minor" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "purchase_order_lines_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "purchase_order_lines_quantity_check" CHECK ("purchase_order_lines"."quantity" > 0),
	CONSTRAINT "purchase_order_lines_quantity_received_check" CHECK ("purchase_order_lines"."quantity_received" >= 0),
	CONSTRAINT "purchase_order_lines_unit_cost_minor_check" CHECK ("purchase_order_lines"."unit_cost_minor" >= 0),
	CONSTRAINT "purchase_order_lines_amount_minor_check" CHECK ("purchase_order_lines"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"number" text NOT NULL,
	"vendor_id" text NOT NULL,
	"ordered_on" date,
	"expected_on" date,
	"received_on" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(number::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "purchase_orders_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "purchase_orders_currency_check" CHECK ("purchase_orders"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "purchase_orders_status_check" CHECK ("status" in ('draft', 'ordered', 'partial', 'received', 'cancelled')),
	CONSTRAINT "purchase_orders_total_minor_check" CHECK ("purchase_orders"."total_minor" >= 0),
	CONSTRAINT "purchase_orders_dates_check" CHECK ("purchase_orders"."expected_on" >= "purchase_orders"."ordered_on")
);
--> statement-breakpoint
CREATE TABLE "sops" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"title" text NOT NULL,
	"category" text,
	"version" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"owner_user_id" text,
	"body" text,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewed_on" date,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(category::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(steps::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "sops_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "sops_status_check" CHECK ("status" in ('draft', 'active', 'retired')),
	CONSTRAINT "sops_steps_check" CHECK (jsonb_typeof("sops"."steps") = 'array')
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"first_name" text NOT NULL,
	"last_name" text,
	"email" text,
	"phone" text,
	"position_id" text,
	"manager_id" text,
	"department" text,
	"employment_type" text DEFAULT 'full_time' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"hired_on" date,
	"terminated_on" date,
	"salary_minor" bigint,
	"hourly_rate_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"user_id" text,
	"location" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(first_name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(last_name::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(email::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(department::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(location::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "employees_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "employees_currency_check" CHECK ("employees"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "employees_employment_type_check" CHECK ("employment_type" in ('full_time', 'part_time', 'contractor', 'intern')),
	CONSTRAINT "employees_status_check" CHECK ("status" in ('active', 'on_leave', 'terminated')),
	CONSTRAINT "employees_salary_minor_check" CHECK ("employees"."salary_minor" >= 0),
	CONSTRAINT "employees_hourly_rate_minor_check" CHECK ("employees"."hourly_rate_minor" >= 0),
	CONSTRAINT "employees_not_own_manager_check" CHECK ("employees"."manager_id" <> "employees"."id"),
	CONSTRAINT "employees_dates_check" CHECK ("employees"."terminated_on" >= "employees"."hired_on")
);
--> statement-breakpoint
CREATE TABLE "payroll_records" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"employee_id" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"pay_date" date NOT NULL,
	"gross_minor" bigint DEFAULT 0 NOT NULL,
	"taxes_minor" bigint DEFAULT 0 NOT NULL,
	"deductions_minor" bigint DEFAULT 0 NOT NULL,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"employer_cost_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"notes" text,
	CONSTRAINT "payroll_records_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "payroll_records_currency_check" CHECK ("payroll_records"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "payroll_records_status_check" CHECK ("status" in ('draft', 'approved', 'paid')),
	CONSTRAINT "payroll_records_gross_minor_check" CHECK ("payroll_records"."gross_minor" >= 0),
	CONSTRAINT "payroll_records_taxes_minor_check" CHECK ("payroll_records"."taxes_minor" >= 0),
	CONSTRAINT "payroll_records_deductions_minor_check" CHECK ("payroll_records"."deductions_minor" >= 0),
	CONSTRAINT "payroll_records_net_minor_check" CHECK ("payroll_records"."net_minor" >= 0),
	CONSTRAINT "payroll_records_employer_cost_minor_check" CHECK ("payroll_records"."employer_cost_minor" >= 0),
	CONSTRAINT "payroll_records_period_check" CHECK ("payroll_records"."period_end" >= "payroll_records"."period_start")
);
--> statement-breakpoint
CREATE TABLE "performance_notes" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"employee_id" text NOT NULL,
	"author_user_id" text,
	"kind" text DEFAULT 'feedback' NOT NULL,
	"rating" integer,
	"body" text NOT NULL,
	"noted_on" date DEFAULT current_date NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'A')) STORED NOT NULL,
	CONSTRAINT "performance_notes_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "performance_notes_kind_check" CHECK ("kind" in ('praise', 'feedback', 'review', 'warning', 'goal')),
	CONSTRAINT "performance_notes_rating_check" CHECK ("performance_notes"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"title" text NOT NULL,
	"department" text,
	"level" text,
	"description" text,
	"salary_min_minor" bigint,
	"salary_max_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"is_open" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(department::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(description::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "positions_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "positions_currency_check" CHECK ("positions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "positions_salary_min_minor_check" CHECK ("positions"."salary_min_minor" >= 0),
	CONSTRAINT "positions_salary_max_minor_check" CHECK ("positions"."salary_max_minor" >= 0),
	CONSTRAINT "positions_salary_band_check" CHECK ("positions"."salary_max_minor" >= "positions"."salary_min_minor")
);
--> statement-breakpoint
CREATE TABLE "time_off_requests" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"employee_id" text NOT NULL,
	"kind" text DEFAULT 'vacation' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"days" numeric(6, 2) NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"approver_user_id" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "time_off_requests_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "time_off_requests_kind_check" CHECK ("kind" in ('vacation', 'sick', 'personal', 'parental', 'unpaid', 'other')),
	CONSTRAINT "time_off_requests_status_check" CHECK ("status" in ('pending', 'approved', 'rejected', 'cancelled')),
	CONSTRAINT "time_off_requests_days_check" CHECK ("time_off_requests"."days" > 0),
	CONSTRAINT "time_off_requests_dates_check" CHECK ("time_off_requests"."ends_on" >= "time_off_requests"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "training_items" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"employee_id" text NOT NULL,
	"title" text NOT NULL,
	"kind" text DEFAULT 'skill' NOT NULL,
	"assigned_on" date DEFAULT current_date NOT NULL,
	"due_on" date,
	"completed_on" date,
	"status" text DEFAULT 'assigned' NOT NULL,
	"expires_on" date,
	"notes" text,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "training_items_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "training_items_kind_check" CHECK ("kind" in ('onboarding', 'compliance', 'safety', 'skill', 'certification')),
	CONSTRAINT "training_items_status_check" CHECK ("status" in ('assigned', 'in_progress', 'completed', 'overdue')),
	CONSTRAINT "training_items_completed_check" CHECK ("training_items"."status" <> 'completed' or "training_items"."completed_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"body" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_minutes" integer,
	"direction" text,
	"deal_id" text,
	"contact_id" text,
	"lead_id" text,
	"customer_id" text,
	"user_id" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(subject::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "activities_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "activities_kind_check" CHECK ("kind" in ('call', 'email', 'meeting', 'note', 'task')),
	CONSTRAINT "activities_direction_check" CHECK ("direction" in ('inbound', 'outbound', 'internal')),
	CONSTRAINT "activities_duration_minutes_check" CHECK ("activities"."duration_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"first_name" text NOT NULL,
	"last_name" text,
	"email" text,
	"phone" text,
	"title" text,
	"customer_id" text,
	"owner_user_id" text,
	"last_contacted_at" timestamp with time zone,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(first_name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(last_name::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(email::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "contacts_pkey" PRIMARY KEY("business_id","id")
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"customer_id" text,
	"contact_id" text,
	"pipeline_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"probability_bp" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"expected_close_on" date,
	"closed_on" date,
	"lost_reason" text,
	"owner_user_id" text,
	"lead_id" text,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(lost_reason::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "deals_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "deals_currency_check" CHECK ("deals"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "deals_status_check" CHECK ("status" in ('open', 'won', 'lost')),
	CONSTRAINT "deals_amount_minor_check" CHECK ("deals"."amount_minor" >= 0),
	CONSTRAINT "deals_probability_bp_check" CHECK ("deals"."probability_bp" between 0 and 10000),
	CONSTRAINT "deals_closed_on_check" CHECK ("deals"."status" = 'open' or "deals"."closed_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"company" text,
	"email" text,
	"phone" text,
	"source_channel" text DEFAULT 'other' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"score" integer,
	"estimated_value_minor" bigint,
	"currency" text DEFAULT 'USD' NOT NULL,
	"owner_user_id" text,
	"last_contacted_at" timestamp with time zone,
	"converted_contact_id" text,
	"converted_at" timestamp with time zone,
	"notes" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(company::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(email::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(notes::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "leads_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "leads_currency_check" CHECK ("leads"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "leads_source_channel_check" CHECK ("source_channel" in ('web', 'referral', 'event', 'outbound', 'social', 'ads', 'other')),
	CONSTRAINT "leads_status_check" CHECK ("status" in ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
	CONSTRAINT "leads_estimated_value_minor_check" CHECK ("leads"."estimated_value_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pipeline_stages" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"pipeline_id" text NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"probability_bp" integer DEFAULT 0 NOT NULL,
	"kind" text DEFAULT 'open' NOT NULL,
	CONSTRAINT "pipeline_stages_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "pipeline_stages_pipeline_stage_key" UNIQUE("business_id","pipeline_id","id"),
	CONSTRAINT "pipeline_stages_kind_check" CHECK ("kind" in ('open', 'won', 'lost')),
	CONSTRAINT "pipeline_stages_probability_bp_check" CHECK ("pipeline_stages"."probability_bp" between 0 and 10000),
	CONSTRAINT "pipeline_stages_position_check" CHECK ("pipeline_stages"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"description" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "pipelines_pkey" PRIMARY KEY("business_id","id")
);
--> statement-breakpoint
CREATE TABLE "ai_insights" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"severity" text DEFAULT 'info' NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"module" text,
	"refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"decided_by_user_id" text,
	"decided_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "ai_insights_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "ai_insights_kind_check" CHECK ("kind" in ('risk', 'opportunity', 'summary', 'recommendation', 'anomaly')),
	CONSTRAINT "ai_insights_severity_check" CHECK ("severity" in ('info', 'low', 'medium', 'high', 'critical')),
	CONSTRAINT "ai_insights_status_check" CHECK ("status" in ('new', 'acknowledged', 'dismissed', 'done'))
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"kpi_id" text,
	"unit" text,
	"target_value" numeric,
	"current_value" numeric,
	"start_on" date,
	"due_on" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"owner_user_id" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(description::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "goals_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "goals_unit_check" CHECK ("unit" in ('currency', 'count', 'percent', 'ratio', 'days')),
	CONSTRAINT "goals_status_check" CHECK ("status" in ('not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed')),
	CONSTRAINT "goals_dates_check" CHECK ("goals"."due_on" >= "goals"."start_on")
);
--> statement-breakpoint
CREATE TABLE "kpi_definitions" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"unit" text DEFAULT 'count' NOT NULL,
	"direction" text DEFAULT 'higher_is_better' NOT NULL,
	"target_value" numeric,
	"frequency" text DEFAULT 'monthly' NOT NULL,
	"formula" text,
	"module" text,
	"owner_user_id" text,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(key::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(description::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(formula::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "kpi_definitions_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "kpi_definitions_key_check" CHECK ("kpi_definitions"."key" ~ '^[a-z][a-z0-9_]*$'),
	CONSTRAINT "kpi_definitions_unit_check" CHECK ("unit" in ('currency', 'count', 'percent', 'ratio', 'days')),
	CONSTRAINT "kpi_definitions_direction_check" CHECK ("direction" in ('higher_is_better', 'lower_is_better')),
	CONSTRAINT "kpi_definitions_frequency_check" CHECK ("frequency" in ('daily', 'weekly', 'monthly', 'quarterly'))
);
--> statement-breakpoint
CREATE TABLE "kpi_values" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"kpi_id" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"value" numeric NOT NULL,
	"note" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_values_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "kpi_values_period_check" CHECK ("kpi_values"."period_end" >= "kpi_values"."period_start")
);
--> statement-breakpoint
CREATE TABLE "faqs" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"category" text,
	"position" integer DEFAULT 0 NOT NULL,
	"is_published" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(question::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(answer::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(category::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "faqs_pkey" PRIMARY KEY("business_id","id")
);
--> statement-breakpoint
CREATE TABLE "feedback_entries" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"customer_id" text,
	"contact_id" text,
	"ticket_id" text,
	"channel" text DEFAULT 'other' NOT NULL,
	"rating" integer,
	"comment" text,
	"author_name" text,
	"url" text,
	"received_on" date DEFAULT current_date NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(comment::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(author_name::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "feedback_entries_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "feedback_entries_channel_check" CHECK ("channel" in ('survey', 'review', 'ticket', 'social', 'other')),
	CONSTRAINT "feedback_entries_rating_check" CHECK ("feedback_entries"."rating" between 1 and 5),
	CONSTRAINT "feedback_entries_content_check" CHECK ("feedback_entries"."rating" is not null or "feedback_entries"."comment" is not null)
);
--> statement-breakpoint
CREATE TABLE "support_channels" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "support_channels_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "support_channels_kind_check" CHECK ("kind" in ('email', 'chat', 'phone', 'web', 'social'))
);
--> statement-breakpoint
CREATE TABLE "ticket_messages" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"ticket_id" text NOT NULL,
	"author_kind" text NOT NULL,
	"author_name" text,
	"author_user_id" text,
	"body" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_internal" boolean DEFAULT false NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(body::text, '')), 'A')) STORED NOT NULL,
	CONSTRAINT "ticket_messages_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "ticket_messages_author_kind_check" CHECK ("author_kind" in ('customer', 'agent', 'system')),
	CONSTRAINT "ticket_messages_internal_check" CHECK (not "ticket_messages"."is_internal" or "ticket_messages"."author_kind" <> 'customer')
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_id" text,
	"number" integer NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"channel_id" text,
	"customer_id" text,
	"contact_id" text,
	"requester_name" text,
	"requester_email" text,
	"assignee_user_id" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(subject::text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(requester_name::text, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(requester_email::text, '')), 'B')) STORED NOT NULL,
	CONSTRAINT "tickets_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "tickets_status_check" CHECK ("status" in ('open', 'pending', 'resolved', 'closed')),
	CONSTRAINT "tickets_priority_check" CHECK ("priority" in ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "tickets_number_check" CHECK ("tickets"."number" > 0)
);
--> statement-breakpoint
ALTER TABLE "ai_actions" ADD CONSTRAINT "ai_actions_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_actions" ADD CONSTRAINT "ai_actions_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_actions" ADD CONSTRAINT "ai_actions_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_actions" ADD CONSTRAINT "ai_actions_thread_fk" FOREIGN KEY ("business_id","thread_id") REFERENCES "public"."threads"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_identities" ADD CONSTRAINT "chat_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_file_fk" FOREIGN KEY ("business_id","file_id") REFERENCES "public"."files"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_thread_fk" FOREIGN KEY ("business_id","thread_id") REFERENCES "public"."threads"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_action_fk" FOREIGN KEY ("business_id","action_id") REFERENCES "public"."ai_actions"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_integration_fk" FOREIGN KEY ("business_id","integration_id") REFERENCES "public"."integrations"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taggings" ADD CONSTRAINT "taggings_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taggings" ADD CONSTRAINT "taggings_tag_fk" FOREIGN KEY ("business_id","tag_id") REFERENCES "public"."tags"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_lines" ADD CONSTRAINT "bill_lines_bill_id_fk" FOREIGN KEY ("business_id","bill_id") REFERENCES "public"."bills"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_vendor_id_fk" FOREIGN KEY ("business_id","vendor_id") REFERENCES "public"."vendors"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_fk" FOREIGN KEY ("business_id","invoice_id") REFERENCES "public"."invoices"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_records" ADD CONSTRAINT "tax_records_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_account_id_fk" FOREIGN KEY ("business_id","account_id") REFERENCES "public"."accounts"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_vendor_id_fk" FOREIGN KEY ("business_id","vendor_id") REFERENCES "public"."vendors"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_invoice_id_fk" FOREIGN KEY ("business_id","invoice_id") REFERENCES "public"."invoices"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_bill_id_fk" FOREIGN KEY ("business_id","bill_id") REFERENCES "public"."bills"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_vendor_id_fk" FOREIGN KEY ("business_id","vendor_id") REFERENCES "public"."vendors"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_legal_entity_id_fk" FOREIGN KEY ("business_id","legal_entity_id") REFERENCES "public"."legal_entities"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_file_id_fk" FOREIGN KEY ("business_id","file_id") REFERENCES "public"."files"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_entities" ADD CONSTRAINT "legal_entities_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_entities" ADD CONSTRAINT "legal_entities_parent_id_fk" FOREIGN KEY ("business_id","parent_id") REFERENCES "public"."legal_entities"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses_permits" ADD CONSTRAINT "licenses_permits_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses_permits" ADD CONSTRAINT "licenses_permits_legal_entity_id_fk" FOREIGN KEY ("business_id","legal_entity_id") REFERENCES "public"."legal_entities"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses_permits" ADD CONSTRAINT "licenses_permits_file_id_fk" FOREIGN KEY ("business_id","file_id") REFERENCES "public"."files"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_file_id_fk" FOREIGN KEY ("business_id","file_id") REFERENCES "public"."files"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_accounts" ADD CONSTRAINT "ad_accounts_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_creatives" ADD CONSTRAINT "ad_creatives_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_creatives" ADD CONSTRAINT "ad_creatives_ad_set_id_fk" FOREIGN KEY ("business_id","ad_set_id") REFERENCES "public"."ad_sets"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_sets" ADD CONSTRAINT "ad_sets_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_sets" ADD CONSTRAINT "ad_sets_ad_account_id_fk" FOREIGN KEY ("business_id","ad_account_id") REFERENCES "public"."ad_accounts"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_sets" ADD CONSTRAINT "ad_sets_campaign_id_fk" FOREIGN KEY ("business_id","campaign_id") REFERENCES "public"."campaigns"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_social_account_id_fk" FOREIGN KEY ("business_id","social_account_id") REFERENCES "public"."social_accounts"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_campaign_id_fk" FOREIGN KEY ("business_id","campaign_id") REFERENCES "public"."campaigns"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_accounts" ADD CONSTRAINT "social_accounts_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_metrics" ADD CONSTRAINT "social_metrics_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_metrics" ADD CONSTRAINT "social_metrics_post_id_fk" FOREIGN KEY ("business_id","post_id") REFERENCES "public"."posts"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_metrics" ADD CONSTRAINT "social_metrics_social_account_id_fk" FOREIGN KEY ("business_id","social_account_id") REFERENCES "public"."social_accounts"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_vendor_id_fk" FOREIGN KEY ("business_id","vendor_id") REFERENCES "public"."vendors"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_items" ADD CONSTRAINT "inventory_items_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_items" ADD CONSTRAINT "inventory_items_vendor_id_fk" FOREIGN KEY ("business_id","vendor_id") REFERENCES "public"."vendors"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_item_id_fk" FOREIGN KEY ("business_id","item_id") REFERENCES "public"."inventory_items"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_events" ADD CONSTRAINT "maintenance_events_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_events" ADD CONSTRAINT "maintenance_events_equipment_id_fk" FOREIGN KEY ("business_id","equipment_id") REFERENCES "public"."equipment"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_events" ADD CONSTRAINT "maintenance_events_vendor_id_fk" FOREIGN KEY ("business_id","vendor_id") REFERENCES "public"."vendors"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_po_id_fk" FOREIGN KEY ("business_id","po_id") REFERENCES "public"."purchase_orders"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_item_id_fk" FOREIGN KEY ("business_id","item_id") REFERENCES "public"."inventory_items"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_vendor_id_fk" FOREIGN KEY ("business_id","vendor_id") REFERENCES "public"."vendors"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sops" ADD CONSTRAINT "sops_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sops" ADD CONSTRAINT "sops_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_position_id_fk" FOREIGN KEY ("business_id","position_id") REFERENCES "public"."positions"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_manager_id_fk" FOREIGN KEY ("business_id","manager_id") REFERENCES "public"."employees"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_records" ADD CONSTRAINT "payroll_records_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payroll_records" ADD CONSTRAINT "payroll_records_employee_id_fk" FOREIGN KEY ("business_id","employee_id") REFERENCES "public"."employees"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_notes" ADD CONSTRAINT "performance_notes_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_notes" ADD CONSTRAINT "performance_notes_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_notes" ADD CONSTRAINT "performance_notes_employee_id_fk" FOREIGN KEY ("business_id","employee_id") REFERENCES "public"."employees"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_off_requests" ADD CONSTRAINT "time_off_requests_approver_user_id_users_id_fk" FOREIGN KEY ("approver_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_off_requests" ADD CONSTRAINT "time_off_requests_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_off_requests" ADD CONSTRAINT "time_off_requests_employee_id_fk" FOREIGN KEY ("business_id","employee_id") REFERENCES "public"."employees"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_items" ADD CONSTRAINT "training_items_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_items" ADD CONSTRAINT "training_items_employee_id_fk" FOREIGN KEY ("business_id","employee_id") REFERENCES "public"."employees"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_deal_id_fk" FOREIGN KEY ("business_id","deal_id") REFERENCES "public"."deals"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_contact_id_fk" FOREIGN KEY ("business_id","contact_id") REFERENCES "public"."contacts"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_lead_id_fk" FOREIGN KEY ("business_id","lead_id") REFERENCES "public"."leads"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_contact_id_fk" FOREIGN KEY ("business_id","contact_id") REFERENCES "public"."contacts"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_pipeline_id_fk" FOREIGN KEY ("business_id","pipeline_id") REFERENCES "public"."pipelines"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_stage_id_fk" FOREIGN KEY ("business_id","pipeline_id","stage_id") REFERENCES "public"."pipeline_stages"("business_id","pipeline_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_lead_id_fk" FOREIGN KEY ("business_id","lead_id") REFERENCES "public"."leads"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_converted_contact_id_fk" FOREIGN KEY ("business_id","converted_contact_id") REFERENCES "public"."contacts"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_pipeline_id_fk" FOREIGN KEY ("business_id","pipeline_id") REFERENCES "public"."pipelines"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_insights" ADD CONSTRAINT "ai_insights_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_insights" ADD CONSTRAINT "ai_insights_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_kpi_id_fk" FOREIGN KEY ("business_id","kpi_id") REFERENCES "public"."kpi_definitions"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_definitions" ADD CONSTRAINT "kpi_definitions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_definitions" ADD CONSTRAINT "kpi_definitions_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_values" ADD CONSTRAINT "kpi_values_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_values" ADD CONSTRAINT "kpi_values_kpi_id_fk" FOREIGN KEY ("business_id","kpi_id") REFERENCES "public"."kpi_definitions"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faqs" ADD CONSTRAINT "faqs_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_entries" ADD CONSTRAINT "feedback_entries_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_entries" ADD CONSTRAINT "feedback_entries_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_entries" ADD CONSTRAINT "feedback_entries_contact_id_fk" FOREIGN KEY ("business_id","contact_id") REFERENCES "public"."contacts"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_entries" ADD CONSTRAINT "feedback_entries_ticket_id_fk" FOREIGN KEY ("business_id","ticket_id") REFERENCES "public"."tickets"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_channels" ADD CONSTRAINT "support_channels_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_fk" FOREIGN KEY ("business_id","ticket_id") REFERENCES "public"."tickets"("business_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_channel_id_fk" FOREIGN KEY ("business_id","channel_id") REFERENCES "public"."support_channels"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_customer_id_fk" FOREIGN KEY ("business_id","customer_id") REFERENCES "public"."customers"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_contact_id_fk" FOREIGN KEY ("business_id","contact_id") REFERENCES "public"."contacts"("business_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_actions_idempotency_key" ON "ai_actions" USING btree ("business_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ai_actions_status_idx" ON "ai_actions" USING btree ("business_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "businesses_slug_key" ON "businesses" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_identities_platform_user_key" ON "chat_identities" USING btree ("platform","team_id","platform_user_id");--> statement-breakpoint
CREATE INDEX "document_chunks_search_idx" ON "document_chunks" USING gin ("search");--> statement-breakpoint
CREATE INDEX "document_chunks_record_idx" ON "document_chunks" USING btree ("business_id","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_business_seq_key" ON "events" USING btree ("business_id","seq");--> statement-breakpoint
CREATE INDEX "events_entity_idx" ON "events" USING btree ("business_id","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "files_source_external_key" ON "files" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "files_search_idx" ON "files" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "links_from_to_kind_key" ON "links" USING btree ("business_id","from_id","to_id","kind");--> statement-breakpoint
CREATE INDEX "links_to_idx" ON "links" USING btree ("business_id","to_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_business_user_key" ON "memberships" USING btree ("business_id","user_id");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "messages_thread_idx" ON "messages" USING btree ("business_id","thread_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency_key" ON "outbox" USING btree ("business_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("status","available_at");--> statement-breakpoint
CREATE UNIQUE INDEX "taggings_tag_record_key" ON "taggings" USING btree ("business_id","tag_id","record_id");--> statement-breakpoint
CREATE INDEX "taggings_record_idx" ON "taggings" USING btree ("business_id","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_business_name_key" ON "tags" USING btree ("business_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_source_external_key" ON "tasks" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "tasks_search_idx" ON "tasks" USING gin ("search");--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tasks" USING btree ("business_id","status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "threads_surface_key" ON "threads" USING btree ("business_id","surface","surface_key");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_source_external_key" ON "accounts" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "bill_lines_bill_idx" ON "bill_lines" USING btree ("business_id","bill_id","position");--> statement-breakpoint
CREATE INDEX "bill_lines_item_idx" ON "bill_lines" USING btree ("business_id","inventory_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_source_external_key" ON "bills" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "bills_search_idx" ON "bills" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_vendor_number_key" ON "bills" USING btree ("business_id","vendor_id","number");--> statement-breakpoint
CREATE INDEX "bills_status_due_idx" ON "bills" USING btree ("business_id","status","due_date");--> statement-breakpoint
CREATE INDEX "bills_due_idx" ON "bills" USING btree ("business_id","due_date");--> statement-breakpoint
CREATE INDEX "bills_issue_idx" ON "bills" USING btree ("business_id","issue_date");--> statement-breakpoint
CREATE INDEX "bills_category_idx" ON "bills" USING btree ("business_id","category");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_lines_source_external_key" ON "budget_lines" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "budget_lines_period_idx" ON "budget_lines" USING btree ("business_id","period_start");--> statement-breakpoint
CREATE INDEX "budget_lines_category_idx" ON "budget_lines" USING btree ("business_id","category","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_source_external_key" ON "customers" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "customers_search_idx" ON "customers" USING gin ("search");--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("business_id","name");--> statement-breakpoint
CREATE INDEX "customers_status_idx" ON "customers" USING btree ("business_id","status");--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_idx" ON "invoice_lines" USING btree ("business_id","invoice_id","position");--> statement-breakpoint
CREATE INDEX "invoice_lines_item_idx" ON "invoice_lines" USING btree ("business_id","inventory_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_source_external_key" ON "invoices" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "invoices_search_idx" ON "invoices" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("business_id","number");--> statement-breakpoint
CREATE INDEX "invoices_status_due_idx" ON "invoices" USING btree ("business_id","status","due_date");--> statement-breakpoint
CREATE INDEX "invoices_due_idx" ON "invoices" USING btree ("business_id","due_date");--> statement-breakpoint
CREATE INDEX "invoices_paid_idx" ON "invoices" USING btree ("business_id","paid_on");--> statement-breakpoint
CREATE INDEX "invoices_issue_idx" ON "invoices" USING btree ("business_id","issue_date");--> statement-breakpoint
CREATE INDEX "invoices_customer_idx" ON "invoices" USING btree ("business_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_records_source_external_key" ON "tax_records" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "tax_records_due_idx" ON "tax_records" USING btree ("business_id","due_on");--> statement-breakpoint
CREATE INDEX "tax_records_period_idx" ON "tax_records" USING btree ("business_id","kind","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_source_external_key" ON "transactions" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "transactions_search_idx" ON "transactions" USING gin ("search");--> statement-breakpoint
CREATE INDEX "transactions_posted_idx" ON "transactions" USING btree ("business_id","posted_on");--> statement-breakpoint
CREATE INDEX "transactions_account_posted_idx" ON "transactions" USING btree ("business_id","account_id","posted_on");--> statement-breakpoint
CREATE INDEX "transactions_customer_idx" ON "transactions" USING btree ("business_id","customer_id") WHERE "transactions"."customer_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_vendor_idx" ON "transactions" USING btree ("business_id","vendor_id") WHERE "transactions"."vendor_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_invoice_idx" ON "transactions" USING btree ("business_id","invoice_id") WHERE "transactions"."invoice_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_bill_idx" ON "transactions" USING btree ("business_id","bill_id") WHERE "transactions"."bill_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "vendors_source_external_key" ON "vendors" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "vendors_search_idx" ON "vendors" USING gin ("search");--> statement-breakpoint
CREATE INDEX "vendors_name_trgm_idx" ON "vendors" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vendors_name_idx" ON "vendors" USING btree ("business_id","name");--> statement-breakpoint
CREATE INDEX "vendors_category_idx" ON "vendors" USING btree ("business_id","category");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_source_external_key" ON "contracts" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "contracts_search_idx" ON "contracts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "contracts_ends_idx" ON "contracts" USING btree ("business_id","ends_on");--> statement-breakpoint
CREATE INDEX "contracts_status_idx" ON "contracts" USING btree ("business_id","status","ends_on");--> statement-breakpoint
CREATE INDEX "contracts_customer_idx" ON "contracts" USING btree ("business_id","customer_id");--> statement-breakpoint
CREATE INDEX "contracts_vendor_idx" ON "contracts" USING btree ("business_id","vendor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_entities_source_external_key" ON "legal_entities" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "legal_entities_search_idx" ON "legal_entities" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_permits_source_external_key" ON "licenses_permits" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "licenses_permits_search_idx" ON "licenses_permits" USING gin ("search");--> statement-breakpoint
CREATE INDEX "licenses_permits_expires_idx" ON "licenses_permits" USING btree ("business_id","expires_on");--> statement-breakpoint
CREATE INDEX "licenses_permits_status_idx" ON "licenses_permits" USING btree ("business_id","status","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "policies_source_external_key" ON "policies" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "policies_search_idx" ON "policies" USING gin ("search");--> statement-breakpoint
CREATE INDEX "policies_review_idx" ON "policies" USING btree ("business_id","review_on");--> statement-breakpoint
CREATE INDEX "policies_status_idx" ON "policies" USING btree ("business_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "ad_accounts_source_external_key" ON "ad_accounts" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "ad_accounts_platform_idx" ON "ad_accounts" USING btree ("business_id","platform");--> statement-breakpoint
CREATE UNIQUE INDEX "ad_creatives_source_external_key" ON "ad_creatives" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "ad_creatives_search_idx" ON "ad_creatives" USING gin ("search");--> statement-breakpoint
CREATE INDEX "ad_creatives_ad_set_idx" ON "ad_creatives" USING btree ("business_id","ad_set_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ad_sets_source_external_key" ON "ad_sets" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "ad_sets_ad_account_idx" ON "ad_sets" USING btree ("business_id","ad_account_id");--> statement-breakpoint
CREATE INDEX "ad_sets_campaign_idx" ON "ad_sets" USING btree ("business_id","campaign_id");--> statement-breakpoint
CREATE INDEX "ad_sets_status_idx" ON "ad_sets" USING btree ("business_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_source_external_key" ON "campaigns" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "campaigns_search_idx" ON "campaigns" USING gin ("search");--> statement-breakpoint
CREATE INDEX "campaigns_status_idx" ON "campaigns" USING btree ("business_id","status");--> statement-breakpoint
CREATE INDEX "campaigns_starts_idx" ON "campaigns" USING btree ("business_id","starts_on");--> statement-breakpoint
CREATE INDEX "campaigns_channel_idx" ON "campaigns" USING btree ("business_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "posts_source_external_key" ON "posts" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "posts_search_idx" ON "posts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "posts_status_scheduled_idx" ON "posts" USING btree ("business_id","status","scheduled_at");--> statement-breakpoint
CREATE INDEX "posts_published_idx" ON "posts" USING btree ("business_id","published_at");--> statement-breakpoint
CREATE INDEX "posts_account_idx" ON "posts" USING btree ("business_id","social_account_id","published_at");--> statement-breakpoint
CREATE INDEX "posts_campaign_idx" ON "posts" USING btree ("business_id","campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "social_accounts_source_external_key" ON "social_accounts" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "social_accounts_platform_handle_key" ON "social_accounts" USING btree ("business_id","platform",lower("handle"));--> statement-breakpoint
CREATE UNIQUE INDEX "social_metrics_source_external_key" ON "social_metrics" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "social_metrics_post_day_key" ON "social_metrics" USING btree ("business_id","post_id","measured_on");--> statement-breakpoint
CREATE UNIQUE INDEX "social_metrics_account_day_key" ON "social_metrics" USING btree ("business_id","social_account_id","measured_on") WHERE post_id is null;--> statement-breakpoint
CREATE INDEX "social_metrics_account_idx" ON "social_metrics" USING btree ("business_id","social_account_id","measured_on");--> statement-breakpoint
CREATE INDEX "social_metrics_measured_idx" ON "social_metrics" USING btree ("business_id","measured_on");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_source_external_key" ON "equipment" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "equipment_search_idx" ON "equipment" USING gin ("search");--> statement-breakpoint
CREATE INDEX "equipment_next_maintenance_idx" ON "equipment" USING btree ("business_id","next_maintenance_on");--> statement-breakpoint
CREATE INDEX "equipment_status_idx" ON "equipment" USING btree ("business_id","status");--> statement-breakpoint
CREATE INDEX "equipment_kind_idx" ON "equipment" USING btree ("business_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_items_source_external_key" ON "inventory_items" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "inventory_items_search_idx" ON "inventory_items" USING gin ("search");--> statement-breakpoint
CREATE INDEX "inventory_items_name_trgm_idx" ON "inventory_items" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "inventory_items_sku_trgm_idx" ON "inventory_items" USING gin ("sku" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_items_sku_key" ON "inventory_items" USING btree ("business_id","sku");--> statement-breakpoint
CREATE INDEX "inventory_items_category_idx" ON "inventory_items" USING btree ("business_id","category");--> statement-breakpoint
CREATE INDEX "inventory_items_vendor_idx" ON "inventory_items" USING btree ("business_id","vendor_id");--> statement-breakpoint
CREATE INDEX "inventory_items_name_idx" ON "inventory_items" USING btree ("business_id","name");--> statement-breakpoint
CREATE INDEX "inventory_items_low_stock_idx" ON "inventory_items" USING btree ("business_id","on_hand") WHERE "inventory_items"."is_active" and "inventory_items"."on_hand" <= "inventory_items"."reorder_point";--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_movements_source_external_key" ON "inventory_movements" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "inventory_movements_item_idx" ON "inventory_movements" USING btree ("business_id","item_id","moved_at");--> statement-breakpoint
CREATE INDEX "inventory_movements_moved_idx" ON "inventory_movements" USING btree ("business_id","moved_at");--> statement-breakpoint
CREATE INDEX "inventory_movements_kind_idx" ON "inventory_movements" USING btree ("business_id","kind","moved_at");--> statement-breakpoint
CREATE INDEX "inventory_movements_reference_idx" ON "inventory_movements" USING btree ("business_id","reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "maintenance_events_source_external_key" ON "maintenance_events" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "maintenance_events_search_idx" ON "maintenance_events" USING gin ("search");--> statement-breakpoint
CREATE INDEX "maintenance_events_equipment_idx" ON "maintenance_events" USING btree ("business_id","equipment_id","scheduled_on");--> statement-breakpoint
CREATE INDEX "maintenance_events_status_idx" ON "maintenance_events" USING btree ("business_id","status","scheduled_on");--> statement-breakpoint
CREATE INDEX "maintenance_events_performed_idx" ON "maintenance_events" USING btree ("business_id","performed_on");--> statement-breakpoint
CREATE INDEX "purchase_order_lines_po_idx" ON "purchase_order_lines" USING btree ("business_id","po_id","position");--> statement-breakpoint
CREATE INDEX "purchase_order_lines_item_idx" ON "purchase_order_lines" USING btree ("business_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_source_external_key" ON "purchase_orders" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "purchase_orders_search_idx" ON "purchase_orders" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_number_key" ON "purchase_orders" USING btree ("business_id","number");--> statement-breakpoint
CREATE INDEX "purchase_orders_status_expected_idx" ON "purchase_orders" USING btree ("business_id","status","expected_on");--> statement-breakpoint
CREATE INDEX "purchase_orders_ordered_idx" ON "purchase_orders" USING btree ("business_id","ordered_on");--> statement-breakpoint
CREATE INDEX "purchase_orders_vendor_idx" ON "purchase_orders" USING btree ("business_id","vendor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sops_source_external_key" ON "sops" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "sops_search_idx" ON "sops" USING gin ("search");--> statement-breakpoint
CREATE INDEX "sops_category_idx" ON "sops" USING btree ("business_id","category");--> statement-breakpoint
CREATE INDEX "sops_status_idx" ON "sops" USING btree ("business_id","status");--> statement-breakpoint
CREATE INDEX "sops_reviewed_idx" ON "sops" USING btree ("business_id","reviewed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_source_external_key" ON "employees" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "employees_search_idx" ON "employees" USING gin ("search");--> statement-breakpoint
CREATE INDEX "employees_first_name_trgm_idx" ON "employees" USING gin ("first_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "employees_last_name_trgm_idx" ON "employees" USING gin ("last_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "employees_user_key" ON "employees" USING btree ("business_id","user_id") WHERE "employees"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "employees_status_idx" ON "employees" USING btree ("business_id","status");--> statement-breakpoint
CREATE INDEX "employees_department_idx" ON "employees" USING btree ("business_id","department");--> statement-breakpoint
CREATE INDEX "employees_manager_idx" ON "employees" USING btree ("business_id","manager_id");--> statement-breakpoint
CREATE INDEX "employees_position_idx" ON "employees" USING btree ("business_id","position_id");--> statement-breakpoint
CREATE INDEX "employees_hired_idx" ON "employees" USING btree ("business_id","hired_on");--> statement-breakpoint
CREATE INDEX "employees_name_idx" ON "employees" USING btree ("business_id","last_name","first_name");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_records_source_external_key" ON "payroll_records" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "payroll_records_pay_date_idx" ON "payroll_records" USING btree ("business_id","pay_date");--> statement-breakpoint
CREATE INDEX "payroll_records_employee_idx" ON "payroll_records" USING btree ("business_id","employee_id","period_start");--> statement-breakpoint
CREATE INDEX "payroll_records_status_idx" ON "payroll_records" USING btree ("business_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "performance_notes_source_external_key" ON "performance_notes" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "performance_notes_search_idx" ON "performance_notes" USING gin ("search");--> statement-breakpoint
CREATE INDEX "performance_notes_employee_idx" ON "performance_notes" USING btree ("business_id","employee_id","noted_on");--> statement-breakpoint
CREATE INDEX "performance_notes_kind_idx" ON "performance_notes" USING btree ("business_id","kind","noted_on");--> statement-breakpoint
CREATE UNIQUE INDEX "positions_source_external_key" ON "positions" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "positions_search_idx" ON "positions" USING gin ("search");--> statement-breakpoint
CREATE INDEX "positions_department_idx" ON "positions" USING btree ("business_id","department");--> statement-breakpoint
CREATE INDEX "positions_open_idx" ON "positions" USING btree ("business_id","is_open");--> statement-breakpoint
CREATE UNIQUE INDEX "time_off_requests_source_external_key" ON "time_off_requests" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "time_off_requests_employee_idx" ON "time_off_requests" USING btree ("business_id","employee_id","starts_on");--> statement-breakpoint
CREATE INDEX "time_off_requests_status_idx" ON "time_off_requests" USING btree ("business_id","status","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "training_items_source_external_key" ON "training_items" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "training_items_search_idx" ON "training_items" USING gin ("search");--> statement-breakpoint
CREATE INDEX "training_items_employee_idx" ON "training_items" USING btree ("business_id","employee_id","due_on");--> statement-breakpoint
CREATE INDEX "training_items_status_due_idx" ON "training_items" USING btree ("business_id","status","due_on");--> statement-breakpoint
CREATE INDEX "training_items_expires_idx" ON "training_items" USING btree ("business_id","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "activities_source_external_key" ON "activities" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "activities_search_idx" ON "activities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "activities_occurred_idx" ON "activities" USING btree ("business_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_kind_idx" ON "activities" USING btree ("business_id","kind","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_deal_idx" ON "activities" USING btree ("business_id","deal_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_contact_idx" ON "activities" USING btree ("business_id","contact_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_lead_idx" ON "activities" USING btree ("business_id","lead_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_customer_idx" ON "activities" USING btree ("business_id","customer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "activities_user_idx" ON "activities" USING btree ("business_id","user_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_source_external_key" ON "contacts" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "contacts_first_name_trgm_idx" ON "contacts" USING gin ("first_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_last_name_trgm_idx" ON "contacts" USING gin ("last_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_customer_idx" ON "contacts" USING btree ("business_id","customer_id");--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree ("business_id",lower("email"));--> statement-breakpoint
CREATE INDEX "contacts_name_idx" ON "contacts" USING btree ("business_id","last_name","first_name");--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("business_id","owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deals_source_external_key" ON "deals" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "deals_search_idx" ON "deals" USING gin ("search");--> statement-breakpoint
CREATE INDEX "deals_name_trgm_idx" ON "deals" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "deals_status_stage_idx" ON "deals" USING btree ("business_id","status","stage_id");--> statement-breakpoint
CREATE INDEX "deals_closed_idx" ON "deals" USING btree ("business_id","closed_on");--> statement-breakpoint
CREATE INDEX "deals_expected_close_idx" ON "deals" USING btree ("business_id","expected_close_on");--> statement-breakpoint
CREATE INDEX "deals_pipeline_idx" ON "deals" USING btree ("business_id","pipeline_id","stage_id");--> statement-breakpoint
CREATE INDEX "deals_customer_idx" ON "deals" USING btree ("business_id","customer_id");--> statement-breakpoint
CREATE INDEX "deals_contact_idx" ON "deals" USING btree ("business_id","contact_id");--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("business_id","owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_source_external_key" ON "leads" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "leads_search_idx" ON "leads" USING gin ("search");--> statement-breakpoint
CREATE INDEX "leads_name_trgm_idx" ON "leads" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_company_trgm_idx" ON "leads" USING gin ("company" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_status_idx" ON "leads" USING btree ("business_id","status","created_at");--> statement-breakpoint
CREATE INDEX "leads_source_channel_idx" ON "leads" USING btree ("business_id","source_channel","created_at");--> statement-breakpoint
CREATE INDEX "leads_owner_idx" ON "leads" USING btree ("business_id","owner_user_id");--> statement-breakpoint
CREATE INDEX "leads_email_idx" ON "leads" USING btree ("business_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "pipeline_stages_source_external_key" ON "pipeline_stages" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "pipeline_stages_pipeline_idx" ON "pipeline_stages" USING btree ("business_id","pipeline_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_source_external_key" ON "pipelines" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_default_key" ON "pipelines" USING btree ("business_id") WHERE "pipelines"."is_default";--> statement-breakpoint
CREATE INDEX "pipelines_name_idx" ON "pipelines" USING btree ("business_id","name");--> statement-breakpoint
CREATE INDEX "ai_insights_search_idx" ON "ai_insights" USING gin ("search");--> statement-breakpoint
CREATE INDEX "ai_insights_status_generated_idx" ON "ai_insights" USING btree ("business_id","status","generated_at");--> statement-breakpoint
CREATE INDEX "ai_insights_module_idx" ON "ai_insights" USING btree ("business_id","module");--> statement-breakpoint
CREATE INDEX "goals_search_idx" ON "goals" USING gin ("search");--> statement-breakpoint
CREATE INDEX "goals_status_due_idx" ON "goals" USING btree ("business_id","status","due_on");--> statement-breakpoint
CREATE INDEX "goals_kpi_idx" ON "goals" USING btree ("business_id","kpi_id");--> statement-breakpoint
CREATE INDEX "kpi_definitions_search_idx" ON "kpi_definitions" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_definitions_key_key" ON "kpi_definitions" USING btree ("business_id","key");--> statement-breakpoint
CREATE INDEX "kpi_definitions_module_idx" ON "kpi_definitions" USING btree ("business_id","module");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_values_source_external_key" ON "kpi_values" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_values_kpi_period_key" ON "kpi_values" USING btree ("business_id","kpi_id","period_start");--> statement-breakpoint
CREATE INDEX "kpi_values_period_idx" ON "kpi_values" USING btree ("business_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "faqs_source_external_key" ON "faqs" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "faqs_search_idx" ON "faqs" USING gin ("search");--> statement-breakpoint
CREATE INDEX "faqs_category_idx" ON "faqs" USING btree ("business_id","category","position");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_entries_source_external_key" ON "feedback_entries" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "feedback_entries_search_idx" ON "feedback_entries" USING gin ("search");--> statement-breakpoint
CREATE INDEX "feedback_entries_received_idx" ON "feedback_entries" USING btree ("business_id","received_on");--> statement-breakpoint
CREATE INDEX "feedback_entries_rating_idx" ON "feedback_entries" USING btree ("business_id","rating");--> statement-breakpoint
CREATE INDEX "feedback_entries_customer_idx" ON "feedback_entries" USING btree ("business_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_channels_source_external_key" ON "support_channels" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_messages_source_external_key" ON "ticket_messages" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "ticket_messages_search_idx" ON "ticket_messages" USING gin ("search");--> statement-breakpoint
CREATE INDEX "ticket_messages_ticket_idx" ON "ticket_messages" USING btree ("business_id","ticket_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_source_external_key" ON "tickets" USING btree ("business_id","source","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_number_key" ON "tickets" USING btree ("business_id","number");--> statement-breakpoint
CREATE INDEX "tickets_status_priority_idx" ON "tickets" USING btree ("business_id","status","priority");--> statement-breakpoint
CREATE INDEX "tickets_opened_idx" ON "tickets" USING btree ("business_id","opened_at");--> statement-breakpoint
CREATE INDEX "tickets_resolved_idx" ON "tickets" USING btree ("business_id","resolved_at");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "tickets" USING btree ("business_id","assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "tickets_customer_idx" ON "tickets" USING btree ("business_id","customer_id");--> statement-breakpoint
CREATE INDEX "tickets_contact_idx" ON "tickets" USING btree ("business_id","contact_id");