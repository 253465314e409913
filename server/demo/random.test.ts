import { describe, expect, it } from "vitest";
import { Rng, deriveSeed } from "./random";

const draws = (rng: Rng, n: number, f: (r: Rng) => number) => Array.from({ length: n }, () => f(rng));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("Rng", () => {
  it("repeats itself for a seed and differs between seeds, even neighbouring ones", () => {
    expect(draws(new Rng(7), 5, (r) => r.float())).toEqual(draws(new Rng(7), 5, (r) => r.float()));
    const a = draws(new Rng(1), 20, (r) => r.int(0, 9));
    const b = draws(new Rng(2), 20, (r) => r.int(0, 9));
    expect(a).not.toEqual(b);
  });

  it("derives different streams per purpose and customer", () => {
    const seeds = new Set([deriveSeed(1, "web", 0), deriveSeed(1, "web", 1), deriveSeed(1, "orders", 0), deriveSeed(2, "web", 0), deriveSeed(1, "web0")]);
    expect(seeds.size).toBe(5);
    expect(Rng.for(3, "a", 1).float()).toBe(Rng.for(3, "a", 1).float());
  });

  it("keeps every draw in its range", () => {
    const rng = new Rng(11);
    const ints = draws(rng, 5000, (r) => r.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    for (const x of draws(rng, 5000, (r) => r.float())) expect(x >= 0 && x < 1).toBe(true);
    for (const x of draws(rng, 2000, (r) => r.beta(2, 5))) expect(x > 0 && x < 1).toBe(true);
    for (const x of draws(rng, 2000, (r) => r.between(-2, 2))) expect(x >= -2 && x < 2).toBe(true);
    expect(rng.hex(16)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("has the means its distributions promise", () => {
    const rng = new Rng(5);
    expect(mean(draws(rng, 20000, (r) => r.poisson(2.5)))).toBeCloseTo(2.5, 1);
    expect(mean(draws(rng, 20000, (r) => r.poisson(60)))).toBeCloseTo(60, 0);
    expect(mean(draws(rng, 20000, (r) => r.exponential(4)))).toBeCloseTo(4, 0);
    expect(mean(draws(rng, 20000, (r) => r.gamma(1.6, 1.1)))).toBeCloseTo(1.76, 1);
    expect(mean(draws(rng, 20000, (r) => r.gamma(0.5, 2)))).toBeCloseTo(1, 1);
    expect(mean(draws(rng, 20000, (r) => r.normal(10, 2)))).toBeCloseTo(10, 1);
    expect(mean(draws(rng, 20000, (r) => r.beta(2, 6)))).toBeCloseTo(0.25, 1);
  });

  it("picks by weight", () => {
    const rng = new Rng(9);
    const picks = draws(rng, 20000, (r) => r.weighted([[0, 1], [1, 3]] as const));
    expect(mean(picks)).toBeCloseTo(0.75, 1);
    expect(rng.weighted([["only", 0], ["this", 1]] as const)).toBe("this");
    expect(() => rng.pick([])).toThrow();
    const sample = rng.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(sample).size).toBe(3);
  });
});
