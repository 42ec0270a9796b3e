// Crisis detection: a message that suggests suicide, violence or a medical emergency gets the
// emergency numbers at once and goes to a person, whatever the knowledge-base search says.
//
// A deliberately small keyword list (see docs/assistant.md "Safety"). It errs on the side of
// answering: showing 112 to someone who did not need it costs little; missing a crisis costs a
// lot. Each pattern matches at the start of a word and may be a stem ("самогубств" covers
// самогубство, самогубства …). Phrases allow any spacing between their words. Patterns are
// normalised the same way as the message (lowercase, no apostrophes, no diacritics), so people who
// type without ą/ł/ü or with a different apostrophe are still recognised.
//
// Not matched on purpose: questions *about* help ("how do I call an ambulance", "where is
// psychological support") — the knowledge base answers those and a person is not needed.

export type Crisis = "emotional" | "violence" | "medical";

const PATTERNS: Record<Crisis, Record<string, string[]>> = {
  /** suicide and self-harm: 112 and the Telefonseelsorge */
  emotional: {
    en: ["suicid", "kill myself", "end my life", "want to die", "hurt myself", "self harm", "self-harm"],
    de: ["selbstmord", "suizid", "mich umbringen", "nicht mehr leben", "sterben will", "mir etwas antun"],
    uk: [
      "самогубств",
      "суїцид",
      "вбити себе",
      "вбю себе",
      "покінчити з собою",
      "не хочу жити",
      "хочу померти",
    ],
    ru: [
      "самоубийств",
      "суицид",
      "убить себя",
      "убью себя",
      "покончить с собой",
      "не хочу жить",
      "хочу умереть",
    ],
    pl: ["samobój", "zabić się", "zabije się", "nie chcę żyć", "chcę umrzeć"],
  },
  /** violence against the person or someone near them */
  violence: {
    en: ["hits me", "beats me", "beating me", "threatens to kill", "domestic violence", "raped"],
    de: [
      "schlägt mich",
      "mich schlägt",
      "häusliche gewalt",
      "vergewaltig",
      "droht mich umzubringen",
      "bedroht mich",
    ],
    uk: [
      "бє мене",
      "бють мене",
      "мене бє",
      "мене бють",
      "домашнє насильство",
      "зґвалтув",
      "згвалтув",
      "погрожує вбити",
    ],
    ru: [
      "бьет меня",
      "бьют меня",
      "меня бьет",
      "меня бьют",
      "домашнее насилие",
      "изнасилов",
      "угрожает убить",
    ],
    pl: ["bije mnie", "mnie bije", "przemoc domow", "zgwałc", "grozi mi śmiercią", "grozi że mnie zabije"],
  },
  /** acute medical emergencies (not "how do I see a doctor") */
  medical: {
    en: ["heart attack", "cant breathe", "can not breathe", "cannot breathe", "unconscious", "overdose"],
    de: ["herzinfarkt", "bekomme keine luft", "kriegt keine luft", "bewusstlos", "überdosis"],
    uk: ["інфаркт", "не можу дихати", "не може дихати", "без свідомості", "передозуван"],
    ru: ["инфаркт", "не могу дышать", "не может дышать", "без сознания", "передозиров"],
    pl: ["zawał", "nie mogę oddychać", "nie może oddychać", "nieprzytomn", "przedawkow"],
  },
};

/**
 * Lowercase; apostrophes (’ ' ʼ `) dropped so "б'є" = "бє"; diacritics removed (ą → a, ü → u,
 * and in Cyrillic й → и, ї → і, ё → е: the same on both sides, so nothing is lost); ł → l.
 */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ł/g, "l")
    .replace(/['’ʼ`]/g, "")
    .replace(/\s+/g, " ");
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One regex per kind: any pattern, starting at a word boundary (letters of any script). */
const MATCHERS: [Crisis, RegExp][] = (Object.keys(PATTERNS) as Crisis[]).map((kind) => {
  const alternatives = Object.values(PATTERNS[kind])
    .flat()
    .map((p) => escapeRegex(normalise(p)).replace(/ /g, "\\s+"));
  return [kind, new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})`, "u")];
});

/** The kind of crisis a message suggests, or null. Emotional crises are checked first. */
export function detectCrisis(text: string): Crisis | null {
  const normalised = normalise(text);
  for (const [kind, regex] of MATCHERS) if (regex.test(normalised)) return kind;
  return null;
}

/** Every pattern, for the tests and the documentation. */
export const CRISIS_PATTERNS = PATTERNS;
