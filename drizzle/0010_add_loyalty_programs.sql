CREATE TABLE "loyalty_programs" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"points_per_currency_unit" numeric(12, 4) NOT NULL,
	"sign_up_bonus" integer DEFAULT 0 NOT NULL,
	"referral_bonus" integer DEFAULT 0 NOT NULL,
	"review_bonus" integer DEFAULT 0 NOT NULL,
	"point_value" numeric(12, 6) NOT NULL,
	"tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"derive_from_orders" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loyalty_programs" ADD CONSTRAINT "loyalty_programs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;