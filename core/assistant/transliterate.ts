// Ukrainian and Russian typed in Latin letters ("yak otrymaty posvidku", "kak najti vracha"),
// back to Cyrillic. Covers the national schemes (Ukraine's of 2010: zh, kh, ts, ch, sh, shch, ya,
// yu, ye, yi; Russia's passport scheme) and what people type on a Latin keyboard (h for х, j for
// й, w for в, x for х, c for ц, 4 for ч, ' for ь). Pure.
//
// A rule-based spelling is only a first guess: "i" is і or и, "h" is г or х, "y" is и, ы or й.
// The search index corrects it with the words it knows (see search.ts: a word whose spelling key
// matches a known Cyrillic word becomes that word), so the rules here only need to be good enough
// for the stemmer and typo tolerance to meet the rest.

export type CyrillicLanguage = "uk" | "ru";

const VOWELS = "aeiouy";

/** Letter groups both languages read alike, longest first. */
const COMMON_GROUPS: [string, string][] = [
  ["shch", "щ"],
  ["sch", "щ"],
  ["zh", "ж"],
  ["kh", "х"],
  ["ch", "ч"],
  ["sh", "ш"],
  ["ts", "ц"],
  ["tz", "ц"],
  ["ya", "я"],
  ["ja", "я"],
  ["yu", "ю"],
  ["ju", "ю"],
  ["iu", "ю"],
];

/** Letter groups per language, longest first. Context rules (y, e, i at word edges) are below. */
const GROUPS: Record<CyrillicLanguage, [string, string][]> = {
  uk: [
    ["zgh", "зг"],
    ...COMMON_GROUPS,
    ["ia", "я"],
    ["ye", "є"],
    ["je", "є"],
    ["ie", "є"],
    ["yi", "ї"],
    ["ji", "ї"],
    ["yo", "йо"],
    ["jo", "йо"],
  ],
  ru: [...COMMON_GROUPS, ["ye", "е"], ["je", "е"], ["yo", "ё"], ["jo", "ё"]],
};

/** Single letters both languages read alike. */
const COMMON_LETTERS: Record<string, string> = Object.fromEntries(
  [..."abcdefgjklmnopqrstuvwxz'4"].map((l, i) => [l, [..."абцдефгйклмнопкрстуввхзьч"][i] ?? l]),
);

/** Where they differ: Ukrainian h is г, i is і, y is и; informal Russian h is х, i is и, y is ы. */
const LETTERS: Record<CyrillicLanguage, Record<string, string>> = {
  uk: { ...COMMON_LETTERS, h: "г", i: "і", y: "и" },
  ru: { ...COMMON_LETTERS, h: "х", i: "и", y: "ы" },
};

/** Adjective endings: "novyi", "novyy", "novij", "detskij" → -ий / -ый ("mii" is мій, not an ending). */
function ending(word: string, lang: CyrillicLanguage): [string, string] {
  const m = (lang === "uk" ? /(?<=[^aeiouy])(yi|yy|iy|ij|yj)$/ : /(?<=[^aeiouy])(yi|yy|iy|ij|yj|ii)$/).exec(
    word,
  );
  if (!m) return [word, ""];
  const stem = word.slice(0, -m[0].length);
  if (lang === "uk") return [stem, "ий"];
  // Russian: -ый after hard consonants, -ий after к, г, х, ж, ш, ч, щ and soft ones
  return [stem, /(k|g|h|zh|kh|sh|ch|shch)$/.test(stem) ? "ий" : "ый"];
}

/**
 * One Latin word (letters, apostrophes, the digit 4 for ч) → its likely Cyrillic spelling in
 * Ukrainian or Russian. Returns the word unchanged when it has no Latin letters.
 */
export function toCyrillic(input: string, lang: CyrillicLanguage): string {
  const lower = input.toLowerCase().replace(/[’ʼ`´]/g, "'");
  if (!/[a-z]/.test(lower)) return input;
  const [word, tail] = ending(lower, lang);
  const groups = GROUPS[lang];
  const letters = LETTERS[lang];
  let out = "";
  let i = 0;
  while (i < word.length) {
    const group = groups.find(([latin]) => word.startsWith(latin, i));
    if (group) {
      out += group[1];
      i += group[0].length;
      continue;
    }
    const ch = word.charAt(i);
    const afterVowel = i > 0 && VOWELS.includes(word.charAt(i - 1));
    const beforeVowel = i + 1 < word.length && VOWELS.includes(word.charAt(i + 1));
    // "moy", "mii", "krai": й after a vowel; "eto", "ekzamen": Russian э at the start
    if ((ch === "y" || ch === "i") && afterVowel && !beforeVowel) out += "й";
    else if (ch === "e" && i === 0 && lang === "ru" && /^e[tkl]/.test(word)) out += "э";
    else out += letters[ch] ?? ch;
    i++;
  }
  return out + tail;
}
