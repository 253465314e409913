import { envelopeOf, isPlainObject, rejectMessage, SEGMENT_CALLS, type MapContext, type Mapped, type SegmentCall } from "./envelope";
import { mapAlias, mapGroup, mapIdentify, mapPage, mapScreen } from "./calls";
import { mapTrack } from "./track";

export { mappingTable } from "./track";
export type { AftercartEvent, MapContext, Mapped, SegmentCall, TrackMappingTable } from "./envelope";

/**
 * One Segment message -> the Aftercart events it stands for (usually one; an "Order Completed" with
 * a checkout_id is two), or why it cannot be stored. Pure: no database, no clock but ctx.receivedAt.
 * `call` is the endpoint's call, or null for /batch, where each message names its own `type`.
 */
export function mapSegmentMessage(call: SegmentCall | null, message: unknown, ctx: MapContext): Mapped {
  if (!isPlainObject(message)) return rejectMessage("invalid_message", "each message must be a JSON object");
  const kind = call ?? message.type;
  if (typeof kind !== "string" || !(SEGMENT_CALLS as readonly string[]).includes(kind)) {
    return rejectMessage("invalid_call", `each message in a batch needs "type": one of ${SEGMENT_CALLS.join(", ")}`);
  }
  const parsed = envelopeOf(message, ctx);
  if (!parsed.ok) return parsed;
  const { envelope } = parsed;
  if (kind !== "alias" && !envelope.customerId && !envelope.anonymousId) {
    return rejectMessage("missing_identity", `a ${kind} call needs a userId or an anonymousId`);
  }
  switch (kind as SegmentCall) {
    case "track":
      return mapTrack(message, envelope, ctx);
    case "identify":
      return mapIdentify(message, envelope);
    case "page":
      return mapPage(message, envelope);
    case "screen":
      return mapScreen(message, envelope);
    case "group":
      return mapGroup(message, envelope);
    case "alias":
      return mapAlias(message, envelope);
  }
}
