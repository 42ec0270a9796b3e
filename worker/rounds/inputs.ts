import { HouseholdAnswers } from "../../core/answers";
import { householdFromIntake } from "../../core/household";
import { type Household, type Municipality, municipalitySchema } from "../../core/matching/model";
import { remainingOf } from "../../shared/capacity";
import type { Db } from "../../shared/db";
import type { Municipality as MunicipalityRow } from "../../shared/generated/prisma/client";

/** The engine's municipality, with what is still free as its capacity. */
export function engineMunicipality(row: MunicipalityRow): Municipality {
  return municipalitySchema.parse({
    id: row.id,
    name: row.name,
    capacity: remainingOf(row),
    services: row.services,
    contact: row.info ?? {},
  });
}

export interface RoundInputs {
  households: Household[];
  municipalities: Municipality[];
}

/** Reads a round's households (still registered) and municipalities from the database. */
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
    where: { id: { in: intakeIds }, status: "registered" },
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
  });
  const households = intakes.map((i) =>
    householdFromIntake(i.id, i.submittedAt ?? i.createdAt, HouseholdAnswers.of(i.state), names, i.declined),
  );
  return { households, municipalities: rows.map(engineMunicipality) };
}
