// Renders the brand mark (public/icon.svg, public/icons/maskable.svg) into the PNG and ICO
// files that browsers and phones ask for. Run after changing either SVG:
//   node_modules/.bin/tsx scripts/generate-icons.ts
import { readFile, writeFile } from "node:fs/promises";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./chromium";

const targets = [
  { svg: "public/icon.svg", size: 192, out: "public/icons/icon-192.png" },
  { svg: "public/icon.svg", size: 512, out: "public/icons/icon-512.png" },
  { svg: "public/icons/maskable.svg", size: 512, out: "public/icons/maskable-512.png" },
  // iOS draws its own rounded corners, so the touch icon is the full-bleed variant.
  { svg: "public/icons/maskable.svg", size: 180, out: "public/apple-touch-icon.png" },
  { svg: "public/icon.svg", size: 32, out: "tmp-favicon-32.png" },
  { svg: "public/icon.svg", size: 16, out: "tmp-favicon-16.png" },
];

const browser = await chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS });
const page = await browser.newPage();
const rendered = new Map<string, Buffer>();
for (const t of targets) {
  const svg = await readFile(t.svg, "utf8");
  await page.setViewportSize({ width: t.size, height: t.size });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block;width:${t.size}px;height:${t.size}px}</style>${svg}`,
  );
  const png = await page.screenshot({ omitBackground: true, type: "png" });
  rendered.set(t.out, png);
  if (!t.out.startsWith("tmp-")) await writeFile(t.out, png);
}
await browser.close();

// favicon.ico: an ICO directory whose entries are PNGs (understood by every current browser).
const entries = [16, 32].map((size) => ({ size, png: rendered.get(`tmp-favicon-${size}.png`) as Buffer }));
const header = Buffer.alloc(6 + 16 * entries.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(entries.length, 4);
let offset = header.length;
entries.forEach((e, i) => {
  const at = 6 + 16 * i;
  header.writeUInt8(e.size, at);
  header.writeUInt8(e.size, at + 1);
  header.writeUInt16LE(1, at + 4); // colour planes
  header.writeUInt16LE(32, at + 6); // bits per pixel
  header.writeUInt32LE(e.png.length, at + 8);
  header.writeUInt32LE(offset, at + 12);
  offset += e.png.length;
});
await writeFile("public/favicon.ico", Buffer.concat([header, ...entries.map((e) => e.png)]));
console.log(`wrote ${targets.length - 2} PNGs and public/favicon.ico`);
