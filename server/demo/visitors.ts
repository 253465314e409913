import { addToCart, fillBasket } from "./basket";
import { DAY, HISTORY, SECOND, busyMoment } from "./calendar";
import { CONTENT } from "./catalog";
import { checkout, type Shopper } from "./checkout";
import { shippingCost } from "./orders";
import { CHANNEL_WEIGHTS, COUNTRY_WEIGHTS, UTC_OFFSET } from "./people";
import type { RunSettings } from "./profile";
import { Rng } from "./random";
import type { Timeline } from "./timeline";
import { browse, landingFor } from "./web";

const VIDEOS = CONTENT.filter((c) => c.type === "video");

/**
 * People who look around and leave without ever giving their address: most sessions of a shop.
 * They bounce, watch a video, and now and then start a checkout they do not finish.
 */
export function anonymousVisitors(run: RunSettings, index: number, timeline: Timeline): void {
  const rng = Rng.for(run.seed, "visitors", index);
  const visitors = rng.poisson(6.5);
  for (let v = 1; v <= visitors; v++) {
    const anonymousId = `anon_${rng.hex(16)}`;
    const country = rng.weighted(COUNTRY_WEIGHTS);
    const offset = UTC_OFFSET[country];
    const channel = rng.weighted(CHANNEL_WEIGHTS);
    const sustainability = rng.beta(1.2, 5);
    const who = { anonymousId };
    const shopper: Shopper = {
      rng,
      timeline,
      sustainability,
      who: () => who,
      enteredEmail: () => {},
      reachable: () => false,
      placeOrder: () => false,
      revisit: (at) => ({ end: at, sessionId: undefined }),
    };
    const sessions = 1 + (rng.chance(0.25) ? rng.poisson(1) : 0);
    let at = busyMoment(rng, run.now - HISTORY, run.now, offset, 1.6);
    for (let s = 1; s <= sessions && at <= run.now; s++) {
      const sessionId = rng.chance(0.85) ? `ses_v${index + 1}_${v}_${s}` : undefined;
      const visit = browse(rng, timeline, {
        at,
        who,
        sessionId,
        currency: run.currency,
        sustainability,
        landing: landingFor(rng, s === 1 ? channel : "direct"),
        intent: rng.chance(0.12) ? "content" : "browse",
        bounceRate: 0.7,
      });
      if (rng.chance(0.08)) {
        const video = rng.pick(VIDEOS);
        timeline.add(visit.end + 20 * SECOND, "content.engaged", who, { contentType: "video", topic: video.topic, contentId: video.id, durationSeconds: Math.round(video.seconds * rng.between(0.15, 1)) });
      }
      if (visit.viewed.length && rng.chance(0.06)) {
        const basket = fillBasket(rng, visit.viewed, run.currency, sustainability, 0);
        const added = addToCart(rng, timeline, () => who, sessionId, basket, visit.end);
        checkout(shopper, {
          checkoutId: `CHK-V${index + 1}-${v}-${s}`,
          at: added + rng.int(20, 90) * SECOND,
          basket,
          sessionId,
          kind: "visitor",
          force: "abandon",
          shippingCost: shippingCost(country, basket.subtotal, run.currency),
        });
      }
      at += rng.exponential(6 * DAY) + DAY / 24;
    }
  }
}
