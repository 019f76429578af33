// Regenerates lib/db/types.ts from the migrations (the one source of truth).
// `--check` fails when the committed file has drifted from them.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startThrowawayDb } from "../lib/db/throwaway";

const target = path.resolve("lib/db/types.ts");
const check = process.argv.includes("--check");

const db = await startThrowawayDb();
const tmpDir = await mkdtemp(path.join(os.tmpdir(), "sb-types-"));
const out = path.join(tmpDir, "types.ts");
try {
  execFileSync(
    "node_modules/.bin/kysely-codegen",
    [
      "--url",
      db.url,
      "--dialect",
      "postgres",
      "--exclude-pattern",
      "supabase_migrations.*",
      "--out-file",
      out,
      "--log-level",
      "error",
    ],
    { stdio: "inherit" },
  );
  const fresh = execFileSync("node_modules/.bin/biome", ["format", `--stdin-file-path=${target}`], {
    input: await readFile(out, "utf8"),
  }).toString();
  const current = await readFile(target, "utf8").catch(() => "");
  if (check) {
    if (fresh !== current) {
      console.error(
        "lib/db/types.ts is out of date with supabase/migrations. Run `npm run db:types` and commit.",
      );
      process.exitCode = 1;
    } else {
      console.log("db types: up to date");
    }
  } else {
    await writeFile(target, fresh);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
} finally {
  await rm(tmpDir, { recursive: true, force: true });
  await db.stop();
}
