CREATE TABLE "metric_data_changes" (
	"org_id" uuid NOT NULL,
	"version" bigint NOT NULL,
	"earliest_at" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "metric_data_changes_org_id_version_pk" PRIMARY KEY("org_id","version")
);
--> statement-breakpoint
ALTER TABLE "metric_answers" ADD COLUMN "horizon" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "metric_data_change_marks" ADD COLUMN "earliest_at" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "metric_data_change_marks" ADD COLUMN "linked_anonymous_ids" text[];--> statement-breakpoint
ALTER TABLE "metric_data_changes" ADD CONSTRAINT "metric_data_changes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Each change now also says how far back in time it reaches (server/metrics/answer-cache.ts): a kept answer
-- whose horizon (its period's end, plus the outcome window its cases are judged over) is at or before that
-- instant is unchanged by it. Every statement marks (organisation, transaction) with the earliest instant of
-- its rows, lowered by later statements of the transaction; at commit the version moves once and the change
-- is logged with that instant. '-infinity': the change may affect anything; 'infinity': nothing a metric reads.
-- Which instant each change reaches, by table:
--   events: its timestamp (a subscription.canceled carrying effectiveAt: anything, since it takes effect then);
--     removing an event reaches as far as adding it did; an update of an event: anything.
--   customers: a new customer from its first event on (first_seen_at); an update that keeps every key
--     (seen-times, traits: metrics read traits from customer.identified events) nothing; a deletion anything.
--   identity links: the first event of the anonymous id (its events change customer), asked at commit; a deletion
--     anything.
--   orders, refunds and cancellations: their own time and their order's (order_change_reach: the placement, the
--     cancellation, which makes the order never placed, and the refunds, one of which may be stamped before its
--     order and counts from the order's arrival); an update both its old and its new rows; a deletion anything.
--   exchange rates: anything (an older order takes the earliest rate).
CREATE FUNCTION "mark_metric_data_change"(p_orgs uuid[], p_reaches timestamptz[]) RETURNS void LANGUAGE sql AS $$
  -- In organisation order: the versions are then locked in that order at commit. A row whose instant is unknown
  -- (null) reaches anything: failing closed costs a computation, failing open would serve a stale answer.
  INSERT INTO "metric_data_change_marks" AS m ("org_id", "tx", "earliest_at")
  SELECT c.org_id, txid_current(), min(coalesce(c.reach, '-infinity')) FROM unnest(p_orgs, p_reaches) AS c(org_id, reach)
  GROUP BY c.org_id ORDER BY 1
  ON CONFLICT ("org_id", "tx") DO UPDATE SET "earliest_at" = least(m."earliest_at", excluded."earliest_at");
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_anything"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "mark_metric_data_change"(array_agg(c."org_id"), array_agg('-infinity'::timestamptz)) FROM "changed_rows" c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_event_times"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "mark_metric_data_change"(array_agg(c."org_id"), array_agg(
    CASE WHEN c."type" = 'subscription.canceled' AND c."properties" ? 'effectiveAt' THEN '-infinity'::timestamptz ELSE c."timestamp" END))
  FROM "changed_rows" c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_first_seen"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "mark_metric_data_change"(array_agg(c."org_id"), array_agg(c."first_seen_at")) FROM "changed_rows" c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_keeps_customer_keys"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Seen-times and traits change; a metric reads only which customers exist.
  PERFORM "mark_metric_data_change"(array_agg(c."org_id"), array_agg(c."reach")) FROM (
    SELECT n."org_id", CASE WHEN EXISTS (SELECT 1 FROM "old_rows" o WHERE o."org_id" = n."org_id" AND o."customer_id" = n."customer_id")
                            THEN 'infinity'::timestamptz ELSE '-infinity'::timestamptz END AS "reach"
    FROM "new_rows" n
    UNION ALL
    SELECT o."org_id", '-infinity'::timestamptz FROM "old_rows" o
    WHERE NOT EXISTS (SELECT 1 FROM "new_rows" n WHERE n."org_id" = o."org_id" AND n."customer_id" = o."customer_id")) c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_anonymous_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The anonymous id's events change customer, from its first one on. Which is the first is asked at commit
  -- (apply_metric_data_change), not here: a concurrent batch's events of the id, invisible now, may commit
  -- before this transaction does, and the link then reaches them too.
  INSERT INTO "metric_data_change_marks" AS m ("org_id", "tx", "earliest_at", "linked_anonymous_ids")
  SELECT c."org_id", txid_current(), 'infinity', array_agg(DISTINCT c."anonymous_id") FROM "changed_rows" c
  GROUP BY c."org_id" ORDER BY 1
  ON CONFLICT ("org_id", "tx") DO UPDATE SET "linked_anonymous_ids" = coalesce(m."linked_anonymous_ids", '{}') || excluded."linked_anonymous_ids";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "order_change_reach"(p_org uuid, p_order text) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  -- What a change to an order, its cancellation or one of its refunds can affect, from the earliest of: the
  -- placement (and its order.placed event), the cancellation (it makes the order never placed, its refunds
  -- included), and the refunds (one stamped before its order counts from the order's arrival). Null when the
  -- order has none of these yet: then the change's own time is all it reaches.
  SELECT least(
    (SELECT least(o."placed_at", o."canceled_at") FROM "orders" o WHERE o."org_id" = p_org AND o."order_id" = p_order),
    (SELECT c."canceled_at" FROM "order_cancellations" c WHERE c."org_id" = p_org AND c."order_id" = p_order),
    (SELECT min(r."refunded_at") FROM "order_refunds" r WHERE r."org_id" = p_org AND r."order_id" = p_order));
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_order_times"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The row's placement and cancellation, and the rest of the order (order_change_reach). An update runs this
  -- twice, over its old and its new rows.
  PERFORM "mark_metric_data_change"(array_agg(c."org_id"), array_agg(least(c."placed_at", c."canceled_at", "order_change_reach"(c."org_id", c."order_id"))))
  FROM "changed_rows" c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_refunded_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A refund's own time, and its order's (order_change_reach). An update runs this twice, over its old and its new rows.
  PERFORM "mark_metric_data_change"(array_agg(c."org_id"), array_agg(least(c."refunded_at", "order_change_reach"(c."org_id", c."order_id"))))
  FROM "changed_rows" c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_canceled_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A cancellation's own time, and its order's (order_change_reach). An update runs this twice, over its old and its new rows.
  PERFORM "mark_metric_data_change"(array_agg(c."org_id"), array_agg(least(c."canceled_at", "order_change_reach"(c."org_id", c."order_id"))))
  FROM "changed_rows" c;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "apply_metric_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reach timestamptz;
  linked text[];
  moved bigint;
BEGIN
  DELETE FROM "metric_data_change_marks" WHERE "org_id" = NEW."org_id" AND "tx" = NEW."tx" RETURNING "earliest_at", "linked_anonymous_ids" INTO reach, linked;
  INSERT INTO "metric_data_versions" AS v ("org_id", "version", "changed_at")
  SELECT NEW."org_id", 1, now() WHERE EXISTS (SELECT 1 FROM "organizations" o WHERE o."id" = NEW."org_id")
  ON CONFLICT ("org_id") DO UPDATE SET "version" = v."version" + 1, "changed_at" = now()
  RETURNING v."version" INTO moved;
  IF linked IS NOT NULL THEN
    -- Asked with the version row locked, in a statement of its own (a fresh snapshot): every transaction of the
    -- organisation that committed before this one is visible, its events of these ids included, and one that
    -- commits after it logs its own events' reach. (Asked when the link was written, a batch of the id's earlier
    -- events committing in between was missed: the link was logged as reaching nothing they changed.)
    -- One index probe per id for its first event (a min over `= ANY(…)` read every event of the ids: 7 ms a batch).
    reach := least(reach, (SELECT min(f."timestamp") FROM unnest(linked) AS l("id")
                           CROSS JOIN LATERAL (SELECT e."timestamp" FROM "events" e
                                               WHERE e."org_id" = NEW."org_id" AND e."anonymous_id" = l."id" AND e."anonymous_id" IS NOT NULL
                                               ORDER BY e."timestamp" LIMIT 1) f));
  END IF;
  IF moved IS NOT NULL THEN
    INSERT INTO "metric_data_changes" ("org_id", "version", "earliest_at", "changed_at")
    VALUES (NEW."org_id", moved, coalesce(reach, '-infinity'::timestamptz), now());
    -- The log keeps the last 100,000 changes of each organisation: one row out for each row in, by its key. An
    -- answer kept further back is computed again (the answer cache counts the changes it is served across).
    DELETE FROM "metric_data_changes" WHERE "org_id" = NEW."org_id" AND "version" = moved - 100000;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER "events_inserted_count" ON "events";--> statement-breakpoint
CREATE TRIGGER "events_inserted_count" AFTER INSERT ON "events" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_event_times"();--> statement-breakpoint
DROP TRIGGER "events_updated_count" ON "events";--> statement-breakpoint
CREATE TRIGGER "events_updated_count" AFTER UPDATE ON "events" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "events_deleted_count" ON "events";--> statement-breakpoint
CREATE TRIGGER "events_deleted_count" AFTER DELETE ON "events" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_event_times"();--> statement-breakpoint
DROP TRIGGER "customers_inserted_count" ON "customers";--> statement-breakpoint
CREATE TRIGGER "customers_inserted_count" AFTER INSERT ON "customers" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_first_seen"();--> statement-breakpoint
DROP TRIGGER "customers_updated_count" ON "customers";--> statement-breakpoint
CREATE TRIGGER "customers_updated_count" AFTER UPDATE ON "customers" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_keeps_customer_keys"();--> statement-breakpoint
DROP TRIGGER "customers_deleted_count" ON "customers";--> statement-breakpoint
CREATE TRIGGER "customers_deleted_count" AFTER DELETE ON "customers" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "identity_links_inserted_count" ON "identity_links";--> statement-breakpoint
CREATE TRIGGER "identity_links_inserted_count" AFTER INSERT ON "identity_links" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anonymous_events"();--> statement-breakpoint
DROP TRIGGER "identity_links_updated_count" ON "identity_links";--> statement-breakpoint
CREATE TRIGGER "identity_links_updated_count" AFTER UPDATE ON "identity_links" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anonymous_events"();--> statement-breakpoint
DROP TRIGGER "identity_links_deleted_count" ON "identity_links";--> statement-breakpoint
CREATE TRIGGER "identity_links_deleted_count" AFTER DELETE ON "identity_links" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "orders_inserted_count" ON "orders";--> statement-breakpoint
CREATE TRIGGER "orders_inserted_count" AFTER INSERT ON "orders" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_times"();--> statement-breakpoint
DROP TRIGGER "orders_updated_count" ON "orders";--> statement-breakpoint
CREATE TRIGGER "orders_updated_count" AFTER UPDATE ON "orders" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_times"();--> statement-breakpoint
CREATE TRIGGER "orders_updated_old_count" AFTER UPDATE ON "orders" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_times"();--> statement-breakpoint
DROP TRIGGER "orders_deleted_count" ON "orders";--> statement-breakpoint
CREATE TRIGGER "orders_deleted_count" AFTER DELETE ON "orders" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "order_refunds_inserted_count" ON "order_refunds";--> statement-breakpoint
CREATE TRIGGER "order_refunds_inserted_count" AFTER INSERT ON "order_refunds" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_refunded_orders"();--> statement-breakpoint
DROP TRIGGER "order_refunds_updated_count" ON "order_refunds";--> statement-breakpoint
CREATE TRIGGER "order_refunds_updated_count" AFTER UPDATE ON "order_refunds" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_refunded_orders"();--> statement-breakpoint
CREATE TRIGGER "order_refunds_updated_old_count" AFTER UPDATE ON "order_refunds" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_refunded_orders"();--> statement-breakpoint
DROP TRIGGER "order_refunds_deleted_count" ON "order_refunds";--> statement-breakpoint
CREATE TRIGGER "order_refunds_deleted_count" AFTER DELETE ON "order_refunds" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "order_cancellations_inserted_count" ON "order_cancellations";--> statement-breakpoint
CREATE TRIGGER "order_cancellations_inserted_count" AFTER INSERT ON "order_cancellations" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_canceled_orders"();--> statement-breakpoint
DROP TRIGGER "order_cancellations_updated_count" ON "order_cancellations";--> statement-breakpoint
CREATE TRIGGER "order_cancellations_updated_count" AFTER UPDATE ON "order_cancellations" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_canceled_orders"();--> statement-breakpoint
CREATE TRIGGER "order_cancellations_updated_old_count" AFTER UPDATE ON "order_cancellations" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_canceled_orders"();--> statement-breakpoint
DROP TRIGGER "order_cancellations_deleted_count" ON "order_cancellations";--> statement-breakpoint
CREATE TRIGGER "order_cancellations_deleted_count" AFTER DELETE ON "order_cancellations" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "exchange_rates_inserted_count" ON "exchange_rates";--> statement-breakpoint
CREATE TRIGGER "exchange_rates_inserted_count" AFTER INSERT ON "exchange_rates" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "exchange_rates_updated_count" ON "exchange_rates";--> statement-breakpoint
CREATE TRIGGER "exchange_rates_updated_count" AFTER UPDATE ON "exchange_rates" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP TRIGGER "exchange_rates_deleted_count" ON "exchange_rates";--> statement-breakpoint
CREATE TRIGGER "exchange_rates_deleted_count" AFTER DELETE ON "exchange_rates" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_anything"();--> statement-breakpoint
DROP FUNCTION "count_metric_data_change"();
