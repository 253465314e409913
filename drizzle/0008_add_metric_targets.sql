CREATE TABLE "metric_targets" (
	"org_id" uuid NOT NULL,
	"metric_key" text NOT NULL,
	"target" numeric(14, 4) NOT NULL,
	"warning" numeric(14, 4) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_targets_org_id_metric_key_pk" PRIMARY KEY("org_id","metric_key")
);
--> statement-breakpoint
ALTER TABLE "metric_targets" ADD CONSTRAINT "metric_targets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;