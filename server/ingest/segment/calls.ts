import { KNOWN_TRAITS } from "@/lib/events/taxonomy";
import { eventOf, isPlainObject, rejectMessage, type Envelope, type Json, type Mapped } from "./envelope";
import { clip, renameKnownKeys, withDefined } from "./properties";

/** identify, page, screen, group and alias: the Segment calls other than track. */

export function mapIdentify(message: Json, envelope: Envelope): Mapped {
  if (!envelope.customerId) {
    return rejectMessage("missing_user_id", "identify needs a userId: Aftercart keeps traits per customer, and an anonymous identify has no customer to keep them for");
  }
  // RudderStack sends identify traits in context.traits; Segment at the top level.
  const raw = message.traits ?? envelope.context.traits ?? {};
  if (!isPlainObject(raw)) return rejectMessage("invalid_traits", "traits must be a JSON object");
  const traits = renameKnownKeys(raw, KNOWN_TRAITS);
  // Segment's reserved trait address.country is what the dashboards segment by as country.
  if (traits.country === undefined && isPlainObject(traits.address) && typeof traits.address.country === "string") {
    traits.country = traits.address.country;
  }
  return { ok: true, events: [eventOf(envelope, "customer.identified", { traits })] };
}

export function mapPage(message: Json, envelope: Envelope): Mapped {
  const properties = message.properties ?? {};
  if (!isPlainObject(properties)) return rejectMessage("invalid_properties", "properties must be a JSON object");
  const page = isPlainObject(envelope.context.page) ? envelope.context.page : {};
  const campaign = isPlainObject(envelope.context.campaign) ? envelope.context.campaign : {};
  return {
    ok: true,
    events: [
      eventOf(
        envelope,
        "page.viewed",
        withDefined(properties, {
          name: message.name ?? properties.name,
          category: message.category ?? properties.category,
          path: clip(properties.path ?? page.path),
          url: properties.url ?? page.url,
          referrer: clip(properties.referrer ?? page.referrer),
          // analytics.js reads the utm_ parameters of the URL into context.campaign.
          utmSource: clip(campaign.source),
          utmMedium: clip(campaign.medium),
          utmCampaign: clip(campaign.name),
          utmTerm: clip(campaign.term),
          utmContent: clip(campaign.content),
        }),
      ),
    ],
  };
}

/** Screens have no taxonomy type yet: kept as the custom event segment.screen. */
export function mapScreen(message: Json, envelope: Envelope): Mapped {
  const properties = message.properties ?? {};
  if (!isPlainObject(properties)) return rejectMessage("invalid_properties", "properties must be a JSON object");
  return { ok: true, events: [eventOf(envelope, "segment.screen", withDefined(properties, { name: message.name, category: message.category }))] };
}

/** Groups (accounts, companies) have no taxonomy type: kept as the custom event segment.group. */
export function mapGroup(message: Json, envelope: Envelope): Mapped {
  if (message.groupId === undefined || message.groupId === null || message.groupId === "") return rejectMessage("missing_group_id", "a group call needs a groupId");
  const traits = message.traits ?? {};
  if (!isPlainObject(traits)) return rejectMessage("invalid_traits", "traits must be a JSON object");
  return { ok: true, events: [eventOf(envelope, "segment.group", { groupId: message.groupId, traits })] };
}

/**
 * alias(previousId, userId) becomes a `customer.identified` with no traits, carrying previousId as its
 * anonymousId and userId as its customerId. events.md: "alias links the two ids", and a
 * customer.identified is what links a customerId + anonymousId pair, so the link is made by the same
 * code, with the same first-link-wins rule, as for any other event. Not a custom event: metrics.md counts
 * custom events as things the customer did, and an alias is the tracking library's bookkeeping (sent when
 * a visitor signs up, as identify is), so it must not make the customer active that day.
 */
export function mapAlias(message: Json, envelope: Envelope): Mapped {
  const previousId = message.previousId;
  if (!envelope.customerId || previousId === undefined || previousId === null || previousId === "") {
    return rejectMessage("missing_identity", "alias needs previousId (the id used so far) and userId (the id from now on)");
  }
  if ((typeof previousId !== "string" && !Number.isSafeInteger(previousId)) || String(previousId).length > 128) {
    return rejectMessage("invalid_field", "previousId must be a string of 1-128 characters");
  }
  return { ok: true, events: [eventOf(envelope, "customer.identified", { traits: {}, previousId: String(previousId) }, { anonymousId: String(previousId) })] };
}
