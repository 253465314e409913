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
CREATE TABLE "metric_data_change_marks" (
	"org_id" uuid NOT NULL,
	"tx" bigint NOT NULL,
	CONSTRAINT "metric_data_change_marks_org_id_tx_pk" PRIMARY KEY("org_id","tx")
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
-- Every transaction that changes the data metrics are computed from moves the organisation's version once, at its commit
-- (db/schema/metric-answers.ts). Each changing statement marks (organisation, transaction): a key of its own, so concurrent
-- writers never wait for each other there; the mark's deferred trigger moves the version as the transaction commits, so the
-- version row is locked for the commit only, not for the writer's whole transaction (which serialised one organisation's
-- concurrent ingest: 16.3k -> 11.4k events/s with four writers). An organisation being deleted has no version to move.
CREATE FUNCTION "count_metric_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- In organisation order: the versions are then locked in that order at commit.
  INSERT INTO "metric_data_change_marks" ("org_id", "tx")
  SELECT DISTINCT c."org_id", txid_current() FROM "changed_rows" c ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "apply_metric_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "metric_data_versions" AS v ("org_id", "version", "changed_at")
  SELECT NEW."org_id", 1, now() WHERE EXISTS (SELECT 1 FROM "organizations" o WHERE o."id" = NEW."org_id")
  ON CONFLICT ("org_id") DO UPDATE SET "version" = v."version" + 1, "changed_at" = now();
  DELETE FROM "metric_data_change_marks" WHERE "org_id" = NEW."org_id" AND "tx" = NEW."tx";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "metric_data_change_marks_applied" AFTER INSERT ON "metric_data_change_marks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "apply_metric_data_change"();--> statement-breakpoint
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
