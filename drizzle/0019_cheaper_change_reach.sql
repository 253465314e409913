-- What the change log's triggers (0018) cost ingest, cut without changing what they log (bench:store: 9 % of
-- ingest after 0018; docs/performance.md). Measured with track_functions over 50,000 events: the per-row
-- order_change_reach calls (about 1,000, 0.1 ms each: a SQL function whose subqueries keep it from being inlined) and
-- the marks' upserts (one per trigger, each writing a new row version even when it lowered nothing) were most of it.
--
-- 1. A mark only writes when it lowers the transaction's earliest instant, and is written in PL/pgSQL, whose statements'
--    plans are kept for the session: as a SQL function its statement was planned again at every call (0.13 ms each).
-- 2. An order change's reach is asked once per order of the statement, as a join (mark_order_changes, PL/pgSQL too),
--    not as a function call per row.
-- 3. An update of an order, a refund or a cancellation runs one trigger over its old and new rows together, where it
--    ran two (one per transition table), each asking every order's reach again. Refunds and cancellations share one
--    trigger function, told which column is the row's own instant.
CREATE OR REPLACE FUNCTION "mark_metric_data_change"(p_orgs uuid[], p_reaches timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- In organisation order: the versions are then locked in that order at commit. A row whose instant is unknown
  -- (null) reaches anything: failing closed costs a computation, failing open would serve a stale answer.
  INSERT INTO "metric_data_change_marks" AS m ("org_id", "tx", "earliest_at")
  SELECT c.org_id, txid_current(), min(coalesce(c.reach, '-infinity')) FROM unnest(p_orgs, p_reaches) AS c(org_id, reach)
  GROUP BY c.org_id ORDER BY 1
  ON CONFLICT ("org_id", "tx") DO UPDATE SET "earliest_at" = excluded."earliest_at"
  WHERE excluded."earliest_at" < m."earliest_at";
END
$$;
--> statement-breakpoint
CREATE FUNCTION "mark_order_changes"(p_orgs uuid[], p_orders text[], p_own timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Changed rows of orders, refunds or cancellations, each with its own instant: each order reaches the earliest of
  -- its rows' own instants and of the rest of the order, that is its placement (and order.placed event), its
  -- cancellation (which makes the order never placed, its refunds included) and its refunds (one stamped before its
  -- order counts from the order's arrival). Asked once per order, by index probes.
  PERFORM "mark_metric_data_change"(array_agg(c.org_id), array_agg(least(c.own, r.reach)))
  FROM (SELECT u.org_id, u.order_id, min(u.own) AS own FROM unnest(p_orgs, p_orders, p_own) AS u(org_id, order_id, own) GROUP BY 1, 2) c
  CROSS JOIN LATERAL (SELECT least(
    (SELECT least(o."placed_at", o."canceled_at") FROM "orders" o WHERE o."org_id" = c.org_id AND o."order_id" = c.order_id),
    (SELECT x."canceled_at" FROM "order_cancellations" x WHERE x."org_id" = c.org_id AND x."order_id" = c.order_id),
    (SELECT min(f."refunded_at") FROM "order_refunds" f WHERE f."org_id" = c.org_id AND f."order_id" = c.order_id)) AS reach) r;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "metric_change_reaches_order_times"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A row's own instants are its placement and cancellation; an update counts its old and its new rows.
  IF TG_OP = 'UPDATE' THEN
    PERFORM "mark_order_changes"(array_agg(c."org_id"), array_agg(c."order_id"), array_agg(least(c."placed_at", c."canceled_at")))
    FROM (SELECT "org_id", "order_id", "placed_at", "canceled_at" FROM "old_rows"
          UNION ALL SELECT "org_id", "order_id", "placed_at", "canceled_at" FROM "new_rows") c;
  ELSE
    PERFORM "mark_order_changes"(array_agg(c."org_id"), array_agg(c."order_id"), array_agg(least(c."placed_at", c."canceled_at")))
    FROM "changed_rows" c;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "metric_change_reaches_order_parts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A refund or a cancellation: its own instant is the column TG_ARGV[0] names (refunded_at, canceled_at), read through
  -- to_jsonb so that one function serves both tables; an update counts its old and its new rows.
  IF TG_OP = 'UPDATE' THEN
    PERFORM "mark_order_changes"(array_agg(c."org_id"), array_agg(c."order_id"), array_agg(c."own"))
    FROM (SELECT o."org_id", o."order_id", (to_jsonb(o) ->> TG_ARGV[0])::timestamptz AS "own" FROM "old_rows" o
          UNION ALL SELECT n."org_id", n."order_id", (to_jsonb(n) ->> TG_ARGV[0])::timestamptz FROM "new_rows" n) c;
  ELSE
    PERFORM "mark_order_changes"(array_agg(c."org_id"), array_agg(c."order_id"), array_agg((to_jsonb(c) ->> TG_ARGV[0])::timestamptz))
    FROM "changed_rows" c;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER "orders_updated_count" ON "orders";--> statement-breakpoint
DROP TRIGGER "orders_updated_old_count" ON "orders";--> statement-breakpoint
CREATE TRIGGER "orders_updated_count" AFTER UPDATE ON "orders" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_times"();--> statement-breakpoint
DROP TRIGGER "order_refunds_inserted_count" ON "order_refunds";--> statement-breakpoint
DROP TRIGGER "order_refunds_updated_count" ON "order_refunds";--> statement-breakpoint
DROP TRIGGER "order_refunds_updated_old_count" ON "order_refunds";--> statement-breakpoint
CREATE TRIGGER "order_refunds_inserted_count" AFTER INSERT ON "order_refunds" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_parts"('refunded_at');--> statement-breakpoint
CREATE TRIGGER "order_refunds_updated_count" AFTER UPDATE ON "order_refunds" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_parts"('refunded_at');--> statement-breakpoint
DROP TRIGGER "order_cancellations_inserted_count" ON "order_cancellations";--> statement-breakpoint
DROP TRIGGER "order_cancellations_updated_count" ON "order_cancellations";--> statement-breakpoint
DROP TRIGGER "order_cancellations_updated_old_count" ON "order_cancellations";--> statement-breakpoint
CREATE TRIGGER "order_cancellations_inserted_count" AFTER INSERT ON "order_cancellations" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_parts"('canceled_at');--> statement-breakpoint
CREATE TRIGGER "order_cancellations_updated_count" AFTER UPDATE ON "order_cancellations" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "metric_change_reaches_order_parts"('canceled_at');--> statement-breakpoint
DROP FUNCTION "metric_change_reaches_refunded_orders"();--> statement-breakpoint
DROP FUNCTION "metric_change_reaches_canceled_orders"();--> statement-breakpoint
DROP FUNCTION "order_change_reach"(uuid, text);
