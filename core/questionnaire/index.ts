export { DefinitionError } from "./check";
export { applyAnswer } from "./corrections";
export { Questionnaire, type SummarySection } from "./engine";
export { intakeDefinition, MEDICAL_NEEDS, SECTORS } from "./intake";
export * from "./types";
