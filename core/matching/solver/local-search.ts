/**
 * Cheap local moves in plain JavaScript, before the (exact but slower) neighbourhood
 * sub-MIPs. Every move keeps the assignment feasible and is lexicographically improving:
 *
 *  - insert:   an unplaced household takes a municipality with room (more people);
 *  - replace:  an unplaced household takes the place of a smaller one (more people);
 *  - eject:    a placed household moves elsewhere to make room for an unplaced one
 *              (more people);
 *  - relocate: a placed household moves to a municipality it prefers (more welfare);
 *  - swap:     two placed households exchange municipalities (more welfare).
 *
 * Passes repeat until one finds fewer than one move per thousand households (the long
 * tail of a few moves per pass is left to the neighbourhood search, which finds them for
 * less) or the safety deadline passes. Deterministic: households and municipalities are
 * scanned in index order, ties go to the first.
 */

import { DIMENSION_COUNT as D, fits, type MatchingContext, placedLists, take, tieBreak } from "../welfare";
import type { Incumbent } from "./subproblem";

interface Move {
  people: number;
  welfare: number;
}

const better = (a: Move | undefined, b: Move) =>
  !a || b.people > a.people || (b.people === a.people && b.welfare > a.welfare);

export function improveLocally(ctx: MatchingContext, incumbent: Incumbent, deadline: number): number {
  let moves = 0;
  const fewMoves = Math.ceil(ctx.H / 1000);
  while (performance.now() < deadline) {
    const before = moves;
    moves += insertions(ctx, incumbent);
    if (performance.now() < deadline) moves += peopleMoves(ctx, incumbent, deadline);
    if (performance.now() < deadline) moves += relocations(ctx, incumbent);
    if (performance.now() < deadline) moves += swaps(ctx, incumbent, deadline);
    if (moves - before < fewMoves) break;
  }
  return moves;
}

const persons = (ctx: MatchingContext, i: number) => ctx.demand[i * D] as number;
const welfareOf = (ctx: MatchingContext, i: number, j: number) => ctx.welfare[i * ctx.M + j] as number;

/** Unplaced households, larger ones first (each person counts). */
function unplacedByPersons(ctx: MatchingContext, incumbent: Incumbent): number[] {
  const list: number[] = [];
  incumbent.assignment.forEach((j, i) => {
    if (j < 0) list.push(i);
  });
  return list.sort((a, b) => persons(ctx, b) - persons(ctx, a) || a - b);
}

function insertions(ctx: MatchingContext, incumbent: Incumbent): number {
  let moves = 0;
  for (const i of unplacedByPersons(ctx, incumbent)) {
    let best = -1;
    for (let j = 0; j < ctx.M; j++) {
      if (!ctx.eligible[i * ctx.M + j] || !fits(ctx, incumbent.remaining, i, j)) continue;
      if (best < 0 || welfareOf(ctx, i, j) > welfareOf(ctx, i, best)) best = j;
    }
    if (best < 0) continue;
    place(ctx, incumbent, i, best);
    moves++;
  }
  return moves;
}

function place(ctx: MatchingContext, incumbent: Incumbent, i: number, j: number): void {
  const from = incumbent.assignment[i] as number;
  if (from >= 0) take(ctx, incumbent.remaining, i, from, -1);
  if (j >= 0) take(ctx, incumbent.remaining, i, j);
  incumbent.assignment[i] = j;
}

/** Whether household i fits municipality j once household out has left it. */
function fitsWithout(
  ctx: MatchingContext,
  remaining: Int32Array,
  i: number,
  j: number,
  out: number,
): boolean {
  for (let k = 0; k < D; k++) {
    const free = (remaining[j * D + k] as number) + (ctx.demand[out * D + k] as number);
    if ((ctx.demand[i * D + k] as number) > free) return false;
  }
  return true;
}

/** The municipality other than `not` where household i fits with the best welfare, or −1. */
function bestElsewhere(ctx: MatchingContext, remaining: Int32Array, i: number, not: number): number {
  let best = -1;
  for (let j = 0; j < ctx.M; j++) {
    if (j === not || !ctx.eligible[i * ctx.M + j] || !fits(ctx, remaining, i, j)) continue;
    if (best < 0 || welfareOf(ctx, i, j) > welfareOf(ctx, i, best)) best = j;
  }
  return best;
}

/** Replace and eject moves: for each unplaced household, the best one found is applied. */
function peopleMoves(ctx: MatchingContext, incumbent: Incumbent, deadline: number): number {
  const placed = placedLists(ctx, incumbent.assignment);
  let moves = 0;
  // Where each placed household could go instead (−2: not looked up yet); valid until the
  // next applied move.
  const elsewhere = new Int32Array(ctx.H).fill(-2);
  const looked: number[] = [];
  for (const i of unplacedByPersons(ctx, incumbent)) {
    if (performance.now() >= deadline) break;
    // The best move so far: `out` leaves municipality `at` for `to` (−1: loses its place).
    let best: Move | undefined;
    let bestOut = -1;
    let bestAt = -1;
    let bestTo = -1;
    for (let j = 0; j < ctx.M; j++) {
      if (!ctx.eligible[i * ctx.M + j]) continue;
      const gain = welfareOf(ctx, i, j);
      for (const out of placed[j] as number[]) {
        if (incumbent.assignment[out] !== j || !fitsWithout(ctx, incumbent.remaining, i, j, out)) continue;
        // Replace: the smaller household loses its place. People first: a replacement may
        // not lose people, and at equal people must gain welfare.
        const replace = {
          people: persons(ctx, i) - persons(ctx, out),
          welfare: gain - welfareOf(ctx, out, j),
        };
        if ((replace.people > 0 || (replace.people === 0 && replace.welfare > 0)) && better(best, replace)) {
          best = replace;
          bestOut = out;
          bestAt = j;
          bestTo = -1;
        }
        // Eject: the household moves on to another municipality with room.
        if (elsewhere[out] === -2) {
          elsewhere[out] = bestElsewhere(ctx, incumbent.remaining, out, j);
          looked.push(out);
        }
        const to = elsewhere[out] as number;
        if (to < 0) continue;
        const eject = {
          people: persons(ctx, i),
          welfare: gain + welfareOf(ctx, out, to) - welfareOf(ctx, out, j),
        };
        if (better(best, eject)) {
          best = eject;
          bestOut = out;
          bestAt = j;
          bestTo = to;
        }
      }
    }
    if (!best) continue;
    place(ctx, incumbent, bestOut, bestTo);
    place(ctx, incumbent, i, bestAt);
    for (const out of looked) elsewhere[out] = -2;
    looked.length = 0;
    moves++;
    // Keep the per-municipality lists current enough: stale entries are skipped above.
    (placed[bestAt] as number[]).push(i);
    if (bestTo >= 0) (placed[bestTo] as number[]).push(bestOut);
  }
  return moves;
}

/** Each placed household moves to its best-welfare municipality with room, if better. */
function relocations(ctx: MatchingContext, incumbent: Incumbent): number {
  let moves = 0;
  for (let i = 0; i < ctx.H; i++) {
    const from = incumbent.assignment[i] as number;
    if (from < 0) continue;
    const to = bestElsewhere(ctx, incumbent.remaining, i, from);
    if (to >= 0 && welfareOf(ctx, i, to) > welfareOf(ctx, i, from)) {
      place(ctx, incumbent, i, to);
      moves++;
    }
  }
  return moves;
}

/** Whether a (at ja) and b (at jb) both fit after exchanging their municipalities. */
function fitsSwapped(
  ctx: MatchingContext,
  remaining: Int32Array,
  a: number,
  ja: number,
  b: number,
  jb: number,
): boolean {
  for (let k = 0; k < D; k++) {
    const da = ctx.demand[a * D + k] as number;
    const db = ctx.demand[b * D + k] as number;
    if (da - db > (remaining[jb * D + k] as number) || db - da > (remaining[ja * D + k] as number))
      return false;
  }
  return true;
}

/**
 * Pairwise exchanges: for each placed household, the best exchange with a household
 * placed in a municipality it prefers, if the pair gains welfare. With every bed taken
 * this is the move that still works where relocations are blocked.
 */
function swaps(ctx: MatchingContext, incumbent: Incumbent, deadline: number): number {
  const placed = placedLists(ctx, incumbent.assignment);
  let moves = 0;
  for (let a = 0; a < ctx.H; a++) {
    if ((a & 255) === 0 && performance.now() >= deadline) break;
    const ja = incumbent.assignment[a] as number;
    if (ja < 0) continue;
    const here = welfareOf(ctx, a, ja);
    let bestGain = 0;
    let bestB = -1;
    for (let jb = 0; jb < ctx.M; jb++) {
      if (jb === ja || !ctx.eligible[a * ctx.M + jb]) continue;
      const gainA = welfareOf(ctx, a, jb) - here;
      if (gainA <= 0) continue;
      for (const b of placed[jb] as number[]) {
        if (incumbent.assignment[b] !== jb || !ctx.eligible[b * ctx.M + ja]) continue;
        const gain = gainA + welfareOf(ctx, b, ja) - welfareOf(ctx, b, jb);
        if (gain > bestGain && fitsSwapped(ctx, incumbent.remaining, a, ja, b, jb)) {
          bestGain = gain;
          bestB = b;
        }
      }
    }
    if (bestB < 0) continue;
    exchange(ctx, incumbent, placed, a, bestB);
    moves++;
  }
  return moves;
}

/** Households a and b swap municipalities; the per-municipality lists gain them (stale entries are skipped by their readers). */
function exchange(
  ctx: MatchingContext,
  incumbent: Incumbent,
  placed: number[][],
  a: number,
  b: number,
): void {
  const ja = incumbent.assignment[a] as number;
  const jb = incumbent.assignment[b] as number;
  place(ctx, incumbent, a, -1);
  place(ctx, incumbent, b, ja);
  place(ctx, incumbent, a, jb);
  (placed[ja] as number[]).push(b);
  (placed[jb] as number[]).push(a);
}

/**
 * The fit stage's cheap moves, before its sub-MIPs: relocations to a municipality with
 * room, and pairwise exchanges, each keeping every household's place and never lowering
 * the welfare (of the household, or of the pair), strictly raising fit plus tie-break.
 * Unlike the sub-MIPs over groups of municipalities, these reach across all of them.
 * Passes repeat until one finds fewer than one move per thousand households, at most
 * FIT_PASSES (measured at national scale, 10,000 × 400, from the deferred-acceptance
 * assignment under load: unlimited passes took 213 s).
 */
const FIT_PASSES = 3;

export function improveFit(ctx: MatchingContext, incumbent: Incumbent, deadline: number): number {
  const { M } = ctx;
  const value = (i: number, j: number) => (ctx.fit[i * M + j] as number) + tieBreak(ctx, i, j);
  let moves = 0;
  const fewMoves = Math.ceil(ctx.H / 1000);
  for (let pass = 0; pass < FIT_PASSES && performance.now() < deadline; pass++) {
    const before = moves;
    for (let i = 0; i < ctx.H; i++) {
      const from = incumbent.assignment[i] as number;
      if (from < 0) continue;
      let best = -1;
      for (let j = 0; j < M; j++) {
        if (j === from || !ctx.eligible[i * M + j] || welfareOf(ctx, i, j) < welfareOf(ctx, i, from))
          continue;
        if (value(i, j) <= value(i, best < 0 ? from : best) || !fits(ctx, incumbent.remaining, i, j))
          continue;
        best = j;
      }
      if (best < 0) continue;
      place(ctx, incumbent, i, best);
      moves++;
    }
    const placed = placedLists(ctx, incumbent.assignment);
    for (let a = 0; a < ctx.H; a++) {
      if ((a & 255) === 0 && performance.now() >= deadline) break;
      const ja = incumbent.assignment[a] as number;
      if (ja < 0) continue;
      let bestGain = 1e-12;
      let bestB = -1;
      for (let jb = 0; jb < M; jb++) {
        if (jb === ja || !ctx.eligible[a * M + jb]) continue;
        const gainA = value(a, jb) - value(a, ja);
        // Only towards a municipality a prefers (b's side may still lose a little).
        if (gainA <= 0) continue;
        const welfareA = welfareOf(ctx, a, jb) - welfareOf(ctx, a, ja);
        for (const b of placed[jb] as number[]) {
          if (incumbent.assignment[b] !== jb || !ctx.eligible[b * M + ja]) continue;
          if (welfareA + welfareOf(ctx, b, ja) - welfareOf(ctx, b, jb) < 0) continue;
          const gain = gainA + value(b, ja) - value(b, jb);
          if (gain > bestGain && fitsSwapped(ctx, incumbent.remaining, a, ja, b, jb)) {
            bestGain = gain;
            bestB = b;
          }
        }
      }
      if (bestB < 0) continue;
      exchange(ctx, incumbent, placed, a, bestB);
      moves++;
    }
    if (moves - before < fewMoves) break;
  }
  return moves;
}
