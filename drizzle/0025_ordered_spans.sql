ALTER TABLE "customer_activity_spans" ADD COLUMN "ordered" "tstzmultirange" DEFAULT '{}'::tstzmultirange NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_org_resolved_live_idx" ON "orders" USING btree ("org_id","resolved_customer_id","placed_at") WHERE "orders"."canceled_at" is null and "orders"."resolved_customer_id" is not null;--> statement-breakpoint
-- Names the customers whose live orders a statement on orders changed, for customer_activity_spans.ordered
-- (the days' triggers of 0021 name the rest): an order that came or went while live (insert, delete), and one
-- whose placement, cancellation or customer changed (update: its customer before and after, since a link
-- that moves a guest order takes it from one customer to another).
CREATE FUNCTION "activity_spans_name_order_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activity_span_dirty (org_id, customer_id)
  SELECT DISTINCT r.org_id, r.resolved_customer_id FROM changed_rows r
  WHERE r.canceled_at IS NULL AND r.resolved_customer_id IS NOT NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "activity_spans_name_updated_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activity_span_dirty (org_id, customer_id)
  SELECT DISTINCT x.org_id, x.customer_id
  FROM old_rows o JOIN new_rows n ON n.org_id = o.org_id AND n.order_id = o.order_id
  CROSS JOIN LATERAL (VALUES (o.org_id, CASE WHEN o.canceled_at IS NULL THEN o.resolved_customer_id END),
                             (n.org_id, CASE WHEN n.canceled_at IS NULL THEN n.resolved_customer_id END)) AS x(org_id, customer_id)
  WHERE x.customer_id IS NOT NULL
    AND ((o.canceled_at IS NULL) IS DISTINCT FROM (n.canceled_at IS NULL)
         OR o.placed_at IS DISTINCT FROM n.placed_at
         OR o.resolved_customer_id IS DISTINCT FROM n.resolved_customer_id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "orders_inserted_spans" AFTER INSERT ON "orders" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_spans_name_order_rows"();--> statement-breakpoint
CREATE TRIGGER "orders_deleted_spans" AFTER DELETE ON "orders" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_spans_name_order_rows"();--> statement-breakpoint
CREATE TRIGGER "orders_updated_spans" AFTER UPDATE ON "orders" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "activity_spans_name_updated_orders"();--> statement-breakpoint
-- Every customer with a live order is named, and the first read that refreshes the spans computes their
-- orders in with the code that keeps them (server/ingest/activity-spans.ts): the projection is written once.
-- (Above 20,000 names that read rebuilds the organisation's spans whole: seconds at 10 million events, once.)
INSERT INTO "activity_span_dirty" (org_id, customer_id)
SELECT DISTINCT o.org_id, o.resolved_customer_id FROM "orders" o
WHERE o.canceled_at IS NULL AND o.resolved_customer_id IS NOT NULL;
