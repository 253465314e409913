import { describe, expect, it } from "vitest";
import { benchmarkOf, benchmarkStatus, suggestedWarning, thresholdProblem } from "./status";

describe("benchmark status", () => {
  it("api.md's example: NPS 40 against target 50, warning 30 is a warning", () => {
    expect(benchmarkOf(40, { target: 50, warning: 30 }, "higher")).toEqual({ target: 50, warning: 30, status: "warning" });
  });

  it("higher is better, target 80 warning 72: 80 on track, 72 warning, 71.99 off track", () => {
    const t = { target: 80, warning: 72 };
    expect(benchmarkStatus(80, t, "higher")).toBe("on_track");
    expect(benchmarkStatus(95, t, "higher")).toBe("on_track");
    expect(benchmarkStatus(72, t, "higher")).toBe("warning");
    expect(benchmarkStatus(71.99, t, "higher")).toBe("off_track");
  });

  it("lower is better, target 24 h warning 26.4 h: 24 on track, 26.4 warning, 26.5 off track", () => {
    const t = { target: 24, warning: 26.4 };
    expect(benchmarkStatus(3, t, "lower")).toBe("on_track");
    expect(benchmarkStatus(24, t, "lower")).toBe("on_track");
    expect(benchmarkStatus(26.4, t, "lower")).toBe("warning");
    expect(benchmarkStatus(26.5, t, "lower")).toBe("off_track");
  });

  it("a warning equal to the target leaves no warning band", () => {
    expect(benchmarkStatus(49.9, { target: 50, warning: 50 }, "higher")).toBe("off_track");
  });

  it("negative scores (NPS -20 against target 0, warning -10) are off track", () => {
    expect(benchmarkStatus(-20, { target: 0, warning: -10 }, "higher")).toBe("off_track");
    expect(benchmarkStatus(-5, { target: 0, warning: -10 }, "higher")).toBe("warning");
  });

  it("no value (an empty denominator) has no status, and no target gives no benchmark at all", () => {
    expect(benchmarkOf(null, { target: 50, warning: 30 }, "higher")).toEqual({ target: 50, warning: 30, status: null });
    expect(benchmarkOf(40, undefined, "higher")).toBeNull();
  });

  it("the warning must sit on the wrong side of the target", () => {
    expect(thresholdProblem({ target: 50, warning: 60 }, "higher")).toMatch(/at or below the target/);
    expect(thresholdProblem({ target: 24, warning: 20 }, "lower")).toMatch(/at or above the target/);
    expect(thresholdProblem({ target: 50, warning: 50 }, "higher")).toBeNull();
  });

  it("suggests a warning 10 % of the target on the wrong side: 80 -> 72, 24 -> 26.4, 0 -> 0, -10 -> -11", () => {
    expect(suggestedWarning(80, "higher")).toBe(72);
    expect(suggestedWarning(24, "lower")).toBe(26.4);
    expect(suggestedWarning(0, "higher")).toBe(0);
    expect(suggestedWarning(-10, "higher")).toBe(-11);
  });
});
