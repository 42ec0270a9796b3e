import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { parseEntry } from "../../core/assistant";
import type { Language } from "../../core/languages";
import type { KnowledgeInsights } from "../../shared/console-api/staff";
import { loadKnowledgeBase } from "../../shared/knowledge-files";
import { entryFeedback, handedOverGroups } from "../../shared/knowledge-insights";
import { scopeOf } from "../../shared/staff";
import { ANY_STAFF, staffOf } from "../auth/access";
import type { ConsoleDeps } from "../deps";
import { staffLanguage } from "./session";

const query = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

/**
 * What to write or fix next in the assistant's knowledge base: the questions handed to a person,
 * grouped (by the entry search found nearest, else by shared words), and each entry's 👍/👎.
 * City staff see only their municipality's questions; feedback is anonymous counts for everyone.
 */
export function knowledgeRoutes(deps: ConsoleDeps) {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const files = loadKnowledgeBase().entries;

    /** Entry id → its question in the staff member's language (files, then staff-made rows). */
    async function questions(lang: Language): Promise<Map<string, string>> {
      const names = new Map(files.map((e) => [e.id, e.translations[lang].question]));
      for (const row of await deps.db.knowledgeEntry.findMany()) {
        const entry = parseEntry(row.entry, `KnowledgeEntry ${row.id}`);
        names.set(entry.id, entry.translations[lang].question);
      }
      return names;
    }

    app.get(
      "/api/knowledge",
      { config: { access: ANY_STAFF }, schema: { querystring: query } },
      async (request) => {
        const staff = staffOf(request);
        const since = new Date(Date.now() - request.query.days * 86_400_000);
        const [groups, feedback, names] = await Promise.all([
          handedOverGroups(deps.db, scopeOf(staff), since),
          entryFeedback(deps.db, since),
          questions(staffLanguage(staff)),
        ]);
        const named = (id: string | null) => (id ? { id, question: names.get(id) ?? id } : null);
        const insights: KnowledgeInsights = {
          days: request.query.days,
          groups: groups.map((g) => ({
            entry: named(g.nearestEntryId),
            count: g.ids.length,
            open: g.open,
            words: g.words,
            examples: g.examples,
          })),
          feedback: feedback.map((f) => ({
            entry: named(f.entryId),
            helped: f.helped,
            notHelped: f.notHelped,
          })),
        };
        return insights;
      },
    );
  };
}
