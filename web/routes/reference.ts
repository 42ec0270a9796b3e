import type { FastifyInstance } from "fastify";
import { intakeDefinition, MEDICAL_NEEDS } from "../../core/questionnaire";
import type { Reference } from "../../shared/console-api/households";
import { ANY_STAFF } from "../auth/access";
import type { ConsoleDeps } from "../deps";
import { HOUSEHOLD_STATUSES } from "../households/list";

/** The languages a household can say its members speak (the questionnaire's own choices). */
function languageChoices(): string[] {
  for (const item of intakeDefinition.items) {
    if (item.type !== "group") continue;
    const q = item.questions.find((x) => x.id === "languages");
    if (q && "choices" in q && q.choices) return q.choices;
  }
  return [];
}
const LANGUAGE_CODES = languageChoices();

/** What the console's filters and forms offer: municipalities, needs, languages, statuses. */

export function referenceRoutes(deps: ConsoleDeps) {
  return async (app: FastifyInstance) => {
    app.get(
      "/api/reference",
      { config: { access: ANY_STAFF } },
      async (): Promise<Reference> => ({
        municipalities: await deps.db.municipality.findMany({
          select: { id: true, name: true },
          orderBy: { name: "asc" },
        }),
        needs: [...MEDICAL_NEEDS, "wheelchair", "pets"],
        languages: LANGUAGE_CODES,
        statuses: HOUSEHOLD_STATUSES,
      }),
    );
  };
}
