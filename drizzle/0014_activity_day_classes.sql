ALTER TABLE "customer_activity_days" ADD COLUMN "repair" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_activity_days" ADD COLUMN "referral" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_activity_days" ADD COLUMN "content" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_activity_days" ADD COLUMN "content_types" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_activity_days" ADD COLUMN "content_topics" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The new counts are not in the rows already kept: every organisation with events rebuilds its activity days at the next start
-- (metrics read raw events until then).
UPDATE "organizations" SET "activity_days_stale" = true;
