import type { Household, MatchingComparison, MatchingOptions, Municipality } from "../../core/matching/model";
import { demandOf } from "../../core/matching/welfare";
import { consoleUrl } from "../../shared/config";
import { toXlsx } from "../../shared/exports";
import { isLanguage, type Language } from "../../shared/i18n";
import { chartPng } from "../../shared/messages/chart-png";
import { capacityChart } from "../../shared/messages/charts";
import { reportKeyboard, reportSummary } from "../../shared/messages/round-report";
import { loadRoundInputs } from "../../shared/rounds/inputs";
import { type StoredResult, storedResultSchema } from "../../shared/rounds/result";
import { assignmentSheet } from "../../shared/rounds/sheets";
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
      baselines: {
        fcfs: { people: fcfs.metrics.people.placed, welfare: fcfs.metrics.totalWelfare },
        deferredAcceptance: {
          people: deferredAcceptance.metrics.people.placed,
          welfare: deferredAcceptance.metrics.totalWelfare,
        },
      },
      capacity: optimal.metrics.municipalities,
    },
  });
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
  await deps.telegram.sendPhoto(
    chat,
    { source: png, filename: `round-${round.number}.png` },
    { caption: t("roundchat.chart_caption", { shown, count: result.report.capacity.length }) },
  );
  const xlsx = await toXlsx([assignmentSheet(t, result, names, round.number)]);
  await deps.telegram.sendDocument(
    chat,
    { source: xlsx, filename: `round-${round.number}.xlsx` },
    { caption: t("roundchat.xlsx_caption", { number: round.number }) },
  );
  await deps.telegram.sendMessage(chat, reportSummary(t, lang, round.number, result), {
    reply_markup: { inline_keyboard: reportKeyboard(t, round.id, consoleUrl(deps.config)) },
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
 * Computes a round the caseworker started. Safe to run again: a worker killed mid-way leaves the
 * round "computing", the job is retried, and the same input gives the same result. The report is
 * sent once, when the round moves from computing to computed (one conditional statement).
 */
export async function computeRound(deps: WorkerDeps, roundId: string, engine: Engine): Promise<void> {
  const { db, telegram, i18n } = deps;
  const claimed = await db.round.updateMany({
    where: { id: roundId, status: { in: ["queued", "computing"] } },
    data: { status: "computing" },
  });
  if (claimed.count === 0) return;
  const round = await db.round.findUniqueOrThrow({ where: { id: roundId } });
  const staff = await db.staffMember.findFirst({ where: { id: round.createdBy } });
  const lang: Language = isLanguage(staff?.language) ? staff.language : "en";
  const t = i18n.t(lang);
  const progress = progressReporter(deps, round, t);
  try {
    const { inputs, result } = await runEngine(deps, round, engine, progress);
    const done = await db.round.updateMany({
      where: { id: roundId, status: "computing" },
      data: { status: "computed", progress: 100, result: result as object },
    });
    if (done.count === 0 || !round.chatId) return;
    await progress(100);
    await sendReport(deps, round, result, new Map(inputs.municipalities.map((m) => [m.id, m.name])), lang);
  } catch (error) {
    const message = (error as Error).message.slice(0, 200);
    await db.round.updateMany({
      where: { id: roundId, status: "computing" },
      data: { status: "failed", error: message },
    });
    if (round.chatId) {
      await telegram
        .sendMessage(round.chatId.toString(), t("rounds.failed", { number: round.number, error: message }))
        .catch(() => undefined);
    }
    throw error;
  }
}
