// Crisis recognition: does a message suggest that someone is in danger now — suicidal thoughts,
// violence or threats, a medical emergency, a child in danger? Pure; the bot then answers with
// what to do and the numbers that fit, before anything else, and hands the message to a person.
//
// Cues of every language are tried on every message (people write in the language they find
// easiest, and in Latin letters on a borrowed phone): see cues.ts. It errs towards answering:
// showing 112 to someone who did not need it costs little, missing a crisis costs a lot.

import { LANGUAGES } from "../../languages";
import { SCRIPT_OF } from "../language";
import { CHILD_WORDS, type CrisisKind, CUE_GROUPS, type MedicalSign } from "./cues";
import { type CompiledCue, compileCue, cueMatches, messageWords, prepare } from "./match";

export { type CrisisKind, CUE_GROUPS, type MedicalSign } from "./cues";

export interface CrisisMatch {
  /** What the message suggests, most urgent first: suicide, violence, medical, child. */
  kinds: CrisisKind[];
  /** For a medical emergency: which signs, in the order of cues.ts (unconscious first). */
  signs: MedicalSign[];
  /** The cues that matched, as written in cues.ts, for tests and calibration (never logged with text). */
  cues: string[];
}

const KIND_ORDER: CrisisKind[] = ["suicide", "violence", "medical", "child"];

interface CompiledGroup {
  kind: CrisisKind;
  sign?: MedicalSign;
  cues: CompiledCue[];
}

const GROUPS: CompiledGroup[] = CUE_GROUPS.map((group) => ({
  kind: group.kind,
  ...(group.sign ? { sign: group.sign } : {}),
  cues: LANGUAGES.flatMap((lang) =>
    group.cues[lang].map((cue) => compileCue(cue, SCRIPT_OF[lang] === "latin")),
  ),
}));

const CHILD = compileCue(LANGUAGES.map((lang) => CHILD_WORDS[lang]).join("|"));

/** The crisis a message suggests, or null. Never throws. */
export function detectCrisis(text: string): CrisisMatch | null {
  const words = messageWords(text);
  if (words.length === 0) return null;
  const message = prepare(words);
  const kinds = new Set<CrisisKind>();
  const signs: MedicalSign[] = [];
  const cues: string[] = [];
  for (const group of GROUPS) {
    const hit = group.cues.find((cue) => cueMatches(cue, message));
    if (!hit) continue;
    kinds.add(group.kind);
    if (group.sign) signs.push(group.sign);
    cues.push(hit.source);
  }
  // a medical emergency or violence, and a child is named: a child in danger
  if ((kinds.has("medical") || kinds.has("violence")) && cueMatches(CHILD, message)) kinds.add("child");
  if (kinds.size === 0) return null;
  return { kinds: KIND_ORDER.filter((k) => kinds.has(k)), signs, cues };
}
