import { beforeAll, describe, expect, it } from "vitest";
import { createI18n, type I18n } from "../../shared/i18n";
import { reportSummary } from "../../shared/messages/round-report";
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
    const text = reportSummary(i18n.t("en"), "en", 3, result);
    expect(text).toContain("optimality gap 0.40%");
    expect(text).not.toContain("time limit");
    // Older rounds stored no fairness figures for the baselines: a dash, not a zero.
    expect(text).toContain("• first come, first served: — · — · — · —");
    expect(text).toContain("• optimal: 50% · 100% · 1.50 · —");
  });

  it("shows first choice, top three, average rank and justified envy per method", () => {
    const figures = {
      households: 2,
      firstChoiceShare: 0.5,
      topThreeShare: 0.5,
      averageRank: 2.5,
      justifiedEnvy: 1,
    };
    const result = storedResultSchema.parse({
      ...stored,
      report: {
        ...stored.report,
        justifiedEnvy: 0,
        baselines: {
          fcfs: { people: 4, welfare: 150, ...figures },
          deferredAcceptance: { people: 5, welfare: 190, ...figures, justifiedEnvy: 0 },
        },
      },
    });
    const en = reportSummary(i18n.t("en"), "en", 3, result);
    expect(en).toContain("• optimal: 50% · 100% · 1.50 · 0");
    expect(en).toContain("• first come, first served: 50% · 50% · 2.50 · 1");
    expect(en).toContain("• deferred acceptance: 50% · 50% · 2.50 · 0");
    const de = reportSummary(i18n.t("de"), "de", 3, result);
    expect(de).toContain("berechtigtem Neid");
    expect(de).toContain("2,50 · 1");
  });

  it("writes numbers as the caseworker's language does, and always fits one message", () => {
    const many = storedResultSchema.parse({
      ...stored,
      unplaced: Array.from({ length: 600 }, (_, i) => ({
        intakeId: `i${i}`,
        persons: 2,
        reasons: ["not_selected"],
      })),
      report: {
        ...stored.report,
        households: { total: 12_600, placed: 12_000 },
        welfare: 691058.4,
        capacity: Array.from({ length: 400 }, (_, i) => ({
          municipalityId: `m${i}`,
          used: { persons: 60 },
          capacity: { persons: 61 },
        })),
      },
    });
    const de = reportSummary(i18n.t("de"), "de", 4, many);
    expect(de).toContain("12.000 von 12.600");
    expect(de).toContain("691.058,4");
    expect(de).toContain("0,40\u00a0%"); // German writes a (non-breaking) space before %
    expect(de).toContain("24.000 von 24.400");
    expect(de).toContain(i18n.t("de")("roundchat.unplaced", { count: 600 }));
    expect(de.length).toBeLessThan(4096);
    expect(reportSummary(i18n.t("en"), "en", 4, many)).toContain("12,000 of 12,600");
  });

  it("warns the caseworker, in their language, when the time limit cut the computation short", () => {
    const result = storedResultSchema.parse({ ...stored, report: { ...stored.report, cutShort: true } });
    for (const language of ["en", "de"] as const) {
      const t = i18n.t(language);
      const text = reportSummary(t, language, 3, result);
      expect(text).toContain(t("rounds.report_time_limit"));
    }
    expect(reportSummary(i18n.t("en"), "en", 3, result)).toContain("time limit");
  });
});
