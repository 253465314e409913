import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, describeChanges } from "./audit-format";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") && !full.includes(".test.") ? [full] : [];
  });
}

describe("audit log wording", () => {
  it("has a label for every action the server records", () => {
    const recorded = new Set(
      sourceFiles(path.join(import.meta.dirname, "..", "server")).flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/(?:action: |const [A-Z_]+ = )"([a-z_]+\.[a-z_]+)"/g)].map((m) => m[1]!),
      ),
    );
    expect(recorded.size).toBeGreaterThan(10);
    expect([...recorded].filter((action) => !AUDIT_ACTION_LABELS[action])).toEqual([]);
  });

  it("describes what changed, and only that", () => {
    expect(describeChanges({ currency: "EUR", name: "A" }, { currency: "USD", name: "A" })).toEqual(["currency: EUR → USD"]);
    expect(describeChanges(null, { role: "viewer" })).toEqual(["role: viewer"]);
    expect(describeChanges({ role: "admin" }, null)).toEqual(["role: admin (removed)"]);
  });
});
