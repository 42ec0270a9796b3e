/**
 * What a caseworker may narrow a round to, typed after /round:
 *
 *   /round first 50                      the 50 households that registered first
 *   /round only braunschweig, kiel       only these municipalities (ids or names)
 *   /round without salzgitter            all municipalities with free places but these
 *
 * Clauses combine in any order; keywords are English in every language (like the commands).
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

const CLAUSE = /\b(first|only|without)\b/gi;

export function parseRoundSelection(text: string): { ok: true; selection: TypedSelection } | { ok: false } {
  const matches = [...text.matchAll(CLAUSE)];
  const before = text.slice(0, matches[0]?.index ?? text.length);
  if (before.trim() !== "") return { ok: false };
  const selection: TypedSelection = {};
  for (const [k, match] of matches.entries()) {
    const keyword = (match[1] as string).toLowerCase() as "first" | "only" | "without";
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
