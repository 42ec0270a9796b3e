// Variants of a message for the benchmark's robustness figures: Ukrainian and Russian written in
// Latin letters (as on a borrowed phone: Ukraine's national scheme of 2010, and a common informal
// Russian one), diacritics left out, one typo. Deterministic, so figures repeat.

const UK: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "h",
  ґ: "g",
  д: "d",
  е: "e",
  є: "ie",
  ж: "zh",
  з: "z",
  и: "y",
  і: "i",
  ї: "i",
  й: "i",
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
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ь: "",
  ю: "iu",
  я: "ia",
  "'": "",
  "’": "",
};
/** At the start of a word the national scheme writes є, ї, й, ю, я as ye, yi, y, yu, ya. */
const UK_INITIAL: Record<string, string> = { є: "ye", ї: "yi", й: "y", ю: "yu", я: "ya" };
const RU: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
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
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "sch",
  ъ: "",
  ы: "y",
  ь: "",
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
