CREATE TYPE "public"."api_key_kind" AS ENUM('ingest', 'secret');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('customers', 'orders', 'events');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('queued', 'running', 'succeeded', 'failed', 'canceled');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" "api_key_kind" NOT NULL,
	"name" text NOT NULL,
	"display_prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "api_keys_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "event_message_ids" (
	"org_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	CONSTRAINT "event_message_ids_org_id_message_id_pk" PRIMARY KEY("org_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"org_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"message_id" text NOT NULL,
	"type" text NOT NULL,
	"custom" boolean DEFAULT false NOT NULL,
	"customer_id" text,
	"anonymous_id" text,
	"session_id" text,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"properties" jsonb NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	CONSTRAINT "events_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity_links" (
	"org_id" uuid NOT NULL,
	"anonymous_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	"conflicts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "identity_links_org_id_anonymous_id_pk" PRIMARY KEY("org_id","anonymous_id")
);
--> statement-breakpoint
CREATE TABLE "track_mappings" (
	"org_id" uuid NOT NULL,
	"track_name" text NOT NULL,
	"type" text NOT NULL,
	CONSTRAINT "track_mappings_org_id_track_name_pk" PRIMARY KEY("org_id","track_name")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"org_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"trait_timestamps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_org_id_customer_id_pk" PRIMARY KEY("org_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "order_cancellations" (
	"org_id" uuid NOT NULL,
	"order_id" text NOT NULL,
	"canceled_at" timestamp with time zone NOT NULL,
	"reason" text,
	CONSTRAINT "order_cancellations_org_id_order_id_pk" PRIMARY KEY("org_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "order_refunds" (
	"org_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"order_id" text NOT NULL,
	"refunded_at" timestamp with time zone NOT NULL,
	"amount" numeric(20, 6),
	"applied_minor" bigint,
	"reason" text,
	CONSTRAINT "order_refunds_org_id_event_id_pk" PRIMARY KEY("org_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"org_id" uuid NOT NULL,
	"order_id" text NOT NULL,
	"event_id" bigint NOT NULL,
	"customer_id" text,
	"anonymous_id" text,
	"placed_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"discount_minor" bigint,
	"shipping_minor" bigint,
	"tax_minor" bigint,
	"sustainable" boolean DEFAULT false NOT NULL,
	"coupon" text,
	"checkout_id" text,
	"items" jsonb,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"canceled_at" timestamp with time zone,
	CONSTRAINT "orders_org_id_order_id_pk" PRIMARY KEY("org_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"org_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"score" numeric(6, 2),
	"survey_id" text,
	"reason" text,
	"comment" text,
	"checkout_id" text,
	"customer_id" text,
	"anonymous_id" text,
	"responded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "survey_responses_org_id_event_id_pk" PRIMARY KEY("org_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"org_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"import_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"code" text NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "import_errors_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" "import_kind" NOT NULL,
	"status" "import_status" DEFAULT 'queued' NOT NULL,
	"file_name" text NOT NULL,
	"file_bytes" integer DEFAULT 0 NOT NULL,
	"mapping" jsonb NOT NULL,
	"bytes_read" integer DEFAULT 0 NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_jobs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_message_ids" ADD CONSTRAINT "event_message_ids_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_links" ADD CONSTRAINT "identity_links_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_mappings" ADD CONSTRAINT "track_mappings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cancellations" ADD CONSTRAINT "order_cancellations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_org_created_idx" ON "api_keys" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "events_org_timestamp_idx" ON "events" USING btree ("org_id","timestamp");--> statement-breakpoint
CREATE INDEX "events_org_type_timestamp_idx" ON "events" USING btree ("org_id","type","timestamp");--> statement-breakpoint
CREATE INDEX "events_org_customer_timestamp_idx" ON "events" USING btree ("org_id","customer_id","timestamp") WHERE "events"."customer_id" is not null;--> statement-breakpoint
CREATE INDEX "events_org_anonymous_timestamp_idx" ON "events" USING btree ("org_id","anonymous_id","timestamp") WHERE "events"."anonymous_id" is not null;--> statement-breakpoint
CREATE INDEX "identity_links_org_customer_idx" ON "identity_links" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "order_refunds_org_order_idx" ON "order_refunds" USING btree ("org_id","order_id");--> statement-breakpoint
CREATE INDEX "orders_org_placed_idx" ON "orders" USING btree ("org_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_org_customer_idx" ON "orders" USING btree ("org_id","customer_id","placed_at") WHERE "orders"."customer_id" is not null;--> statement-breakpoint
CREATE INDEX "survey_responses_org_kind_time_idx" ON "survey_responses" USING btree ("org_id","kind","responded_at");--> statement-breakpoint
CREATE INDEX "import_errors_org_import_line_idx" ON "import_errors" USING btree ("org_id","import_id","line");--> statement-breakpoint
CREATE INDEX "import_jobs_org_created_idx" ON "import_jobs" USING btree ("org_id","created_at");