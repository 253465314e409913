import normalCdf from "@stdlib/stats-base-dists-normal-cdf";

/**
 * Two-sided p-value of a pooled two-proportion z-test: x1 of n1 against x2 of n2.
 * z = (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with p = (x1 + x2) / (n1 + n2);
 * p-value = 2 (1 - Phi(|z|)), computed as 2 Phi(-|z|) so that tiny p-values keep their precision.
 * Null when either side is empty or the pooled proportion is 0 or 1 (no variance: z is undefined).
 */
export function twoProportionPValue(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return null;
  const z = (x1 / n1 - x2 / n2) / Math.sqrt(variance);
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}
