import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { databaseUrl } from "./shared/database-url";

// Set DATABASE_URL before the CLI reads the schema: without it Prisma 6 falls back to
// downloading the native query engine, which fails offline.
const url = databaseUrl();

// The JavaScript schema engine keeps the Prisma CLI offline (no native engine download):
// see README "Platform notes" and docs/architecture.md.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => new PrismaPg({ connectionString: url }),
});
