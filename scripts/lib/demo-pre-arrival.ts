import type { Translate } from "../../shared/i18n";
import type { EmulatedUser } from "./emulated-user";

/**
 * A household that has just accepted its offer answers the pre-arrival questions: each member's
 * name as in the passport and date of birth, a phone; optionally one mistake on the way and one
 * field fixed at the review; then it confirms.
 */
export async function givePreArrival(
  person: EmulatedUser,
  t: Translate,
  members: [name: string, birthDate: string][],
  phone: string,
  fix?: { phone: string },
): Promise<void> {
  for (const [name, birthDate] of members) {
    await person.say(name);
    await person.say(birthDate);
  }
  await person.say(phone);
  if (fix) {
    await person.tap(t("prearrival.change"));
    await person.tap(t("prearrival.fix_phone"));
    await person.say(fix.phone);
  }
  await person.tap(t("prearrival.confirm"));
}
