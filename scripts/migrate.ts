// npm run db:migrate: applies prisma/migrations to DATABASE_URL (default: the local database).
import { databaseUrl } from "../shared/database-url";
import { prepare } from "./lib/setup";

const url = databaseUrl();
const applied = await prepare(url, process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
console.log(applied.length > 0 ? `applied ${applied.join(", ")}` : "database is up to date");
