CREATE TABLE "customer_activity_days" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"customer_id" text NOT NULL,
	"initiated" integer NOT NULL,
	"sustainability" integer NOT NULL,
	"lifecycle" integer NOT NULL,
	CONSTRAINT "customer_activity_days_org_id_day_customer_id_pk" PRIMARY KEY("org_id","day","customer_id")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "activity_days_stale" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_activity_days" ADD CONSTRAINT "customer_activity_days_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_activity_days_org_customer_idx" ON "customer_activity_days" USING btree ("org_id","customer_id","day");--> statement-breakpoint
-- Organisations that already have events get their activity days built at the next start.
UPDATE "organizations" SET "activity_days_stale" = true;
