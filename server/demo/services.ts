import { DAY, HOUR, MINUTE, WEEK, atShoppingHour, nextWorkingMoment } from "./calendar";
import { FEATURES_IN_PORTAL } from "./catalog";
import type { Journey } from "./journey";

/**
 * The service side of the shop: a welcome call after the first order, made-to-measure requests
 * answered by the atelier (with design proofs to review), the members' portal, and fitting or
 * repair appointments in the flagship stores.
 */
export function services(j: Journey, activeUntil: number): void {
  const rng = j.rng("services");
  const first = j.orders[0];
  if (!first) return;

  // Bigger first orders get the offer more prominently: a personal fitting call.
  if (rng.chance(first.totalEur >= 200 ? 0.55 : 0.26)) {
    const at = first.at + Math.min(rng.exponential(3 * DAY) + 30 * MINUTE, 13.5 * DAY);
    j.timeline.add(at, "onboarding.call_booked", j.web(at), { topic: "fitting" });
  }

  if (rng.chance(0.07)) {
    const requests = 1 + rng.poisson(0.8);
    for (let n = 0; n < requests; n++) {
      const createdAt = atShoppingHour(rng, first.at + rng.between(1, 200) * DAY, j.profile.utcOffset);
      const requestId = j.nextId("REQ");
      if (!j.timeline.add(createdAt, "request.created", j.web(createdAt), { requestId, topic: rng.pick(["made_to_measure", "bulk_order", "custom_embroidery"]) })) break;
      if (rng.chance(0.08)) continue;
      const respondedAt = nextWorkingMoment(rng, createdAt + Math.min(rng.logNormal(10 * HOUR, 0.8), 6 * DAY));
      if (!j.timeline.add(respondedAt, "request.responded", j.customer, { requestId })) continue;
      if (!rng.chance(0.7)) continue;
      const deliverableId = j.nextId("PRF");
      const sharedAt = nextWorkingMoment(rng, respondedAt + rng.between(1, 6) * DAY);
      if (j.timeline.add(sharedAt, "deliverable.shared", j.customer, { deliverableId, requestId, kind: "design_proof" }) && rng.chance(0.86)) {
        j.timeline.add(sharedAt + Math.min(rng.logNormal(30 * HOUR, 0.8), 12 * DAY), "deliverable.reviewed", j.web(sharedAt), { deliverableId, approved: rng.chance(0.8) });
      }
    }
  }

  // Subscribers manage their plan in the portal; a few regular buyers use it for orders and repairs.
  const portal = j.subscribedAt !== null ? rng.chance(0.7) : rng.chance(0.05);
  if (portal) {
    const from = j.subscribedAt ?? first.at;
    const perWeek = rng.between(0.6, 1.6);
    const features = FEATURES_IN_PORTAL.filter((f) => j.subscribedAt !== null || f !== "subscription_settings");
    const until = Math.min(j.now, Math.max(activeUntil, from + 12 * WEEK));
    for (let week = from; week < until; week += WEEK) {
      const logins = rng.poisson(perWeek);
      for (let n = 0; n < logins; n++) {
        const at = atShoppingHour(rng, week + rng.between(0, 7) * DAY, j.profile.utcOffset);
        if (!j.timeline.add(at, "portal.login", j.web(at))) continue;
        if (rng.chance(0.55)) j.timeline.add(at + rng.between(1, 8) * MINUTE, "feature.used", j.web(at), { feature: rng.pick(features) });
      }
    }
  }

  if (rng.chance(0.045)) {
    const appointments = 1 + rng.poisson(0.5);
    for (let n = 0; n < appointments; n++) {
      const bookedAt = first.at + rng.between(3, 250) * DAY;
      const appointmentId = j.nextId("APT");
      const at = nextWorkingMoment(rng, bookedAt + rng.between(2, 14) * DAY);
      if (!j.timeline.add(bookedAt, "appointment.scheduled", j.web(bookedAt), { appointmentId, service: rng.pick(["fitting", "repair_drop_off", "boot_resoling"]), startsAt: new Date(at).toISOString().replace(".000Z", "Z") })) break;
      if (at > j.now) continue;
      if (rng.chance(0.84)) j.timeline.add(at + rng.between(-5, 10) * MINUTE, "appointment.attended", j.customer, { appointmentId });
      else j.timeline.add(at + 30 * MINUTE, "appointment.missed", j.customer, { appointmentId });
    }
  }
}
