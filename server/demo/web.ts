import { CATEGORY_WEIGHTS, COLLECTION_PATHS, CONTENT_PAGES, DPP_SECTIONS, FEATURES_ON_SITE, PRODUCTS_BY_CATEGORY, type Product } from "./catalog";
import { SECOND } from "./calendar";
import { listPrice, type DemoCurrency } from "./money";
import type { AcquisitionChannel } from "./people";
import type { Rng } from "./random";
import type { Timeline, Who } from "./timeline";

/** Where a session came from, carried on its first page view. */
export interface Landing {
  path: string;
  referrer?: string;
  utmSource?: string;
  utmCampaign?: string;
}

export interface SessionSpec {
  at: number;
  who: Who;
  sessionId: string | undefined;
  currency: DemoCurrency;
  /** 0-1: how likely passports and sustainability pages are opened. */
  sustainability: number;
  landing: Landing;
  /** "buy": browses towards a basket; "browse": may bounce; "content": reads a journal page. */
  intent: "browse" | "buy" | "content";
  /** Share of "browse" visits that see one page only (default 0.38; first-time visitors bounce more). */
  bounceRate?: number;
}

export interface SessionResult {
  /** Time of the last event of the session. */
  end: number;
  viewed: Product[];
}

/** A product, likelier sustainable for those who care about it. */
export function pickProduct(rng: Rng, sustainability: number): Product {
  const category = rng.weighted(CATEGORY_WEIGHTS);
  const products = PRODUCTS_BY_CATEGORY.get(category)!;
  return rng.weighted(products.map((p) => [p, p.sustainable ? 1 + 1.5 * sustainability : 1] as const));
}

const viewGap = (rng: Rng) => Math.min(rng.logNormal(50, 0.8), 600) * SECOND;

/**
 * One visit: page and product views (the "views" that sessions are made of), with the occasional
 * passport, sustainability page, site feature or wishlist add in between.
 */
export function browse(rng: Rng, timeline: Timeline, spec: SessionSpec): SessionResult {
  const { who, sessionId } = spec;
  const viewed: Product[] = [];
  let t = spec.at;
  const bounce = spec.intent === "browse" && rng.chance(spec.bounceRate ?? 0.38);
  const views = bounce ? 1 : spec.intent === "buy" ? 2 + rng.poisson(2.2) : 2 + rng.poisson(1.6);

  // On the way to a checkout, the passport and sustainability pages are read in the checkout itself.
  const reading = spec.intent === "buy" ? 0.25 * spec.sustainability : spec.sustainability;
  const first = { path: spec.landing.path, ...(spec.landing.referrer && { referrer: spec.landing.referrer }), ...(spec.landing.utmSource && { utmSource: spec.landing.utmSource }), ...(spec.landing.utmCampaign && { utmCampaign: spec.landing.utmCampaign }) };
  timeline.add(t, "page.viewed", who, first, sessionId);

  for (let v = 1; v < views; v++) {
    t += viewGap(rng);
    const productPage = spec.intent === "content" ? rng.chance(0.3) : rng.chance(0.68);
    if (!productPage) {
      const path = spec.intent === "content" || rng.chance(0.2) ? rng.pick(CONTENT_PAGES) : rng.pick(COLLECTION_PATHS);
      timeline.add(t, "page.viewed", who, { path }, sessionId);
      continue;
    }
    const product = pickProduct(rng, spec.sustainability);
    viewed.push(product);
    timeline.add(t, "product.viewed", who, { productId: product.id, price: listPrice(product.price, spec.currency), path: `/products/${product.slug}` }, sessionId);
    if (rng.chance(0.02 + 0.22 * reading)) {
      timeline.add(t + rng.int(5, 60) * SECOND, "sustainability.info_viewed", who, { productId: product.id }, sessionId);
    }
    if (product.sustainable && rng.chance(0.015 + 0.16 * reading)) {
      timeline.add(t + rng.int(10, 90) * SECOND, "dpp.viewed", who, { productId: product.id, context: "pre_purchase", section: rng.pick(DPP_SECTIONS) }, sessionId);
    }
    if (rng.chance(0.035)) timeline.add(t + rng.int(3, 30) * SECOND, "wishlist.item_added", who, { productId: product.id }, sessionId);
    if (rng.chance(0.006)) timeline.add(t + rng.int(3, 30) * SECOND, "back_in_stock.requested", who, { productId: product.id, size: rng.pick(["S", "M", "L", "XL"]) }, sessionId);
  }
  if (!bounce && rng.chance(0.06)) {
    t += rng.int(5, 40) * SECOND;
    timeline.add(t, "feature.used", who, { feature: rng.pick(FEATURES_ON_SITE) }, sessionId);
  }
  if (!bounce && rng.chance(0.015)) {
    t += rng.int(5, 40) * SECOND;
    timeline.add(t, "policy.viewed", who, { policy: rng.weighted([["returns", 5], ["shipping", 4], ["warranty", 1]] as const) }, sessionId);
  }
  return { end: t, viewed };
}

const SEARCH = ["https://www.google.com/", "https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/", "https://www.ecosia.org/"];
const SOCIAL = ["https://www.instagram.com/", "https://www.tiktok.com/", "https://www.pinterest.com/", "https://www.facebook.com/"];

/** The first page of a visit arriving through `channel`. */
export function landingFor(rng: Rng, channel: AcquisitionChannel | "direct", referralCode?: string): Landing {
  const path = rng.weighted([["/", 40], [rng.pick(COLLECTION_PATHS), 35], [rng.pick(CONTENT_PAGES), 10], ["/blog", 15]]);
  switch (channel) {
    case "organic":
      return { path, referrer: rng.pick(SEARCH) };
    case "paid":
      return rng.chance(0.6)
        ? { path, referrer: "https://www.google.com/", utmSource: "google", utmCampaign: rng.pick(["brand_search", "shopping_outdoor", "generic_jackets"]) }
        : { path, referrer: "https://www.instagram.com/", utmSource: "meta", utmCampaign: rng.pick(["prospecting_reels", "retargeting_carts"]) };
    case "social":
      return { path, referrer: rng.pick(SOCIAL), utmSource: "social" };
    case "email":
      return { path, utmSource: "newsletter", utmCampaign: rng.pick(["weekly_edit", "new_arrivals", "repair_week", "winter_sale"]) };
    case "referral":
      return { path: referralCode ? `/?ref=${referralCode}` : "/", referrer: rng.pick(["https://www.outdoor-forum.example/", "https://blog.example/best-gear", "https://www.whatsapp.com/"]) };
    case "direct":
      return { path };
  }
}

/** A returning visit: mostly direct, some from newsletters and search. */
export function returningLanding(rng: Rng, subscribed: boolean): Landing {
  return landingFor(rng, rng.weighted<AcquisitionChannel | "direct">([["direct", 45], ["organic", 25], ["email", subscribed ? 20 : 2], ["paid", 8], ["social", 7]]));
}
