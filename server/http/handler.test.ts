import { afterEach, describe, expect, it, vi } from "vitest";
import { restHandler } from "./handler";
import { apiError } from "./responses";

afterEach(() => vi.restoreAllMocks());

describe("restHandler", () => {
  it("turns an unexpected error into a 500 internal_error that names the request id and nothing of the server", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = restHandler(async () => {
      throw new Error("connection to 10.0.0.7:5432 refused (password for user app)");
    });
    const response = await handler(new Request("http://localhost/api/v1/events", { method: "POST" }));
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toEqual({ code: "internal_error", message: `something went wrong on our side; quote request id ${requestId}`, details: null });
    expect(JSON.stringify(log.mock.calls)).toContain(requestId);
  });

  it("echoes the client's X-Request-Id on success and on errors", async () => {
    const ok = restHandler(async () => Response.json({ ok: true }));
    const refused = restHandler(async () => apiError(400, "invalid_json", "the body is not valid JSON"));
    const request = () => new Request("http://localhost/x", { headers: { "x-request-id": "client-chosen-id" } });
    expect((await ok(request())).headers.get("x-request-id")).toBe("client-chosen-id");
    expect((await refused(request())).headers.get("x-request-id")).toBe("client-chosen-id");
  });
});
