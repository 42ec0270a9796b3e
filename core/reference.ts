/**
 * A household's short reference in staff views: `#` and the last six characters of its id,
 * upper case (`#8F5085`). Never a name. Staff may type it back in any case, with or without `#`.
 */
export function householdRef(intakeId: string): string {
  return `#${intakeId.slice(-6).toUpperCase()}`;
}

/** The id suffix a typed reference stands for ("#8f5085", "8F5085" → "8f5085"), or null. */
export function parseHouseholdRef(text: string): string | null {
  const m = /^#?([0-9a-z]{6})$/i.exec(text.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}
