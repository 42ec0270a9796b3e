import { SECTORS } from "../matching/model";
import type { Definition } from "./types";

/**
 * The Re:Match intake questionnaire. Adding a question is one entry here plus its texts in
 * locales/<lang>/intake.json (`q.<id>.text`, `q.<id>.short`, and choices under `choices.<set>`).
 * Ids are stable: stored answers, the matching and the tests refer to them.
 */

/** Medical specialties; the same ids describe what a municipality offers. */
export const MEDICAL_NEEDS = [
  "cardiology",
  "oncology",
  "dialysis",
  "diabetes",
  "psychotherapy",
  "neurology",
  "orthopedics",
  "pediatrics",
  "gynecology",
  "other",
] as const;

/** Job sectors: the matching engine's ids, so answers and a municipality's demand compare directly. */
export { SECTORS } from "../matching/model";

const LEVELS = ["none", "a1", "a2", "b1", "b2", "c1"];
const IMPORTANCE = ["0", "1", "2", "3"];
const adult = { q: "age", gte: 18 };
const importance = (id: string) => ({
  id,
  type: "single" as const,
  label: `q.${id}`,
  choices: IMPORTANCE,
  choiceSet: "importance",
});

export const intakeDefinition: Definition = {
  id: "intake-v1",
  sections: [
    { id: "household", items: ["household_size", "members"] },
    { id: "situation", items: ["current_country", "current_city", "travel_date"] },
    { id: "people", items: ["has_relatives", "relatives_city", "has_pets", "pets"] },
    {
      id: "preferences",
      items: [
        "imp_work",
        "imp_schools",
        "imp_medical",
        "imp_community",
        "imp_near_people",
        "city_size",
        "ranking",
      ],
    },
    { id: "contact", items: ["phone"] },
  ],
  items: [
    { id: "household_size", type: "number", label: "q.household_size", min: 1, max: 12 },
    {
      id: "members",
      type: "group",
      label: "q.members",
      countFrom: "household_size",
      questions: [
        {
          id: "relation",
          type: "single",
          label: "q.relation",
          choices: ["partner", "child", "parent", "sibling", "grandparent", "grandchild", "other"],
          when: { memberIndex: { gte: 1 } },
        },
        { id: "age", type: "number", label: "q.age", min: 0, max: 120, assume: 30 },
        {
          id: "gender",
          type: "single",
          label: "q.gender",
          choices: ["female", "male", "diverse"],
          optional: true,
          assume: "female",
        },
        {
          id: "education",
          type: "single",
          label: "q.education",
          choices: ["none", "school", "vocational", "bachelor", "master", "doctorate"],
          when: adult,
        },
        {
          id: "profession",
          type: "text",
          label: "q.profession",
          maxLength: 100,
          when: adult,
          optional: true,
        },
        { id: "sector", type: "single", label: "q.sector", choices: [...SECTORS], when: adult },
        { id: "work_years", type: "number", label: "q.work_years", min: 0, max: 70, when: adult },
        {
          id: "languages",
          type: "multi",
          label: "q.languages",
          choices: ["uk", "ru", "en", "de", "pl", "other"],
          when: { q: "age", gte: 6 },
        },
        {
          id: "german_level",
          type: "single",
          label: "q.german_level",
          choices: LEVELS,
          choiceSet: "level",
          when: adult,
        },
        {
          id: "english_level",
          type: "single",
          label: "q.english_level",
          choices: LEVELS,
          choiceSet: "level",
          when: adult,
        },
        {
          id: "needs_kindergarten",
          type: "yesno",
          label: "q.needs_kindergarten",
          when: { q: "age", lte: 5 },
        },
        {
          id: "school_grade",
          type: "number",
          label: "q.school_grade",
          min: 1,
          max: 13,
          when: {
            all: [
              { q: "age", gte: 6 },
              { q: "age", lte: 17 },
            ],
          },
        },
        { id: "has_medical_need", type: "yesno", label: "q.has_medical_need", assume: true },
        {
          id: "medical_needs",
          type: "multi",
          label: "q.medical_needs",
          choices: [...MEDICAL_NEEDS],
          when: { q: "has_medical_need", eq: true },
        },
        { id: "wheelchair", type: "yesno", label: "q.wheelchair" },
        {
          id: "disability",
          type: "multi",
          label: "q.disability",
          choices: ["none", "mobility", "vision", "hearing", "cognitive", "other"],
          exclusive: "none",
          optional: true,
        },
        {
          id: "pregnant",
          type: "yesno",
          label: "q.pregnant",
          optional: true,
          when: {
            all: [
              { q: "gender", eq: "female" },
              { q: "age", gte: 14 },
              { q: "age", lte: 55 },
            ],
          },
        },
        { id: "medication", type: "yesno", label: "q.medication" },
      ],
    },
    {
      id: "current_country",
      type: "single",
      label: "q.current_country",
      choices: ["poland", "ukraine", "germany", "other"],
    },
    { id: "current_city", type: "text", label: "q.current_city", maxLength: 80 },
    { id: "travel_date", type: "date", label: "q.travel_date", minDays: 0, maxDays: 365 },
    { id: "has_relatives", type: "yesno", label: "q.has_relatives", assume: true },
    {
      id: "relatives_city",
      type: "text",
      label: "q.relatives_city",
      maxLength: 80,
      when: { q: "has_relatives", eq: true },
    },
    { id: "has_pets", type: "yesno", label: "q.has_pets", assume: true },
    {
      id: "pets",
      type: "multi",
      label: "q.pets",
      choices: ["dog", "cat", "small", "other"],
      when: { q: "has_pets", eq: true },
    },
    importance("imp_work"),
    {
      ...importance("imp_schools"),
      when: { anyMember: { group: "members", where: { q: "age", lte: 17 } } },
    },
    importance("imp_medical"),
    importance("imp_community"),
    importance("imp_near_people"),
    { id: "city_size", type: "single", label: "q.city_size", choices: ["big", "small", "any"] },
    {
      id: "ranking",
      type: "ranking",
      label: "q.ranking",
      choicesFrom: "municipalities",
      optional: true,
      when: { context: "municipalitiesKnown" },
    },
    { id: "phone", type: "text", label: "q.phone", maxLength: 20, format: "phone", optional: true },
  ],
};
