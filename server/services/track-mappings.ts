import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { trackMappings } from "@/db/schema";
import type { Executor } from "@/db";
import { MAPPABLE_EVENT_TYPES, specEventFor, trackNameKey } from "@/lib/events/segment";
import type { KnownEventType } from "@/lib/events/taxonomy";
import { badRequest, conflict, notFound } from "@/server/errors";
import { recordAudit, type Actor } from "./audit";
import { lockOrganization } from "./organizations";

/**
 * Per organisation: which Segment track names stand for which taxonomy type. Names are matched by
 * their snake_case key at ingest, so two names with one key would be ambiguous and are refused.
 */

export interface TrackMapping {
  trackName: string;
  type: KnownEventType;
}

export async function listTrackMappings(db: Executor, orgId: string): Promise<TrackMapping[]> {
  const rows = await db
    .select({ trackName: trackMappings.trackName, type: trackMappings.type })
    .from(trackMappings)
    .where(eq(trackMappings.orgId, orgId))
    .orderBy(asc(trackMappings.trackName));
  // Only the service writes the table, and it writes known types only.
  return rows as TrackMapping[];
}

export async function setTrackMapping(db: Executor, actor: Actor, orgId: string, input: TrackMapping): Promise<TrackMapping> {
  const trackName = input.trackName.trim();
  if (!trackName) throw badRequest("Enter the event name exactly as your Segment calls send it.", "trackName");
  if (!(MAPPABLE_EVENT_TYPES as readonly string[]).includes(input.type)) throw badRequest("Choose an Aftercart event type.", "type");
  const spec = specEventFor(trackName);
  if (spec) {
    throw badRequest(`"${spec.name}" is part of Segment's e-commerce spec and always becomes ${spec.type}.`, "trackName");
  }
  return db.transaction(async (tx) => {
    // One writer at a time per organisation, so two clashing names cannot both pass the check.
    await lockOrganization(tx, orgId);
    const existing = await listTrackMappings(tx, orgId);
    const key = trackNameKey(trackName);
    const clash = existing.find((m) => m.trackName !== trackName && key !== "" && trackNameKey(m.trackName) === key);
    if (clash) {
      throw conflict(`"${clash.trackName}" is already mapped and matches the same events as "${trackName}": change or remove that mapping instead.`, "trackName");
    }
    const before = existing.find((m) => m.trackName === trackName);
    if (before?.type === input.type) return before;
    await tx
      .insert(trackMappings)
      .values({ orgId, trackName, type: input.type })
      .onConflictDoUpdate({ target: [trackMappings.orgId, trackMappings.trackName], set: { type: input.type } });
    await recordAudit(tx, {
      orgId,
      actor,
      action: "track_mapping.set",
      targetType: "track_mapping",
      targetId: trackName,
      before: before ? { trackName, type: before.type } : null,
      after: { trackName, type: input.type },
    });
    return { trackName, type: input.type };
  });
}

export async function deleteTrackMapping(db: Executor, actor: Actor, orgId: string, trackName: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(trackMappings)
      .where(and(eq(trackMappings.orgId, orgId), eq(trackMappings.trackName, trackName)))
      .returning({ trackName: trackMappings.trackName, type: trackMappings.type });
    if (!row) throw notFound("Mapping");
    await recordAudit(tx, { orgId, actor, action: "track_mapping.deleted", targetType: "track_mapping", targetId: trackName, before: row });
  });
}
