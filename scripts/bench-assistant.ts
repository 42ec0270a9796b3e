// Benchmark of the information assistant on the held-out evaluation set in tests/assistant-eval.
// Prints top-1 / top-3 accuracy per language, confidence figures, cross-language figures, the
// median and p95 answer time, and a sweep of confidence thresholds for calibration.
//
//   npm run bench:assistant            # summary
//   npm run bench:assistant -- --misses  # also list every miss
//   npm run bench:assistant -- --sweep   # also print the threshold sweep

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parse } from "yaml";
import { z } from "zod";
import { createAssistant, type SearchResult } from "../core/assistant";
import type { Language } from "../core/languages";
import { LANGUAGES } from "../core/languages";
import { loadKnowledgeBase } from "../shared/knowledge-files";

const evalFileSchema = z.strictObject({
  lang: z.enum(LANGUAGES),
  questions: z.array(
    z.strictObject({ q: z.string().min(1), id: z.string().min(1), municipality: z.string().optional() }),
  ),
  offtopic: z.array(z.string().min(1)).default([]),
});
type EvalFile = z.output<typeof evalFileSchema>;

function loadEvalSet(dir = "tests/assistant-eval"): EvalFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => evalFileSchema.parse(parse(readFileSync(join(dir, f), "utf8"))));
}

const args = new Set(process.argv.slice(2));
const kb = loadKnowledgeBase("knowledge");
const assistant = createAssistant(kb);
const known = new Set(kb.entries.map((e) => e.id));
const evalSet = loadEvalSet();

for (const file of evalSet) {
  for (const item of file.questions) {
    if (!known.has(item.id)) throw new Error(`eval ${file.lang}: unknown entry id ${item.id} ("${item.q}")`);
  }
}

const times: number[] = [];
function timed(query: string, lang: Language, municipalityId: string | null): SearchResult {
  const t0 = performance.now();
  const r = assistant.search(query, { lang, municipalityId });
  times.push(performance.now() - t0);
  return r;
}
function top3(r: SearchResult): string[] {
  return [r.best?.id, ...r.related.map((h) => h.id)].filter((x): x is string => !!x).slice(0, 3);
}
const pct = (n: number, d: number) => (d === 0 ? "  n/a" : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

// Warm-up: JIT and lazily built structures.
for (const file of evalSet)
  for (const item of file.questions.slice(0, 5)) assistant.search(item.q, { lang: file.lang });
times.length = 0;

interface Sample {
  lang: Language;
  correct1: boolean;
  confident: boolean;
  coverage: number;
  evidence: number;
  offtopic: boolean;
}
const samples: Sample[] = [];
const misses: string[] = [];
const rows: string[] = [];
const belowTarget: string[] = [];
const totals = { n: 0, top1: 0, top3: 0, off: 0, offRejected: 0, confCorrect: 0, confWrong: 0 };
for (const file of evalSet) {
  let top1 = 0;
  let top3Hits = 0;
  let confCorrect = 0;
  let confWrong = 0;
  for (const item of file.questions) {
    const r = timed(item.q, file.lang, item.municipality ?? null);
    const ok1 = r.best?.id === item.id;
    const ok3 = top3(r).includes(item.id);
    if (ok1) top1++;
    if (ok3) top3Hits++;
    if (r.confident && ok1) confCorrect++;
    if (r.confident && !ok1) confWrong++;
    samples.push({
      lang: file.lang,
      correct1: ok1,
      confident: r.confident,
      coverage: r.coverage,
      evidence: r.evidence,
      offtopic: false,
    });
    if (!ok1) {
      misses.push(
        `${file.lang} ${ok3 ? "top3" : "MISS"} "${item.q}" → expected ${item.id}, got ${top3(r).join(", ") || "-"} (${r.matchedLang}, cov ${r.coverage}, ev ${r.evidence}${r.confident ? ", confident" : ""})`,
      );
    }
  }
  let rejected = 0;
  for (const q of file.offtopic) {
    const r = timed(q, file.lang, null);
    if (!r.confident) rejected++;
    else
      misses.push(
        `${file.lang} OFFTOPIC confident "${q}" → ${r.best?.id} (cov ${r.coverage}, ev ${r.evidence})`,
      );
    samples.push({
      lang: file.lang,
      correct1: false,
      confident: r.confident,
      coverage: r.coverage,
      evidence: r.evidence,
      offtopic: true,
    });
  }
  const n = file.questions.length;
  if (top3Hits / n < 0.9) belowTarget.push(file.lang);
  rows.push(
    `${file.lang}   ${String(n).padStart(3)}   ${pct(top1, n)}  ${pct(top3Hits, n)}  ${pct(confCorrect, n)}  ${pct(confWrong, n)}   ${String(rejected).padStart(2)}/${file.offtopic.length}`,
  );
  totals.n += n;
  totals.top1 += top1;
  totals.top3 += top3Hits;
  totals.confCorrect += confCorrect;
  totals.confWrong += confWrong;
  totals.off += file.offtopic.length;
  totals.offRejected += rejected;
}

// Cross-language: the same questions, asked by a person who chose another language.
const partner: Record<Language, Language> = { uk: "ru", ru: "uk", en: "de", de: "en", pl: "uk" };
const crossRows: string[] = [];
for (const file of evalSet) {
  const chosen = partner[file.lang];
  let ok3 = 0;
  let matched = 0;
  for (const item of file.questions) {
    const r = timed(item.q, chosen, item.municipality ?? null);
    if (top3(r).includes(item.id)) ok3++;
    if (r.matchedLang === file.lang) matched++;
    if (!top3(r).includes(item.id)) {
      misses.push(
        `${file.lang}→${chosen} CROSS "${item.q}" → expected ${item.id}, got ${top3(r).join(", ") || "-"} (${r.matchedLang}, cov ${r.coverage}, ev ${r.evidence})`,
      );
    }
  }
  const n = file.questions.length;
  crossRows.push(`${file.lang} asked by ${chosen}   ${pct(ok3, n)}   ${pct(matched, n)}`);
}

// Typos: the same questions with one deterministic typo (a letter dropped, doubled, swapped with
// its neighbour or replaced) in one word of 5+ letters — people type on phones, under stress.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20250601);
function withTypo(text: string): string {
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
const typoRows: string[] = [];
for (const file of evalSet) {
  let ok3 = 0;
  for (const item of file.questions) {
    const q = withTypo(item.q);
    const r = timed(q, file.lang, item.municipality ?? null);
    if (top3(r).includes(item.id)) ok3++;
    else misses.push(`${file.lang} TYPO "${q}" → expected ${item.id}, got ${top3(r).join(", ") || "-"}`);
  }
  typoRows.push(`${file.lang}   ${pct(ok3, file.questions.length)}`);
}

const sorted = [...times].sort((a, b) => a - b);
const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

console.log(
  `Knowledge base: ${kb.entries.length} entries (${kb.entries.filter((e) => e.municipalityId).length} municipal), ${kb.files.length} files`,
);
console.log(`Eval set: ${totals.n} questions, ${totals.off} off-topic, 5 languages\n`);
console.log("lang    n    top-1   top-3  conf+ok conf+wrong offtopic rejected");
for (const row of rows) console.log(row);
console.log(
  `all   ${String(totals.n).padStart(3)}   ${pct(totals.top1, totals.n)}  ${pct(totals.top3, totals.n)}  ${pct(totals.confCorrect, totals.n)}  ${pct(totals.confWrong, totals.n)}   ${String(totals.offRejected).padStart(2)}/${totals.off}`,
);
console.log("\ncross-language (question in one language, person chose another)");
console.log("question          top-3   matched question's language");
for (const row of crossRows) console.log(row);
console.log("\nwith one typo per question\nlang   top-3");
for (const row of typoRows) console.log(row);
console.log(
  `\nanswer time over ${times.length} searches: median ${quantile(0.5).toFixed(2)} ms, p95 ${quantile(0.95).toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms`,
);

if (args.has("--misses")) {
  console.log("\nmisses:");
  for (const m of misses) console.log(`  ${m}`);
}

if (args.has("--sweep")) {
  // Share of in-domain questions answered confidently and correctly, share answered confidently
  // but wrongly, and off-topic questions accepted, for a grid of thresholds (chosen language only).
  console.log("\nsweep: minCoverage minEvidence → conf+ok  conf+wrong  offtopic accepted");
  const inDomain = samples.filter((s) => !s.offtopic);
  const off = samples.filter((s) => s.offtopic);
  for (const minCoverage of [0.3, 0.4, 0.5, 0.6]) {
    for (const minEvidence of [0, 4, 6, 8, 10, 12, 15]) {
      const pass = (s: Sample) => s.coverage >= minCoverage && s.evidence >= minEvidence;
      const ok = inDomain.filter((s) => pass(s) && s.correct1).length;
      const wrong = inDomain.filter((s) => pass(s) && !s.correct1).length;
      const acc = off.filter(pass).length;
      console.log(
        `  ${minCoverage.toFixed(1)} ${String(minEvidence).padStart(4)} → ${pct(ok, inDomain.length)}  ${pct(wrong, inDomain.length)}  ${acc}/${off.length}`,
      );
    }
  }
}

if (belowTarget.length > 0) {
  console.error(`\ntop-3 below the 90% target in: ${belowTarget.join(", ")}`);
  process.exitCode = 1;
}
