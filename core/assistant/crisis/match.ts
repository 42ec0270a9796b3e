// Compiles the cues of cues.ts and matches them against a message, word by word, by spelling key.
// Pure; the syntax is described in cues.ts.

import { tokenize } from "../language";
import { spellingKey, withinOneEdit } from "../spelling";

/** Up to this many other words may stand between two words of a cue. */
const GAP = 2;
/**
 * Words of a cue this long (in key letters) also match with one typo, but never in the first
 * letter: the keys are coarse already, and "choking" must not become "looking".
 */
const FUZZY_MIN = 6;

interface Alternative {
  key: string;
  whole: boolean;
}
type Slot = Alternative[];
type Sequence = Slot[];
/** One clause: a sequence, or (for "A ~ B") both orders of two sequences. */
type Clause = Sequence[];

export interface CompiledCue {
  source: string;
  all: Clause[];
  none: Clause | null;
  /** Cues of a Latin-script language match only words typed in Latin letters. */
  latinOnly: boolean;
}

/** A word of the message: its spelling key, and whether it was typed in Latin letters. */
export interface Word {
  key: string;
  latin: boolean;
}

function parseSlot(text: string): Slot {
  return text.split("|").map((alt) => {
    const whole = alt.endsWith("=");
    const key = spellingKey(whole ? alt.slice(0, -1) : alt);
    return { key, whole: whole || key.length <= 2 };
  });
}

const parseSequence = (text: string): Sequence => text.trim().split(/\s+/).map(parseSlot);

function parseClause(text: string): Clause {
  const [a, b] = text.split(" ~ ");
  if (b === undefined) return [parseSequence(text)];
  const first = parseSequence(a ?? "");
  const second = parseSequence(b);
  return [
    [...first, ...second],
    [...second, ...first],
  ];
}

export function compileCue(source: string, latinOnly = false): CompiledCue {
  const [positive = "", negative] = source.split(" ! ");
  return {
    source,
    all: positive.split(" & ").map(parseClause),
    none: negative === undefined ? null : parseClause(negative),
    latinOnly,
  };
}

const CYRILLIC = /[\u0400-\u04ff]/;

/** A message as its words' keys. */
export function messageWords(text: string): Word[] {
  return tokenize(text)
    .map((token) => ({ key: spellingKey(token), latin: !CYRILLIC.test(token) }))
    .filter((w) => w.key.length > 0);
}

/** Keys this long may also match a word that lacks their last letter ("перестав" ~ "перестава"). */
const FUZZY_SHORTER_MIN = 8;

function fuzzyPrefix(word: string, key: string): boolean {
  const lengths = [key.length, key.length + 1];
  if (key.length >= FUZZY_SHORTER_MIN) lengths.push(key.length - 1);
  for (const len of lengths) {
    if (len <= word.length && withinOneEdit(word.slice(0, len), key)) return true;
  }
  return false;
}

function altMatches(alt: Alternative, word: string): boolean {
  if (alt.whole ? word === alt.key : word.startsWith(alt.key)) return true;
  if (alt.key.length < FUZZY_MIN || word[0] !== alt.key[0]) return false;
  return alt.whole ? withinOneEdit(word, alt.key) : fuzzyPrefix(word, alt.key);
}

/** The keys a cue may match: all words, or (latinOnly) those typed in Latin letters ("" otherwise). */
type Keys = string[];

const slotMatches = (slot: Slot, word: string) => word !== "" && slot.some((alt) => altMatches(alt, word));

function restMatches(seq: Sequence, at: number, previous: number, keys: Keys): boolean {
  const slot = seq[at];
  if (!slot) return true;
  const last = Math.min(keys.length - 1, previous + 1 + GAP);
  for (let j = previous + 1; j <= last; j++) {
    if (slotMatches(slot, keys[j] ?? "") && restMatches(seq, at + 1, j, keys)) return true;
  }
  return false;
}

function sequenceMatches(seq: Sequence, keys: Keys): boolean {
  const first = seq[0];
  if (!first) return false;
  for (let i = 0; i < keys.length; i++) {
    if (slotMatches(first, keys[i] ?? "") && restMatches(seq, 1, i, keys)) return true;
  }
  return false;
}

const clauseMatches = (clause: Clause, keys: Keys) => clause.some((seq) => sequenceMatches(seq, keys));

/** The message prepared once for every cue: all keys, and only the Latin-typed ones. */
export interface Prepared {
  all: Keys;
  latin: Keys;
}

export function prepare(words: Word[]): Prepared {
  return { all: words.map((w) => w.key), latin: words.map((w) => (w.latin ? w.key : "")) };
}

export function cueMatches(cue: CompiledCue, message: Prepared): boolean {
  const keys = cue.latinOnly ? message.latin : message.all;
  if (!cue.all.every((clause) => clauseMatches(clause, keys))) return false;
  return cue.none === null || !clauseMatches(cue.none, keys);
}
