import { iso } from "./calendar";

/** One generated event, in the envelope of events.md (keys in a fixed order, so that NDJSON is stable). */
export interface DemoEvent {
  id: string;
  type: string;
  customerId?: string;
  anonymousId?: string;
  sessionId?: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

/** Who an event is about: a known customer, a device, or a customer on a device (which links the two). */
export interface Who {
  customerId?: string;
  anonymousId?: string;
}

interface Draft {
  at: number;
  type: string;
  who: Who;
  sessionId: string | undefined;
  properties: Record<string, unknown>;
}

/**
 * Collects one customer's events in any order and hands them back sorted by time. Anything that
 * would happen after "now" is not recorded: outcomes that are still to come are simply not there
 * yet, as in a real shop's data.
 */
export class Timeline {
  private drafts: Draft[] = [];

  constructor(readonly now: number) {}

  /** Records the event when it is not in the future; tells whether it was recorded. */
  add(at: number, type: string, who: Who, properties: Record<string, unknown> = {}, sessionId?: string): boolean {
    if (!(at <= this.now)) return false;
    this.drafts.push({ at, type, who, sessionId, properties });
    return true;
  }

  get size(): number {
    return this.drafts.length;
  }

  /** The events in time order (ties keep the order they were added in), with ids `<prefix>-<n>`. */
  finish(idPrefix: string): DemoEvent[] {
    const sorted = this.drafts.sort((a, b) => a.at - b.at);
    this.drafts = [];
    return sorted.map((d, n) => {
      // Keys in envelope order; absent ids are left out rather than sent as null.
      const event = { id: `${idPrefix}-${n + 1}`, type: d.type } as DemoEvent;
      if (d.who.customerId) event.customerId = d.who.customerId;
      if (d.who.anonymousId) event.anonymousId = d.who.anonymousId;
      if (d.sessionId) event.sessionId = d.sessionId;
      event.timestamp = iso(d.at);
      event.properties = d.properties;
      return event;
    });
  }
}
