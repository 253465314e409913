CREATE TABLE "activity_span_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"customer_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_activity_spans" (
	"org_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"initiated" datemultirange NOT NULL,
	"sustainability" datemultirange NOT NULL,
	CONSTRAINT "customer_activity_spans_org_id_customer_id_pk" PRIMARY KEY("org_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "customer_activity_spans" ADD CONSTRAINT "customer_activity_spans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_span_dirty_org_idx" ON "activity_span_dirty" USING btree ("org_id");--> statement-breakpoint
-- Names the customers whose activity spans a statement on customer_activity_days may have changed: a day
-- row that came or went with a class counted (insert, delete), or whose class went from none to some or
-- back (update). ingest's upsert adds to days that are already counted most of the time, and names nobody.
CREATE OR REPLACE FUNCTION "activity_spans_name_changed_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activity_span_dirty (org_id, customer_id)
  SELECT DISTINCT r.org_id, r.customer_id FROM changed_rows r WHERE r.initiated > 0 OR r.sustainability > 0;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "activity_spans_name_updated_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activity_span_dirty (org_id, customer_id)
  SELECT DISTINCT coalesce(n.org_id, o.org_id), coalesce(n.customer_id, o.customer_id)
  FROM old_rows o FULL JOIN new_rows n ON n.org_id = o.org_id AND n.day = o.day AND n.customer_id = o.customer_id
  WHERE coalesce(o.initiated > 0, false) IS DISTINCT FROM coalesce(n.initiated > 0, false)
     OR coalesce(o.sustainability > 0, false) IS DISTINCT FROM coalesce(n.sustainability > 0, false);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "customer_activity_days_inserted_spans" AFTER INSERT ON "customer_activity_days" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_spans_name_changed_rows"();--> statement-breakpoint
CREATE TRIGGER "customer_activity_days_deleted_spans" AFTER DELETE ON "customer_activity_days" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_spans_name_changed_rows"();--> statement-breakpoint
CREATE TRIGGER "customer_activity_days_updated_spans" AFTER UPDATE ON "customer_activity_days" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_spans_name_updated_rows"();--> statement-breakpoint
-- Built from the days already kept (seconds at 10 million events), so no organisation starts without them.
INSERT INTO "customer_activity_spans" (org_id, customer_id, initiated, sustainability)
SELECT a.org_id, a.customer_id,
       coalesce(range_agg(daterange(a.day, a.day + 1)) FILTER (WHERE a.initiated > 0), '{}'::datemultirange),
       coalesce(range_agg(daterange(a.day, a.day + 1)) FILTER (WHERE a.sustainability > 0), '{}'::datemultirange)
FROM "customer_activity_days" a
WHERE a.initiated > 0 OR a.sustainability > 0
GROUP BY a.org_id, a.customer_id;
