/**
 * Parses a households JSON file (a list, or an object with a `households` list, in the
 * shape of `householdSchema`, see docs/schemas/households.schema.json). Throws an
 * InputFileError naming row and field; nothing of a bad file is accepted.
 */
import { type Household, householdSchema } from "../model";
import { checkUniqueIds, InputFileError, validateRows } from "./rows";

export function parseHouseholds(text: string): Household[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputFileError([{ row: 0, field: "", message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const list = Array.isArray(document) ? document : (document as { households?: unknown } | null)?.households;
  if (!Array.isArray(list)) {
    throw new InputFileError([{ row: 0, field: "", message: "expected a list of households" }]);
  }
  const households = validateRows(list, householdSchema);
  checkUniqueIds(households);
  return households;
}
