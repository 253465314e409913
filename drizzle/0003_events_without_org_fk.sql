ALTER TABLE "event_message_ids" DROP CONSTRAINT "event_message_ids_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_org_id_organizations_id_fk";
