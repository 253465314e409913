import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// docs/api.md promises that it lists every error code with its status. This keeps the promise: a code
// added to the REST plumbing, the ingest handler or event validation without a line in the docs (and
// in docs/openapi.yaml) fails here.
const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const sources = [
  ...readdirSync(path.join(root, "server/http"))
    .filter((f) => f.endsWith(".ts") && !f.includes(".test."))
    .map((f) => `server/http/${f}`),
  "server/ingest/http.ts",
];
// Every REST route of the server, wherever it lives, must document its codes in api.md.
function serverSources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return serverSources(relative);
    return entry.name.endsWith(".ts") && !entry.name.includes(".test.") ? [relative] : [];
  });
}
const allRequestCodes = [
  ...new Map(
    serverSources("server")
      .flatMap((file) => [...read(file).matchAll(/apiError\((\d{3}), "(\w+)"/g)].map(([, status, code]) => ({ status, code: code! })))
      .map((c) => [`${c.status} ${c.code}`, c]),
  ).values(),
];
const requestCodes = sources.flatMap((file) => [...read(file).matchAll(/apiError\((\d{3}), "(\w+)"/g)].map(([, status, code]) => ({ status, code: code! })));
const eventCodes = [...new Set([...read("server/ingest/validate.ts").matchAll(/(?:reject\(|code: )"(\w+)"/g)].map((m) => m[1]!))];
const apiDoc = read("docs/api.md");
const openApi = read("docs/openapi.yaml");

describe("docs/api.md and docs/openapi.yaml list every error code", () => {
  it("finds the codes in the source (so that this test cannot pass by finding none)", () => {
    expect(requestCodes.map((c) => c.code)).toEqual(expect.arrayContaining(["missing_api_key", "rate_limited", "invalid_json", "too_many_events", "internal_error"]));
    expect(eventCodes).toEqual(expect.arrayContaining(["invalid_event", "forbidden_key", "missing_property", "unknown_currency"]));
  });

  it.each(requestCodes)("request-level $code has a row with status $status, and is in the OpenAPI document", ({ status, code }) => {
    expect(apiDoc).toContain(`| ${status} | \`${code}\` |`);
    expect(openApi).toContain(`code: ${code}`);
  });

  it.each(allRequestCodes)("every REST code of the server ($status $code) has a row in docs/api.md", ({ status, code }) => {
    expect(apiDoc).toContain(`| ${status} | \`${code}\` |`);
  });

  it.each(eventCodes)("per-event %s has a row, and is in the OpenAPI enum", (code) => {
    expect(apiDoc).toContain(`| \`${code}\` |`);
    expect(openApi).toMatch(new RegExp(`^ +- ${code}$`, "m"));
  });
});
