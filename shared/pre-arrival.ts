import {
  ageOn,
  formatDay,
  formatPhone,
  type PreArrivalData,
  preArrivalDataSchema,
} from "../core/pre-arrival";
import { householdRef } from "../core/reference";
import { audit } from "./audit";
import type { PreArrivalCard, PreArrivalMember } from "./console-api/households";
import type { Db } from "./db";
import { berlinToday } from "./messages/time";
import { canSee, type Scope } from "./staff";

/**
 * The household's pre-arrival data (names as in the passport, dates of birth, a contact phone) as
 * staff read it, in the bot's household view and in the console's city card. Only the destination
 * city's staff and caseworkers (and admins) see it, and only once the household has confirmed it;
 * after /delete there is nothing to read.
 */
export interface PreArrivalView {
  intakeId: string;
  /** the household's short reference (#8F5085) */
  ref: string;
  municipalityId: string | null;
  members: PreArrivalMember[];
  /** international format, e.g. "+49 151 23456789" */
  phone: string;
  /** E.164, for tel: links */
  phoneE164: string;
  confirmedAt: Date;
}

/**
 * A staff member was shown a household's pre-arrival data (chat or console): audited, ids only,
 * and named in the household's timeline on the console.
 */
export async function auditPreArrivalRead(db: Db, staffId: string, intakeId: string): Promise<void> {
  await audit(db, staffId, "household.view", intakeId, { preArrival: true });
}

/** What the console's cards show of it (the city's and the caseworker's): members, phone, when confirmed. */
export function preArrivalCard(view: PreArrivalView | null): PreArrivalCard | null {
  return (
    view && {
      members: view.members,
      phone: view.phone,
      phoneE164: view.phoneE164,
      confirmedAt: view.confirmedAt.toISOString(),
    }
  );
}

/** Reads the stored JSON (a row that does not parse is a bug, not input). */
export function preArrivalDataOf(row: { members: unknown; phone: string | null }): PreArrivalData {
  return preArrivalDataSchema.parse({ members: row.members, phone: row.phone ?? undefined });
}

/** Households whose pre-arrival data city staff may see: placed in (or arrived at) their city. */
const RECEIVED = ["placed", "arrived"] as const;

type Row = {
  intakeId: string;
  members: unknown;
  phone: string | null;
  confirmedAt: Date | null;
  intake: { municipalityId: string | null; status: string };
};

function viewOf(row: Row, scope: Scope, today: string): PreArrivalView | null {
  const { intake } = row;
  const received = (RECEIVED as readonly string[]).includes(intake.status);
  if (!row.confirmedAt || !canSee(scope, intake.municipalityId)) return null;
  if (!scope.seesAll && !received) return null;
  const data = preArrivalDataOf(row);
  if (!data.phone) return null;
  return {
    intakeId: row.intakeId,
    ref: householdRef(row.intakeId),
    municipalityId: intake.municipalityId,
    members: data.members.map((m) => ({
      name: m.name ?? "",
      birthDate: m.birthDate ? formatDay(m.birthDate) : "",
      age: m.birthDate ? ageOn(m.birthDate, today) : 0,
    })),
    phone: formatPhone(data.phone),
    phoneE164: data.phone,
    confirmedAt: row.confirmedAt,
  };
}

const select = {
  intakeId: true,
  members: true,
  phone: true,
  confirmedAt: true,
  intake: { select: { municipalityId: true, status: true } },
} as const;

/** One household's confirmed pre-arrival data, if this staff scope may see it; else null. */
export async function preArrivalFor(db: Db, scope: Scope, intakeId: string): Promise<PreArrivalView | null> {
  const row = await db.preArrival.findUnique({ where: { intakeId }, select });
  return row ? viewOf(row, scope, berlinToday()) : null;
}

/** Many households at once (a page of a list): intake id → view, for those this scope may see. */
export async function preArrivalsFor(
  db: Db,
  scope: Scope,
  intakeIds: readonly string[],
): Promise<Map<string, PreArrivalView>> {
  const rows = await db.preArrival.findMany({ where: { intakeId: { in: [...intakeIds] } }, select });
  const today = berlinToday();
  const out = new Map<string, PreArrivalView>();
  for (const row of rows) {
    const view = viewOf(row, scope, today);
    if (view) out.set(row.intakeId, view);
  }
  return out;
}
