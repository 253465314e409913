/**
 * The metric reads of the loyalty programme page, shared by the server page that prefetches them and
 * the client report that renders them: one definition, so their query keys cannot drift apart.
 * (It lives outside the "use client" report on purpose: a server component importing a constant from
 * a client module gets a client reference, not the array, and its prefetch asked for no keys.)
 */
export const PROGRAM_KEYS = ["loyalty_adoption_rate"];
/** Compared between members and non-members. */
export const COMPARED_KEYS = ["aov", "purchase_frequency", "retention_rate"];

export interface ReportPeriod {
  from: string;
  to: string;
  label: string;
}

export type ReportRead = "programme" | "member" | "non_member";

/** The metric.summary input of one of the report's three reads. */
export function reportReadInput(orgSlug: string, period: ReportPeriod, read: ReportRead) {
  const loyalty = read === "programme" ? null : read;
  return {
    orgSlug,
    keys: loyalty ? COMPARED_KEYS : PROGRAM_KEYS,
    from: period.from,
    to: period.to,
    compare: false,
    segment: loyalty ? { loyalty } : null,
  };
}
