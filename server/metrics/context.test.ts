import { describe, expect, it } from "vitest";
import { sharedWithinRequest, type MetricContext, type SharedRelations } from "./context";

const contextWith = (shared?: SharedRelations) => ({ shared }) as MetricContext;

describe("sharedWithinRequest", () => {
  it("computes once per key for the request; callers asking at the same time wait for the one answer", async () => {
    const ctx = contextWith(new Map());
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { rows: runs };
    };
    const [a, b] = await Promise.all([sharedWithinRequest(ctx, "k", compute), sharedWithinRequest(ctx, "k", compute)]);
    const c = await sharedWithinRequest(ctx, "k", compute);
    expect(runs).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
    await sharedWithinRequest(ctx, "other", compute);
    expect(runs).toBe(2);
  });

  it("keeps no failure: the next caller computes again", async () => {
    const ctx = contextWith(new Map());
    let runs = 0;
    const failOnce = async () => {
      runs++;
      if (runs === 1) throw new Error("connection lost");
      return "answer";
    };
    await expect(sharedWithinRequest(ctx, "k", failOnce)).rejects.toThrow("connection lost");
    await expect(sharedWithinRequest(ctx, "k", failOnce)).resolves.toBe("answer");
    expect(runs).toBe(2);
  });

  it("computes every time without a request's map (a script, a REST call, a transaction)", async () => {
    const ctx = contextWith(undefined);
    let runs = 0;
    await sharedWithinRequest(ctx, "k", async () => runs++);
    await sharedWithinRequest(ctx, "k", async () => runs++);
    expect(runs).toBe(2);
  });
});
