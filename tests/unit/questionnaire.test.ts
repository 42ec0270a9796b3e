import { describe, expect, it } from "vitest";
import {
  type Context,
  type Definition,
  DefinitionError,
  type Input,
  type IntakeState,
  intakeDefinition,
  Questionnaire,
} from "../../core/questionnaire";

const ctx: Context = { today: "2026-11-24", municipalities: [] };
const withCities: Context = {
  today: "2026-11-24",
  municipalities: [
    { id: "kiel", name: "Kiel" },
    { id: "troisdorf", name: "Troisdorf" },
    { id: "salzgitter", name: "Salzgitter" },
  ],
};

const small: Definition = {
  id: "small",
  sections: [{ id: "all", items: ["size", "people", "city", "note"] }],
  items: [
    { id: "size", type: "number", label: "q.size", min: 1, max: 4 },
    {
      id: "people",
      type: "group",
      label: "q.people",
      countFrom: "size",
      questions: [
        { id: "age", type: "number", label: "q.age", min: 0, max: 120 },
        { id: "job", type: "text", label: "q.job", maxLength: 20, when: { q: "age", gte: 18 } },
      ],
    },
    { id: "city", type: "single", label: "q.city", choices: ["big", "small"] },
    {
      id: "note",
      type: "text",
      label: "q.note",
      maxLength: 10,
      optional: true,
      when: { q: "city", eq: "big" },
    },
  ],
};

function run(q: Questionnaire, context: Context, inputs: Input[], from?: IntakeState): IntakeState {
  let state = from ?? q.start(context);
  for (const input of inputs) {
    const r = q.submit(state, context, input);
    if (!r.ok) throw new Error(`${state.current}: ${r.error.key}`);
    state = r.state;
  }
  return state;
}
const text = (t: string): Input => ({ kind: "text", text: t });
const choice = (v: string): Input => ({ kind: "choice", value: v });

describe("questionnaire engine", () => {
  const q = new Questionnaire(small);

  it("starts at the first question and walks a repeated group member by member", () => {
    let state = q.start(ctx);
    expect(state.current).toBe("size");
    state = run(q, ctx, [text("2")], state);
    expect(state.current).toBe("people.0.age");
    state = run(q, ctx, [text("40"), text("nurse")], state);
    expect(state.current).toBe("people.1.age");
    state = run(q, ctx, [text("7")], state);
    // a child is not asked about a job: the condition skips it
    expect(state.current).toBe("city");
    expect(state.groups.people).toEqual([{ age: 40, job: "nurse" }, { age: 7 }]);
  });

  it("rejects a wrong answer with a localized error and keeps every earlier answer", () => {
    const state = run(q, ctx, [text("1"), text("30")]);
    const r = q.submit(state, ctx, text("x".repeat(21)));
    expect(r).toEqual({ ok: false, error: { key: "text_length", params: { max: 20 } } });
    const r2 = q.submit(q.start(ctx), ctx, text("9"));
    expect(r2).toEqual({ ok: false, error: { key: "number", params: { min: 1, max: 4 } } });
    expect(state.groups.people).toEqual([{ age: 30 }]);
  });

  it("asks for buttons where a choice is expected", () => {
    const state = run(q, ctx, [text("1"), text("5")]);
    expect(state.current).toBe("city");
    expect(q.submit(state, ctx, text("big"))).toMatchObject({ ok: false, error: { key: "use_buttons" } });
    expect(q.submit(state, ctx, choice("huge"))).toMatchObject({ ok: false, error: { key: "use_buttons" } });
  });

  it("skips only optional questions, storing the skip as null", () => {
    let state = run(q, ctx, [text("1"), text("5")]);
    expect(q.submit(state, ctx, { kind: "skip" })).toMatchObject({
      ok: false,
      error: { key: "not_optional" },
    });
    state = run(q, ctx, [choice("big"), { kind: "skip" }], state);
    expect(state.answers.note).toBeNull();
    expect(state.current).toBe("review");
    expect(q.isComplete(state, ctx)).toBe(true);
  });

  it("goes back one question at a time, and forward again to the first open question", () => {
    let state = run(q, ctx, [text("2"), text("40"), text("nurse"), text("7")]);
    expect(state.current).toBe("city");
    let r = q.back(state, ctx);
    expect(r.ok && r.state.current).toBe("people.1.age");
    r = r.ok ? q.back(r.state, ctx) : r;
    expect(r.ok && r.state.current).toBe("people.0.job");
    state = r.ok ? run(q, ctx, [text("doctor")], r.state) : state;
    expect(state.groups.people?.[0]).toEqual({ age: 40, job: "doctor" });
    expect(state.current).toBe("city");
    expect(q.back(q.start(ctx), ctx)).toMatchObject({ ok: false, error: { key: "at_start" } });
  });

  it("edits from the review and drops answers that no longer apply", () => {
    let state = run(q, ctx, [text("2"), text("40"), text("nurse"), text("7"), choice("big"), text("hi")]);
    expect(state.current).toBe("review");
    // the adult becomes a child: the job answer no longer applies and is removed
    let r = q.edit(state, ctx, "people.0.age");
    state = r.ok ? run(q, ctx, [text("16")], r.state) : state;
    expect(state.groups.people?.[0]).toEqual({ age: 16 });
    expect(state.current).toBe("review");
    // choosing a small town removes the note that belongs to big cities
    r = q.edit(state, ctx, "city");
    state = r.ok ? run(q, ctx, [choice("small")], r.state) : state;
    expect(state.answers.note).toBeUndefined();
    // a smaller household drops the second member; a larger one asks for the new member, then reviews
    r = q.edit(state, ctx, "size");
    state = r.ok ? run(q, ctx, [text("1")], r.state) : state;
    expect(state.groups.people).toHaveLength(1);
    r = q.edit(state, ctx, "size");
    state = r.ok ? run(q, ctx, [text("2")], r.state) : state;
    expect(state.current).toBe("people.1.age");
    state = run(q, ctx, [text("50"), text("driver")], state);
    expect(state.current).toBe("review");
  });

  it("refuses to edit a question that does not apply", () => {
    const state = run(q, ctx, [text("1"), text("5"), choice("small")]);
    expect(q.edit(state, ctx, "note")).toMatchObject({ ok: false });
    expect(q.edit(state, ctx, "people.3.age")).toMatchObject({ ok: false });
  });

  it("summarises by section, one section per member", () => {
    const state = run(q, ctx, [text("2"), text("40"), text("nurse"), text("7"), choice("small")]);
    const sections = q.summary(state, ctx);
    expect(sections.map((s) => [s.id, s.member, s.items.map((i) => [i.slot.key, i.value])])).toEqual([
      [
        "all",
        undefined,
        [
          ["size", 2],
          ["city", "small"],
        ],
      ],
      [
        "all",
        0,
        [
          ["people.0.age", 40],
          ["people.0.job", "nurse"],
        ],
      ],
      ["all", 1, [["people.1.age", 7]]],
    ]);
    expect(q.progress(state, ctx)).toEqual({ answered: 5, total: 5 });
    const back = q.back(state, ctx);
    expect(back.ok && q.position(back.state, ctx)).toEqual({ position: 5, total: 5 });
    // before the size is answered there is no total: it would count none of the people's questions
    expect(q.position(q.start(ctx), ctx)).toEqual({ position: 1, total: null });
    expect(q.progress(q.start(ctx), ctx)).toEqual({ answered: 0, total: null });
  });
});

describe("question types", () => {
  const q = new Questionnaire(intakeDefinition);

  function atSlot(key: string, context = ctx): IntakeState {
    // one adult woman, the shortest way to the household's later questions
    const adult = [
      text("1"),
      text("30"),
      choice("female"),
      choice("master"),
      text("Teacher"),
      choice("education"),
    ];
    let state = run(q, context, [...adult, text("8")]);
    const path: Record<string, Input[]> = {
      "members.0.languages": [],
      "members.0.german_level": [{ kind: "toggle", value: "uk" }, { kind: "done" }],
    };
    state = run(q, context, path[key] ?? [], state);
    return state;
  }

  it("multi choice: toggles, an exclusive 'none', a minimum, then done", () => {
    let state = atSlot("members.0.languages");
    expect(state.current).toBe("members.0.languages");
    expect(q.submit(state, ctx, { kind: "done" })).toMatchObject({ ok: false, error: { key: "multi_min" } });
    state = run(
      q,
      ctx,
      [
        { kind: "toggle", value: "uk" },
        { kind: "toggle", value: "de" },
      ],
      state,
    );
    state = run(q, ctx, [{ kind: "toggle", value: "uk" }], state);
    expect(state.draft).toEqual({ slot: "members.0.languages", values: ["de"] });
    state = run(q, ctx, [{ kind: "toggle", value: "en" }, { kind: "done" }], state);
    expect(state.groups.members?.[0]?.languages).toEqual(["en", "de"]);
    expect(state.draft).toBeUndefined();
  });

  it("multi choice with an exclusive option clears the others", () => {
    let state = run(q, ctx, [
      text("1"),
      text("30"),
      choice("male"),
      choice("school"),
      { kind: "skip" },
      choice("it"),
      text("3"),
      { kind: "toggle", value: "uk" },
      { kind: "done" },
      choice("a1"),
      choice("b1"),
      choice("no"),
      choice("no"),
    ]);
    expect(state.current).toBe("members.0.disability");
    state = run(
      q,
      ctx,
      [
        { kind: "toggle", value: "vision" },
        { kind: "toggle", value: "none" },
      ],
      state,
    );
    expect(state.draft?.values).toEqual(["none"]);
    state = run(q, ctx, [{ kind: "toggle", value: "hearing" }], state);
    expect(state.draft?.values).toEqual(["hearing"]);
  });

  it("date: accepts common formats, refuses impossible days and the past", () => {
    const q2 = new Questionnaire({
      id: "d",
      sections: [{ id: "s", items: ["d"] }],
      items: [{ id: "d", type: "date", label: "q.d", minDays: 0, maxDays: 365 }],
    });
    const s = q2.start(ctx);
    for (const [input, expected] of [
      ["24.12.2026", "2026-12-24"],
      ["1/2/2027", "2027-02-01"],
      ["2026-11-24", "2026-11-24"],
    ] as const) {
      const r = q2.submit(s, ctx, text(input));
      expect(r.ok && r.state.answers.d).toBe(expected);
    }
    expect(q2.submit(s, ctx, text("31.02.2027"))).toMatchObject({ ok: false, error: { key: "date_format" } });
    expect(q2.submit(s, ctx, text("tomorrow"))).toMatchObject({ ok: false, error: { key: "date_format" } });
    expect(q2.submit(s, ctx, text("23.11.2026"))).toEqual({
      ok: false,
      error: { key: "date_min", params: { date: "2026-11-24" } },
    });
    expect(q2.submit(s, ctx, text("01.01.2028"))).toMatchObject({ ok: false, error: { key: "date_max" } });
  });

  it("ranking: tap in order, no twice, reset, completes when all are ranked", () => {
    const q3 = new Questionnaire({
      id: "r",
      sections: [{ id: "s", items: ["r"] }],
      items: [
        {
          id: "r",
          type: "ranking",
          label: "q.r",
          choicesFrom: "municipalities",
          when: { context: "municipalitiesKnown" },
        },
      ],
    });
    expect(q3.start(ctx).current).toBe("review");
    let state = q3.start(withCities);
    expect(q3.submit(state, withCities, { kind: "done" })).toMatchObject({
      ok: false,
      error: { key: "rank_empty" },
    });
    state = run(q3, withCities, [{ kind: "rank", value: "kiel" }], state);
    expect(q3.submit(state, withCities, { kind: "rank", value: "kiel" })).toMatchObject({
      ok: false,
      error: { key: "rank_twice" },
    });
    state = run(q3, withCities, [{ kind: "rankReset" }, { kind: "rank", value: "troisdorf" }], state);
    state = run(
      q3,
      withCities,
      [
        { kind: "rank", value: "salzgitter" },
        { kind: "rank", value: "kiel" },
      ],
      state,
    );
    expect(state.answers.r).toEqual(["troisdorf", "salzgitter", "kiel"]);
    expect(state.current).toBe("review");
  });

  it("yes/no stores booleans and drives conditions", () => {
    let state = run(q, ctx, [
      text("1"),
      text("30"),
      choice("male"),
      choice("school"),
      { kind: "skip" },
      choice("it"),
      text("3"),
      { kind: "toggle", value: "uk" },
      { kind: "done" },
      choice("a1"),
      choice("b1"),
      choice("yes"),
    ]);
    expect(state.current).toBe("members.0.medical_needs");
    state = run(q, ctx, [{ kind: "toggle", value: "dialysis" }, { kind: "done" }], state);
    expect(state.groups.members?.[0]?.has_medical_need).toBe(true);
    expect(state.groups.members?.[0]?.medical_needs).toEqual(["dialysis"]);
    // a man is not asked about pregnancy
    state = run(q, ctx, [choice("no"), { kind: "skip" }], state);
    expect(state.current).toBe("members.0.medication");
  });

  it("asks about schools only when the household has a child", () => {
    const keys = (s: IntakeState) => q.slots(s, ctx).map((x) => x.key);
    const adultOnly = run(q, ctx, [text("1"), text("30")]);
    expect(keys(adultOnly)).not.toContain("imp_schools");
    const withChild = run(q, ctx, [text("2"), text("30")]);
    const s = { ...withChild, groups: { members: [{ age: 30 }, { age: 4 }] } };
    expect(keys(s)).toContain("imp_schools");
    expect(keys(s)).toContain("members.1.needs_kindergarten");
    expect(keys(s)).not.toContain("members.1.school_grade");
  });

  it("text with a phone format", () => {
    const qp = new Questionnaire({
      id: "p",
      sections: [{ id: "s", items: ["p"] }],
      items: [{ id: "p", type: "text", label: "q.p", maxLength: 20, format: "phone" }],
    });
    expect(qp.submit(qp.start(ctx), ctx, text("call me"))).toMatchObject({
      ok: false,
      error: { key: "phone" },
    });
    const r = qp.submit(qp.start(ctx), ctx, text(" +48 601 234 567 "));
    expect(r.ok && r.state.answers.p).toBe("+48 601 234 567");
  });
});

describe("definition check", () => {
  it("accepts the intake questionnaire", () => {
    expect(() => new Questionnaire(intakeDefinition)).not.toThrow();
  });

  it("refuses conditions that look forward, duplicate ids, bad group counts and missing sections", () => {
    const bad = (patch: Partial<Definition>) => () => new Questionnaire({ ...small, ...patch });
    expect(
      bad({
        items: [
          { id: "a", type: "yesno", label: "q.a", when: { q: "b", eq: true } },
          { id: "b", type: "yesno", label: "q.b" },
        ],
        sections: [{ id: "s", items: ["a", "b"] }],
      }),
    ).toThrow(/refers to "b"/);
    expect(
      bad({
        items: [
          { id: "a", type: "yesno", label: "q.a" },
          { id: "a", type: "yesno", label: "q.a" },
        ],
        sections: [{ id: "s", items: ["a"] }],
      }),
    ).toThrow(/duplicate id/);
    expect(bad({ sections: [{ id: "s", items: ["size"] }] })).toThrow(/exactly one summary section/);
    expect(() => new Questionnaire({ id: "x", sections: [], items: [] })).toThrow(DefinitionError);
  });
});
