// Builds the embeddable widget's browser scripts into public/ (committed, so `next build`
// and every host serve them as plain static files):
//   lib/channels/widget/browser/loader.ts → public/widget.js        (the <script> sites embed)
//   lib/channels/widget/browser/frame.ts  → public/widget-frame.js  (the iframe's script)
// `--check` fails when the committed files differ from a fresh build (lib/channels/widget/bundle.test.ts runs it too).
//
//   node_modules/.bin/tsx scripts/build-widget.ts [--check]
import { readFile, writeFile } from "node:fs/promises";
import { buildWidgetScripts } from "../lib/channels/widget/build";

const check = process.argv.includes("--check");
let stale = false;
for (const out of await buildWidgetScripts()) {
  const current = await readFile(out.file, "utf8").catch(() => "");
  if (current === out.code) continue;
  if (check) {
    console.error(`${out.file} is out of date: run tsx scripts/build-widget.ts`);
    stale = true;
  } else {
    await writeFile(out.file, out.code);
    console.log(`wrote ${out.file} (${out.code.length} bytes)`);
  }
}
if (stale) process.exit(1);
