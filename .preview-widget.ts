// Temporary local preview (not committed): server + seeded widget inbox + third-party page + screenshots.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { chromium } from "@playwright/test";
import { startThrowawayDb } from "./lib/db/throwaway";
import { CHROMIUM_ARGS, findChromium } from "./scripts/chromium";

const db = await startThrowawayDb();
process.env.DATABASE_URL = db.url;
process.env.SECRETS_KEYS = `k1:${randomBytes(32).toString("base64")}`;
const env = { ...process.env, NODE_ENV: "production", AUTH_SECRET: randomBytes(32).toString("hex"), APP_URL: "http://localhost:3440", LOG_LEVEL: "warn" };
const web = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "--port", "3440"], { stdio: "inherit", env });
const { openDb, seedWorkspace } = await import("./test/db/workspace-kit");
const { seedOfflineAgent } = await import("./test/channels/channel-kit");
const { seedWidgetInbox } = await import("./test/channels/widget-kit");
const d = openDb();
await (await import("./test/flows/triggers-kit")).ensureQueueSchema(db.url);
const ws = await seedWorkspace(d, "preview");
const agent = await seedOfflineAgent(ws);
const w = await seedWidgetInbox(d, ws, { agentId: agent.id, settings: { allowedOrigins: ["http://127.0.0.1:3442"], title: "Acme help", welcome: "Hi! Ask us about shoes.", color: "#0f766e" } });
const site = createServer((_q, r) => { r.writeHead(200, { "content-type": "text/html" }); r.end(`<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>*{font-family:"Comic Sans MS"!important;color:#b00!important}button{display:none!important}</style></head><body><h1>Acme Shoes</h1><p>${"Lorem ipsum dolor sit amet. ".repeat(40)}</p><script src="http://localhost:3440/widget.js" data-inbox="${w.publicKey}" async></script></body></html>`); });
site.listen(3442);
for (let i = 0; i < 60; i++) { try { if ((await fetch("http://localhost:3440/api/health")).ok) break; } catch {} await new Promise((r) => setTimeout(r, 1000)); }
const browser = await chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS });
try {
  for (const [name, vp] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 375, height: 812 }]] as const) {
    for (const scheme of ["light", "dark"] as const) {
      const ctx = await browser.newContext({ viewport: vp, colorScheme: scheme });
      const page = await ctx.newPage();
      page.on("console", (m) => console.log("console:", m.text()));
      await page.goto("http://127.0.0.1:3442/");
      const f = page.frameLocator("iframe[title='Chat']");
      await f.getByRole("button", { name: /Open chat/ }).waitFor();
      await page.screenshot({ path: `/tmp/chw/${name}-${scheme}-closed.png` });
      await f.getByRole("button", { name: /Open chat/ }).click();
      await f.getByLabel("Message").fill("Do you have red shoes in size 38?");
      await page.keyboard.press("Enter");
      await f.getByText('You said: "Do you have red shoes in size 38?"').waitFor({ timeout: 15000 });
      await page.screenshot({ path: `/tmp/chw/${name}-${scheme}-open.png` });
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  site.close();
  web.kill("SIGTERM");
  await new Promise((r) => web.once("exit", r));
  await d.destroy();
  await db.stop();
}
