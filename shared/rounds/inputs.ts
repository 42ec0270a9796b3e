import { HouseholdAnswers } from "../../core/answers";
import { householdFromIntake } from "../../core/household";
import { type Household, type Municipality, municipalitySchema } from "../../core/matching/model";
import { remainingOf } from "../capacity";
import type { Db } from "../db";
import type { Intake, Municipality as MunicipalityRow } from "../generated/prisma/client";

/**
 * A municipality whose stored data the engine cannot use (a field missing or of the wrong kind):
 * the round stops and the caseworker is told which municipality and which fields to correct.
 */
export class MunicipalityDataError extends Error {
  constructor(
    readonly municipality: string,
    readonly fields: string[],
  ) {
    super(`municipality ${municipality}: invalid ${fields.join(", ")}`);
  }
}

/** The engine's municipality, with what is still free as its capacity. */
export function engineMunicipality(row: MunicipalityRow): Municipality {
  const parsed = municipalitySchema.safeParse({
    id: row.id,
    name: row.name,
    capacity: remainingOf(row),
    services: row.services,
    contact: row.info ?? {},
  });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))];
    throw new MunicipalityDataError(row.name, fields.slice(0, 5));
  }
  return parsed.data;
}

export interface RoundInputs {
  households: Household[];
  municipalities: Municipality[];
}

/** Reads a round's households (still registered, not on hold) and municipalities from the database. */
export async function loadRoundInputs(
  db: Db,
  intakeIds: string[],
  municipalityIds: string[],
): Promise<RoundInputs> {
  const rows = await db.municipality.findMany({
    where: { id: { in: municipalityIds } },
    orderBy: { id: "asc" },
  });
  const names = rows.map((r) => ({ id: r.id, name: r.name }));
  const intakes = await db.intake.findMany({
    // held back by a caseworker since the round was drawn up: left out
    where: { id: { in: intakeIds }, status: "registered", onHold: false },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
  });
  const households = intakes.map((i) => engineHousehold(i, names));
  return { households, municipalities: rows.map(engineMunicipality) };
}

/** One household of a round as the engine sees it (for a caseworker's override), or null. */
export async function roundHousehold(db: Db, intakeId: string): Promise<Household | null> {
  const i = await db.intake.findUnique({ where: { id: intakeId } });
  if (!i || i.status === "in_progress") return null;
  const names = await db.municipality.findMany({ select: { id: true, name: true } });
  return engineHousehold(i, names);
}

/** The engine's view of one intake row: its answers, declined municipalities, caseworker priority. */
function engineHousehold(i: Intake, names: { id: string; name: string }[]): Household {
  return householdFromIntake(
    i.id,
    i.submittedAt ?? i.createdAt,
    HouseholdAnswers.of(i.state),
    names,
    i.declined,
    i.priority,
  );
}
