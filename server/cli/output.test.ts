import { describe, expect, it, vi } from "vitest";
import { EmbeddedDatabaseBusyError } from "@/db/embedded-lock";
import { badRequest, conflict, DomainError } from "@/server/errors";
import { EXIT, UsageError, flagFor, reportError } from "./output";

function stderrOf(error: unknown): { code: number; text: string } {
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const code = reportError(error);
  const text = write.mock.calls.map((c) => String(c[0])).join("");
  write.mockRestore();
  return { code, text };
}

describe("reportError", () => {
  it("names fields by their flags", () => {
    expect(flagFor("timeZone")).toBe("--time-zone");
    const error = new DomainError("BAD_REQUEST", "Some values are not valid:", {
      fieldErrors: { currency: ["Use an ISO-4217 code."], timeZone: ["Choose a zone."] },
    });
    expect(stderrOf(error)).toEqual({
      code: EXIT.failure,
      text: "error: Some values are not valid:\n  --currency: Use an ISO-4217 code.\n  --time-zone: Choose a zone.\n",
    });
  });

  it("says a single-field message once", () => {
    expect(stderrOf(conflict('The address "acme" is taken.', "slug")).text).toBe('error: --slug: The address "acme" is taken.\n');
    expect(stderrOf(badRequest("Nope.")).text).toBe("error: Nope.\n");
  });

  it("maps usage errors to 2 and everything else to 1", () => {
    expect(stderrOf(new UsageError("Unknown command.", "Usage: …"))).toEqual({ code: 2, text: "error: Unknown command.\n\nUsage: …\n" });
    expect(stderrOf(new EmbeddedDatabaseBusyError("/x/db", 42)).text).toMatch(/^error: The embedded database at \/x\/db is in use by process 42/);
    const unexpected = stderrOf(new Error("Failed query: select 1", { cause: new Error("boom") }));
    expect(unexpected.code).toBe(1);
    expect(unexpected.text).toMatch(/^Unexpected error: Failed query: select 1\n  caused by: boom\n/);
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5999"), { code: "ECONNREFUSED" });
    expect(stderrOf(new Error("Failed query", { cause: refused })).text).toContain("Cannot reach the database (connect ECONNREFUSED");
  });
});
