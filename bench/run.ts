// `npm run bench` runs every bench/*.bench.ts; `npm run bench -- <name>` runs one.
import { readdir } from "node:fs/promises";
import path from "node:path";

const wanted = process.argv[2];
const files = (await readdir("bench")).filter((f) => f.endsWith(".bench.ts")).sort();
const selected = files.filter((f) => !wanted || f === `${wanted}.bench.ts`);
if (selected.length === 0) {
  console.error(
    `No benchmark named "${wanted}". Available: ${files.map((f) => f.replace(".bench.ts", "")).join(", ")}`,
  );
  process.exit(1);
}
for (const file of selected) {
  const name = file.replace(".bench.ts", "");
  console.log(`\n▶ bench ${name}`);
  const mod = (await import(path.resolve("bench", file))) as { run: (command: string) => Promise<unknown> };
  const result = await mod.run(`npm run bench -- ${name}`);
  console.log(JSON.stringify(result, null, 2));
}
