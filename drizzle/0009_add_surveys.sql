CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"question" text NOT NULL,
	"follow_up" text,
	"reasons" text[] DEFAULT '{}' NOT NULL,
	"accent_color" text DEFAULT '#17734f' NOT NULL,
	"public_token" text NOT NULL,
	"recipient_token" text NOT NULL,
	"signing_secret" text NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "surveys_org_created_idx" ON "surveys" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_public_token_idx" ON "surveys" USING btree ("public_token");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_recipient_token_idx" ON "surveys" USING btree ("recipient_token");--> statement-breakpoint
CREATE INDEX "survey_responses_org_survey_idx" ON "survey_responses" USING btree ("org_id","survey_id","responded_at");