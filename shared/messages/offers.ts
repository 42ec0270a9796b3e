import type { Municipality } from "../../core/matching/model";
import { pack, routes } from "../callback";
import type { DeliveryPayload } from "../delivery";
import { formatBerlin } from "./time";

/** What a household reads about its offer, as delivery payloads rendered in its language at send time. */
function offerButtons(offerId: string): DeliveryPayload["buttons"] {
  return [
    [
      { label: { key: "offer.accept" }, data: pack(routes.offer, { offerId, answer: "accept" }) },
      { label: { key: "offer.decline" }, data: pack(routes.offer, { offerId, answer: "decline" }) },
    ],
  ];
}

/** The offer message: the city, why it fits (the factors that decided it), what is there, the deadline. */
export function offerPayload(
  offerId: string,
  city: string,
  factors: { factor: string }[],
  services: Municipality["services"] | undefined,
  deadline: Date,
): DeliveryPayload {
  const parts: DeliveryPayload["parts"] = [{ key: "offer.title", params: { city } }];
  const top = factors.slice(0, 4);
  if (top.length > 0) {
    parts.push({ key: "offer.why" });
    for (const f of top) parts.push({ key: `factor.${f.factor}` });
  }
  if (services) {
    const keys = [
      services.languageCourses && "offer.service_language_courses",
      services.integrationCourses && "offer.service_integration_courses",
      services.welcomeClasses && "offer.service_welcome_classes",
    ].filter((k): k is string => typeof k === "string");
    const community = services.ukrainianCommunity > 0;
    if (keys.length > 0 || community) parts.push({ key: "offer.what_is_there" });
    for (const key of keys) parts.push({ key });
    if (community)
      parts.push({ key: "offer.service_community", params: { count: services.ukrainianCommunity } });
  }
  parts.push({ key: "offer.deadline", params: { date: formatBerlin(deadline) } });
  return { parts, buttons: offerButtons(offerId) };
}

/** Before the deadline: the offer is still open (with the same buttons). */
export function offerReminderPayload(offerId: string, city: string, deadline: Date): DeliveryPayload {
  return {
    parts: [{ key: "offer.reminder", params: { city, date: formatBerlin(deadline) } }],
    buttons: offerButtons(offerId),
  };
}

/** At the deadline: the offer went unanswered. */
export function offerExpiredPayload(city: string): DeliveryPayload {
  return { parts: [{ key: "offer.expired", params: { city } }] };
}

/** A caseworker withdrew the offer (alone, or with the household leaving the programme). */
export function offerWithdrawnPayload(city: string): DeliveryPayload {
  return { parts: [{ key: "console.notice.offer_withdrawn", params: { city } }] };
}
