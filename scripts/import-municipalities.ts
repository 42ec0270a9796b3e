// npm run import:municipalities -- FILE (.yaml, .yml, .csv or .json)
// All rows are validated before anything is written; a bad file imports nothing.
import { databaseUrl } from "../shared/database-url";
import { createDb } from "../shared/db";
import { ImportError, importMunicipalities } from "./lib/municipalities";
import { prepare } from "./lib/setup";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run import:municipalities -- FILE (.yaml, .csv or .json)");
  process.exit(1);
}
const url = databaseUrl();
await prepare(url, process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const db = createDb(url, 2);
try {
  const ids = await importMunicipalities(db, file);
  console.log(`imported ${ids.length} municipalities: ${ids.join(", ")}`);
} catch (error) {
  if (!(error instanceof ImportError)) throw error;
  console.error(error.message);
  console.error("Nothing was imported.");
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
