-- events.md: money without a currency is in the organisation's currency "resolved at ingest".
-- Ingest now writes it into subscription.started; subscriptions stored before did not carry it and
-- were read in whatever the organisation's currency was at read time. They take the current one here,
-- the best record left of the currency they were sent in.
UPDATE "events" e
SET "properties" = e."properties" || jsonb_build_object('currency', o."currency")
FROM "organizations" o
WHERE o."id" = e."org_id" AND e."type" = 'subscription.started' AND NOT (e."properties" ? 'currency');
