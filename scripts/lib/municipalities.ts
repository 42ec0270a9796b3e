import { readFileSync } from "node:fs";
import path from "node:path";
import { parseMunicipalities } from "../../core/matching/io/municipality-file";
import { capacityOf } from "../../shared/capacity";
import type { Db } from "../../shared/db";
import type { Prisma } from "../../shared/generated/prisma/client";

export class ImportError extends Error {}

/**
 * Imports a municipalities file (.yaml, .yml, .csv or .json). Every row is validated first (an
 * error names the row and the field); then all rows go in one transaction: nothing of a bad file
 * is imported. Existing municipalities are updated; what accepted offers took stays.
 */
export async function importMunicipalities(db: Db, file: string): Promise<string[]> {
  const ext = path.extname(file).toLowerCase();
  const format = ext === ".csv" ? "csv" : ext === ".json" ? "json" : "yaml";
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ImportError(`${file}: cannot read the file`);
  }
  let municipalities: ReturnType<typeof parseMunicipalities>;
  try {
    municipalities = parseMunicipalities(text, format);
  } catch (error) {
    throw new ImportError(`${file}: ${(error as Error).message}`);
  }
  const existing = new Map((await db.municipality.findMany()).map((m) => [m.id, m]));
  for (const m of municipalities) {
    const before = existing.get(m.id);
    if (!before) continue;
    const used = capacityOf(before.taken);
    for (const [dimension, value] of Object.entries(m.capacity) as [keyof typeof used, number][]) {
      if (value < used[dimension]) {
        throw new ImportError(
          `${file}: ${m.id}, field capacity.${dimension}: ${value} is less than already taken (${used[dimension]})`,
        );
      }
    }
  }
  await db.$transaction(
    municipalities.map((m) => {
      const data = {
        name: m.name,
        capacity: m.capacity as unknown as Prisma.InputJsonValue,
        services: m.services as unknown as Prisma.InputJsonValue,
        info: m.contact as unknown as Prisma.InputJsonValue,
      };
      return db.municipality.upsert({ where: { id: m.id }, create: { id: m.id, ...data }, update: data });
    }),
  );
  return municipalities.map((m) => m.id);
}
