import type { NormalizedEvent } from "./validate";

export interface TraitState {
  traits: Record<string, unknown>;
  /** ISO timestamp of the event that set each trait. */
  timestamps: Record<string, string>;
}

/**
 * Per trait key, the value with the latest event timestamp wins; on a tie the later arrival wins.
 * `events` are customer.identified events in arrival order.
 */
export function mergeTraits(state: TraitState, identified: readonly NormalizedEvent[]): TraitState {
  const traits = { ...state.traits };
  const timestamps = { ...state.timestamps };
  for (const event of identified) {
    const at = event.timestamp.toISOString();
    for (const [key, value] of Object.entries(event.properties.traits as Record<string, unknown>)) {
      const current = timestamps[key];
      if (current === undefined || at >= current) {
        traits[key] = value;
        timestamps[key] = at;
      }
    }
  }
  return { traits, timestamps };
}
