import { HouseholdAnswers } from "../../core/answers";
import { householdFromIntake } from "../../core/household";
import { type Household, type Municipality, municipalitySchema } from "../../core/matching/model";
import { remainingOf } from "../capacity";
import type { Db } from "../db";
import type { Municipality as MunicipalityRow } from "../generated/prisma/client";

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
  const households = intakes.map((i) =>
    householdFromIntake(i.id, i.submittedAt ?? i.createdAt, HouseholdAnswers.of(i.state), names, i.declined),
  );
  return { households, municipalities: rows.map(engineMunicipality) };
}

/** One household of a round as the engine sees it (for a caseworker's override), or null. */
export async function roundHousehold(db: Db, intakeId: string): Promise<Household | null> {
  const i = await db.intake.findUnique({ where: { id: intakeId } });
  if (!i || i.status === "in_progress") return null;
  const names = await db.municipality.findMany({ select: { id: true, name: true } });
  return householdFromIntake(
    i.id,
    i.submittedAt ?? i.createdAt,
    HouseholdAnswers.of(i.state),
    names,
    i.declined,
  );
}
