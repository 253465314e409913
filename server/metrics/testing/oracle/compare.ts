/** The engine answers to 4 decimals: a number agrees with the oracle's within that; anything else exactly. */
export function agrees(engine: unknown, oracle: number | string | null): boolean {
  if (typeof oracle === "number" && typeof engine === "number") return Math.abs(engine - oracle) <= 1e-4 + 1e-9 * Math.abs(oracle);
  return (engine ?? null) === oracle;
}

/**
 * The value at a dot path (`byKind.nps.rate`, `rows.0.exits`) of an engine breakdown; a key that holds
 * dots itself goes in brackets (`byType[repair.requested]`).
 */
export function valueAt(object: unknown, dotted: string): unknown {
  const keys = [...dotted.matchAll(/\[([^\]]+)\]|[^.[\]]+/g)].map((m) => m[1] ?? m[0]);
  return keys.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), object);
}
