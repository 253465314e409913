import { DAY, HOUR, MINUTE, SECOND, seasonalArrivals } from "./calendar";
import { CONTENT, type ContentTopic } from "./catalog";
import type { Journey } from "./journey";
import { referralCodeOf } from "./profile";

/** The newsletter of each calendar month (January first), and what it is about. */
const CAMPAIGNS: readonly (readonly [string, ContentTopic])[] = [
  ["winter_sale", "product"],
  ["new_season", "product"],
  ["spring_hiking", "lifestyle"],
  ["earth_month", "sustainability"],
  ["repair_week", "care"],
  ["summer_trails", "lifestyle"],
  ["travel_light", "product"],
  ["back_to_city", "lifestyle"],
  ["autumn_layers", "product"],
  ["wool_week", "care"],
  ["black_friday", "product"],
  ["gift_guide", "product"],
];

/** The monthly newsletter goes out on the second Tuesday, at nine in the morning (UTC). */
function campaignDay(year: number, month: number): number {
  const firstDay = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const firstTuesday = 1 + ((2 - firstDay + 7) % 7);
  return Date.UTC(year, month, firstTuesday + 7, 9);
}

/** Newsletter sends, opens and clicks for a subscriber, from sign-up until they unsubscribe. */
export function newsletter(j: Journey, from: number): void {
  const rng = j.rng("newsletter");
  const opens = 0.12 + 0.3 * rng.float();
  const d = new Date(from);
  for (let y = d.getUTCFullYear(), m = d.getUTCMonth(); ; m === 11 ? (y++, (m = 0)) : m++) {
    const sentAt = campaignDay(y, m) + rng.int(0, 40) * MINUTE;
    if (sentAt > j.now) break;
    if (sentAt < from) continue;
    const [theme, topic] = CAMPAIGNS[m]!;
    const campaign = `${y}-${String(m + 1).padStart(2, "0")}-${theme}`;
    j.timeline.add(sentAt, "email.sent", j.customer, { emailType: "marketing", campaign });
    if (rng.chance(opens)) {
      const openedAt = sentAt + rng.logNormal(5 * HOUR, 1.2);
      j.timeline.add(openedAt, "content.engaged", j.customer, { contentType: "newsletter", topic, contentId: `newsletter-${campaign}`, durationSeconds: Math.round(rng.logNormal(45, 0.6)) });
      if (rng.chance(0.14)) j.timeline.add(openedAt + rng.int(10, 120) * SECOND, "email.clicked", j.customer, { emailType: "marketing", campaign });
    }
    if (rng.chance(0.02)) break;
  }
}

/**
 * Reading, watching and discussing the journal: more for those who care about sustainability, who
 * also lean towards its sustainability pieces. Some pieces get shared or commented on.
 */
export function contentEngagement(j: Journey, from: number, until: number): void {
  const rng = j.rng("content");
  const s = j.profile.sustainability;
  const perYear = rng.chance(0.55) ? rng.logNormal(2.5 + 6 * s, 0.6) : 0;
  for (const at of seasonalArrivals(rng, from, until, perYear, j.profile.utcOffset)) {
    const piece = rng.weighted(CONTENT.map((c) => [c, c.topic === "sustainability" ? 1 + 3 * s : 1] as const));
    const who = piece.type === "social" ? j.customer : j.web(at);
    const durationSeconds = Math.round(Math.min(piece.seconds * rng.logNormal(0.8, 0.5), piece.seconds * 2.5));
    j.timeline.add(at, "content.engaged", who, { contentType: piece.type, topic: piece.topic, contentId: piece.id, durationSeconds });
    if (rng.chance(0.07)) {
      j.timeline.add(at + durationSeconds * SECOND, "content.shared", who, { contentType: piece.type, contentId: piece.id, channel: rng.pick(["whatsapp", "email", "facebook", "pinterest", "link"]) });
    }
    if ((piece.type === "community" || piece.type === "blog" || piece.type === "video") && rng.chance(0.06)) {
      j.timeline.add(at + durationSeconds * SECOND + rng.int(5, 120) * SECOND, "content.commented", who, { contentId: piece.id });
    }
  }
}

/** Advocates pass their code on a few times after their first order; a few others once. */
export function referralsSent(j: Journey, firstOrderAt: number): void {
  const rng = j.rng("referrals");
  const sends = j.profile.advocate ? 1 + rng.poisson(1.3) : rng.chance(0.025) ? 1 : 0;
  for (let n = 0; n < sends; n++) {
    const at = firstOrderAt + rng.between(2 * HOUR, 200 * DAY);
    j.timeline.add(at, "referral.sent", j.web(at), { referralCode: referralCodeOf(j.profile.index), channel: rng.pick(["link", "email", "whatsapp"]) });
  }
}

