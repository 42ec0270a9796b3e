/**
 * The console's session, reference-data and knowledge API as the server sends it and the browser
 * reads it (web/routes/{session,municipalities,knowledge}.ts → web/client/src). Types only,
 * importing nothing but this folder: both tsconfigs include it.
 */

/** Who is signed in (`/api/me`): role, the language the console speaks, the clerk's municipality. */
export interface Me {
  role: "admin" | "caseworker" | "city_staff";
  language: "uk" | "ru" | "en" | "de" | "pl";
  municipality: { id: string; name: string } | null;
  /** only for a cookie session: the token every changing request sends */
  csrfToken?: string;
}

export type Capacity = Record<string, number>;

/** A row of the municipalities page. */
export interface MunicipalityRow {
  id: string;
  name: string;
  capacity: Capacity;
  taken: Capacity;
  free: Capacity;
  services: Record<string, unknown>;
}

/** What an uploaded municipality file would change, before it is imported. */
export interface ImportPlan {
  rows: {
    id: string;
    name: string;
    action: string;
    changes: { field: string; from: unknown; to: unknown }[];
  }[];
  issues: { row: number; field: string; message: string }[];
}

/** A knowledge entry by its question in the staff language. */
export interface NamedEntry {
  id: string;
  question: string;
}

/** Which entries to write or fix next (`/api/knowledge`). */
export interface KnowledgeInsights {
  days: number;
  /** questions handed to a person, grouped, with the nearest entry */
  groups: { entry: NamedEntry | null; count: number; open: number; words: string[]; examples: string[] }[];
  feedback: { entry: NamedEntry | null; helped: number; notHelped: number }[];
}

/** `/api/login`: the token the console sends back with every change. */
export interface LoggedIn {
  csrfToken: string;
}

/** `/api/municipalities/import`: how many rows were written. */
export interface Imported {
  imported: number;
}
