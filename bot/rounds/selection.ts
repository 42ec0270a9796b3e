/**
 * What a caseworker may narrow a round to, typed after /round:
 *
 *   /round first 50                      the 50 households that registered first
 *   /round only braunschweig, kiel       only these municipalities (ids or names)
 *   /round without salzgitter            all municipalities with free places but these
 *
 * Clauses combine in any order, in any case. The English keywords work for everyone; staff may also
 * use their own language's (`rounds.keywords.*`: `/round erste 50 ohne kiel`, `/round лише kiel`).
 */
export interface RoundSelection {
  first?: number;
  only?: Set<string>;
  without?: Set<string>;
}

/** As typed: municipality names or ids, not yet checked. */
interface TypedSelection {
  first?: number;
  only?: string[];
  without?: string[];
}

export type Keyword = "first" | "only" | "without";
/** More words for each keyword (another language's), beside the English one. */
export type Keywords = Partial<Record<Keyword, readonly string[]>>;

const escapeRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function clausePattern(keywords: Keywords): { pattern: RegExp; keywordOf: Map<string, Keyword> } {
  const keywordOf = new Map<string, Keyword>();
  for (const k of ["first", "only", "without"] as const) {
    keywordOf.set(k, k);
    for (const w of keywords[k] ?? []) if (w.trim()) keywordOf.set(w.trim().toLocaleLowerCase(), k);
  }
  const words = [...keywordOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // a keyword is a whole word, in any script (\b knows only ASCII letters)
  return {
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])(${words.join("|")})(?![\\p{L}\\p{N}])`, "giu"),
    keywordOf,
  };
}

export function parseRoundSelection(
  text: string,
  keywords: Keywords = {},
): { ok: true; selection: TypedSelection } | { ok: false } {
  const { pattern, keywordOf } = clausePattern(keywords);
  const matches = [...text.matchAll(pattern)];
  const before = text.slice(0, matches[0]?.index ?? text.length);
  if (before.trim() !== "") return { ok: false };
  const selection: TypedSelection = {};
  for (const [k, match] of matches.entries()) {
    const keyword = keywordOf.get((match[1] as string).toLocaleLowerCase()) as Keyword;
    if (selection[keyword] !== undefined) return { ok: false };
    const value = text
      .slice((match.index as number) + match[0].length, matches[k + 1]?.index ?? text.length)
      .trim();
    if (keyword === "first") {
      if (!/^\d{1,6}$/.test(value) || Number(value) < 1) return { ok: false };
      selection.first = Number(value);
    } else {
      const names = value
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== "");
      if (names.length === 0) return { ok: false };
      selection[keyword] = names;
    }
  }
  return { ok: true, selection };
}

/** Turns typed names or ids into municipality ids; what matches none comes back as unknown. */
export function resolveMunicipalities(
  typed: TypedSelection,
  known: { id: string; name: string }[],
): { selection: RoundSelection; unknown: string[] } {
  const byKey = new Map<string, string>();
  for (const m of known) {
    byKey.set(m.id.toLowerCase(), m.id);
    byKey.set(m.name.toLowerCase(), m.id);
  }
  const unknown: string[] = [];
  const resolve = (names: string[] | undefined) => {
    if (!names) return undefined;
    const ids = new Set<string>();
    for (const name of names) {
      const id = byKey.get(name.toLowerCase());
      if (id) ids.add(id);
      else unknown.push(name);
    }
    return ids;
  };
  const selection: RoundSelection = {
    ...(typed.first === undefined ? {} : { first: typed.first }),
  };
  const only = resolve(typed.only);
  const without = resolve(typed.without);
  if (only) selection.only = only;
  if (without) selection.without = without;
  return { selection, unknown };
}
