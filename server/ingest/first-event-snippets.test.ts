import { describe, expect, it } from "vitest";
import { curlSnippet, firstEvent, KEY_VARIABLE, segmentNodeSnippet } from "@/lib/first-event-snippets";
import { validateEvent } from "./validate";

// The settings page's examples must work when pasted: the event they send passes validation, and
// the curl command carries it as valid JSON.
describe("the first-event snippets", () => {
  it("send an event that validation accepts, in the organisation's currency", () => {
    const result = validateEvent(firstEvent("SEK"), { now: new Date() });
    expect(result.ok && result.event.properties.currency).toBe("SEK");
  });

  it("give curl the event as JSON, the key from an environment variable, and the request's origin", () => {
    const curl = curlSnippet("https://shop.example", "EUR");
    expect(curl).toContain("curl -X POST https://shop.example/api/v1/events");
    expect(curl).toContain(`Authorization: Bearer $${KEY_VARIABLE}`);
    const body = /-d '(.+)'$/m.exec(curl)?.[1];
    expect(JSON.parse(body!)).toEqual(firstEvent("EUR"));
    expect(curl).not.toMatch(/ac_(pub|sec)_\w/);
  });

  it("point @segment/analytics-node at the Segment-compatible batch path", () => {
    const node = segmentNodeSnippet("https://shop.example", "EUR");
    expect(node).toContain('host: "https://shop.example"');
    expect(node).toContain('path: "/api/segment/v1/batch"');
    expect(node).toContain(`writeKey: process.env.${KEY_VARIABLE}`);
    expect(node).not.toMatch(/ac_(pub|sec)_\w/);
  });
});
