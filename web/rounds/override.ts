import { assessHousehold } from "../../core/matching/assess";
import { demandOf } from "../../core/matching/welfare";
import { audit } from "../../shared/audit";
import { remainingOf } from "../../shared/capacity";
import type { MoveOptions } from "../../shared/console-api/rounds";
import type { Db } from "../../shared/db";
import type { Prisma } from "../../shared/generated/prisma/client";
import { engineMunicipality, roundHousehold } from "../../shared/rounds/inputs";
import { applyOverride } from "../../shared/rounds/overrides";
import { loadRound } from "./load";

/**
 * Before approval, a caseworker moves one household to another of the round's municipalities or
 * takes it out of the round. Only municipalities the engine's hard constraints allow are
 * offered; the capacity is checked against what is free now and what the round already places
 * there; the welfare change is shown; an infeasible move is refused with its reason.
 */
export async function moveOptions(db: Db, roundId: string, intakeId: string): Promise<MoveOptions | null> {
  const loaded = await loadRound(db, roundId);
  if (!loaded?.result) return null;
  const { round, result } = loaded;
  const household = await roundHousehold(db, intakeId);
  if (!household) return null;
  const rows = await db.municipality.findMany({
    where: { id: { in: round.municipalityIds } },
    orderBy: { name: "asc" },
  });
  const settings = round.settings as { relatives?: "bonus" | "require" };
  const assessed = assessHousehold(household, rows.map(engineMunicipality), {
    relatives: settings.relatives ?? "bonus",
  });
  const current = result.assignments.find((a) => a.intakeId === intakeId);
  return {
    current: current
      ? { municipalityId: current.municipalityId, welfare: current.welfare, rank: current.rank }
      : null,
    options: assessed.map((a) => ({
      municipalityId: a.municipalityId,
      name: rows.find((r) => r.id === a.municipalityId)?.name ?? a.municipalityId,
      eligible: a.eligible,
      reasons: a.reasons,
      welfare: a.welfare,
      welfareChange: a.welfare - (current?.welfare ?? 0),
      rank: a.rank,
    })),
  };
}

export type MoveResult =
  | { ok: true }
  | { ok: false; error: "not_found" | "not_computed" | "changed_meanwhile" | string };

export async function moveHousehold(
  db: Db,
  staffId: string,
  roundId: string,
  intakeId: string,
  to: string | null,
): Promise<MoveResult> {
  const loaded = await loadRound(db, roundId);
  if (!loaded?.result) return { ok: false, error: "not_found" };
  const { round, result } = loaded;
  if (round.status !== "computed") return { ok: false, error: "not_computed" };
  let target = null;
  let free = null;
  if (to) {
    if (!round.municipalityIds.includes(to)) return { ok: false, error: "not_in_round" };
    const household = await roundHousehold(db, intakeId);
    const row = await db.municipality.findUnique({ where: { id: to } });
    if (!household || !row) return { ok: false, error: "not_found" };
    const settings = round.settings as { relatives?: "bonus" | "require" };
    const [pair] = assessHousehold(household, [engineMunicipality(row)], {
      relatives: settings.relatives ?? "bonus",
    });
    if (!pair) return { ok: false, error: "not_found" };
    if (!pair.eligible) return { ok: false, error: pair.reasons[0] ?? "not_eligible" };
    target = {
      municipalityId: to,
      welfare: pair.welfare,
      rank: pair.rank,
      factors: pair.factors,
      persons: household.persons,
      demand: demandOf(household),
    };
    free = remainingOf(row);
  }
  const applied = applyOverride(result, intakeId, target, free, staffId);
  if (!applied.ok) return { ok: false, error: applied.reason };
  // one conditional statement: a colleague's change since this was read wins, this one is refused
  const saved = await db.round.updateMany({
    where: { id: roundId, status: "computed", updatedAt: round.updatedAt },
    data: { result: applied.result as unknown as Prisma.InputJsonValue },
  });
  if (saved.count === 0) return { ok: false, error: "changed_meanwhile" };
  await audit(db, staffId, "round.override", roundId, {
    intake: intakeId,
    from: applied.override.from,
    to: applied.override.to,
  });
  return { ok: true };
}
