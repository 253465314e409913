CREATE TABLE "embed_secrets" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"encrypted_secret" text NOT NULL,
	"display_prefix" text NOT NULL,
	"rotated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "widget_share_tokens" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"widget_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"display_prefix" text NOT NULL,
	"allowed_origins" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "widget_share_tokens_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "widget_share_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "widget_views" (
	"org_id" uuid NOT NULL,
	"widget_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "widget_views_org_id_widget_id_day_pk" PRIMARY KEY("org_id","widget_id","day")
);
--> statement-breakpoint
CREATE TABLE "widgets" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"metric_keys" text[] NOT NULL,
	"view" text NOT NULL,
	"range" text NOT NULL,
	"interval" text,
	"theme" jsonb NOT NULL,
	"locked_segment" jsonb,
	"viewer_params" text[] DEFAULT '{}' NOT NULL,
	"signed_origins" text[] DEFAULT '{}' NOT NULL,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "widgets_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "embed_secrets" ADD CONSTRAINT "embed_secrets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_share_tokens" ADD CONSTRAINT "widget_share_tokens_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widget_views" ADD CONSTRAINT "widget_views_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "widgets" ADD CONSTRAINT "widgets_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "widget_share_tokens_org_widget_idx" ON "widget_share_tokens" USING btree ("org_id","widget_id");--> statement-breakpoint
CREATE UNIQUE INDEX "widgets_id_idx" ON "widgets" USING btree ("id");--> statement-breakpoint
CREATE INDEX "widgets_org_created_idx" ON "widgets" USING btree ("org_id","created_at");