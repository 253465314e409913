DROP INDEX "events_org_checkout_idx";--> statement-breakpoint
ALTER TABLE "checkout_summaries" ALTER COLUMN "started_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout_summaries" ADD COLUMN "recovery_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checkout_summaries" ADD COLUMN "recovery_customer_id" text;--> statement-breakpoint
ALTER TABLE "checkout_summaries" ADD COLUMN "recovery_anonymous_id" text;--> statement-breakpoint
ALTER TABLE "checkout_summaries" ADD COLUMN "recovery_nudge" text;--> statement-breakpoint
ALTER TABLE "checkout_summaries" ADD COLUMN "recovery_channel" text;--> statement-breakpoint
CREATE INDEX "checkout_summaries_org_recovery_idx" ON "checkout_summaries" USING btree ("org_id","recovery_at");--> statement-breakpoint
CREATE INDEX "events_org_checkout_idx" ON "events" USING btree ("org_id",("properties" ->> 'checkoutId')) WHERE "events"."type" in ('checkout.started', 'checkout.step_viewed', 'checkout.completed', 'cart.recovery_sent');--> statement-breakpoint
-- The rows already kept hold no recovery messages, and no row for a checkout that was only messaged: every organisation
-- rebuilds its checkout summaries at the next start (metrics read raw events until then).
UPDATE "organizations" SET "checkout_summaries_stale" = true;
