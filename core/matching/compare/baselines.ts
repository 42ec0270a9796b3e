/**
 * Two baselines the optimal assignment is compared with. Both respect every hard
 * constraint; both return an assignment (municipality index per household, −1 = unplaced).
 *
 * - First come, first served: households in order of registration (registeredAt, then
 *   id) each take their most preferred municipality that still has room in every
 *   capacity dimension.
 * - Household-proposing deferred acceptance (Gale–Shapley): every household without a
 *   place proposes to its next municipality in preference order; each municipality
 *   considers the households it holds plus the new proposals in PRIORITY order and
 *   holds each one that still fits all its capacity dimensions, rejecting the rest;
 *   rejected households propose further down their list, until nobody can propose.
 *   Priority at a municipality (welfare.ts `priorityKey`): higher caseworker priority
 *   first, then more of the municipality's criteria met, then relatives there, then
 *   earlier registration, then id. With one-dimensional unit capacities this is the classic
 *   stable, strategy-proof mechanism. With several capacity dimensions and households
 *   of different sizes, the greedy "fits" choice is not substitutable, so neither
 *   stability nor strategy-proofness is guaranteed: a heuristic variant (it still ends,
 *   since each household proposes to each municipality at most once).
 */
import type { Municipality } from "../model";
import {
  fits,
  type MatchingContext,
  preferenceKey,
  preferenceOrder,
  priorityKey,
  registrationPositions,
  take,
} from "../welfare";

/** The most preferred eligible municipality with room left, or −1. */
function bestFitting(ctx: MatchingContext, remaining: Int32Array, i: number): number {
  let best = -1;
  let bestKey = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < ctx.M; j++) {
    if (!ctx.eligible[i * ctx.M + j] || !fits(ctx, remaining, i, j)) continue;
    const key = preferenceKey(ctx, i, j);
    if (key > bestKey || (key === bestKey && idOf(ctx, j) < idOf(ctx, best))) {
      best = j;
      bestKey = key;
    }
  }
  return best;
}

const idOf = (ctx: MatchingContext, j: number) => (ctx.municipalities[j] as Municipality).id;

export function firstComeFirstServed(ctx: MatchingContext): Int32Array {
  const assignment = new Int32Array(ctx.H).fill(-1);
  const remaining = ctx.capacity.slice();
  for (const i of ctx.registrationOrder) {
    const j = bestFitting(ctx, remaining, i);
    if (j < 0) continue;
    assignment[i] = j;
    take(ctx, remaining, i, j);
  }
  return assignment;
}

/**
 * A household's proposals, in preference order. The full sort is done only when the
 * first proposal is rejected: most households are held by their first choice.
 */
class ProposalList {
  private order: number[] | undefined;
  private next = 0;

  constructor(
    private readonly ctx: MatchingContext,
    private readonly i: number,
  ) {}

  /** The next municipality to propose to, or −1 when the list is exhausted. */
  pop(): number {
    if (this.next === 0) {
      this.next = 1;
      return bestFitting(this.ctx, this.ctx.capacity, this.i);
    }
    this.order ??= preferenceOrder(this.ctx, this.i);
    return this.order[this.next++] ?? -1;
  }
}

export function deferredAcceptance(ctx: MatchingContext): Int32Array {
  const position = registrationPositions(ctx);
  const lists = Array.from({ length: ctx.H }, (_, i) => new ProposalList(ctx, i));
  const held: number[][] = Array.from({ length: ctx.M }, () => []);
  let free = Array.from(ctx.registrationOrder);
  while (free.length > 0) {
    const proposals = new Map<number, number[]>();
    for (const i of free) {
      const j = (lists[i] as ProposalList).pop();
      if (j < 0) continue;
      const list = proposals.get(j) ?? [];
      list.push(i);
      proposals.set(j, list);
    }
    free = [];
    for (const [j, proposers] of proposals) {
      const candidates = [...(held[j] as number[]), ...proposers].sort(
        (a, b) => priorityKey(ctx, position, a, j) - priorityKey(ctx, position, b, j),
      );
      held[j] = [];
      const remaining = ctx.capacity.slice();
      for (const i of candidates) {
        if (fits(ctx, remaining, i, j)) {
          take(ctx, remaining, i, j);
          (held[j] as number[]).push(i);
        } else {
          free.push(i);
        }
      }
    }
  }
  const assignment = new Int32Array(ctx.H).fill(-1);
  held.forEach((households, j) => {
    for (const i of households) assignment[i] = j;
  });
  return assignment;
}
