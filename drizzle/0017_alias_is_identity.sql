-- A Segment alias was stored as the custom event segment.alias, and custom events count as customer activity
-- (metrics.md), so an alias made its customer active that day. It is now stored as what it is, a
-- customer.identified with no traits (the pair of ids it carries links them, as before).
-- The organisations that have such events rebuild their activity days at the next start (metrics read raw
-- events until then); the update itself moves their metric data version (migration 0016's triggers).
UPDATE "organizations" SET "activity_days_stale" = true
WHERE "id" IN (SELECT DISTINCT "org_id" FROM "events" WHERE "type" = 'segment.alias');--> statement-breakpoint
UPDATE "events"
SET "type" = 'customer.identified', "custom" = false, "properties" = jsonb_build_object('traits', '{}'::jsonb) || "properties"
WHERE "type" = 'segment.alias';
