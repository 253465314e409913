CREATE TABLE "exchange_rates" (
	"org_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"effective_on" date NOT NULL,
	"rate" numeric(20, 10) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rates_org_id_currency_effective_on_pk" PRIMARY KEY("org_id","currency","effective_on")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "churn_window_days" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "abandonment_window_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "checkout_steps" text[] DEFAULT '{"cart","information","shipping","payment","review"}' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "support_contact_cost_minor" bigint;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "clv_lifespan_years" numeric(6, 2);--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "control_variant" text;--> statement-breakpoint
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;