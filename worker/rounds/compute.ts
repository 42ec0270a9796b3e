import type {
  Household,
  MatchingComparison,
  MatchingOptions,
  MatchingResult,
  Municipality,
} from "../../core/matching/model";
import { demandOf } from "../../core/matching/welfare";
import { consoleUrl } from "../../shared/config";
import { toXlsx } from "../../shared/exports";
import { isLanguage, type Language } from "../../shared/i18n";
import { chartPng } from "../../shared/messages/chart-png";
import { capacityChart } from "../../shared/messages/charts";
import { reportKeyboard, reportSummary } from "../../shared/messages/round-report";
import { loadRoundInputs, MunicipalityDataError } from "../../shared/rounds/inputs";
import { type MethodFigures, type StoredResult, storedResultSchema } from "../../shared/rounds/result";
import { assignmentSheet } from "../../shared/rounds/sheets";
import { classify } from "../delivery/outcome";
import type { WorkerDeps } from "../deps";

/** The matching engine as the job sees it (core/matching's matchAll; injectable for tests). */
export type Engine = (
  households: Household[],
  municipalities: Municipality[],
  options: MatchingOptions,
  onProgress?: (percent: number) => void,
) => Promise<MatchingComparison>;

/**
 * Keeps what the report, the CSV and the offers need (each placed household's demand and persons,
 * so that accepting takes exactly what the round counted), nothing of the solver's internals.
 */
export function storeResult(comparison: MatchingComparison, households: Household[]): StoredResult {
  const { optimal, fcfs, deferredAcceptance } = comparison;
  const byId = new Map(households.map((h) => [h.id, h]));
  const placed = new Map(optimal.explanations.placed.map((p) => [p.householdId, p]));
  const reasons = new Map(optimal.explanations.unplaced.map((u) => [u.householdId, u.reasons]));
  return storedResultSchema.parse({
    assignments: optimal.assignments.map((a) => {
      const why = placed.get(a.householdId);
      const household = byId.get(a.householdId);
      return {
        intakeId: a.householdId,
        municipalityId: a.municipalityId,
        welfare: why?.welfare ?? 0,
        rank: why?.rank ?? 0,
        factors: why?.factors ?? [],
        ...(household ? { persons: household.persons, demand: demandOf(household) } : {}),
      };
    }),
    unplaced: optimal.unplaced.map((id) => ({
      intakeId: id,
      persons: byId.get(id)?.persons ?? 0,
      reasons: reasons.get(id) ?? [],
    })),
    report: {
      households: optimal.metrics.households,
      people: optimal.metrics.people,
      firstChoiceShare: optimal.metrics.firstChoiceShare,
      topThreeShare: optimal.metrics.topThreeShare,
      averageRank: optimal.metrics.averageRank,
      welfare: optimal.metrics.totalWelfare,
      gap: optimal.solver?.welfare.gap ?? 0,
      seconds: (optimal.solver?.timeMs.total ?? 0) / 1000,
      cutShort: optimal.solver?.stoppedBy === "time",
      justifiedEnvy: optimal.metrics.justifiedEnvy,
      bound: optimal.solver?.welfare.boundKind ?? null,
      baselines: { fcfs: methodFigures(fcfs), deferredAcceptance: methodFigures(deferredAcceptance) },
      capacity: optimal.metrics.municipalities,
    },
  });
}

/** One method's figures for the round report. */
function methodFigures(result: MatchingResult): MethodFigures {
  const m = result.metrics;
  return {
    people: m.people.placed,
    welfare: m.totalWelfare,
    households: m.households.placed,
    firstChoiceShare: m.firstChoiceShare,
    topThreeShare: m.topThreeShare,
    averageRank: m.averageRank,
    justifiedEnvy: m.justifiedEnvy,
  };
}

/** The chart in chat shows the fullest municipalities; the console shows them all. */
const CHART_MUNICIPALITIES = 25;

type RoundRow = NonNullable<Awaited<ReturnType<WorkerDeps["db"]["round"]["findUnique"]>>>;
type Translate = ReturnType<WorkerDeps["i18n"]["t"]>;

/** Writes the progress to the round and edits the caseworker's progress message. */
function progressReporter(deps: WorkerDeps, round: RoundRow, t: Translate) {
  return async (percent: number) => {
    await deps.db.round.update({ where: { id: round.id }, data: { progress: percent } });
    if (round.chatId && round.progressMessageId) {
      await deps.telegram
        .editMessageText(
          round.chatId.toString(),
          round.progressMessageId,
          undefined,
          t("rounds.progress", { number: round.number, percent }),
        )
        .catch(() => undefined); // an unchanged text or a deleted message is not a failure
    }
  };
}

/** how often one part of the report waits out a 429 before the job is retried as a whole */
const REPORT_RATE_TRIES = 5;

/** One Telegram call of the report; a 429 waits as long as Telegram asks and tries again. */
async function patiently<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const outcome = classify(error);
      if (outcome.kind !== "rate" || attempt >= REPORT_RATE_TRIES) throw error;
      await new Promise((r) => setTimeout(r, Math.min(outcome.retryAfterMs, 60_000)));
    }
  }
}

/**
 * The report to the caseworker's chat: the capacity chart as an image, the whole assignment as an
 * XLSX document, then the summary with the decision buttons and the way into the console.
 */
async function sendReport(
  deps: WorkerDeps,
  round: RoundRow,
  result: StoredResult,
  names: Map<string, string>,
  lang: Language,
) {
  if (!round.chatId) return;
  const t = deps.i18n.t(lang);
  const chat = round.chatId.toString();
  const shown = Math.min(CHART_MUNICIPALITIES, result.report.capacity.length);
  const png = await chartPng(capacityChart(t, result, names, CHART_MUNICIPALITIES));
  await patiently(() =>
    deps.telegram.sendPhoto(
      chat,
      { source: png, filename: `round-${round.number}.png` },
      { caption: t("roundchat.chart_caption", { shown, count: result.report.capacity.length }) },
    ),
  );
  const xlsx = await toXlsx([assignmentSheet(t, result, names, round.number)]);
  await patiently(() =>
    deps.telegram.sendDocument(
      chat,
      { source: xlsx, filename: `round-${round.number}.xlsx` },
      { caption: t("roundchat.xlsx_caption", { number: round.number }) },
    ),
  );
  await patiently(() =>
    deps.telegram.sendMessage(chat, reportSummary(t, lang, round.number, result), {
      reply_markup: { inline_keyboard: reportKeyboard(t, round.id, consoleUrl(deps.config)) },
    }),
  );
}

async function staffLanguage(deps: WorkerDeps, staffId: string): Promise<Language> {
  const staff = await deps.db.staffMember.findFirst({ where: { id: staffId } });
  return isLanguage(staff?.language) ? staff.language : "en";
}

/**
 * A computed round's report, once: sent while `reportedAt` is empty, then recorded. A failed send
 * (a 429 that outlasted its waits, a network error) fails the job, which is retried — and a round
 * left computed without its report is reported by the reconciler (worker/reconcile/).
 */
async function reportRound(deps: WorkerDeps, roundId: string): Promise<void> {
  const round = await deps.db.round.findUnique({ where: { id: roundId } });
  if (round?.status !== "computed" || round.reportedAt) return;
  if (round.chatId && round.result) {
    const result = storedResultSchema.parse(round.result);
    const municipalities = await deps.db.municipality.findMany({
      where: { id: { in: round.municipalityIds } },
      select: { id: true, name: true },
    });
    const names = new Map(municipalities.map((m) => [m.id, m.name]));
    await sendReport(deps, round, result, names, await staffLanguage(deps, round.createdBy));
  }
  await deps.db.round.updateMany({
    where: { id: roundId, reportedAt: null },
    data: { reportedAt: new Date() },
  });
}

/** The engine on the round's inputs, reporting progress in steps of ten percent. */
async function runEngine(
  deps: WorkerDeps,
  round: RoundRow,
  engine: Engine,
  progress: (p: number) => unknown,
) {
  const inputs = await loadRoundInputs(deps.db, round.intakeIds, round.municipalityIds);
  const settings = round.settings as { relatives?: "bonus" | "require" };
  let last = -1;
  const comparison = await engine(
    inputs.households,
    inputs.municipalities,
    { relatives: settings.relatives ?? "bonus", timeLimitSeconds: deps.config.MATCH_TIME_LIMIT_SECONDS },
    (percent) => {
      const p = Math.floor(percent);
      if (p >= last + 10 && p < 100) {
        last = p;
        void progress(p);
      }
    },
  );
  return { inputs, result: storeResult(comparison, inputs.households) };
}

/**
 * Computes a round the caseworker started, then reports it. Safe to run again: a worker killed
 * mid-way leaves the round "computing", the job is retried (or re-created by the reconciler), and
 * the same input gives the same result; a round already computed is only reported, if it was not.
 */
export async function computeRound(deps: WorkerDeps, roundId: string, engine: Engine): Promise<void> {
  const { db, telegram, i18n } = deps;
  const claimed = await db.round.updateMany({
    where: { id: roundId, status: { in: ["queued", "computing"] } },
    data: { status: "computing" },
  });
  if (claimed.count === 0) return reportRound(deps, roundId);
  const round = await db.round.findUniqueOrThrow({ where: { id: roundId } });
  const lang = await staffLanguage(deps, round.createdBy);
  const t = i18n.t(lang);
  const progress = progressReporter(deps, round, t);
  try {
    const { result } = await runEngine(deps, round, engine, progress);
    const done = await db.round.updateMany({
      where: { id: roundId, status: "computing" },
      data: { status: "computed", progress: 100, result: result as object },
    });
    if (done.count === 0) return;
    if (round.chatId) await progress(100);
  } catch (error) {
    const message = (error as Error).message.slice(0, 200);
    await db.round.updateMany({
      where: { id: roundId, status: "computing" },
      data: { status: "failed", error: message },
    });
    if (round.chatId) {
      const text =
        error instanceof MunicipalityDataError
          ? t("rounds.failed_municipality", {
              number: round.number,
              municipality: error.municipality,
              fields: error.fields.join(", "),
            })
          : t("rounds.failed", { number: round.number, error: message });
      await telegram.sendMessage(round.chatId.toString(), text).catch(() => undefined);
    }
    throw error;
  }
  await reportRound(deps, roundId);
}
