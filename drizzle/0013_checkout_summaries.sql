CREATE TABLE "checkout_summaries" (
	"org_id" uuid NOT NULL,
	"checkout_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"customer_id" text,
	"anonymous_id" text,
	"completed_at" timestamp with time zone,
	"steps" text[] NOT NULL,
	"variant" text,
	CONSTRAINT "checkout_summaries_org_id_checkout_id_pk" PRIMARY KEY("org_id","checkout_id")
);
--> statement-breakpoint
CREATE TABLE "checkout_summary_dirty" (
	"org_id" uuid NOT NULL,
	"checkout_id" text NOT NULL,
	CONSTRAINT "checkout_summary_dirty_org_id_checkout_id_pk" PRIMARY KEY("org_id","checkout_id")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "checkout_summaries_stale" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout_summaries" ADD CONSTRAINT "checkout_summaries_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkout_summaries_org_started_idx" ON "checkout_summaries" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "events_org_checkout_idx" ON "events" USING btree ("org_id",("properties" ->> 'checkoutId')) WHERE "events"."type" in ('checkout.started', 'checkout.step_viewed', 'checkout.completed');--> statement-breakpoint
CREATE INDEX "orders_org_checkout_idx" ON "orders" USING btree ("org_id","checkout_id") WHERE "orders"."checkout_id" is not null;--> statement-breakpoint
-- Organisations that already have events get their checkout summaries built at the next start.
UPDATE "organizations" SET "checkout_summaries_stale" = true;
