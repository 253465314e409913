CREATE TABLE "visit_session_dirty" (
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "visit_session_dirty_org_id_kind_key_pk" PRIMARY KEY("org_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "visit_sessions" (
	"org_id" uuid NOT NULL,
	"session_key" text NOT NULL,
	"actor" text NOT NULL,
	"customer_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"views" integer NOT NULL,
	"converted" boolean NOT NULL,
	CONSTRAINT "visit_sessions_org_id_session_key_pk" PRIMARY KEY("org_id","session_key")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "visit_sessions_stale" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "visit_sessions" ADD CONSTRAINT "visit_sessions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "visit_sessions_org_started_idx" ON "visit_sessions" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "visit_sessions_org_actor_idx" ON "visit_sessions" USING btree ("org_id","actor");--> statement-breakpoint
CREATE INDEX "events_org_session_idx" ON "events" USING btree ("org_id","session_id") WHERE "events"."session_id" is not null;--> statement-breakpoint
-- Organisations that already have events get their visit sessions built at the next start.
UPDATE "organizations" SET "visit_sessions_stale" = true;
