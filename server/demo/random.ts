import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";

/** murmur3's finaliser: spreads nearby inputs (seed 1, seed 2) over the whole 32-bit range. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed for one purpose ("profile") of one customer of one run. */
export function deriveSeed(seed: number, ...keys: (string | number)[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const key of keys) {
    const text = String(key);
    for (let i = 0; i < text.length; i++) h = mix32(h ^ Math.imul(text.charCodeAt(i) + 1, 0x27d4eb2d));
    h = mix32(h ^ 0x165667b1);
  }
  return h;
}

export type Weighted<T> = readonly (readonly [T, number])[];

/**
 * The demo's only source of randomness: every draw goes through a seeded generator, so that one
 * seed gives the same data on every machine. Each customer gets streams of its own (`Rng.for`), so
 * that a customer's data does not depend on how many draws the customers before it made.
 */
export class Rng {
  private readonly gen: RandomGenerator;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
    // xoroshiro's first outputs echo a small seed; a few draws decorrelate neighbouring seeds.
    for (let i = 0; i < 12; i++) this.gen.next();
  }

  static for(seed: number, ...keys: (string | number)[]): Rng {
    return new Rng(deriveSeed(seed, ...keys));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.float() * items.length)]!;
  }

  weighted<T>(entries: Weighted<T>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.float() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** Standard normal via Box-Muller, scaled. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float();
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median: the shape of response times, order values, durations. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Knuth's method for small means, a rounded normal for large ones (only counts per customer here). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Gamma(shape, scale) by Marsaglia and Tsang: heterogeneous purchase rates across customers. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.float(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Beta(a, b) from two gammas: per-customer propensities in [0, 1]. */
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }

  /** Lower-case hex digits, for device ids. */
  hex(length: number): string {
    let out = "";
    while (out.length < length) out += ((this.gen.next() >>> 0) % 0x10000).toString(16).padStart(4, "0");
    return out.slice(0, length);
  }

  /** Up to `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length) out.push(pool.splice(Math.floor(this.float() * pool.length), 1)[0]!);
    return out;
  }
}
