// What a person in crisis is told first: for each kind the message suggests (core/assistant/crisis),
// what to do now and the numbers that fit, most urgent first; for a medical emergency, up to two
// first-aid lines for the signs named. Texts: locales/<lang>/safety.json. Pure.

import type { CrisisMatch } from "../../core/assistant";
import type { Translate } from "../../shared/i18n";

/** At most this many first-aid lines, so the numbers stay on the first screen. */
const SIGNS_MAX = 2;

export function crisisText(t: Translate, match: CrisisMatch): string {
  const parts: string[] = [];
  for (const kind of match.kinds) {
    parts.push(t(`safety.${kind}`));
    if (kind === "medical")
      for (const sign of match.signs.slice(0, SIGNS_MAX)) parts.push(t(`safety.sign.${sign}`));
  }
  return parts.join("\n\n");
}
