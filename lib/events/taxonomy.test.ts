import { describe, expect, it } from "vitest";
import { CONTENT_TOPICS, CONTENT_TYPES, EVENT_TYPES } from "./taxonomy";

describe("content values", () => {
  // customer_activity_days stores the content types and topics a customer engaged with as bits at these
  // positions: a value moved or inserted before another would make every stored mask say something else.
  it("keep their bit positions: newsletter 1, blog 2, video 4, tutorial 8, community 16, social 32; sustainability 1, care 2, lifestyle 4, product 8, other 16", () => {
    const bits = (values: readonly string[]) => Object.fromEntries(values.map((v, i) => [v, 1 << i]));
    expect(bits(CONTENT_TYPES)).toEqual({ newsletter: 1, blog: 2, video: 4, tutorial: 8, community: 16, social: 32 });
    expect(bits(CONTENT_TOPICS)).toEqual({ sustainability: 1, care: 2, lifestyle: 4, product: 8, other: 16 });
  });

  it("are what content.engaged accepts, and nothing else", () => {
    const schema = EVENT_TYPES["content.engaged"];
    for (const contentType of CONTENT_TYPES) expect(schema.safeParse({ contentType }).success).toBe(true);
    for (const topic of CONTENT_TOPICS) expect(schema.safeParse({ contentType: "blog", topic }).success).toBe(true);
    expect(schema.safeParse({ contentType: "podcast" }).success).toBe(false);
    expect(schema.safeParse({ contentType: "blog", topic: "fashion" }).success).toBe(false);
  });
});
