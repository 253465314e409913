import { validateEvent, type Rejection } from "@/server/ingest/validate";
import { mapSegmentMessage, type AftercartEvent, type MapContext, type SegmentCall } from "./map";

export type MessageRejection = Rejection & { index: number };

export interface PreparedBatch {
  /** Events of the messages that are valid as a whole, in order. */
  events: AftercartEvent[];
  /** For each event, the index of the message it came from. */
  origins: number[];
  rejected: MessageRejection[];
}

/**
 * Maps and validates every message before anything is stored. A message is all or nothing: an
 * "Order Completed" whose order is invalid does not complete its checkout either.
 */
export function prepareMessages(call: SegmentCall | null, messages: readonly unknown[], ctx: MapContext): PreparedBatch {
  const prepared: PreparedBatch = { events: [], origins: [], rejected: [] };
  messages.forEach((message, index) => {
    const mapped = mapSegmentMessage(call, message, ctx);
    if (!mapped.ok) {
      prepared.rejected.push({ index, code: mapped.code, message: mapped.message });
      return;
    }
    for (const event of mapped.events) {
      const checked = validateEvent(event, { now: ctx.receivedAt });
      if (!checked.ok) {
        prepared.rejected.push({ index, code: checked.code, message: `${describe(call, message)}: ${checked.message}` });
        return;
      }
    }
    for (const event of mapped.events) {
      prepared.events.push(event);
      prepared.origins.push(index);
    }
  });
  return prepared;
}

/** How a rejection names the message: 'track "Order Completed"', "identify", … */
function describe(call: SegmentCall | null, message: unknown): string {
  const m = message as { type?: unknown; event?: unknown };
  const kind = call ?? (typeof m.type === "string" ? m.type : "message");
  return kind === "track" && typeof m.event === "string" ? `track ${JSON.stringify(m.event)}` : kind;
}
