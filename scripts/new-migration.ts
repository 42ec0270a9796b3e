// Authors a migration offline: the SQL that turns the previous migration's schema into
// prisma/schema.prisma. Usage: npm run db:migration -- <name>
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { listMigrations, migrationsDir } from "../shared/migrate";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in snake_case>");
  process.exit(1);
}
const dir = migrationsDir();
const previous = listMigrations(dir).at(-1);
const from = previous
  ? ["--from-schema-datamodel", path.join(dir, previous.name, "schema.prisma")]
  : ["--from-empty"];
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  // The JS schema engine opens a connection even for a diff; it reads nothing, so the
  // always-present `postgres` database will do.
  {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
);
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.error("schema.prisma has no changes since the last migration");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
mkdirSync(target, { recursive: true });
writeFileSync(path.join(target, "migration.sql"), sql);
// The schema this migration leads to: the starting point of the next diff.
copyFileSync("prisma/schema.prisma", path.join(target, "schema.prisma"));
console.log(`wrote ${path.relative(process.cwd(), target)}/migration.sql`);
