CREATE TABLE "keyed_events" (
	"org_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"type" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"customer_id" text,
	"anonymous_id" text,
	"checkout_id" text,
	"order_id" text,
	"survey_kind" text,
	"policy" text,
	"email_type" text,
	CONSTRAINT "keyed_events_org_id_event_id_pk" PRIMARY KEY("org_id","event_id")
);
--> statement-breakpoint
CREATE INDEX "keyed_events_org_type_timestamp_idx" ON "keyed_events" USING btree ("org_id","type","timestamp");--> statement-breakpoint
-- The types kept, and the properties they are joined by, are server/metrics/keyed-events.ts's: a type added
-- there must be added here (and the table filled for it), which the consistency test checks.
CREATE OR REPLACE FUNCTION "keyed_events_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO keyed_events (org_id, event_id, type, timestamp, customer_id, anonymous_id, checkout_id, order_id, survey_kind, policy, email_type)
  SELECT e.org_id, e.id, e.type, e.timestamp, e.customer_id, e.anonymous_id, e.properties->>'checkoutId', e.properties->>'orderId',
         e.properties->>'kind', e.properties->>'policy', e.properties->>'emailType'
  FROM changed_rows e
  WHERE e.type IN ('dpp.viewed', 'sustainability.info_viewed', 'policy.viewed', 'tracking.viewed', 'email.clicked', 'survey.sent', 'survey.responded');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "keyed_events_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM keyed_events k USING changed_rows e
  WHERE k.org_id = e.org_id AND k.event_id = e.id
    AND e.type IN ('dpp.viewed', 'sustainability.info_viewed', 'policy.viewed', 'tracking.viewed', 'email.clicked', 'survey.sent', 'survey.responded');
  RETURN NULL;
END $$;--> statement-breakpoint
-- Nothing updates events today; if something does, its rows are copied again.
CREATE OR REPLACE FUNCTION "keyed_events_replace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM keyed_events k USING old_rows e WHERE k.org_id = e.org_id AND k.event_id = e.id;
  INSERT INTO keyed_events (org_id, event_id, type, timestamp, customer_id, anonymous_id, checkout_id, order_id, survey_kind, policy, email_type)
  SELECT e.org_id, e.id, e.type, e.timestamp, e.customer_id, e.anonymous_id, e.properties->>'checkoutId', e.properties->>'orderId',
         e.properties->>'kind', e.properties->>'policy', e.properties->>'emailType'
  FROM new_rows e
  WHERE e.type IN ('dpp.viewed', 'sustainability.info_viewed', 'policy.viewed', 'tracking.viewed', 'email.clicked', 'survey.sent', 'survey.responded');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "events_inserted_keyed" AFTER INSERT ON "events" REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "keyed_events_add"();--> statement-breakpoint
CREATE TRIGGER "events_deleted_keyed" AFTER DELETE ON "events" REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "keyed_events_remove"();--> statement-breakpoint
CREATE TRIGGER "events_updated_keyed" AFTER UPDATE ON "events" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "keyed_events_replace"();--> statement-breakpoint
-- The events already stored (an index range per type).
INSERT INTO keyed_events (org_id, event_id, type, timestamp, customer_id, anonymous_id, checkout_id, order_id, survey_kind, policy, email_type)
SELECT e.org_id, e.id, e.type, e.timestamp, e.customer_id, e.anonymous_id, e.properties->>'checkoutId', e.properties->>'orderId',
       e.properties->>'kind', e.properties->>'policy', e.properties->>'emailType'
FROM events e
WHERE e.type IN ('dpp.viewed', 'sustainability.info_viewed', 'policy.viewed', 'tracking.viewed', 'email.clicked', 'survey.sent', 'survey.responded');
