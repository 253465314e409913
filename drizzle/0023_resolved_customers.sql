ALTER TABLE "orders" ADD COLUMN "resolved_customer_id" text;--> statement-breakpoint
ALTER TABLE "keyed_events" ADD COLUMN "resolved_customer_id" text;--> statement-breakpoint
-- resolved_customer_id of orders and keyed_events: the customer a row counts for (server/customers/identity.ts,
-- coalesce(customer_id, the customer anonymous_id is linked to)), kept on the row so that metrics stop joining
-- every order and keyed event to the organisation's identity links in each statement.
--
-- A row takes its customer as it is inserted (or its ids change).
CREATE FUNCTION "resolve_row_customer"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.resolved_customer_id := coalesce(NEW.customer_id,
    (SELECT il.customer_id FROM identity_links il WHERE il.org_id = NEW.org_id AND il.anonymous_id = NEW.anonymous_id));
  RETURN NEW;
END $$;--> statement-breakpoint
-- The rows of these anonymous ids that name no customer take the customer their id is linked to now, or none;
-- only rows whose customer changes are written. Called by the identity_links triggers below, and by ingest after
-- its anonymous-id locks (server/ingest/resolved-customers.ts): a row and the link naming its anonymous id,
-- stored by two batches side by side, each miss the other's uncommitted row.
-- PL/pgSQL, not SQL: its statements' plans are kept for the session, where a SQL function planned both again on
-- every call (6 ms a batch, a tenth of ingest's time); and a call for no ids (a link statement that wrote no
-- row still fires its statement triggers) returns at once.
CREATE FUNCTION "resolve_anonymous_rows"(p_orgs uuid[], p_anonymous_ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(p_anonymous_ids), 0) = 0 THEN
    RETURN;
  END IF;
  UPDATE orders o SET resolved_customer_id = il.customer_id
  FROM (SELECT DISTINCT c.org_id, c.anonymous_id FROM unnest(p_orgs, p_anonymous_ids) AS c(org_id, anonymous_id)) c
  LEFT JOIN identity_links il ON il.org_id = c.org_id AND il.anonymous_id = c.anonymous_id
  WHERE o.org_id = c.org_id AND o.anonymous_id = c.anonymous_id AND o.customer_id IS NULL
    AND o.resolved_customer_id IS DISTINCT FROM il.customer_id;
  UPDATE keyed_events k SET resolved_customer_id = il.customer_id
  FROM (SELECT DISTINCT c.org_id, c.anonymous_id FROM unnest(p_orgs, p_anonymous_ids) AS c(org_id, anonymous_id)) c
  LEFT JOIN identity_links il ON il.org_id = c.org_id AND il.anonymous_id = c.anonymous_id
  WHERE k.org_id = c.org_id AND k.anonymous_id = c.anonymous_id AND k.customer_id IS NULL
    AND k.resolved_customer_id IS DISTINCT FROM il.customer_id;
END $$;--> statement-breakpoint
CREATE FUNCTION "identity_links_resolve_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM resolve_anonymous_rows(array_agg(l.org_id), array_agg(l.anonymous_id))
    FROM (SELECT org_id, anonymous_id FROM old_links UNION SELECT org_id, anonymous_id FROM changed_links) l;
  ELSE
    PERFORM resolve_anonymous_rows(array_agg(l.org_id), array_agg(l.anonymous_id)) FROM changed_links l;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- The rows already stored: every row is written once (10 s for 669,059 keyed events at 10M), before the
-- indexes below exist, so that none of them is written twice.
UPDATE orders o SET resolved_customer_id = coalesce(o.customer_id,
  (SELECT il.customer_id FROM identity_links il WHERE il.org_id = o.org_id AND il.anonymous_id = o.anonymous_id));--> statement-breakpoint
UPDATE keyed_events k SET resolved_customer_id = coalesce(k.customer_id,
  (SELECT il.customer_id FROM identity_links il WHERE il.org_id = k.org_id AND il.anonymous_id = k.anonymous_id));--> statement-breakpoint
CREATE INDEX "orders_org_guest_anonymous_idx" ON "orders" USING btree ("org_id","anonymous_id") WHERE "orders"."customer_id" is null;--> statement-breakpoint
CREATE INDEX "keyed_events_org_guest_anonymous_idx" ON "keyed_events" USING btree ("org_id","anonymous_id") WHERE "keyed_events"."customer_id" is null;--> statement-breakpoint
CREATE TRIGGER "orders_resolve_customer" BEFORE INSERT OR UPDATE OF customer_id, anonymous_id ON "orders" FOR EACH ROW EXECUTE FUNCTION "resolve_row_customer"();--> statement-breakpoint
CREATE TRIGGER "keyed_events_resolve_customer" BEFORE INSERT OR UPDATE OF customer_id, anonymous_id ON "keyed_events" FOR EACH ROW EXECUTE FUNCTION "resolve_row_customer"();--> statement-breakpoint
CREATE TRIGGER "identity_links_inserted_resolve" AFTER INSERT ON "identity_links" REFERENCING NEW TABLE AS "changed_links" FOR EACH STATEMENT EXECUTE FUNCTION "identity_links_resolve_rows"();--> statement-breakpoint
CREATE TRIGGER "identity_links_updated_resolve" AFTER UPDATE ON "identity_links" REFERENCING OLD TABLE AS "old_links" NEW TABLE AS "changed_links" FOR EACH STATEMENT EXECUTE FUNCTION "identity_links_resolve_rows"();--> statement-breakpoint
CREATE TRIGGER "identity_links_deleted_resolve" AFTER DELETE ON "identity_links" REFERENCING OLD TABLE AS "changed_links" FOR EACH STATEMENT EXECUTE FUNCTION "identity_links_resolve_rows"();
