import { describe, expect, it } from "vitest";
import { requestOrigin } from "./request-origin";

const FALLBACK = "https://app.aftercart.example/some/path";
const origin = (headers: Record<string, string>) => requestOrigin(new Headers(headers), FALLBACK);

describe("requestOrigin", () => {
  it("uses the Host header, over https unless the host is local", () => {
    expect(origin({ host: "analytics.shop.example" })).toBe("https://analytics.shop.example");
    expect(origin({ host: "localhost:3000" })).toBe("http://localhost:3000");
    expect(origin({ host: "127.0.0.1:3200" })).toBe("http://127.0.0.1:3200");
  });

  it("prefers what the proxy says the browser saw, first hop first", () => {
    expect(origin({ host: "10.0.0.5:3000", "x-forwarded-host": "shop.example, 10.0.0.1", "x-forwarded-proto": "https, http" })).toBe(
      "https://shop.example",
    );
    expect(origin({ host: "shop.example", "x-forwarded-proto": "http" })).toBe("http://shop.example");
  });

  it("falls back to APP_URL's origin without a host, or with one that is not a host name", () => {
    expect(origin({})).toBe("https://app.aftercart.example");
    expect(origin({ host: "evil.example/<script>" })).toBe("https://app.aftercart.example");
    expect(origin({ host: "shop.example", "x-forwarded-proto": "javascript" })).toBe("https://shop.example");
  });
});
