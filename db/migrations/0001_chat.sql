CREATE TABLE "chat_link_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"user_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_posts" (
	"id" text NOT NULL,
	"business_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"platform" text NOT NULL,
	"team_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text NOT NULL,
	"thread_key" text,
	"kind" text NOT NULL,
	"action_id" text,
	CONSTRAINT "chat_posts_pkey" PRIMARY KEY("business_id","id"),
	CONSTRAINT "chat_posts_platform_check" CHECK ("platform" in ('slack', 'discord')),
	CONSTRAINT "chat_posts_kind_check" CHECK ("kind" in ('answer', 'action_card', 'brief'))
);
--> statement-breakpoint
CREATE TABLE "chat_workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"platform" text NOT NULL,
	"team_id" text NOT NULL,
	"team_name" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_workspaces_platform_check" CHECK ("platform" in ('slack', 'discord'))
);
--> statement-breakpoint
ALTER TABLE "chat_identities" ADD COLUMN "active_business_id" text;--> statement-breakpoint
ALTER TABLE "chat_link_codes" ADD CONSTRAINT "chat_link_codes_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_link_codes" ADD CONSTRAINT "chat_link_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_posts" ADD CONSTRAINT "chat_posts_business_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_workspaces" ADD CONSTRAINT "chat_workspaces_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chat_link_codes_hash_key" ON "chat_link_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_posts_message_key" ON "chat_posts" USING btree ("business_id","platform","channel_id","message_id");--> statement-breakpoint
CREATE INDEX "chat_posts_action_idx" ON "chat_posts" USING btree ("business_id","action_id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_workspaces_team_business_key" ON "chat_workspaces" USING btree ("platform","team_id","business_id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_workspaces_default_key" ON "chat_workspaces" USING btree ("platform","team_id") WHERE "chat_workspaces"."is_default";--> statement-breakpoint
ALTER TABLE "chat_identities" ADD CONSTRAINT "chat_identities_active_business_id_businesses_id_fk" FOREIGN KEY ("active_business_id") REFERENCES "public"."businesses"("id") ON DELETE set null ON UPDATE no action;