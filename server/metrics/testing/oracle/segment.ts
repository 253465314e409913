import { DAY, type Dataset, isSustainabilityInteraction } from "./dataset";

/** A segment as api.md writes it; every part optional, the parts combined with "and". */
export interface OracleSegment {
  traits?: Record<string, string>;
  loyalty?: "member" | "non_member";
  engagement?: "high" | "low" | "none";
  cohort?: string;
}

/**
 * metrics.md "Segments": evaluated at `to`. A trait is the value of the latest customer.identified
 * before `to` that sets it (ties by arrival); a member enrolled before `to`; engagement counts
 * sustainability interactions in the 90 days before `to`; the cohort is the local month of the first order.
 */
export function segmentMembers(data: Dataset, segment: OracleSegment, to: number): Set<string> {
  const members = new Set<string>();
  for (const customer of data.customers()) {
    const own = data.events.filter((e) => e.customer === customer && e.at < to);
    const traitsOk = Object.entries(segment.traits ?? {}).every(([key, wanted]) => {
      const setting = own.filter((e) => e.type === "customer.identified" && (e.props.traits as Record<string, unknown> | undefined)?.[key] !== undefined);
      const latest = setting.at(-1);
      return latest !== undefined && String((latest.props.traits as Record<string, unknown>)[key]) === wanted;
    });
    const enrolled = own.some((e) => e.type === "loyalty.enrolled");
    const loyaltyOk = !segment.loyalty || (segment.loyalty === "member") === enrolled;
    const interactions = own.filter((e) => e.at >= to - 90 * DAY && isSustainabilityInteraction(e)).length;
    const level = interactions >= 3 ? "high" : interactions >= 1 ? "low" : "none";
    const engagementOk = !segment.engagement || segment.engagement === level;
    const first = data.firstOrder(customer);
    const cohortOk = !segment.cohort || (first !== undefined && first.at < to && data.localMonth(first.at) === segment.cohort);
    if (traitsOk && loyaltyOk && engagementOk && cohortOk) members.add(customer);
  }
  return members;
}
