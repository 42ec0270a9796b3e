// A coarse spelling key of a word that is the same however it is typed: in Cyrillic or in Latin
// letters (Ukrainian and Russian transliterated by the national schemes or informally), with or
// without diacritics, apostrophes and soft signs, with doubled letters or not. "жити", "zhyty",
// "zhiti" and "жыти" share a key, as do "хочу", "hochu", "khochu" and "xochu". Used to compare
// words across scripts (crisis cues, transliterated queries); it is lossy on purpose and never shown.

/** Cyrillic letters → Latin (after Unicode decomposition: й → и, ї → і, ё → е). */
const CYRILLIC: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "h",
  ґ: "h",
  д: "d",
  е: "e",
  є: "e",
  ж: "Z",
  з: "z",
  и: "i",
  і: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "h",
  ц: "c",
  ч: "C",
  ш: "S",
  щ: "S",
  ы: "i",
  э: "e",
  ю: "iu",
  я: "ia",
};

/**
 * Latin letter groups, longest first. Z, S, C stand for ж, ш/щ, ч. German "sch" and Polish "sz" are
 * ш, Polish "cz" is ч and "rz" ж; "kh", "h", "g" and "x" all stand for г/х (Ukrainian г is "h").
 */
const LATIN: [RegExp, string][] = [
  [/shch|sch|shh|sh|sz/g, "S"],
  [/zh|rz/g, "Z"],
  [/ch|cz/g, "C"],
  [/(?<=\p{L})4(?=\p{L})/gu, "C"],
  [/kh|x|g/g, "h"],
  [/ts|tz|ck/g, "c"],
  [/w/g, "v"],
  [/q/g, "k"],
  [/[yj]/g, "i"],
  [/ie/g, "e"],
];

/** The key of one word (see the file comment). */
export function spellingKey(word: string): string {
  let w = word
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ł/g, "l")
    .replace(/ß/g, "ss")
    .replace(/['’ʼ`´ьъ]/g, "");
  w = w.replace(/[\u0400-\u04ff]/g, (ch) => CYRILLIC[ch] ?? ch);
  for (const [re, to] of LATIN) w = w.replace(re, to);
  // Cyrillic я/ю were spelled "ia"/"iu" above, as the Latin "ya/ja/ia" and "yu/ju/iu" have become
  w = w.replace(/i([au])/g, "$1");
  return w.replace(/(.)\1+/g, "$1");
}

/** True when a and b differ by at most one edit (insert, delete, replace, or swap of neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // replaced
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
