import { z } from "zod";

/**
 * A questionnaire is data: questions with an id, a type, a label key, choices, a `when`
 * condition and validation limits. Household members are a repeated group, as in XLSForm.
 * Label keys point into locales/<lang>/intake.json: `<label>.text` is the question,
 * `<label>.short` its name in the summary, `<label>.hint` an optional hint;
 * choice labels live at `intake.choices.<choiceSet>.<choice>` (choiceSet defaults to the id).
 */

export type Primitive = string | number | boolean;

export type Condition =
  | {
      q: string;
      eq?: Primitive;
      ne?: Primitive;
      in?: Primitive[];
      gte?: number;
      lte?: number;
      includes?: string;
    }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  /** true when at least one member of the group satisfies `where` (evaluated in that member's scope) */
  | { anyMember: { group: string; where: Condition } }
  /** position of the current member in its group, 0 = the person filling in */
  | { memberIndex: { eq?: number; gte?: number } }
  /** facts of the world outside the answers */
  | { context: "municipalitiesKnown" };

const primitive = z.union([z.string(), z.number(), z.boolean()]);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({
      q: z.string(),
      eq: primitive.optional(),
      ne: primitive.optional(),
      in: z.array(primitive).optional(),
      gte: z.number().optional(),
      lte: z.number().optional(),
      includes: z.string().optional(),
    }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ anyMember: z.strictObject({ group: z.string(), where: conditionSchema }) }),
    z.strictObject({
      memberIndex: z.strictObject({ eq: z.number().optional(), gte: z.number().optional() }),
    }),
    z.strictObject({ context: z.literal("municipalitiesKnown") }),
  ]),
);

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, "lowercase id");
const base = {
  id,
  label: z.string().min(1),
  when: conditionSchema.optional(),
  optional: z.boolean().optional(),
  /**
   * The answer the progress estimate assumes while this one is not given (an age of 30: the
   * questions for adults are counted), so "question 2 of about 40" does not grow as answers come in.
   */
  assume: z.union([z.string(), z.number(), z.boolean()]).optional(),
};
const choices = z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1);

export const questionSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("single"), choices, choiceSet: id.optional() }),
  z.strictObject({
    ...base,
    type: z.literal("multi"),
    choices,
    choiceSet: id.optional(),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(1).optional(),
    /** a choice that excludes every other one ("none") */
    exclusive: z.string().optional(),
  }),
  z.strictObject({ ...base, type: z.literal("number"), min: z.number().int(), max: z.number().int() }),
  z.strictObject({
    ...base,
    type: z.literal("text"),
    maxLength: z.number().int().min(1).max(1000),
    format: z.enum(["phone"]).optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal("date"),
    /** allowed range relative to today, in days */
    minDays: z.number().int().optional(),
    maxDays: z.number().int().optional(),
  }),
  z.strictObject({ ...base, type: z.literal("yesno") }),
  z.strictObject({
    ...base,
    type: z.literal("ranking"),
    choices: choices.optional(),
    choicesFrom: z.literal("municipalities").optional(),
  }),
]);

export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question["type"];

export const groupSchema = z.strictObject({
  id,
  type: z.literal("group"),
  label: z.string().min(1),
  /** the number question, asked earlier, that says how many members there are */
  countFrom: id,
  questions: z.array(questionSchema).min(1),
  when: conditionSchema.optional(),
});
export type Group = z.infer<typeof groupSchema>;

export const itemSchema = z.union([questionSchema, groupSchema]);
export type Item = Question | Group;

export const definitionSchema = z.strictObject({
  id: z.string(),
  /** sections of the summary: top-level question ids, or a group id (one section per member) */
  sections: z.array(z.strictObject({ id, items: z.array(id).min(1) })).min(1),
  items: z.array(itemSchema).min(1),
});
export type Definition = z.infer<typeof definitionSchema>;

// ---- state ----

export type AnswerValue = string | number | boolean | string[] | null; // null: skipped (optional)
export type MemberAnswers = Record<string, AnswerValue>;

/** A place to answer: a top-level question ("travel_date") or a member's ("members.1.age"). */
export type SlotKey = string;

export interface Slot {
  key: SlotKey;
  question: Question;
  group?: { id: string; index: number; count: number };
}

export interface IntakeState {
  answers: Record<string, AnswerValue>;
  groups: Record<string, MemberAnswers[]>;
  /** the slot being asked, or "review" once everything applicable is answered */
  current: SlotKey | "review";
  /** selections in progress for multi-choice and ranking questions */
  draft?: { slot: SlotKey; values: string[] };
}

export interface Context {
  /** today in the person's time zone, YYYY-MM-DD */
  today: string;
  municipalities: { id: string; name: string }[];
}

export type Input =
  | { kind: "text"; text: string }
  | { kind: "choice"; value: string }
  | { kind: "toggle"; value: string }
  | { kind: "done" }
  | { kind: "skip" }
  | { kind: "rank"; value: string }
  | { kind: "rankReset" };

/** A localized complaint: a key under `intake.errors` and its placeholders. */
export interface InputError {
  key: string;
  params?: Record<string, string | number>;
}

export type StepResult = { ok: true; state: IntakeState } | { ok: false; error: InputError };
