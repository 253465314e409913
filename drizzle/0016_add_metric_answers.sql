CREATE TABLE "metric_answers" (
	"org_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"data_version" bigint NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"answer" json NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_answers_org_id_fingerprint_pk" PRIMARY KEY("org_id","fingerprint")
);
--> statement-breakpoint
CREATE TABLE "metric_data_versions" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "metric_answers" ADD CONSTRAINT "metric_answers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_data_versions" ADD CONSTRAINT "metric_data_versions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_answers_org_version_idx" ON "metric_answers" USING btree ("org_id","data_version");--> statement-breakpoint
-- Every statement that changes the data metrics are computed from moves the organisation's version (db/schema/metric-answers.ts).
-- An organisation being deleted has no version to move (its rows go with it).
CREATE FUNCTION "count_metric_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "metric_data_versions" AS v ("org_id", "version", "changed_at")
  SELECT DISTINCT c."org_id", 1, now() FROM "changed_rows" c
  WHERE EXISTS (SELECT 1 FROM "organizations" o WHERE o."id" = c."org_id")
  ON CONFLICT ("org_id") DO UPDATE SET "version" = v."version" + 1, "changed_at" = now();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "events_inserted_count" AFTER INSERT ON "events" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "events_updated_count" AFTER UPDATE ON "events" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "events_deleted_count" AFTER DELETE ON "events" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "customers_inserted_count" AFTER INSERT ON "customers" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "customers_updated_count" AFTER UPDATE ON "customers" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "customers_deleted_count" AFTER DELETE ON "customers" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "identity_links_inserted_count" AFTER INSERT ON "identity_links" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "identity_links_updated_count" AFTER UPDATE ON "identity_links" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "identity_links_deleted_count" AFTER DELETE ON "identity_links" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "orders_inserted_count" AFTER INSERT ON "orders" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "orders_updated_count" AFTER UPDATE ON "orders" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "orders_deleted_count" AFTER DELETE ON "orders" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "order_refunds_inserted_count" AFTER INSERT ON "order_refunds" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "order_refunds_updated_count" AFTER UPDATE ON "order_refunds" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "order_refunds_deleted_count" AFTER DELETE ON "order_refunds" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "order_cancellations_inserted_count" AFTER INSERT ON "order_cancellations" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "order_cancellations_updated_count" AFTER UPDATE ON "order_cancellations" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "order_cancellations_deleted_count" AFTER DELETE ON "order_cancellations" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "exchange_rates_inserted_count" AFTER INSERT ON "exchange_rates" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "exchange_rates_updated_count" AFTER UPDATE ON "exchange_rates" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();--> statement-breakpoint
CREATE TRIGGER "exchange_rates_deleted_count" AFTER DELETE ON "exchange_rates" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "count_metric_data_change"();
