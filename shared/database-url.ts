/** The one place that knows the default database address (the local PostgreSQL of a fresh machine). */
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/rematch";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  // Prisma's schema reads env("DATABASE_URL"): keep it set for every child command.
  env.DATABASE_URL = url;
  return url;
}
