/**
 * The demo shop: a European outdoor and apparel brand with a repair service, a take-back scheme, a
 * refill club and a vitamin subscription. Prices are in EUR; other currencies are derived.
 */

export type Category = "jackets" | "knitwear" | "shirts" | "trousers" | "shoes" | "bags" | "accessories" | "care";

export interface Product {
  id: string;
  slug: string;
  category: Category;
  /** EUR, tax included. */
  price: number;
  /** Recycled, organic or certified: the `sustainable` flag of order items. */
  sustainable: boolean;
  /** Worth repairing, reselling or taking back (not socks and wax). */
  durable: boolean;
}

const P = (id: string, slug: string, category: Category, price: number, sustainable: boolean, durable = true): Product => ({
  id,
  slug,
  category,
  price,
  sustainable,
  durable,
});

export const PRODUCTS: readonly Product[] = [
  P("prd_1001", "alpine-shell-jacket", "jackets", 289, true),
  P("prd_1002", "recycled-down-parka", "jackets", 329, true),
  P("prd_1003", "city-rain-jacket", "jackets", 179, false),
  P("prd_1004", "fleece-midlayer", "jackets", 119, false),
  P("prd_1005", "softshell-vest", "jackets", 99, false),
  P("prd_1101", "merino-crew-sweater", "knitwear", 129, false),
  P("prd_1102", "cable-knit-cardigan", "knitwear", 149, true),
  P("prd_1103", "cotton-hoodie", "knitwear", 89, false),
  P("prd_1104", "wool-blend-zip", "knitwear", 109, false),
  P("prd_1201", "organic-cotton-tee", "shirts", 35, true),
  P("prd_1202", "merino-base-layer", "shirts", 69, false),
  P("prd_1203", "linen-shirt", "shirts", 79, false),
  P("prd_1204", "performance-tee", "shirts", 39, false),
  P("prd_1205", "flannel-shirt", "shirts", 69, false),
  P("prd_1301", "hemp-hiking-trousers", "trousers", 119, true),
  P("prd_1302", "stretch-chinos", "trousers", 89, false),
  P("prd_1303", "trail-shorts", "trousers", 59, false),
  P("prd_1304", "repairable-jeans", "trousers", 129, true),
  P("prd_1401", "trail-runner", "shoes", 149, false),
  P("prd_1402", "resoleable-hiking-boot", "shoes", 219, true),
  P("prd_1403", "recycled-sneaker", "shoes", 119, true),
  P("prd_1404", "wool-slipper", "shoes", 69, true),
  P("prd_1501", "daypack-22l", "bags", 99, true),
  P("prd_1502", "roll-top-backpack", "bags", 139, true),
  P("prd_1503", "canvas-tote", "bags", 39, true),
  P("prd_1504", "travel-duffel", "bags", 149, false),
  P("prd_1601", "merino-socks-3-pack", "accessories", 29, false, false),
  P("prd_1602", "beanie", "accessories", 35, false, false),
  P("prd_1603", "leather-belt", "accessories", 59, false),
  P("prd_1604", "insulated-bottle", "accessories", 32, false),
  P("prd_1605", "cap", "accessories", 29, false, false),
  P("prd_1701", "wax-proofing-kit", "care", 19, true, false),
  P("prd_1702", "repair-patch-set", "care", 14, true, false),
  P("prd_1703", "wool-wash", "care", 12, false, false),
  P("prd_1704", "shoe-care-set", "care", 24, false, false),
];

/** How often each category is bought: shirts and accessories often, parkas rarely. */
export const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ["shirts", 24],
  ["accessories", 18],
  ["knitwear", 13],
  ["trousers", 12],
  ["jackets", 10],
  ["shoes", 9],
  ["bags", 7],
  ["care", 7],
];

export const PRODUCTS_BY_CATEGORY = new Map<Category, Product[]>(
  CATEGORY_WEIGHTS.map(([category]) => [category, PRODUCTS.filter((p) => p.category === category)]),
);

export const COLLECTION_PATHS = CATEGORY_WEIGHTS.map(([category]) => `/collections/${category}`);
export const CONTENT_PAGES = ["/pages/sustainability", "/pages/repair-service", "/pages/take-back", "/pages/about", "/pages/size-guide"];
export const CHECKOUT_STEPS = ["cart", "information", "shipping", "payment", "review"] as const;
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number];

export const DPP_SECTIONS = ["materials", "origin", "care", "repair", "end_of_life", "certifications"] as const;

export type ContentType = "newsletter" | "blog" | "video" | "tutorial" | "community" | "social";
export type ContentTopic = "sustainability" | "care" | "lifestyle" | "product" | "other";

export interface ContentPiece {
  id: string;
  type: ContentType;
  topic: ContentTopic;
  /** Typical engagement time in seconds. */
  seconds: number;
}

export const CONTENT: readonly ContentPiece[] = [
  { id: "blog-why-we-repair", type: "blog", topic: "sustainability", seconds: 210 },
  { id: "blog-recycled-down-explained", type: "blog", topic: "sustainability", seconds: 240 },
  { id: "blog-what-is-a-product-passport", type: "blog", topic: "sustainability", seconds: 260 },
  { id: "blog-alps-traverse", type: "blog", topic: "lifestyle", seconds: 300 },
  { id: "blog-layering-guide", type: "blog", topic: "product", seconds: 180 },
  { id: "blog-team-stories", type: "blog", topic: "other", seconds: 150 },
  { id: "video-repair-a-zip", type: "video", topic: "care", seconds: 240 },
  { id: "video-factory-tour", type: "video", topic: "sustainability", seconds: 420 },
  { id: "video-shell-jacket-review", type: "video", topic: "product", seconds: 300 },
  { id: "video-weekend-hike", type: "video", topic: "lifestyle", seconds: 360 },
  { id: "tutorial-wash-merino", type: "tutorial", topic: "care", seconds: 200 },
  { id: "tutorial-rewax-a-jacket", type: "tutorial", topic: "care", seconds: 260 },
  { id: "tutorial-resole-boots", type: "tutorial", topic: "care", seconds: 280 },
  { id: "community-repair-cafe", type: "community", topic: "sustainability", seconds: 160 },
  { id: "community-trail-tips", type: "community", topic: "lifestyle", seconds: 140 },
  { id: "community-gear-questions", type: "community", topic: "product", seconds: 120 },
  { id: "social-behind-the-seams", type: "social", topic: "sustainability", seconds: 40 },
  { id: "social-new-collection", type: "social", topic: "product", seconds: 30 },
  { id: "social-weekend-plans", type: "social", topic: "lifestyle", seconds: 25 },
];

export const CARRIERS: Record<string, readonly string[]> = {
  DE: ["DHL", "DPD", "Hermes"],
  AT: ["Post AG", "DPD"],
  FR: ["Colissimo", "Chronopost"],
  NL: ["PostNL", "DHL"],
  BE: ["bpost", "PostNL"],
  GB: ["Royal Mail", "DPD UK"],
  US: ["UPS", "USPS"],
  default: ["DHL Express", "UPS"],
};

/** Subscriptions: the refill club (care products) and a daily vitamin plan (with dose reminders). */
export const PLANS = [
  { id: "refill-club", mrr: 14.9 },
  { id: "refill-club-plus", mrr: 24.9 },
  { id: "daily-vitamins", mrr: 19.9 },
] as const;
export type PlanId = (typeof PLANS)[number]["id"];

export const LOYALTY_PROGRAM = "green-rewards";

export const SUPPORT_CHANNELS = [
  ["email", 45],
  ["chat", 35],
  ["phone", 20],
] as const;

export const FEATURES_ON_SITE = ["size_guide", "wishlist", "product_compare", "ar_try_on", "store_locator"] as const;
export const FEATURES_IN_PORTAL = ["order_history", "repair_booking", "care_reminders", "subscription_settings", "returns_portal"] as const;
