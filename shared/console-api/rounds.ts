/**
 * The console's rounds API as the server sends it and the browser reads it (web/rounds,
 * web/routes/rounds.ts → web/client/src/pages/rounds). Types only, importing nothing but this
 * folder: both tsconfigs include it. Moments are ISO strings.
 */

export type Capacity = Record<string, number>;

/** A row of the rounds list. */
export interface RoundRow {
  id: string;
  number: number;
  status: string;
  progress: number;
  households: number;
  municipalities: number;
  createdAt: string;
}

/** One method's outcome (the optimum or a baseline); null where an older round kept none. */
export interface MethodFigures {
  people: number;
  welfare: number;
  households: number | null;
  firstChoiceShare: number | null;
  topThreeShare: number | null;
  averageRank: number | null;
  justifiedEnvy: number | null;
}

/** A caseworker's change to the round before approval. */
export interface OverrideView {
  intakeId: string;
  ref: string;
  from: string | null;
  to: string | null;
  fromName: string | null;
  toName: string | null;
  at: string;
  welfareChange: number;
}

/** The whole report of a computed round (web/rounds/view.ts `roundSummary`). */
export interface RoundReport {
  households: { total: number; placed: number };
  people: { total: number; placed: number };
  firstChoiceShare: number;
  topThreeShare: number;
  averageRank: number | null;
  welfare: number;
  gap: number;
  seconds: number;
  cutShort: boolean;
  justifiedEnvy: number | null;
  /** which bound the gap is measured against */
  bound: "lp" | "mip" | "lagrangian" | null;
  optimal: MethodFigures;
  baselines: { fcfs: MethodFigures; deferredAcceptance: MethodFigures };
  unplaced: number;
  capacity: { municipalityId: string; name: string; used: Capacity; capacity: Capacity }[];
  overrides: OverrideView[];
  /** every reason an unplaced household has, sorted */
  reasons: string[];
  /** Vega-Lite descriptions */
  charts: { capacity: Record<string, unknown>; rank: Record<string, unknown> };
}

export interface RoundSummary extends RoundRow {
  error: string | null;
  settings: unknown;
  approvedAt: string | null;
  /** null while it computes (or if it failed) */
  report: RoundReport | null;
}

/** A household of a computed round: its place with the strongest factors, or its reasons. */
export interface RoundPlace {
  intakeId: string;
  ref: string;
  persons: number | null;
  municipalityId: string | null;
  municipality: string | null;
  rank: number | null;
  welfare: number | null;
  factors: string[];
  reasons: string[];
  /** taken out of the round by a caseworker */
  removed: boolean;
}

export interface PlacesPage {
  total: number;
  page: number;
  pageSize: number;
  rows: RoundPlace[];
}

/** Where one household could be moved: every municipality of the round, eligible or why not. */
export interface MoveOptions {
  current: { municipalityId: string; welfare: number; rank: number | null } | null;
  options: {
    municipalityId: string;
    name: string;
    eligible: boolean;
    reasons: string[];
    welfare: number;
    welfareChange: number;
    rank: number | null;
  }[];
}

/** A round's offers after approval, counted by status. */
export interface OfferRow {
  id: string;
  intakeId: string;
  ref: string;
  municipality: string;
  status: string;
  /** why it was declined, if said */
  reason: string | null;
  deadline: string;
  answeredAt: string | null;
  /** the delivery's status of the offer's message */
  delivery: string | null;
}

export interface OffersView {
  counts: Record<string, number>;
  rows: OfferRow[];
}

/** `POST /api/rounds`: the round queued for computing. */
export interface RoundStarted {
  roundId: string;
  households: number;
  municipalities: number;
}
