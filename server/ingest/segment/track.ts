import { createHash } from "node:crypto";
import { customTypeForTrack, specEventFor, trackNameKey } from "@/lib/events/segment";
import type { KnownEventType } from "@/lib/events/taxonomy";
import { eventOf, isPlainObject, rejectMessage, type Envelope, type Json, type MapContext, type Mapped, type TrackMappingTable } from "./envelope";
import { missingRequirement } from "./properties";
import { translateProperties } from "./translators";

/**
 * An organisation's mappings as the mapper reads them: by the exact name, and by its snake_case key
 * so that "Survey Answered" also catches "survey_answered" from another client.
 */
export function mappingTable(rows: readonly { trackName: string; type: KnownEventType }[]): TrackMappingTable {
  const table = new Map<string, KnownEventType>();
  for (const { trackName, type } of rows) {
    const key = trackNameKey(trackName);
    if (key && !table.has(`key:${key}`)) table.set(`key:${key}`, type);
    table.set(`name:${trackName}`, type);
  }
  return table;
}

/** The spec type, else the organisation's mapping, else null (a custom event). */
export function resolveTrackType(name: string, mappings: TrackMappingTable): KnownEventType | null {
  return specEventFor(name)?.type ?? mappings.get(`name:${name}`) ?? mappings.get(`key:${trackNameKey(name)}`) ?? null;
}

/**
 * A stable id for an event derived from a message, so that a retried message derives the same id
 * and is stored once. Ids may be 128 characters: a long message id is hashed first.
 */
export function derivedMessageId(messageId: string, suffix: string): string {
  const id = `${messageId}:${suffix}`;
  return id.length <= 128 ? id : `${createHash("sha256").update(messageId).digest("hex")}:${suffix}`;
}

export function mapTrack(message: Json, envelope: Envelope, ctx: MapContext): Mapped {
  const name = message.event;
  if (typeof name !== "string" || name.trim() === "") return rejectMessage("missing_event", 'a track call needs an "event" name');
  if (name.length > 200) return rejectMessage("invalid_field", "event names may be at most 200 characters");
  const properties = message.properties ?? {};
  if (!isPlainObject(properties)) return rejectMessage("invalid_properties", "properties must be a JSON object");

  const type = resolveTrackType(name, ctx.mappings);
  if (!type) {
    const custom = customTypeForTrack(name);
    if (!custom) {
      return rejectMessage(
        "invalid_event_name",
        `the event name ${JSON.stringify(name)} has no Latin letter or digit to name a custom event by; map it to a type in Settings → Tracking`,
      );
    }
    return { ok: true, events: [eventOf(envelope, custom, properties)] };
  }

  const missing = missingRequirement(type, properties);
  if (missing) return rejectMessage("missing_property", `${name} ${missing}`);
  const translated = translateProperties(type, properties, name, ctx.checkoutSteps);
  if (!translated.ok) return translated;

  const events = [eventOf(envelope, type, translated.properties)];
  const checkoutId = translated.properties.checkoutId;
  if (type === "order.placed" && checkoutId !== undefined && checkoutId !== null) {
    // The order completes its checkout; the derived id keeps a retried message from completing it twice.
    events.push(
      eventOf(envelope, "checkout.completed", { checkoutId, orderId: translated.properties.orderId }, {
        id: envelope.id === undefined ? undefined : derivedMessageId(envelope.id, "checkout.completed"),
      }),
    );
  }
  return { ok: true, events };
}
