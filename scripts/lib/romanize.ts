// Variants of a message for the benchmark's robustness figures: Ukrainian and Russian written in
// Latin letters (as on a borrowed phone: Ukraine's national scheme of 2010, and a common informal
// Russian one), diacritics left out, one typo. Deterministic, so figures repeat.

/** Letters both schemes write alike. */
const COMMON: Record<string, string> = Object.fromEntries(
  [..."абвдезклмнопрстуфцчшь'’"].map((c, i) => [
    c,
    [
      "a",
      "b",
      "v",
      "d",
      "e",
      "z",
      "k",
      "l",
      "m",
      "n",
      "o",
      "p",
      "r",
      "s",
      "t",
      "u",
      "f",
      "ts",
      "ch",
      "sh",
      "",
      "",
      "",
    ][i] ?? c,
  ]),
);
/** Ukraine's national scheme of 2010 … */
const UK: Record<string, string> = {
  ...COMMON,
  г: "h",
  ґ: "g",
  є: "ie",
  ж: "zh",
  и: "y",
  і: "i",
  ї: "i",
  й: "i",
  х: "kh",
  щ: "shch",
  ю: "iu",
  я: "ia",
};
/** … at the start of a word it writes є, ї, й, ю, я as ye, yi, y, yu, ya. */
const UK_INITIAL: Record<string, string> = { є: "ye", ї: "yi", й: "y", ю: "yu", я: "ya" };
/** A common informal Russian scheme. */
const RU: Record<string, string> = {
  ...COMMON,
  г: "g",
  ё: "e",
  ж: "zh",
  и: "i",
  й: "y",
  х: "h",
  щ: "sch",
  ъ: "",
  ы: "y",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** Cyrillic text → Latin letters, Ukrainian (national scheme) or Russian (informal). */
export function romanize(text: string, lang: "uk" | "ru"): string {
  return text
    .toLowerCase()
    .replace(/(^|[^\p{L}])([єїйюя])/gu, (_, before: string, ch: string) =>
      lang === "uk" ? before + (UK_INITIAL[ch] ?? ch) : before + (RU[ch] ?? ch),
    )
    .replace(/[\u0400-\u04ff'’]/g, (ch) => (lang === "uk" ? UK[ch] : RU[ch]) ?? ch);
}

/** Latin diacritics left out (ą → a, ü → u, ß → ss), as people type on a foreign keyboard. */
export function withoutDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .replace(/ß/g, "ss");
}

/** A small deterministic random source (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One typo (a letter dropped, doubled, swapped with its neighbour or replaced) in one word of 5+ letters. */
export function withTypo(text: string, rnd: () => number): string {
  const words = text.split(" ");
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^\p{L}{5,}$/u.test(w));
  const pick = long[Math.floor(rnd() * long.length)];
  if (!pick) return text;
  const [w, i] = pick;
  const at = 1 + Math.floor(rnd() * (w.length - 2));
  const kind = Math.floor(rnd() * 4);
  const typo =
    kind === 0
      ? w.slice(0, at) + w.slice(at + 1)
      : kind === 1
        ? w.slice(0, at) + w.charAt(at) + w.slice(at)
        : kind === 2
          ? w.slice(0, at - 1) + w.charAt(at) + w.charAt(at - 1) + w.slice(at + 1)
          : w.slice(0, at) + w.charAt(at - 1) + w.slice(at + 1);
  words[i] = typo;
  return words.join(" ");
}
