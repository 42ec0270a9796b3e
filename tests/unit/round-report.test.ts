import { beforeAll, describe, expect, it } from "vitest";
import { createI18n, type I18n } from "../../shared/i18n";
import { reportBlocks } from "../../shared/messages/round-report";
import { storedResultSchema } from "../../shared/rounds/result";

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n();
});

/** A stored result as a round written before `cutShort` existed would have kept it. */
const stored = {
  assignments: [],
  unplaced: [],
  report: {
    households: { total: 2, placed: 2 },
    people: { total: 5, placed: 5 },
    firstChoiceShare: 0.5,
    topThreeShare: 1,
    averageRank: 1.5,
    welfare: 210,
    gap: 0.004,
    seconds: 1.2,
    baselines: {
      fcfs: { people: 4, welfare: 150 },
      deferredAcceptance: { people: 5, welfare: 190 },
    },
    capacity: [],
  },
};

describe("round report", () => {
  it("reads results stored before the time-limit flag existed, and then says nothing about it", () => {
    const result = storedResultSchema.parse(stored);
    expect(result.report.cutShort).toBe(false);
    const text = reportBlocks(i18n.t("en"), 3, result, new Map()).join("\n");
    expect(text).toContain("optimality gap 0.40%");
    expect(text).not.toContain("time limit");
  });

  it("warns the caseworker, in their language, when the time limit cut the computation short", () => {
    const result = storedResultSchema.parse({ ...stored, report: { ...stored.report, cutShort: true } });
    for (const language of ["en", "de"] as const) {
      const t = i18n.t(language);
      const text = reportBlocks(t, 3, result, new Map()).join("\n");
      expect(text).toContain(t("rounds.report_time_limit"));
    }
    expect(reportBlocks(i18n.t("en"), 3, result, new Map()).join("\n")).toContain("time limit");
  });
});
