import { describe, expect, it } from "vitest";
import { otherMethods, unknownApiPath } from "./methods";

const at = (method: string, path = "/api/v1/metrics") => new Request(`http://localhost${path}`, { method });

describe("methods a route does not serve (api.md: every error is JSON, every response has X-Request-Id)", () => {
  it("refuses PUT on a GET route with 405 method_not_allowed, naming GET, with Allow and a request id", async () => {
    const response = await otherMethods(["GET"]).PUT(at("PUT"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      error: { code: "method_not_allowed", message: "PUT is not allowed on /api/v1/metrics: use GET", details: null },
    });
  });

  it("lists every method of a route that serves two, and answers OPTIONS with 204 and Allow", async () => {
    const methods = otherMethods(["GET", "DELETE"]);
    expect((await methods.POST(at("POST", "/api/v1/customers/c_1"))).headers.get("allow")).toBe("GET, DELETE, HEAD, OPTIONS");
    const options = await methods.OPTIONS(at("OPTIONS", "/api/v1/customers/c_1"));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, DELETE, HEAD, OPTIONS");
    expect(options.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers a path no route serves with a JSON 404 unknown_endpoint and a request id", async () => {
    const response = await unknownApiPath(at("GET", "/api/v1/customers"));
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "unknown_endpoint",
      message: expect.stringContaining("/api/v1/customers"),
    });
  });
});
