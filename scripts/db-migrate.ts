// `npm run db:migrate`: apply pending migrations to DATABASE_URL.
import { migrate } from "../lib/db/migrate";
import { env } from "../lib/env";

const url = env().DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL (npm run dev migrates the embedded database itself).");
  process.exit(1);
}
const result = await migrate(url, { log: (m) => console.log(m) });
console.log(
  `${result.applied.length} applied, ${result.skipped} already present${result.bootstrapped ? ", bootstrap ok" : ""}`,
);
