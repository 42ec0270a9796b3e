import { describe, expect, it } from "vitest";
import { acceptanceWork, jobMissing, offerWork, reminderTime, roundWork } from "../../core/effects";

/** What a row still owes, from the row alone: the reconciler re-creates exactly these jobs. */
const now = new Date("2026-12-01T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe("a round's work", () => {
  const round = (status: string, reportedAt: Date | null = null, offersSentAt: Date | null = null) => ({
    id: "r1",
    status,
    reportedAt,
    offersSentAt,
  });

  it("queued or computing (its job lost mid-way): computed again, under the one job id", () => {
    expect(roundWork(round("queued"))).toEqual({ kind: "round-compute", jobId: "round-compute-r1", at: 0 });
    expect(roundWork(round("computing"))).toEqual({
      kind: "round-compute",
      jobId: "round-compute-r1",
      at: 0,
    });
  });

  it("computed: its report is owed until recorded, then nothing", () => {
    expect(roundWork(round("computed"))?.kind).toBe("round-compute");
    expect(roundWork(round("computed", now))).toBeNull();
  });

  it("approved: its offers are owed until recorded as sent; decided otherwise, nothing", () => {
    expect(roundWork(round("approved", now))).toEqual({
      kind: "round-approved",
      jobId: "round-approved-r1",
      at: 0,
    });
    expect(roundWork(round("approved", now, now))).toBeNull();
    for (const status of ["draft", "discarded", "failed"]) expect(roundWork(round(status))).toBeNull();
  });
});

describe("an offer's work", () => {
  const offer = (deadline: Date, remindAt: Date | null, remindedAt: Date | null = null) => ({
    id: "o1",
    deadline,
    remindAt,
    remindedAt,
  });

  it("ahead: a reminder job and an expiry job, ids carrying the deadline", () => {
    const deadline = minutes(60);
    const work = offerWork(offer(deadline, minutes(30)), now);
    expect(work.due).toEqual([]);
    expect(work.jobs).toEqual([
      { kind: "offer-reminder", jobId: `offer-reminder-o1-${deadline.getTime()}`, at: minutes(30).getTime() },
      { kind: "offer-expire", jobId: `offer-expire-o1-${deadline.getTime()}`, at: deadline.getTime() },
    ]);
  });

  it("a reminder overdue and not yet sent is due now; one already sent is not owed again", () => {
    expect(offerWork(offer(minutes(60), minutes(-5)), now).due).toEqual(["offer-reminder"]);
    const reminded = offerWork(offer(minutes(60), minutes(-5), minutes(-4)), now);
    expect(reminded.due).toEqual([]);
    expect(reminded.jobs.map((j) => j.kind)).toEqual(["offer-expire"]);
  });

  it("past its deadline: the expiry is due now, and no reminder any more", () => {
    expect(offerWork(offer(minutes(-1), minutes(-30)), now)).toEqual({ due: ["offer-expire"], jobs: [] });
  });

  it("an extended deadline gets jobs of its own (the old ones find nothing to do)", () => {
    const first = offerWork(offer(minutes(60), null), now).jobs[0]?.jobId;
    const extended = offerWork(offer(minutes(120), null), now).jobs[0]?.jobId;
    expect(first).not.toBe(extended);
  });

  it("a reminder only while it is still ahead of the deadline", () => {
    expect(reminderTime(minutes(60), 30, now)).toEqual(minutes(30));
    expect(reminderTime(minutes(20), 30, now)).toBeNull();
    expect(reminderTime(minutes(60), 0, now)).toBeNull();
  });
});

describe("an acceptance and the jobs BullMQ still holds", () => {
  it("the city's notice is owed until announced", () => {
    expect(acceptanceWork({ id: "o1", announcedAt: null })?.jobId).toBe("offer-accepted-o1");
    expect(acceptanceWork({ id: "o1", announcedAt: now })).toBeNull();
  });

  it("a job is re-added when Redis lost it or it finished while the row still owes the work", () => {
    for (const state of ["waiting", "delayed", "prioritized", "waiting-children", "active"]) {
      expect(jobMissing(state), state).toBe(false);
    }
    for (const state of ["unknown", "completed", "failed"]) expect(jobMissing(state), state).toBe(true);
  });
});
